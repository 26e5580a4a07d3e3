"""The Welsh version of the SNA's modules and the local definition (common/bilingual.py), for a
partnership in Wales. A translation says what the English says, so it may be written or
corrected whenever the lead likes, agreed or not; every change is on the timeline."""

from django.db import transaction
from django.utils.translation import gettext as _

from common.bilingual import checked_welsh
from partnerships.audit import save_with_history

from ..models import AssessmentModule, LocalDefinition


@transaction.atomic
def assessment_welsh_save(*, row: AssessmentModule | LocalDefinition, texts: dict, acting_user):
    """Record the Welsh of the module's or definition's texts (blank leaves one to its English)."""
    row.welsh = checked_welsh(row, texts)
    save_with_history(row, acting_user=acting_user, reason=_("Welsh version updated"))
    return row
