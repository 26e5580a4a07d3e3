"""Starting the SNA, moving it through review to agreement and publication, recording when it
went to the Home Office, and writing its modules."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from partnerships.audit import save_with_history
from partnerships.models import Membership

from .. import lifecycles
from ..models import Assessment, AssessmentModule, LocalDefinition, validate_period
from ._shared import not_in_future


@transaction.atomic
def assessment_start(
    *, partnership, period: str, scope: str, methodology: str, acting_user
) -> Assessment:
    """A new SNA for a period, with its nine modules in the guidance's order."""
    period = period.strip()
    validate_period(period)
    with scopes_disabled():
        if Assessment.objects.filter(partnership=partnership, period=period).exists():
            raise ValidationError(
                _("The partnership already has an SNA for %(period)s") % {"period": period}
            )
    assessment = Assessment(
        partnership=partnership, period=period, scope=scope, methodology=methodology
    )
    save_with_history(assessment, acting_user=acting_user, reason=_("SNA started"))
    for order, kind in enumerate(AssessmentModule.Kind.values):
        module = AssessmentModule(
            partnership=partnership, assessment=assessment, kind=kind, order=order
        )
        save_with_history(module, acting_user=acting_user)
    return assessment


@transaction.atomic
def assessment_edit(
    *, assessment: Assessment, scope: str, methodology: str, restricted: bool, acting_user
) -> Assessment:
    assessment.scope = scope
    assessment.methodology = methodology
    assessment.restricted = restricted
    save_with_history(assessment, acting_user=acting_user)
    return assessment


@transaction.atomic
def assessment_transition(*, assessment: Assessment, status: str, acting_user) -> Assessment:
    """Move the SNA on: draft → in review → agreed (every module ready) → published."""
    transition = lifecycles.ASSESSMENT.check(
        current=assessment.status,
        to=status,
        current_label=assessment.get_status_display(),
        to_label=Assessment.Status(status).label if status in Assessment.Status.values else status,
    )
    if status == Assessment.Status.AGREED:
        not_ready = [
            str(module)
            for module in AssessmentModule.objects.filter(assessment=assessment)
            .exclude(status__in=lifecycles.MODULES_DONE)
            .order_by("order")
        ]
        if not_ready:
            raise ValidationError(
                _(
                    "The SNA cannot be agreed until every module is ready for review or agreed. "
                    "Not ready: %(modules)s"
                )
                % {"modules": ", ".join(not_ready)}
            )
        assessment.agreed_on = timezone.localdate()
        # The SNA keeps the version it was agreed on; later versions don't rewrite it.
        assessment.definition = LocalDefinition.objects.filter(
            partnership_id=assessment.partnership_id, status=LocalDefinition.Status.AGREED
        ).first()
    assessment.status = transition.to
    save_with_history(assessment, acting_user=acting_user, reason=str(transition.timeline))
    return assessment


@transaction.atomic
def assessment_record_shared(
    *, assessment: Assessment, shared_on: datetime.date, acting_user
) -> Assessment:
    not_in_future(shared_on, _("The date shared with the Home Office must be today or in the past"))
    assessment.shared_with_home_office_on = shared_on
    save_with_history(
        assessment, acting_user=acting_user, reason=_("SNA shared with the Home Office")
    )
    return assessment


@transaction.atomic
def module_edit(
    *, module: AssessmentModule, body: str, status: str, owner: Membership | None, acting_user
) -> AssessmentModule:
    """Change a module's text and status (and, for leads, who owns it)."""
    if owner is not None and (owner.partnership_id != module.partnership_id or not owner.is_active):
        raise ValidationError(_("Choose a current member of this partnership as the owner"))
    if status not in AssessmentModule.Status.values:
        raise ValidationError(_("Choose the module's status"))
    module.body = body
    module.status = status
    module.owner = owner
    save_with_history(module, acting_user=acting_user)
    return module
