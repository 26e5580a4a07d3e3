"""An organisation's self-assessment for a financial year: its answers to the four Part 1
reflective questions and the level it places itself at, written by its own members or the lead."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.periods import financial_year

from .. import rules
from ..access import Actor
from ..audit import save_with_history
from ..models import Level, Organisation, SelfAssessment
from ._answers import answered


@transaction.atomic
def self_assessment_record(
    *,
    organisation: Organisation,
    answers: dict[str, str],
    level: str,
    actor: Actor,
    today: datetime.date | None = None,
) -> SelfAssessment:
    """Write an organisation's self-assessment for this financial year: its own members or the
    lead. Only this year's is written; earlier years stay as they were."""
    if not rules.may_write_self_assessment(organisation, actor=actor):
        raise ValidationError(_("Only the organisation's members or the lead can do this"))
    if level and level not in Level.values:
        raise ValidationError({"level": _("Select engaged or actively participating")})
    year = financial_year(today or timezone.localdate())
    assessment = (
        SelfAssessment.objects.select_for_update()
        .filter(partnership_id=organisation.partnership_id, organisation=organisation, year=year)
        .first()
    ) or SelfAssessment(
        partnership_id=organisation.partnership_id, organisation=organisation, year=year
    )
    is_new = assessment.pk is None
    assessment.answers = answered(answers)
    assessment.level = level
    assessment.recorded_by = actor.user
    assessment.updated_at = timezone.now()
    save_with_history(
        assessment,
        acting_user=actor.user,
        reason=_("Self-assessment written") if is_new else _("Self-assessment changed"),
    )
    return assessment
