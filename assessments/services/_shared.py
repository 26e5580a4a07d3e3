"""Helpers more than one kind of change needs: dates that cannot be in the future, chosen
organisations that must be current ones of the partnership, the emails a contribution's review
sends, and the new revision an accepted contribution starts when it changes. Private to the
services package."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from outbox import services as outbox

from .. import lifecycles
from .. import tasks as _tasks
from ..models import Contribution


def not_in_future(value: datetime.date, message: str) -> None:
    if value > timezone.localdate():
        raise ValidationError(message)


def check_current_organisations(organisations, *, partnership_id: int) -> None:
    """Organisations chosen on a form must be the partnership's own and not retired."""
    if any(o.partnership_id != partnership_id or o.is_retired for o in organisations):
        raise ValidationError(_("Choose current organisations in this partnership"))


def email_about(contribution: Contribution, event: str) -> None:
    """Once committed, tell the people concerned that it was submitted, returned or accepted."""
    outbox.send(_tasks.send_contribution_email, contribution.pk, event)


def new_revision_if_accepted(contribution: Contribution) -> bool:
    """An accepted item is locked: a change starts a new revision that goes back for review."""
    if contribution.status not in lifecycles.REVISION.sources:
        return False
    contribution.revision += 1
    contribution.status = lifecycles.REVISION.to
    contribution.submitted_at = timezone.now()
    return True
