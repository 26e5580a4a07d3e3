"""Reads of the strategy's measures: each with its latest value and trend from accepted data
returns, which way it is moving against its baseline, and its commentary."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum, TextChoices
from django.utils.translation import gettext_lazy as _

from assessments import selectors as assessment_selectors
from common.tags import tag_colours

from ..models import MeasureCommentary, Strategy, StrategyMeasure


@tag_colours(IMPROVING="green", WORSE="red", UNCHANGED="grey", NO_DATA="grey")
class Progress(TextChoices):
    """Which way a measure is moving against its baseline, judged by its direction of good."""

    IMPROVING = "improving", _("Improving")
    WORSE = "worse", _("Getting worse")
    UNCHANGED = "unchanged", _("No change")
    NO_DATA = "no_data", _("No data yet")


@dataclass
class MeasureProgress:
    """A strategy measure with its linked data measure's accepted figures, summed over areas
    for each period, oldest first."""

    measure: StrategyMeasure
    trend: list[tuple[str, Decimal]] = field(default_factory=list)
    commentaries: list[MeasureCommentary] = field(default_factory=list)

    @property
    def latest_label(self) -> str:
        return self.trend[-1][0] if self.trend else ""

    @property
    def latest_value(self) -> Decimal | None:
        return self.trend[-1][1] if self.trend else None

    @property
    def change(self) -> Decimal | None:
        """The latest value less the baseline."""
        if self.latest_value is None:
            return None
        return self.latest_value - self.measure.baseline

    @property
    def progress(self) -> Progress:
        latest = self.latest_value
        if latest is None:
            return Progress.NO_DATA
        if self.measure.is_better(latest, self.measure.baseline):
            return Progress.IMPROVING
        if self.measure.is_better(self.measure.baseline, latest):
            return Progress.WORSE
        return Progress.UNCHANGED

    @property
    def target_met(self) -> bool | None:
        """Whether the latest value has reached the target; None with no figures yet."""
        latest = self.latest_value
        if latest is None:
            return None
        return latest == self.measure.target or self.measure.is_better(latest, self.measure.target)


def _accepted_trends(*, partnership_id: int, data_measure_ids) -> dict[int, list]:
    """Accepted figures for many data measures at once, summed per period over areas and
    breakdowns, oldest first: one query (none when no measure is linked)."""
    trends: dict[int, list[tuple[str, Decimal]]] = {pk: [] for pk in data_measure_ids}
    if not trends:
        return trends
    totals = (
        assessment_selectors.accepted_data_points(partnership_id=partnership_id)
        .filter(measure_id__in=trends)
        .values("measure_id", "period_start", "period_label")
        .annotate(total=Sum("value"))
        .order_by("measure_id", "period_start", "period_label")
    )
    for row in totals:
        trends[row["measure_id"]].append((row["period_label"], row["total"]))
    return trends


def measure_list(*, strategy: Strategy) -> list[MeasureProgress]:
    """The strategy's measures, each with its latest value and trend from accepted data
    returns: two queries, however many measures and figures."""
    measures = list(
        StrategyMeasure.objects.filter(strategy=strategy).select_related("priority", "data_measure")
    )
    trends = _accepted_trends(
        partnership_id=strategy.partnership_id,
        data_measure_ids={m.data_measure_id for m in measures if m.data_measure_id},
    )
    return [
        MeasureProgress(measure=m, trend=list(trends.get(m.data_measure_id, []))) for m in measures
    ]


def measure_detail(*, measure: StrategyMeasure) -> MeasureProgress:
    """One measure with its full trend and its commentary, latest period first: two queries."""
    trends = _accepted_trends(
        partnership_id=measure.partnership_id,
        data_measure_ids={measure.data_measure_id} if measure.data_measure_id else set(),
    )
    commentaries = list(
        MeasureCommentary.objects.filter(measure=measure)
        .select_related("author")
        .order_by("-period_label", "-created_at")
    )
    return MeasureProgress(
        measure=measure,
        trend=trends.get(measure.data_measure_id, []),
        commentaries=commentaries,
    )
