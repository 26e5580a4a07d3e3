"""Traceability both ways between the SNA and the strategy built on it: the SNA's
recommendations no priority takes forward, the strategy's actions nothing measures, and the
SNA's findings that nothing draws on.

The strategy only traces forward (a priority cites findings and recommendations, an action names
the measures it should move); these are the gaps seen from the other end. One definition of each
gap serves the strategy's page (`traceability`) and the Duty checklist of many partnerships at
once (`traceability_for`), so the page and the checklist never disagree.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber

from assessments.models import Finding, Recommendation
from partnerships.models import Partnership
from strategies.models import Action, ActionStatus, Priority, Strategy, StrategyMeasure

# How many of each kind the checklist names; the strategy's page lists them all.
NAMED = 5


def _recommendations_not_taken_forward(recommendations):
    """Of these recommendations, each one that no priority of a strategy resting on its SNA
    takes forward, once per such strategy (`for_strategy`): two strategies may rest on one SNA."""
    taken_forward = Priority.recommendations.through.objects.filter(
        recommendation_id=OuterRef("pk"), priority__strategy_id=OuterRef("for_strategy")
    )
    return recommendations.annotate(for_strategy=F("assessment__strategies")).filter(
        ~Exists(taken_forward)
    )


def _actions_not_measured(actions):
    """Of these actions, each that names no measure it should move (`for_strategy` its own).

    "A measure" is one of the strategy's measures the action names (Action.measures, asked as
    "Measures it should move"): a measure of its priority says how the priority is going, not
    whether this action moves anything. A cancelled action will not be delivered, so it needs
    none.
    """
    measured = Action.measures.through.objects.filter(action_id=OuterRef("pk"))
    return (
        actions.exclude(status=ActionStatus.CANCELLED)
        .filter(~Exists(measured))
        .annotate(for_strategy=F("strategy_id"))
    )


def _findings_not_drawn_on(findings):
    """Of these findings, each that no priority of a strategy resting on its SNA cites and no
    recommendation answers, once per such strategy (`for_strategy`). A finding a recommendation
    answers is traced through it: whether that recommendation is taken forward is the first
    list's question."""
    cited = Priority.findings.through.objects.filter(
        finding_id=OuterRef("pk"), priority__strategy_id=OuterRef("for_strategy")
    )
    answered = Recommendation.findings.through.objects.filter(finding_id=OuterRef("pk"))
    return findings.annotate(for_strategy=F("assessment__strategies")).filter(
        ~Exists(cited), ~Exists(answered)
    )


@dataclass
class Traceability:
    """What one strategy leaves untraced, for its page.

    Each recommendation carries `suggested_priority_id` and `suggested_priority_title`: the
    first priority that already cites a finding it answers, the likeliest to take it forward.
    """

    strategy: Strategy
    recommendations: list[Recommendation]
    actions: list[Action]
    findings: list[Finding]
    # Without a measure in the strategy, an action's form offers none to choose: the fix is
    # adding one to the strategy first.
    has_measures: bool

    @property
    def untraced_count(self) -> int:
        return len(self.recommendations) + len(self.actions) + len(self.findings)


def traceability(*, partnership: Partnership, strategy: Strategy) -> Traceability:
    """The strategy's untraced recommendations, actions and findings: four queries however
    many there are."""
    suggested = (
        Priority.objects.filter(
            partnership=partnership, strategy=strategy, findings__recommendations=OuterRef("pk")
        )
        .order_by("order", "pk")
        .values("pk", "title")
    )
    recommendations = (
        _recommendations_not_taken_forward(Recommendation.objects.filter(partnership=partnership))
        .filter(for_strategy=strategy.pk)
        .annotate(
            suggested_priority_id=Subquery(suggested.values("pk")[:1]),
            suggested_priority_title=Subquery(suggested.values("title")[:1]),
        )
        .order_by("order", "pk")
    )
    actions = (
        _actions_not_measured(Action.objects.filter(partnership=partnership))
        .filter(strategy=strategy)
        .select_related("priority", "lead_organisation")
        .order_by("priority__order", "priority_id", "order", "pk")
    )
    findings = (
        _findings_not_drawn_on(Finding.objects.filter(partnership=partnership))
        .filter(for_strategy=strategy.pk)
        .order_by("kind", "title", "pk")
    )
    return Traceability(
        strategy=strategy,
        recommendations=list(recommendations),
        actions=list(actions),
        findings=list(findings),
        has_measures=StrategyMeasure.objects.filter(
            partnership=partnership, strategy=strategy
        ).exists(),
    )


@dataclass(frozen=True)
class Untraced:
    """How many of one kind a strategy leaves untraced, and the first NAMED of them by name."""

    count: int = 0
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class StrategyTrace:
    """What a strategy leaves untraced, in brief, for the Duty checklist."""

    recommendations: Untraced = field(default_factory=Untraced)
    actions: Untraced = field(default_factory=Untraced)
    findings: Untraced = field(default_factory=Untraced)


def _first_named(queryset, order: list[str]) -> dict[int, Untraced]:
    """Per strategy, how many rows there are and the first NAMED titles, in one query."""
    by_strategy = [F("for_strategy")]
    rows = (
        queryset.annotate(
            row=Window(RowNumber(), partition_by=by_strategy, order_by=[F(o) for o in order]),
            total=Window(Count("pk"), partition_by=by_strategy),
        )
        .filter(row__lte=NAMED)
        .order_by("for_strategy", "row")
        .values_list("for_strategy", "title", "total")
    )
    names: dict[int, list[str]] = {}
    totals: dict[int, int] = {}
    for strategy_id, title, total in rows:
        names.setdefault(strategy_id, []).append(title)
        totals[strategy_id] = total
    return {pk: Untraced(count=totals[pk], names=tuple(names[pk])) for pk in totals}


def traceability_for(
    *, partnership_ids: Iterable[int], strategy_ids: Iterable[int]
) -> dict[int, StrategyTrace]:
    """What each of these strategies leaves untraced, keyed by strategy id, in three queries
    however many partnerships, strategies or rows there are. Every read is scoped to the
    partnerships the caller chose (the convener's, or a tenant's own)."""
    partnership_ids, strategy_ids = list(partnership_ids), list(strategy_ids)
    if not strategy_ids:
        return {}
    scoped = {"partnership": partnership_ids}
    recommendations = _first_named(
        _recommendations_not_taken_forward(Recommendation.objects.with_scope(**scoped)).filter(
            for_strategy__in=strategy_ids
        ),
        ["order", "pk"],
    )
    actions = _first_named(
        _actions_not_measured(Action.objects.with_scope(**scoped)).filter(
            strategy_id__in=strategy_ids
        ),
        ["priority__order", "priority_id", "order", "pk"],
    )
    findings = _first_named(
        _findings_not_drawn_on(Finding.objects.with_scope(**scoped)).filter(
            for_strategy__in=strategy_ids
        ),
        ["kind", "title", "pk"],
    )
    empty = Untraced()
    return {
        pk: StrategyTrace(
            recommendations=recommendations.get(pk, empty),
            actions=actions.get(pk, empty),
            findings=findings.get(pk, empty),
        )
        for pk in strategy_ids
    }
