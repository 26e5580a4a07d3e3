"""Writes of the oversight app: here the stored standings it derives (nothing a person edits);
the convener's requests for information in services/information_requests.py."""

import datetime
from collections.abc import Iterable

from django.utils import timezone

from partnerships.models import Partnership

from ..models import PartnershipStanding
from ..selectors.compliance import Compliance, compliance_for

_FIELDS = [
    "as_of",
    "computed_at",
    "stale",
    "lines",
    "met_count",
    "total",
    "has_strategy",
    "off_track",
    "at_risk",
    "on_track",
    "review_due_on",
    "missing_roles",
    "lacking_accountable",
]


def _standing(compliance: Compliance, *, today, now) -> PartnershipStanding:
    return PartnershipStanding(
        partnership=compliance.partnership,
        as_of=today,
        computed_at=now,
        stale=False,
        lines=[{"key": line.key, "status": line.status} for line in compliance.lines],
        met_count=compliance.met_count,
        total=compliance.total,
        has_strategy=compliance.strategy is not None,
        off_track=compliance.off_track,
        at_risk=compliance.at_risk,
        on_track=compliance.on_track,
        review_due_on=compliance.review.due_on if compliance.review else None,
        missing_roles=compliance.gaps.missing_count,
        lacking_accountable=[o.name for o in compliance.gaps.lacking_accountable],
    )


def standings_refresh(
    *, partnerships: Iterable[Partnership], today: datetime.date
) -> dict[int, PartnershipStanding]:
    """Compute and store the standing of each partnership as of today: the checklist's fixed
    number of queries however many there are, and one upsert. Returns them by partnership id.

    A change that commits between the reads and the upsert can be stored over as fresh: the
    next refresh, STANDING_MAX_AGE later at most, shows it."""
    partnerships = list(partnerships)
    if not partnerships:
        return {}
    now = timezone.now()
    standings = [
        _standing(compliance, today=today, now=now)
        for compliance in compliance_for(partnerships=partnerships, today=today).values()
    ]
    PartnershipStanding.objects.with_scopes_disabled().bulk_create(
        standings,
        update_conflicts=True,
        unique_fields=["partnership"],
        update_fields=_FIELDS,
    )
    return {standing.partnership_id: standing for standing in standings}


def standings_mark_stale(*, partnership_id: int) -> None:
    """Something in the partnership changed: its standing is computed again when next read."""
    PartnershipStanding.objects.with_scopes_disabled().filter(
        partnership_id=partnership_id, stale=False
    ).update(stale=True)
