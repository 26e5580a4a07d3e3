"""What the scale seeders share: a partnership being seeded, and bulk_create in batches."""

from dataclasses import dataclass, field

from partnerships.models import Partnership

BATCH = 5000


@dataclass
class Place:
    """One scale partnership while it is seeded: its rows, by what the seeders look up."""

    partnership: Partnership
    index: int
    big: bool
    contributions: int
    datapoints: int
    actions: int
    organisations: dict  # key → Organisation
    members: dict  # organisation key → [Membership]
    lead: object  # User
    # What the SNA side made that the strategy rests on.
    assessment: object = None
    findings: list = field(default_factory=list)
    recommendations: list = field(default_factory=list)


def bulk(model, rows: list, counts: dict) -> list:
    """bulk_create in batches, counting the rows by model."""
    created = model.objects.bulk_create(rows, batch_size=BATCH) if rows else []
    name = model._meta.label if not model._meta.auto_created else model._meta.db_table
    counts[name] = counts.get(name, 0) + len(created)
    return created
