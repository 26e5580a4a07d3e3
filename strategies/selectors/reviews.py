"""Reads of the annual review: when a live strategy's next review is due, its reviews, who may
be recorded as taking part, and who is reminded as the date approaches."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from partnerships.models import Membership, Organisation
from partnerships.roles import PortalRole

from ..models import LIVE_STATUSES, Review, ReviewReminder, Strategy

# A review due within this many days is flagged as due soon.
REVIEW_DUE_SOON_DAYS = 60
# Only these are reviewed (and reminded of it); the other apps ask with this name.
LIVE_STRATEGY_STATUSES = LIVE_STATUSES


@dataclass
class ReviewDue:
    """When a published strategy's next review is due, seen from `today`."""

    due_on: datetime.date
    days: int  # until the due date; negative once it has passed

    @property
    def is_overdue(self) -> bool:
        return self.days < 0

    @property
    def is_due_soon(self) -> bool:
        return 0 <= self.days <= REVIEW_DUE_SOON_DAYS


def review_due(*, strategy: Strategy, today: datetime.date) -> ReviewDue | None:
    """The next review of a published strategy (or one under review): the date set when it was
    last reviewed or published, and never later than 12 months after that. None for a
    strategy that is not live, or has no dates to go on."""
    if not strategy.is_live:
        return None
    due_on = strategy.review_due_on()
    if due_on is None:
        return None
    return ReviewDue(due_on=due_on, days=(due_on - today).days)


def review_list(*, strategy: Strategy):
    """The strategy's reviews, newest first, with how many organisations took part."""
    return (
        Review.objects.filter(strategy=strategy)
        .annotate(participant_count=Count("participants"))
        .order_by("-reviewed_on", "-pk")
    )


def review_detail(*, review_pk: int) -> Review:
    """One review of the partnership in scope, with everything its page shows."""
    return get_object_or_404(
        Review.objects.select_related("strategy", "created_by", "completed_by").prefetch_related(
            Prefetch("participants", queryset=Organisation.objects.order_by("name"))
        ),
        pk=review_pk,
    )


def review_participant_choices(*, partnership, review: Review | None = None):
    """Organisations that may be recorded as taking part: current ones, and any already
    recorded on the review (even if retired since)."""
    current = Q(retired_at__isnull=True)
    if review is not None:
        current |= Q(pk__in=review.participants.values("pk"))
    return Organisation.objects.filter(current, partnership=partnership).order_by("name")


def review_reminders_sent(*, strategy: Strategy, due_on: datetime.date) -> list[ReviewReminder]:
    """Reminders already sent for this due date, oldest first."""
    return list(
        ReviewReminder.objects.filter(strategy=strategy, due_on=due_on).order_by("sent_at", "pk")
    )


def review_reminder_emails(*, strategy: Strategy) -> list[str]:
    """Who is reminded of the review: the partnership's leads and accountable representatives
    (active members of current organisations), each address once."""
    return sorted(
        set(
            Membership.objects.with_scopes_disabled()
            .filter(
                partnership_id=strategy.partnership_id,
                ended_on__isnull=True,
                organisation__retired_at__isnull=True,
            )
            .filter(Q(portal_role=PortalRole.LEAD) | Q(accountable=True))
            .values_list("user__email", flat=True)
        )
    )
