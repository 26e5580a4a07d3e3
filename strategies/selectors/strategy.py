"""Reads of the strategy itself: the list, the current one, its overview (priorities with the
evidence they cite, actions counted by status, how far sign-off has gone) and its versions."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from assessments.models import Assessment, Finding, Recommendation
from partnerships.changes import records_version

from ..models import (
    AGREED_SNA_STATUSES,
    Action,
    ActionStatus,
    Priority,
    Strategy,
    StrategyVersion,
)
from .governance import SignOffProgress, sign_off_progress


def strategy_list(*, partnership):
    """Every strategy of the partnership, newest period first, with its SNA and priorities."""
    return (
        Strategy.objects.filter(partnership=partnership)
        .select_related("assessment")
        .annotate(priority_count=Count("priorities"))
        .order_by("-start_period")
    )


def current_strategy(*, partnership) -> Strategy | None:
    """The latest strategy by start period that has not been superseded."""
    return (
        Strategy.objects.filter(partnership=partnership)
        .exclude(status=Strategy.Status.SUPERSEDED)
        .select_related("assessment")
        .order_by("-start_period")
        .first()
    )


def strategy_detail(*, partnership, strategy_pk: int) -> Strategy:
    return get_object_or_404(
        Strategy.objects.filter(partnership=partnership).select_related("assessment"),
        pk=strategy_pk,
    )


def agreed_assessments(*, partnership):
    """The SNAs a strategy may rest on: agreed or published."""
    return Assessment.objects.filter(
        partnership=partnership, status__in=AGREED_SNA_STATUSES
    ).order_by("-period")


def priority_evidence_choices(*, strategy: Strategy) -> tuple[list[Finding], list[Recommendation]]:
    """The findings and recommendations of the strategy's own SNA a priority may cite."""
    findings = list(
        Finding.objects.filter(assessment_id=strategy.assessment_id).order_by("kind", "title")
    )
    recommendations = list(
        Recommendation.objects.filter(assessment_id=strategy.assessment_id).order_by("order", "pk")
    )
    return findings, recommendations


def strategy_versions(*, strategy: Strategy):
    """Its published versions, newest first, without their (large) snapshots."""
    return (
        StrategyVersion.objects.filter(strategy=strategy)
        .select_related("published_by")
        .defer("snapshot")
        .order_by("-number")
    )


@dataclass
class StatusCount:
    """How many actions have one status; shown with the RAG colour and the status in words."""

    status: str
    label: str
    count: int

    @property
    def status_choice(self) -> ActionStatus:
        return ActionStatus(self.status)


def _status_counts(counts: dict[str, int]) -> list[StatusCount]:
    return [
        StatusCount(status=status, label=str(label), count=counts[status])
        for status, label in ActionStatus.choices
        if counts.get(status)
    ]


@dataclass
class PriorityOverview:
    priority: Priority
    number: int
    findings: list[Finding]
    recommendations: list[Recommendation]
    action_counts: list[StatusCount]

    @property
    def action_total(self) -> int:
        return sum(count.count for count in self.action_counts)


@dataclass
class StrategyOverview:
    strategy: Strategy
    priorities: list[PriorityOverview]
    action_counts: list[StatusCount]
    sign_offs: SignOffProgress
    # The partnership's records' version it was counted at: the page keeps its rendered
    # priorities by it too.
    records_version: str = ""

    @property
    def action_total(self) -> int:
        return sum(count.count for count in self.action_counts)


# How long an overview is trusted without a change telling otherwise (bulk writes tell none).
OVERVIEW_TIMEOUT = 300


def strategy_overview(*, strategy: Strategy) -> StrategyOverview:
    """What the strategy's overview page shows: each priority with the evidence it cites and
    its actions counted by status, and how far sign-off has gone. The same for every member, so
    it is kept in the cache by the partnership's records' version (partnerships.changes) and the
    language its labels are in: its six queries and thousands of counted actions were a third
    of the page's time, and any change to the records is what recomputes it."""
    version = records_version(strategy.partnership_id)
    key = f"strategy-overview:{strategy.partnership_id}:{strategy.pk}:{version}:{get_language()}"
    found = cache.get(key)
    if found is None:
        found = _overview_parts(strategy)
        cache.set(key, found, OVERVIEW_TIMEOUT)
    priorities, action_counts, sign_offs = found
    return StrategyOverview(
        strategy=strategy,
        priorities=priorities,
        action_counts=action_counts,
        sign_offs=sign_offs,
        records_version=version,
    )


def _overview_parts(
    strategy: Strategy,
) -> tuple[list[PriorityOverview], list[StatusCount], SignOffProgress]:
    """The overview's figures, six queries."""
    priorities = list(
        Priority.objects.filter(strategy=strategy)
        .prefetch_related(
            Prefetch("findings", queryset=Finding.objects.order_by("kind", "title")),
            Prefetch("recommendations", queryset=Recommendation.objects.order_by("order", "pk")),
        )
        .order_by("order", "pk")
    )
    by_priority: dict[int, dict[str, int]] = {}
    overall: dict[str, int] = {}
    for row in (
        Action.objects.filter(strategy=strategy)
        .values("priority_id", "status")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        by_priority.setdefault(row["priority_id"], {})[row["status"]] = row["count"]
        overall[row["status"]] = overall.get(row["status"], 0) + row["count"]
    return (
        [
            PriorityOverview(
                priority=priority,
                number=number,
                findings=list(priority.findings.all()),
                recommendations=list(priority.recommendations.all()),
                action_counts=_status_counts(by_priority.get(priority.pk, {})),
            )
            for number, priority in enumerate(priorities, start=1)
        ],
        _status_counts(overall),
        sign_off_progress(strategy=strategy),
    )
