"""The local definition of serious violence: drafting a version, agreeing it (which supersedes
the version agreed before), and proposing and answering amendments."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from partnerships.audit import save_with_history

from .. import lifecycles
from ..models import DefinitionAmendment, LocalDefinition, ViolenceType
from ._shared import check_current_organisations, not_in_future

DEFINITION_FIELDS = [
    "summary", "violence_types", "age_scope", "maximum_penalty", "impact_on_victim",
    "prevalence", "impact_on_community",
]  # fmt: skip


def _check_violence_types(values) -> list[str]:
    unknown = set(values) - set(ViolenceType.values)
    if unknown or not values:
        raise ValidationError(_("Select the types of violence the definition includes"))
    # Kept in the list's own order, whatever order they were ticked in.
    return [value for value in ViolenceType.values if value in set(values)]


@transaction.atomic
def definition_create(*, partnership, data: dict, acting_user) -> LocalDefinition:
    """A new draft version; only one draft at a time, so partners comment on one text."""
    with scopes_disabled():
        versions = LocalDefinition.objects.filter(partnership=partnership)
        if versions.filter(status=LocalDefinition.Status.DRAFT).exists():
            raise ValidationError(
                _("There is already a draft of the local definition. Edit that draft instead.")
            )
        latest = versions.order_by("-version").values_list("version", flat=True).first()
    definition = LocalDefinition(
        partnership=partnership,
        version=(latest or 0) + 1,
        created_by=acting_user,
        **{field: data.get(field) or "" for field in DEFINITION_FIELDS},
    )
    definition.violence_types = _check_violence_types(data.get("violence_types") or [])
    save_with_history(
        definition, acting_user=acting_user, reason=_("Draft local definition started")
    )
    return definition


@transaction.atomic
def definition_edit(*, definition: LocalDefinition, data: dict, acting_user) -> LocalDefinition:
    if definition.status not in lifecycles.DEFINITION_CHANGEABLE:
        raise ValidationError(_("Only a draft of the local definition can be changed"))
    for field in DEFINITION_FIELDS:
        setattr(definition, field, data.get(field) or "")
    definition.violence_types = _check_violence_types(data.get("violence_types") or [])
    save_with_history(definition, acting_user=acting_user)
    return definition


@transaction.atomic
def definition_agree(
    *, definition: LocalDefinition, agreed_on: datetime.date, organisations, acting_user
) -> LocalDefinition:
    """Record the partnership's agreement; the version agreed before is superseded."""
    agreement = lifecycles.DEFINITION[LocalDefinition.Status.AGREED]
    if definition.status not in agreement.sources:
        raise ValidationError(_("Only a draft of the local definition can be agreed"))
    organisations = list(organisations)
    if not organisations:
        raise ValidationError(_("Select the organisations that agreed the definition"))
    check_current_organisations(organisations, partnership_id=definition.partnership_id)
    not_in_future(agreed_on, _("The date agreed must be today or in the past"))
    superseding = lifecycles.DEFINITION[LocalDefinition.Status.SUPERSEDED]
    with scopes_disabled():
        previous = LocalDefinition.objects.select_for_update().filter(
            partnership_id=definition.partnership_id, status__in=superseding.sources
        )
        # Supersede first: the database allows one agreed version per partnership.
        for old in previous:
            old.status = superseding.to
            save_with_history(
                old,
                acting_user=acting_user,
                reason=superseding.timeline % {"version": definition.version},
            )
    definition.status = agreement.to
    definition.agreed_on = agreed_on
    save_with_history(definition, acting_user=acting_user, reason=str(agreement.timeline))
    definition.agreed_by.set(organisations)
    return definition


@transaction.atomic
def amendment_propose(
    *, definition: LocalDefinition, membership, proposal: str, reason: str, acting_user
) -> DefinitionAmendment:
    if definition.status == LocalDefinition.Status.SUPERSEDED:
        raise ValidationError(
            _("This version has been superseded. Propose your change to the current version.")
        )
    if not proposal.strip() or not reason.strip():
        raise ValidationError(_("Enter the change you propose and your reason"))
    amendment = DefinitionAmendment(
        partnership_id=definition.partnership_id,
        definition=definition,
        proposed_by=membership,
        proposal=proposal.strip(),
        reason=reason.strip(),
    )
    save_with_history(amendment, acting_user=acting_user, reason=_("Amendment proposed"))
    return amendment


@transaction.atomic
def amendment_respond(
    *, amendment: DefinitionAmendment, adopt: bool, response: str, acting_user
) -> DefinitionAmendment:
    answer = lifecycles.AMENDMENT[
        DefinitionAmendment.Status.ADOPTED if adopt else DefinitionAmendment.Status.DECLINED
    ]
    if amendment.status not in answer.sources:
        raise ValidationError(_("This amendment has already been answered"))
    if not response.strip():
        raise ValidationError(_("Enter your response to the proposer"))
    amendment.status = answer.to
    amendment.response = response.strip()
    save_with_history(amendment, acting_user=acting_user, reason=str(answer.timeline))
    return amendment
