"""Changes to the annual review: recording a review of a live strategy, completing it with its
decision (which sets when the next one is due), and the reminders sent as that date nears."""

import datetime
import functools

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled

from common.reminders import Schedule, Threshold, remind_once
from outbox import services as outbox
from partnerships.access import Actor
from partnerships.audit import save_with_history
from partnerships.models import Organisation

from .. import selectors, tasks
from ..models import LIVE_STATUSES, Review, ReviewReminder, Strategy, next_review_due
from ._common import refuse_unless_lead

# Why a page or a service refuses, in the same words.
REVIEW_COMPLETE = gettext_lazy("A completed review cannot be changed")
REVIEW_ALREADY_COMPLETED = gettext_lazy("This review has already been completed")

# What a review records in words, besides its date and who took part.
REVIEW_TEXT_FIELDS = ["working", "not_working", "evaluation_evidence"]


def _check_review_data(*, strategy: Strategy, data: dict) -> list[Organisation]:
    reviewed_on = data.get("reviewed_on")
    if reviewed_on is None:
        raise ValidationError({"reviewed_on": _("Enter the date of the review")})
    if reviewed_on > timezone.localdate():
        raise ValidationError(
            {"reviewed_on": _("The date of the review must be today or in the past")}
        )
    participants = list(data.get("participants") or [])
    if not participants:
        raise ValidationError(
            {"participants": _("Select the organisations that took part in the review")}
        )
    if any(o.partnership_id != strategy.partnership_id for o in participants):
        raise ValidationError({"participants": _("Choose organisations in this partnership")})
    return participants


def _fill_review(review: Review, data: dict) -> None:
    review.reviewed_on = data["reviewed_on"]
    for name in REVIEW_TEXT_FIELDS:
        setattr(review, name, (data.get(name) or "").strip())


@transaction.atomic
def review_start(*, strategy: Strategy, data: dict, actor: Actor) -> Review:
    """Record a review of a published strategy (or one already being revised): when it was
    held, who took part, what is working, what is not and the evaluation evidence."""
    refuse_unless_lead(actor=actor, partnership_id=strategy.partnership_id)
    if not strategy.is_live:
        raise ValidationError(
            _(
                "Only a published strategy, or one under review, can be reviewed. "
                "This one is %(status)s."
            )
            % {"status": strategy.get_status_display().lower()}
        )
    participants = _check_review_data(strategy=strategy, data=data)
    review = Review(
        partnership_id=strategy.partnership_id, strategy=strategy, created_by=actor.user
    )
    _fill_review(review, data)
    save_with_history(review, acting_user=actor.user, reason=_("Annual review started"))
    review.participants.set(participants)
    return review


@transaction.atomic
def review_edit(*, review: Review, data: dict, actor: Actor) -> Review:
    """Change what a review recorded, until it is completed."""
    refuse_unless_lead(actor=actor, partnership_id=review.partnership_id)
    if review.is_complete:
        raise ValidationError(str(REVIEW_COMPLETE))
    participants = _check_review_data(strategy=review.strategy, data=data)
    _fill_review(review, data)
    save_with_history(review, acting_user=actor.user)
    review.participants.set(participants)
    return review


@transaction.atomic
def review_complete(
    *,
    review: Review,
    decision: str,
    changes_agreed: str,
    next_due_on: datetime.date | None,
    actor: Actor,
) -> Review:
    """Complete a review with its decision, and set when the strategy is next reviewed: the
    date given, or 12 months after this review — never later, as the Duty asks for a review at
    least once a year. Reminders then start again for the new date."""
    refuse_unless_lead(actor=actor, partnership_id=review.partnership_id)
    review = Review.objects.select_for_update().select_related("strategy").get(pk=review.pk)
    strategy = review.strategy
    if review.is_complete:
        raise ValidationError(str(REVIEW_ALREADY_COMPLETED))
    if not strategy.is_live:
        raise ValidationError(
            _("Only a review of a published strategy, or one under review, can be completed")
        )
    if decision not in Review.Decision.values:
        raise ValidationError({"decision": _("Select the decision")})
    changes_agreed = (changes_agreed or "").strip()
    if decision != Review.Decision.NO_CHANGE and not changes_agreed:
        raise ValidationError({"changes_agreed": _("Enter the changes agreed")})
    if strategy.last_reviewed_on and review.reviewed_on < strategy.last_reviewed_on:
        raise ValidationError(
            _("A later review, of %(date)s, has already been completed")
            % {"date": date_format(strategy.last_reviewed_on, "j F Y")}
        )
    latest = next_review_due(review.reviewed_on)
    if next_due_on is None:
        next_due_on = latest
    elif next_due_on > latest:
        raise ValidationError(
            {
                "next_due_on": _(
                    "The next review must be due by %(date)s at the latest: the Duty asks for "
                    "a review at least once every 12 months"
                )
                % {"date": date_format(latest, "j F Y")}
            }
        )
    elif next_due_on <= review.reviewed_on:
        raise ValidationError(
            {"next_due_on": _("The next review must be due after the date of this review")}
        )
    review.decision = decision
    review.changes_agreed = changes_agreed
    review.completed_at = timezone.now()
    review.completed_by = actor.user
    save_with_history(review, acting_user=actor.user, reason=_("Annual review completed"))
    strategy.last_reviewed_on = review.reviewed_on
    strategy.next_review_due = next_due_on
    save_with_history(
        strategy,
        acting_user=actor.user,
        reason=_("Annual review completed: next review due by %(date)s")
        % {"date": date_format(next_due_on, "j F Y")},
    )
    return review


# Review reminders, most urgent first, each with the window of days until the due date in which
# it applies (negative: overdue).
REVIEW_REMINDERS = Schedule(
    Threshold("overdue", None, -1),
    Threshold("7_days_before", 0, 7),
    Threshold("30_days_before", 8, 30),
    Threshold("60_days_before", 31, 60),
)


def review_reminder_threshold(*, due_on: datetime.date, today: datetime.date) -> str | None:
    """Which review reminder applies today, if any: the most urgent one reached."""
    return REVIEW_REMINDERS.threshold(due_on=due_on, today=today)


def review_send_reminders(*, today: datetime.date) -> int:
    """Remind the leads and accountable representatives of every partnership whose published
    strategy's review is due in 60, 30 or 7 days, or overdue; returns how many reminders were
    queued.

    Cross-partnership by design (it runs from Celery beat for every partnership), so scopes
    are disabled. Each reminder row is created before its email is queued, and the unique
    constraint on (strategy, due date, threshold) means a second run — a restart, or two
    beats — finds the row and sends nothing.

    Only the threshold whose window holds today is ever considered. If the task did not run
    for some days, the most urgent threshold reached is sent and the ones skipped are not
    sent late, nor recorded: the days left only fall, so a passed window never comes back for
    that due date. A completed review moves the due date, and the thresholds apply afresh.
    """
    queued = 0
    with scopes_disabled():
        for strategy in Strategy.objects.filter(status__in=LIVE_STATUSES):
            due = selectors.review_due(strategy=strategy, today=today)
            if due is None:
                continue
            threshold = review_reminder_threshold(due_on=due.due_on, today=today)
            if threshold is None:
                continue
            queued += remind_once(
                ReviewReminder,
                send=functools.partial(outbox.send, tasks.send_review_reminder_email),
                partnership_id=strategy.partnership_id,
                strategy=strategy,
                due_on=due.due_on,
                threshold=threshold,
            )
    return queued
