"""The per-partnership totals the data pages read (MeasureTotal): each measure's accepted
figures added up by period and area. Re-totalling 100,000 figures on every request was most of
the data pages' time at national scale, so the totals are kept instead, recounted from the
figures themselves in the same transaction as every write that changes what counts: accepting
a contribution, and anything that sends an accepted one back for review (an edit, new figures,
an attachment added or removed).

A recount, not a running sum: whatever the totals held before, after a refresh they equal a
fresh count of the accepted figures, so nothing can drift. Code that writes figures without
these services (the scale seeder, tests) calls `measure_totals_refresh` itself."""

from collections.abc import Iterable

from django.db.models import Sum
from django_scopes import scopes_disabled

from partnerships.models import Partnership

from .. import selectors as _selectors
from ..models import Contribution, DataPoint, MeasureTotal


def measure_totals_refresh(*, partnership_id: int, measure_ids: Iterable[int] | None = None):
    """Recount the partnership's totals for these measures (all of them if None) from its
    accepted figures. Call it inside the writing transaction, after the write."""
    if measure_ids is not None:
        measure_ids = set(measure_ids)
        if not measure_ids:
            return
    with scopes_disabled():
        # One recount at a time per partnership: two at once could each delete the old rows
        # and then both insert the new ones.
        Partnership.objects.select_for_update(no_key=True).filter(pk=partnership_id).first()
        stale = MeasureTotal.objects.filter(partnership_id=partnership_id)
        points = _selectors.accepted_data_points(partnership_id=partnership_id)
        if measure_ids is not None:
            stale = stale.filter(measure_id__in=measure_ids)
            points = points.filter(measure_id__in=measure_ids)
        stale.delete()
        MeasureTotal.objects.bulk_create(
            MeasureTotal(partnership_id=partnership_id, **row)
            for row in points.values("measure_id", "period_start", "period_label", "area")
            .annotate(total=Sum("value"))
            .order_by()
        )


def contribution_measure_ids(contribution: Contribution) -> set[int]:
    """The measures a contribution holds figures for: the totals its review can change."""
    with scopes_disabled():
        return set(
            DataPoint.objects.filter(
                partnership_id=contribution.partnership_id, contribution_id=contribution.pk
            )
            .order_by()
            .values_list("measure_id", flat=True)
            .distinct()
        )


def refresh_if_counted_changed(
    contribution: Contribution, *, was_accepted: bool, measure_ids: Iterable[int] = ()
) -> None:
    """After a write: recount the totals of the contribution's measures (and of any others it
    held before, `measure_ids`) if its figures started or stopped counting."""
    now_accepted = contribution.status == Contribution.Status.ACCEPTED
    if was_accepted == now_accepted:
        return
    measure_totals_refresh(
        partnership_id=contribution.partnership_id,
        measure_ids=contribution_measure_ids(contribution) | set(measure_ids),
    )
