"""The Welsh version of a strategy's published texts (common/bilingual.py): the strategy's own
sections, each priority's and each action's, written beside the English while the strategy can
be changed and frozen with it when it is published."""

from django.db import transaction
from django.utils.translation import gettext as _

from common.bilingual import checked_welsh
from partnerships.audit import save_with_history

from ..models import Action, Priority, Strategy
from .strategy import _refuse_unless_editable


@transaction.atomic
def welsh_version_save(*, row: Strategy | Priority | Action, texts: dict, acting_user):
    """Record the Welsh of the row's published texts: each field's Welsh, or none to leave it
    to the English. Each is held to the length of its English field."""
    strategy = row if isinstance(row, Strategy) else row.strategy
    _refuse_unless_editable(strategy)
    welsh = checked_welsh(row, texts)
    row.welsh = welsh
    save_with_history(row, acting_user=acting_user, reason=_("Welsh version updated"))
    return row
