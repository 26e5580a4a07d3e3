"""The stored standings the convener overview lists (oversight.models.PartnershipStanding):
read in one query for any number of partnerships, and shown line by line."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from partnerships.models import Partnership
from strategies.selectors import ReviewDue

from ..models import PartnershipStanding
from .checklist_lines import SHORT_TITLES, ComplianceStatus


@dataclass(frozen=True)
class StandingLine:
    """One line of a stored checklist."""

    key: str
    status: str

    @property
    def short_title(self) -> str:
        return SHORT_TITLES[self.key]

    @property
    def status_choice(self) -> ComplianceStatus:
        return ComplianceStatus(self.status)


def standings_of(*, partnerships: Iterable[Partnership]) -> dict[int, PartnershipStanding]:
    """The stored standing of each partnership that has one, by partnership id: one query.
    Cross-partnership by design: the caller chose the partnerships (those the person
    convenes)."""
    ids = [partnership.pk for partnership in partnerships]
    return {
        standing.partnership_id: standing
        for standing in PartnershipStanding.objects.with_scopes_disabled().filter(
            partnership_id__in=ids
        )
    }


def standings_due(*, partnerships, stored: dict, today: datetime.date, now) -> list[Partnership]:
    """The partnerships whose standing must be computed before it is shown: none stored, or
    the stored one stale, from an earlier day or older than STANDING_MAX_AGE."""
    return [
        partnership
        for partnership in partnerships
        if partnership.pk not in stored or not stored[partnership.pk].is_fresh(today=today, now=now)
    ]


def standing_lines(standing: PartnershipStanding) -> list[StandingLine]:
    return [StandingLine(key=line["key"], status=line["status"]) for line in standing.lines]


def standing_review(standing: PartnershipStanding, *, today: datetime.date) -> ReviewDue | None:
    """When the partnership's strategy is next reviewed, seen from today."""
    if standing.review_due_on is None:
        return None
    return ReviewDue(due_on=standing.review_due_on, days=(standing.review_due_on - today).days)
