"""Calls for contributions: issuing one to chosen organisations or to everyone holding a Duty
role, closing it, and the daily reminders to organisations that have not answered."""

import datetime
import functools

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from common.reminders import Schedule, Threshold, remind_once
from outbox import services as outbox
from partnerships.audit import save_with_history
from partnerships.models import Membership
from partnerships.roles import DUTY_ROLES

from .. import lifecycles
from .. import selectors as _selectors
from .. import tasks as _tasks
from ..models import Call, CallReminder
from ._shared import check_current_organisations

# A week and a day before the due date, a day and a week after: each window holds the days
# until the due date (negative: overdue) in which its reminder applies.
REMINDER_SCHEDULE = Schedule(
    Threshold("7_days_overdue", earliest=None, latest=-7),
    Threshold("1_day_overdue", earliest=-6, latest=-1),
    Threshold("1_day_before", earliest=0, latest=1),
    Threshold("7_days_before", earliest=2, latest=7),
)


def reminder_threshold(*, due_on: datetime.date, today: datetime.date) -> str | None:
    """Which reminder applies today, if any."""
    return REMINDER_SCHEDULE.threshold(due_on=due_on, today=today)


@transaction.atomic
def call_issue(
    *,
    partnership,
    title: str,
    questions: str,
    elements,
    measures,
    period: str,
    due_on: datetime.date,
    audience: str,
    organisations,
    duty_role: str,
    acting_user,
) -> Call:
    """Issue a call for contributions and email everyone it is addressed to once committed."""
    elements, measures, organisations = list(elements), list(measures), list(organisations)
    if not elements:
        raise ValidationError(_("Select at least one Duty element"))
    if due_on <= timezone.localdate():
        raise ValidationError(_("The due date must be in the future"))
    if audience == Call.Audience.ORGANISATIONS:
        if not organisations:
            raise ValidationError(_("Select at least one organisation"))
        check_current_organisations(organisations, partnership_id=partnership.pk)
        duty_role = ""
    elif audience == Call.Audience.DUTY_ROLE:
        if duty_role not in DUTY_ROLES:
            raise ValidationError(_("Select a Duty role"))
        with scopes_disabled():
            held = (
                Membership.objects.filter(
                    partnership=partnership,
                    organisation__retired_at__isnull=True,
                    **{duty_role: True},
                )
                .active()
                .exists()
            )
        if not held:
            raise ValidationError(
                _("Nobody in the partnership holds that Duty role, so the call would reach no one")
            )
        organisations = []
    else:
        raise ValidationError(_("Choose who the call is for"))
    call = Call(
        partnership=partnership,
        title=title.strip(),
        questions=questions,
        period=period.strip(),
        due_on=due_on,
        audience=audience,
        duty_role=duty_role,
        issued_by=acting_user,
    )
    call.full_clean(exclude=["elements", "measures", "organisations", "issued_by"])
    save_with_history(call, acting_user=acting_user, reason=_("Call for contributions issued"))
    call.elements.set(elements)
    call.measures.set(measures)
    call.organisations.set(organisations)
    outbox.send(_tasks.send_call_issued_email, call.pk)
    return call


@transaction.atomic
def call_close(*, call: Call, acting_user) -> Call:
    """Stop a call: no more reminders, and it leaves everyone's to-do list."""
    closing = lifecycles.CALL[Call.Status.CLOSED]
    if call.status not in closing.sources:
        raise ValidationError(_("This call is already closed"))
    call.status = closing.to
    save_with_history(call, acting_user=acting_user, reason=str(closing.timeline))
    return call


def call_send_reminders(*, today: datetime.date) -> int:
    """Remind every expected organisation that has not answered an open call, once per
    threshold; returns how many reminders were queued.

    Cross-partnership by design (it runs from Celery beat for every partnership), so scopes
    are disabled. `remind_once` records each reminder before its email is queued, so a second
    run — a restart, or two beats — finds it and sends nothing.
    """
    queued = 0
    with scopes_disabled():
        calls = Call.objects.filter(status=Call.Status.OPEN).prefetch_related("organisations")
        for completeness in _selectors.calls_completeness(calls=calls, today=today).values():
            call = completeness.call
            threshold = reminder_threshold(due_on=call.due_on, today=today)
            if threshold is None:
                continue
            for organisation in completeness.outstanding:
                if remind_once(
                    CallReminder,
                    send=functools.partial(outbox.send, _tasks.send_call_reminder_email),
                    partnership_id=call.partnership_id,
                    call=call,
                    organisation=organisation,
                    threshold=threshold,
                ):
                    queued += 1
    return queued
