"""Aggregate data: each measure's latest accepted figure and its trend, the data returns a
member may still upload figures to, a return's figures, and the export. Only accepted figures
count as evidence."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum, Window

from partnerships.access import Actor

from .. import lifecycles, rules
from ..models import Contribution, DataPoint, Measure, MeasureTotal


@dataclass
class MeasureSummary:
    """A measure with its latest accepted total (summed over areas and breakdowns)."""

    measure: Measure
    latest_label: str = ""
    latest_value: Decimal | None = None


def accepted_data_points(*, partnership_id: int):
    """The partnership's accepted figures, the only ones that count as evidence, unordered
    (a model's default order must not leak into a DISTINCT or a total).

    Both sides of the join name the partnership: without it on the contributions' side the
    planner may read every accepted contribution in the country to find this one's."""
    return DataPoint.objects.filter(
        partnership_id=partnership_id,
        contribution__partnership_id=partnership_id,
        contribution__status=Contribution.Status.ACCEPTED,
    ).order_by()


def _totals(*, partnership):
    """The partnership's kept totals of accepted figures, by measure, period and area
    (assessments/services/totals.py keeps them equal to a fresh count), unordered."""
    return MeasureTotal.objects.filter(partnership=partnership).order_by()


def data_measures(*, partnership) -> list[MeasureSummary]:
    """Every measure with its latest accepted figure: two queries, however many figures, over
    the kept totals rather than the figures themselves."""
    summaries = {m.pk: MeasureSummary(measure=m) for m in Measure.objects.select_related("sector")}
    totals = (
        _totals(partnership=partnership)
        .values("measure_id", "period_start", "period_label")
        .annotate(total=Sum("total"))
        .order_by("measure_id", "period_start", "period_label")
    )
    for row in totals:
        # Ordered by period, so the last one seen for each measure is its latest.
        summary = summaries[row["measure_id"]]
        summary.latest_label, summary.latest_value = row["period_label"], row["total"]
    return list(summaries.values())


def data_measure_trend(
    *, partnership, measure: Measure, area: str = ""
) -> list[tuple[str, Decimal]]:
    """A measure's accepted figures summed per period, oldest first, in one query."""
    totals = _totals(partnership=partnership).filter(measure=measure)
    if area:
        totals = totals.filter(area=area)
    return [
        (row["period_label"], row["total"])
        for row in totals.values("period_start", "period_label")
        .annotate(total=Sum("total"))
        .order_by("period_start", "period_label")
    ]


def data_measure_areas(*, partnership, measure: Measure) -> list[str]:
    """The areas a measure has accepted figures for, to filter its trend by."""
    return list(
        _totals(partnership=partnership)
        .filter(measure=measure)
        .values_list("area", flat=True)
        .distinct()
        .order_by("area")
    )


# The data page lists this many returns to upload to, and links to the rest.
RETURNS_SHOWN = 25


def data_returns_to_upload(
    *, actor: Actor, limit: int = RETURNS_SHOWN
) -> tuple[int, list[Contribution]]:
    """How many data returns in the actor's partnership they may still upload figures to
    (their organisation's, or every organisation's for a lead who runs the SNA), and the first
    `limit` of them: a count and a page, so the page is the same size however many there are."""
    returns = (
        Contribution.objects.filter(
            partnership=actor.partnership,
            kind=Contribution.Kind.DATA_RETURN,
            status__in=lifecycles.CONTRIBUTION_IN_PLACE,
        )
        # Another organisation's draft stays private to it, even from the lead.
        .filter(rules.visible_contributions_q(actor=actor))
        .filter(rules.acted_for_q(actor=actor))
    )
    page = (
        returns.select_related("organisation")
        # What the list shows: a return's body stays in the database.
        .only("title", "status", "organisation", "organisation__name")
        .order_by("organisation__name", "-created_at")[:limit]
    )
    return returns.count(), list(page)


def data_return_preview(*, contribution, limit: int = 50) -> tuple[int, list[DataPoint]]:
    """How many figures a data return holds, and the first `limit` of them: one query, the
    number carried on each row by a window count (none shown means none held), or only the
    count when none are to be shown."""
    figures = DataPoint.objects.filter(
        partnership_id=contribution.partnership_id, contribution=contribution
    )
    if limit < 1:
        return figures.count(), []
    points = list(
        figures.select_related("measure")
        .annotate(held=Window(Count("pk")))
        .order_by("measure__name", "period_start", "area")[:limit]
    )
    return (points[0].held if points else 0), points


def data_points_for_export(*, partnership):
    """Accepted figures, with what the export's columns name."""
    return (
        accepted_data_points(partnership_id=partnership.pk)
        .select_related("measure", "contribution__organisation")
        .order_by("measure__name", "period_start", "area")
    )
