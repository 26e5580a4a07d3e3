"""The Duty compliance checklist: how each partnership stands against the Duty, read from the
definition, the SNA, the strategy, its governance and the people representing each body.

It combines every app's records, so it lives above them. `compliance_for` reads many
partnerships at once (the convener overview), `compliance` one (its dashboard).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.utils.translation import get_language

from assessments.models import (
    CONSULTEE_KINDS,
    Assessment,
    Call,
    Contribution,
    LocalDefinition,
    OutsideBody,
    financial_year,
)
from assessments.selectors.sharing import sharing_summary_for
from partnerships.changes import records_version
from partnerships.models import DutyElement, Partnership
from partnerships.selectors import RepresentationGaps, representation_gaps_for
from strategies.models import (
    FINISHED,
    Action,
    ActionStatus,
    Consultation,
    Strategy,
)
from strategies.selectors import (
    LIVE_STRATEGY_STATUSES,
    ReviewDue,
    review_due,
    strategy_participation,
)

from .checklist_lines import (
    ComplianceLine,
    accountable_line,
    actions_measured_line,
    assessment_line,
    consulted_line,
    core_elements_line,
    data_sharing_line,
    definition_line,
    duty_evidence_url,
    findings_cited_line,
    published_line,
    recommendations_taken_forward_line,
    review_line,
    strategy_covers,
)
from .matrix import EVIDENCE_ELEMENTS
from .traceability import traceability_for

# How many open calls and unfinished actions the dashboard lists as the next deadlines.
DEADLINES_SHOWN = 5


@dataclass
class ActionCount:
    status: str
    label: str
    count: int

    @property
    def status_choice(self) -> ActionStatus:
        return ActionStatus(self.status)


@dataclass
class Deadline:
    """Something due: the next review, an open call for contributions, an unfinished action."""

    kind: str
    title: str
    due_on: datetime.date
    is_overdue: bool
    url_name: str
    url_args: tuple
    partnership_slug: str

    @property
    def url(self) -> str | None:
        return duty_evidence_url(self.url_name, self.partnership_slug, self.url_args)


@dataclass
class Compliance:
    """How one partnership stands against the Duty, for its dashboard and the convener."""

    partnership: Partnership
    period: str
    strategy: Strategy | None
    review: ReviewDue | None
    lines: list[ComplianceLine]
    action_counts: list[ActionCount]
    deadlines: list[Deadline]
    gaps: RepresentationGaps

    @property
    def met_count(self) -> int:
        return sum(line.is_met for line in self.lines)

    @property
    def total(self) -> int:
        return len(self.lines)

    @property
    def action_total(self) -> int:
        return sum(count.count for count in self.action_counts)

    def action_count(self, status: str) -> int:
        return next((c.count for c in self.action_counts if c.status == status), 0)

    @property
    def off_track(self) -> int:
        return self.action_count(ActionStatus.OFF_TRACK)

    @property
    def at_risk(self) -> int:
        return self.action_count(ActionStatus.AT_RISK)

    @property
    def on_track(self) -> int:
        return self.action_count(ActionStatus.ON_TRACK)


def _current_strategy(strategies: list[Strategy], period: str) -> Strategy | None:
    """The strategy the checklist is about, from a partnership's strategies (superseded ones
    left out, newest first): the published one covering this year, else any covering it
    (being drafted or consulted on), else the newest."""
    for wanted in (
        lambda s: s.status in LIVE_STRATEGY_STATUSES and strategy_covers(s, period),
        lambda s: strategy_covers(s, period),
        lambda s: True,
    ):
        chosen = next((s for s in strategies if wanted(s)), None)
        if chosen is not None:
            return chosen
    return None


def _soonest_due(queryset, *, partition: str):
    """The first DEADLINES_SHOWN rows, soonest due first, of each `partition` value."""
    return queryset.annotate(
        row=Window(
            RowNumber(),
            partition_by=[F(partition)],
            order_by=[F("due_on").asc(), F("pk").asc()],
        )
    ).filter(row__lte=DEADLINES_SHOWN)


def compliance_for(
    *, partnerships: Iterable[Partnership], today: datetime.date
) -> dict[int, Compliance]:
    """The Duty checklist, action counts and next deadlines of many partnerships, keyed by
    partnership id, in a constant number of queries (twenty at most) however many
    partnerships, organisations, contributions, actions or calls there are.

    The caller chooses the partnerships (a tenant view its own, the convener overview the ones
    the person convenes) and every read is scoped to exactly those.
    """
    partnerships = list(partnerships)
    ids = [p.pk for p in partnerships]
    if not ids:
        return {}
    period = financial_year(today)
    definitions = {
        d.partnership_id: d
        for d in LocalDefinition.objects.with_scope(partnership=ids).filter(
            status=LocalDefinition.Status.AGREED
        )
    }
    assessments = {
        a.partnership_id: a
        for a in Assessment.objects.with_scope(partnership=ids).filter(period=period)
    }
    strategies: dict[int, list[Strategy]] = defaultdict(list)
    for strategy in (
        Strategy.objects.with_scope(partnership=ids)
        .exclude(status=Strategy.Status.SUPERSEDED)
        .order_by("-start_period", "-pk")
    ):
        strategies[strategy.partnership_id].append(strategy)
    current = {pk: _current_strategy(strategies[pk], period) for pk in ids}
    strategy_ids = [s.pk for s in current.values() if s is not None]
    gaps = representation_gaps_for(partnerships=partnerships)
    core = list(DutyElement.objects.filter(kind=DutyElement.Kind.CORE).order_by("order"))
    contributed = set(
        Contribution.objects.with_scope(partnership=ids)
        .filter(status=Contribution.Status.ACCEPTED, element__in=core)
        .values_list("organisation_id", "element_id")
        # Unordered: a default order would join the DISTINCT and return every contribution.
        .order_by()
        .distinct()
    )
    # The strategy's own records are evidence for the other two core elements, as in the
    # engagement matrix: signing the strategy off, and taking part in a completed review.
    element_ids = {element.slug: element.pk for element in core}
    contributed |= {
        (organisation_id, element_ids[EVIDENCE_ELEMENTS[kind]])
        for organisation_id, kind in strategy_participation(partnership_ids=ids, today=today)
        if EVIDENCE_ELEMENTS[kind] in element_ids
    }
    consulted: set[tuple[int, int]] = set()
    consulted_bodies: set[tuple[int, int]] = set()
    # The Act's consultees that are not members: every one must be consulted too (s.8(4)).
    bodies: dict[int, list[OutsideBody]] = defaultdict(list)
    for body in OutsideBody.objects.with_scope(partnership=ids).filter(
        retired_at__isnull=True, kind__in=CONSULTEE_KINDS
    ):
        bodies[body.partnership_id].append(body)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    actions: dict[int, list[dict]] = defaultdict(list)
    if strategy_ids:
        for strategy_id, organisation_id, body_id in (
            Consultation.objects.with_scope(partnership=ids)
            .filter(strategy_id__in=strategy_ids)
            .values_list("strategy_id", "organisation_id", "outside_body_id")
        ):
            if organisation_id:
                consulted.add((strategy_id, organisation_id))
            else:
                consulted_bodies.add((strategy_id, body_id))
        for row in (
            Action.objects.with_scope(partnership=ids)
            .filter(strategy_id__in=strategy_ids)
            .order_by()
            .values("strategy_id", "status")
            .annotate(count=Count("pk"))
        ):
            counts[row["strategy_id"]][row["status"]] = row["count"]
        unfinished = (
            Action.objects.with_scope(partnership=ids)
            .filter(strategy_id__in=strategy_ids)
            .exclude(status__in=FINISHED)
        )
        for row in _soonest_due(unfinished, partition="strategy_id").values(
            "pk", "strategy_id", "title", "due_on"
        ):
            actions[row["strategy_id"]].append(row)
    traces = traceability_for(partnership_ids=ids, strategy_ids=strategy_ids)
    sharing = sharing_summary_for(partnership_ids=ids, today=today)
    calls: dict[int, list[dict]] = defaultdict(list)
    open_calls = Call.objects.with_scope(partnership=ids).filter(status=Call.Status.OPEN)
    for row in _soonest_due(open_calls, partition="partnership_id").values(
        "pk", "partnership_id", "title", "due_on"
    ):
        calls[row["partnership_id"]].append(row)

    result = {}
    for partnership in partnerships:
        pk = partnership.pk
        strategy = current[pk]
        due = review_due(strategy=strategy, today=today) if strategy else None
        common = {"partnership_slug": partnership.slug}
        lines = [
            definition_line(definitions.get(pk), **common),
            assessment_line(assessments.get(pk), period, **common),
            published_line(strategy, period, **common),
            review_line(strategy, due, **common),
            accountable_line(gaps[pk], **common),
            core_elements_line(gaps[pk], core, contributed, **common),
            consulted_line(
                gaps[pk],
                strategy,
                consulted,
                bodies=bodies.get(pk, []),
                consulted_bodies=consulted_bodies,
                **common,
            ),
            recommendations_taken_forward_line(strategy, traces, **common),
            actions_measured_line(strategy, traces, **common),
            findings_cited_line(strategy, traces, **common),
            data_sharing_line(gaps[pk], sharing[pk], **common),
        ]
        status_counts = counts.get(strategy.pk, {}) if strategy else {}
        action_counts = [
            ActionCount(status=value, label=str(label), count=status_counts.get(value, 0))
            for value, label in ActionStatus.choices
        ]
        upcoming = [
            Deadline(
                kind="call",
                title=row["title"],
                due_on=row["due_on"],
                is_overdue=row["due_on"] < today,
                url_name="calls-detail",
                url_args=(row["pk"],),
                **common,
            )
            for row in calls.get(pk, [])
        ]
        upcoming += [
            Deadline(
                kind="action",
                title=row["title"],
                due_on=row["due_on"],
                is_overdue=row["due_on"] < today,
                url_name="actions-detail",
                url_args=(row["pk"],),
                **common,
            )
            for row in (actions.get(strategy.pk, []) if strategy else [])
        ]
        upcoming.sort(key=lambda d: (d.due_on, d.kind, d.title))
        deadlines = upcoming[:DEADLINES_SHOWN]
        if due is not None:
            review_deadline = Deadline(
                kind="review",
                title=strategy.title,
                due_on=due.due_on,
                is_overdue=due.is_overdue,
                url_name="reviews",
                url_args=(strategy.pk,),
                **common,
            )
            deadlines.insert(0, review_deadline)
        result[pk] = Compliance(
            partnership=partnership,
            period=period,
            strategy=strategy,
            review=due,
            lines=lines,
            action_counts=action_counts,
            deadlines=deadlines,
            gaps=gaps[pk],
        )
    return result


# How long a partnership's checklist is trusted without a change telling otherwise: bulk writes
# tell none, and the Duty catalogue it also reads changes only with a release.
COMPLIANCE_TIMEOUT = 300


def compliance(*, partnership: Partnership, today: datetime.date) -> Compliance:
    """The Duty checklist of one partnership (see compliance_for), the same for every member:
    kept in the cache by the partnership's records' version (partnerships.changes), the day
    (dates move lines) and the language its words are in. Its queries were a third of a
    dashboard's time; now a change to the partnership's records is what recomputes it."""
    version = records_version(partnership.pk)
    key = f"compliance:{partnership.pk}:{version}:{today.isoformat()}:{get_language()}"
    found = cache.get(key)
    if found is None:
        found = compliance_for(partnerships=[partnership], today=today)[partnership.pk]
        cache.set(key, found, COMPLIANCE_TIMEOUT)
    return found
