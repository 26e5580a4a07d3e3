"""Reads the response strategy's pages need, each in a constant number of queries."""

import datetime
import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q, Sum, TextChoices, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from assessments.models import (
    Assessment,
    Call,
    Contribution,
    DataPoint,
    Finding,
    LocalDefinition,
    ProvisionService,
    Recommendation,
)
from assessments.selectors import EVIDENCE_ELEMENTS, strategy_participation
from partnerships.models import DutyElement, Membership, Organisation, Partnership, Sector
from partnerships.roles import PortalRole
from partnerships.selectors import RepresentationGaps, representation_gaps_for

from .models import (
    CONSULTEE_SECTORS,
    FINISHED,
    RAG_TAG,
    STALE_AFTER,
    Action,
    ActionStatus,
    ActionUpdate,
    Commission,
    Consultation,
    MeasureCommentary,
    Meeting,
    Priority,
    Review,
    ReviewReminder,
    SignOff,
    Strategy,
    StrategyMeasure,
    StrategyVersion,
)

# --- strategy and priorities ---


def sign_offs_outstanding(*, strategy: Strategy) -> list[Organisation]:
    """Specified authorities (active) with no sign-off counting for the current version: the
    strategy cannot be agreed while any remain. Two queries."""
    signed = {
        sign_off.organisation_id
        for sign_off in SignOff.objects.filter(strategy=strategy, version=strategy.version)
        if sign_off.counts_as_signed
    }
    return [
        organisation
        for organisation in Organisation.objects.filter(
            partnership_id=strategy.partnership_id,
            retired_at__isnull=True,
            sector__authority_type=Sector.AuthorityType.SPECIFIED,
        ).order_by("name")
        if organisation.pk not in signed
    ]


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
        partnership=partnership,
        status__in=[Assessment.Status.AGREED, Assessment.Status.PUBLISHED],
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
    def rag_tag(self) -> str:
        return RAG_TAG[self.status]

    def get_status_display(self) -> str:
        return self.label


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
class SignOffProgress:
    """Each specified authority with its decision on the current version, if any."""

    rows: list[tuple[Organisation, SignOff | None]]

    @property
    def required(self) -> int:
        return len(self.rows)

    @property
    def signed(self) -> int:
        return sum(1 for _o, sign_off in self.rows if sign_off and sign_off.counts_as_signed)

    @property
    def outstanding(self) -> list[Organisation]:
        return [o for o, sign_off in self.rows if not (sign_off and sign_off.counts_as_signed)]


@dataclass
class StrategyOverview:
    strategy: Strategy
    priorities: list[PriorityOverview]
    action_counts: list[StatusCount]
    sign_offs: SignOffProgress

    @property
    def action_total(self) -> int:
        return sum(count.count for count in self.action_counts)


def strategy_overview(*, strategy: Strategy) -> StrategyOverview:
    """What the strategy's overview page shows: each priority with the evidence it cites and
    its actions counted by status, and how far sign-off has gone. Six queries."""
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
    decisions = {
        sign_off.organisation_id: sign_off
        for sign_off in SignOff.objects.filter(strategy=strategy, version=strategy.version)
    }
    specified = Organisation.objects.filter(
        partnership_id=strategy.partnership_id,
        retired_at__isnull=True,
        sector__authority_type=Sector.AuthorityType.SPECIFIED,
    ).order_by("name")
    return StrategyOverview(
        strategy=strategy,
        priorities=[
            PriorityOverview(
                priority=priority,
                number=number,
                findings=list(priority.findings.all()),
                recommendations=list(priority.recommendations.all()),
                action_counts=_status_counts(by_priority.get(priority.pk, {})),
            )
            for number, priority in enumerate(priorities, start=1)
        ],
        action_counts=_status_counts(overall),
        sign_offs=SignOffProgress(
            rows=[(organisation, decisions.get(organisation.pk)) for organisation in specified]
        ),
    )


# --- comparing versions ---

# The strategy's own fields a comparison looks at, in page order, with their labels.
_STRATEGY_FIELDS = {
    "title": gettext_lazy("Title"),
    "period": gettext_lazy("Period"),
    "foreword": gettext_lazy("Foreword"),
    "summary": gettext_lazy("Executive summary"),
    "governance": gettext_lazy("Partnership arrangements and governance"),
    "engagement": gettext_lazy(
        "Engagement with the voluntary sector, young people and communities"
    ),
    "resources": gettext_lazy("Resources and funding"),
}
_PRIORITY_FIELDS = {
    "title": gettext_lazy("Title"),
    "rationale": gettext_lazy("Rationale"),
    "findings": gettext_lazy("SNA findings"),
    "recommendations": gettext_lazy("SNA recommendations"),
    "problem": gettext_lazy("Problem"),
    "activities": gettext_lazy("Activities"),
    "outputs": gettext_lazy("Outputs"),
    "outcomes": gettext_lazy("Outcomes"),
    "impact": gettext_lazy("Impact"),
    "restricted": gettext_lazy("Restricted"),
}
_ACTION_FIELDS = {
    "title": gettext_lazy("Title"),
    "priority": gettext_lazy("Priority"),
    "description": gettext_lazy("Description"),
    "lead_organisation": gettext_lazy("Lead organisation"),
    "contributing_organisations": gettext_lazy("Contributing organisations"),
    "element": gettext_lazy("Duty element"),
    "start_on": gettext_lazy("Start date"),
    "due_on": gettext_lazy("Due date"),
    "funding_source": gettext_lazy("Funding source"),
    "relevant_authority": gettext_lazy("Specified for a relevant authority"),
    "relevant_authority_response": gettext_lazy("Relevant authority's response"),
    "status_label": gettext_lazy("Status"),
    "progress": gettext_lazy("Progress (%)"),
    "restricted": gettext_lazy("Restricted"),
}
_MEASURE_FIELDS = {
    "name": gettext_lazy("Name"),
    "priority": gettext_lazy("Priority"),
    "kind": gettext_lazy("Kind of measure"),
    "data_measure": gettext_lazy("Data-return measure"),
    "baseline": gettext_lazy("Baseline"),
    "baseline_period": gettext_lazy("Baseline period"),
    "target": gettext_lazy("Target"),
    "target_period": gettext_lazy("Target period"),
    "direction": gettext_lazy("Direction of good"),
    "frequency": gettext_lazy("Frequency"),
    "restricted": gettext_lazy("Restricted"),
}
# Long text is compared word by word; the rest as "before → after".
_LONG_TEXT = {
    "foreword", "summary", "governance", "engagement", "resources", "rationale", "problem",
    "activities", "outputs", "outcomes", "impact", "description",
}  # fmt: skip
_DATES = {"start_on", "due_on"}
_TOKENS = re.compile(r"\s+|\S+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The two texts as pieces of ("same" | "removed" | "added", text), word by word. Plain
    text for the template to escape: nothing typed ever becomes markup."""
    before, after = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    pieces: list[tuple[str, str]] = []

    def add(kind: str, text: str) -> None:
        if not text:
            return
        if pieces and pieces[-1][0] == kind:
            pieces[-1] = (kind, pieces[-1][1] + text)
        else:
            pieces.append((kind, text))

    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("same", "".join(before[i1:i2]))
        else:
            add("removed", "".join(before[i1:i2]))
            add("added", "".join(after[j1:j2]))
    return pieces


@dataclass
class FieldChange:
    label: str
    old: str
    new: str
    # Word by word, for long text; empty for short values shown as "before → after".
    pieces: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ItemChange:
    """A priority, action or measure in both versions, with what changed about it."""

    title: str
    context: str
    fields: list[FieldChange]


@dataclass
class Item:
    title: str
    context: str = ""


@dataclass
class ItemChanges:
    added: list[Item] = field(default_factory=list)
    removed: list[Item] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class VersionChanges:
    text: list[FieldChange]
    priorities: ItemChanges
    actions: ItemChanges
    measures: ItemChanges

    @property
    def has_changes(self) -> bool:
        return bool(self.text or self.priorities or self.actions or self.measures)


def _readable(key: str, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if key in _DATES:
        try:
            return date_format(datetime.date.fromisoformat(value), "j F Y")
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def _field_changes(old: dict, new: dict, labels: dict) -> list[FieldChange]:
    changes = []
    for key, label in labels.items():
        before, after = old.get(key), new.get(key)
        if (before or "") == (after or "") or before == after:
            continue
        pieces = word_diff(str(before or ""), str(after or "")) if key in _LONG_TEXT else []
        changes.append(
            FieldChange(
                label=str(label),
                old=_readable(key, before),
                new=_readable(key, after),
                pieces=pieces,
            )
        )
    return changes


def _key(item: dict):
    return item.get("id") or item.get("title") or item.get("name")


def _item_changes(
    old: list[dict], new: list[dict], labels: dict, name: str = "title"
) -> ItemChanges:
    before = {_key(item): item for item in old}
    after = {_key(item): item for item in new}
    changes = ItemChanges()
    for key, item in after.items():
        if key not in before:
            changes.added.append(Item(str(item.get(name, "")), str(item.get("priority", ""))))
            continue
        fields = _field_changes(before[key], item, labels)
        if fields:
            changes.changed.append(
                ItemChange(str(item.get(name, "")), str(item.get("priority", "")), fields)
            )
    for key, item in before.items():
        if key not in after:
            changes.removed.append(Item(str(item.get(name, "")), str(item.get("priority", ""))))
    return changes


def _actions_of(snapshot: dict, titles: dict | None = None) -> list[dict]:
    """Every action of a snapshot, each knowing the title of the priority it sits under —
    from `titles` (by priority id) when given, so a renamed priority moves no action."""
    titles = titles or {}
    return [
        {**action, "priority": titles.get(priority.get("id"), priority.get("title", ""))}
        for priority in snapshot.get("priorities") or []
        for action in priority.get("actions") or []
    ]


def _priority_titles(snapshot: dict) -> dict:
    return {
        priority["id"]: priority.get("title", "")
        for priority in snapshot.get("priorities") or []
        if priority.get("id")
    }


def version_changes(*, old: dict, new: dict) -> VersionChanges:
    """What changed between two snapshots of the strategy (a published version, or the strategy
    as it stands now): its text word by word; priorities, actions and measures added, removed
    or changed, field by field. Pure: no queries."""
    return VersionChanges(
        text=_field_changes(old, new, _STRATEGY_FIELDS),
        priorities=_item_changes(
            old.get("priorities") or [], new.get("priorities") or [], _PRIORITY_FIELDS
        ),
        actions=_item_changes(
            _actions_of(old, titles=_priority_titles(new)), _actions_of(new), _ACTION_FIELDS
        ),
        measures=_item_changes(
            old.get("measures") or [], new.get("measures") or [], _MEASURE_FIELDS, name="name"
        ),
    )


# --- actions ---

# The filter that picks out actions needing attention: past due, or not reported on lately.
ACTION_FLAGS = ("overdue", "stale")


def action_list_strategy(*, partnership, strategy_pk: int | None = None) -> Strategy | None:
    """The strategy whose actions the list shows: the one asked for (404 if it is not this
    partnership's), else the current one, the latest by period that is not superseded."""
    if strategy_pk is not None:
        return get_object_or_404(Strategy.objects.filter(partnership=partnership), pk=strategy_pk)
    return (
        Strategy.objects.filter(partnership=partnership)
        .exclude(status=Strategy.Status.SUPERSEDED)
        .order_by("-start_period", "-pk")
        .first()
    )


def _flag_q(flag: str, *, today: datetime.date) -> Q:
    open_ = ~Q(status__in=FINISHED)
    if flag == "overdue":
        return open_ & Q(due_on__lt=today)
    cutoff = today - STALE_AFTER
    return open_ & (
        Q(last_update_on__lt=cutoff) | Q(last_update_on__isnull=True, created_at__date__lt=cutoff)
    )


def action_list(
    *,
    partnership,
    strategy: Strategy | None = None,
    status: str = "",
    organisation: Organisation | None = None,
    flag: str = "",
    today: datetime.date | None = None,
):
    """Actions in plan order (priority, then action), filtered, with everything the list shows:
    a constant number of queries however many there are."""
    actions = (
        Action.objects.filter(partnership=partnership)
        .select_related("strategy", "priority", "lead_organisation", "element")
        .prefetch_related(
            Prefetch("contributing_organisations", queryset=Organisation.objects.order_by("name"))
        )
        .order_by("priority__order", "priority_id", "order", "pk")
    )
    if strategy is not None:
        actions = actions.filter(strategy=strategy)
    if status:
        actions = actions.filter(status=status)
    if organisation is not None:
        actions = actions.filter(lead_organisation=organisation)
    if flag in ACTION_FLAGS:
        actions = actions.filter(_flag_q(flag, today=today or timezone.localdate()))
    return actions


def action_detail(*, partnership, action_pk: int) -> Action:
    """One action with everything its page shows (404 if it is not this partnership's)."""
    queryset = (
        Action.objects.filter(partnership=partnership)
        .select_related(
            "strategy",
            "priority",
            "lead_organisation",
            "lead_person__user",
            "lead_person__organisation",
            "element",
            "relevant_authority__sector",
        )
        .prefetch_related(
            Prefetch("contributing_organisations", queryset=Organisation.objects.order_by("name")),
            Prefetch("measures", queryset=StrategyMeasure.objects.order_by("name", "pk")),
        )
    )
    return get_object_or_404(queryset, pk=action_pk)


def action_timeline(*, action: Action):
    """The action's progress updates, newest first, with who posted them and for whom."""
    return (
        ActionUpdate.objects.filter(action=action)
        .select_related("author", "organisation")
        .order_by("-updated_on", "-created_at", "-pk")
    )


def action_organisation_choices(*, partnership, including: Iterable[int] = ()):
    """Current organisations, plus any already chosen that have since retired."""
    return (
        Organisation.objects.filter(partnership=partnership)
        .filter(Q(retired_at__isnull=True) | Q(pk__in=list(including)))
        .order_by("name")
    )


def lead_person_choices(*, partnership, including: Iterable[int] = ()):
    """Active members of current organisations (and one already chosen), by organisation then
    name; the form and the service require the one chosen to belong to the lead organisation."""
    return (
        Membership.objects.filter(partnership=partnership)
        .filter(
            Q(ended_on__isnull=True, organisation__retired_at__isnull=True)
            | Q(pk__in=list(including))
        )
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__full_name", "pk")
    )


def relevant_authority_choices(*, partnership, including: Iterable[int] = ()):
    """Current organisations that are relevant authorities (education, prisons and youth
    custody), the bodies a strategy may specify actions for, plus one already chosen."""
    return (
        Organisation.objects.filter(partnership=partnership)
        .filter(
            Q(retired_at__isnull=True, sector__authority_type=Sector.AuthorityType.RELEVANT)
            | Q(pk__in=list(including))
        )
        .order_by("name")
    )


# --- measures ---


class Progress:
    """Which way a measure is moving against its baseline, judged by its direction of good."""

    IMPROVING = "improving"
    WORSE = "worse"
    UNCHANGED = "unchanged"
    NO_DATA = "no_data"


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
    def progress(self) -> str:
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
        DataPoint.objects.filter(
            partnership_id=partnership_id,
            contribution__status=Contribution.Status.ACCEPTED,
            measure_id__in=trends,
        )
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


# --- governance ---


# Statutory roles in the order pages list them: those who must sign off first.
STATUTORY_ROLE_ORDER = {value: index for index, value in enumerate(Sector.AuthorityType.values)}


def _organisation_by_role(organisation: Organisation) -> tuple[int, str]:
    return STATUTORY_ROLE_ORDER.get(
        organisation.sector.authority_type, len(STATUTORY_ROLE_ORDER)
    ), organisation.name


def sign_off_is_open(*, strategy: Strategy) -> bool:
    """Decisions are recorded while the strategy is being agreed, not once it is published."""
    return strategy.status not in {Strategy.Status.PUBLISHED, Strategy.Status.SUPERSEDED}


@dataclass
class SignOffRow:
    organisation: Organisation
    sign_off: SignOff | None
    # A current specified authority: the strategy cannot be agreed without its decision.
    must_sign: bool

    @property
    def counts_as_signed(self) -> bool:
        return self.sign_off is not None and self.sign_off.counts_as_signed


@dataclass
class SignOffStatus:
    """Who has signed off the current version, who still must, and earlier versions' record."""

    rows: list[SignOffRow]
    outstanding: list[Organisation]
    earlier: list[SignOff]

    @property
    def can_be_agreed(self) -> bool:
        return not self.outstanding


def sign_off_status(*, strategy: Strategy) -> SignOffStatus:
    """Every current specified authority (these must sign off), then any other organisation
    that has recorded a decision on the current version, each with that decision or none; the
    specified authorities still outstanding; and decisions on earlier versions. Four queries,
    however many organisations and decisions."""
    sign_offs = list(
        SignOff.objects.filter(strategy=strategy)
        .select_related("organisation__sector")
        .order_by("-version", "organisation__name")
    )
    current = {s.organisation_id: s for s in sign_offs if s.version == strategy.version}
    must_sign = (
        Organisation.objects.filter(
            partnership_id=strategy.partnership_id,
            retired_at__isnull=True,
            sector__authority_type=Sector.AuthorityType.SPECIFIED,
        )
        .select_related("sector")
        .order_by("name")
    )
    rows = [SignOffRow(org, current.pop(org.pk, None), must_sign=True) for org in must_sign]
    rows += [
        SignOffRow(sign_off.organisation, sign_off, must_sign=False)
        for sign_off in sorted(
            current.values(), key=lambda s: _organisation_by_role(s.organisation)
        )
    ]
    return SignOffStatus(
        rows=rows,
        outstanding=sign_offs_outstanding(strategy=strategy),
        earlier=[s for s in sign_offs if s.version < strategy.version],
    )


@dataclass
class ConsultationRow:
    organisation: Organisation
    consultation: Consultation | None


def consultation_status(*, strategy: Strategy) -> list[ConsultationRow]:
    """Every current relevant authority the Act says must be consulted (education, prisons and
    youth custody), with its consultation or none, then any other organisation consulted (one
    since retired, say). Two queries."""
    consultations = {
        c.organisation_id: c
        for c in Consultation.objects.filter(strategy=strategy).select_related(
            "organisation__sector"
        )
    }
    consultees = (
        Organisation.objects.filter(
            partnership_id=strategy.partnership_id,
            retired_at__isnull=True,
            sector__slug__in=CONSULTEE_SECTORS,
        )
        .select_related("sector")
        .order_by("name")
    )
    rows = [ConsultationRow(org, consultations.pop(org.pk, None)) for org in consultees]
    rows += [
        ConsultationRow(c.organisation, c)
        for c in sorted(consultations.values(), key=lambda c: c.organisation.name)
    ]
    return rows


def meeting_list(*, partnership):
    """The partnership's meetings, newest first, each with how many organisations attended:
    one query a page."""
    return (
        Meeting.objects.filter(partnership=partnership)
        .annotate(attendance=Count("attendees", distinct=True))
        .order_by("-held_on", "-pk")
    )


def meeting_attendance(*, meeting: Meeting) -> list[tuple[str, list[Organisation]]]:
    """The organisations that attended, grouped by statutory role in the Duty's order: one
    query."""
    groups: dict[str, list[Organisation]] = {}
    for organisation in sorted(
        meeting.attendees.select_related("sector"), key=_organisation_by_role
    ):
        groups.setdefault(organisation.statutory_role, []).append(organisation)
    return list(groups.items())


# --- commissioning ---


def commission_list(*, partnership, kind: str = "", status: str = ""):
    """The partnership's commissioned services and opportunities, with their commissioner,
    priorities (and each priority's strategy) and provision services: four queries for a page,
    however many rows and links."""
    commissions = (
        Commission.objects.filter(partnership=partnership)
        .select_related("commissioner")
        .prefetch_related(
            Prefetch(
                "priorities",
                queryset=Priority.objects.select_related("strategy").order_by(
                    "-strategy__start_period", "order", "pk"
                ),
            ),
            Prefetch("provision", queryset=ProvisionService.objects.order_by("name", "pk")),
        )
    )
    if kind:
        commissions = commissions.filter(kind=kind)
    if status:
        commissions = commissions.filter(status=status)
    return commissions.order_by("title", "pk")


# --- annual review and compliance ---


# A review due within this many days is flagged as due soon.
REVIEW_DUE_SOON_DAYS = 60
LIVE_STRATEGY_STATUSES = (Strategy.Status.PUBLISHED, Strategy.Status.UNDER_REVIEW)
AGREED_SNA = (Assessment.Status.AGREED, Assessment.Status.PUBLISHED)
# How many open calls and unfinished actions the dashboard lists as the next deadlines.
DEADLINES_SHOWN = 5


def financial_year(day: datetime.date) -> str:
    """The financial year (April to March) that contains `day`, as periods are written: 2026/27."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


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
    if strategy.status not in LIVE_STRATEGY_STATUSES:
        return None
    dates = [d for d in (strategy.next_review_due, strategy.review_due_from()) if d]
    if not dates:
        return None
    due_on = min(dates)
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


class ComplianceStatus(TextChoices):
    MET = "met", _("Met")
    DUE_SOON = "due_soon", _("Due soon")
    NOT_MET = "not_met", _("Not met")


COMPLIANCE_TAG = {
    ComplianceStatus.MET: "govuk-tag--green",
    ComplianceStatus.DUE_SOON: "govuk-tag--yellow",
    ComplianceStatus.NOT_MET: "govuk-tag--red",
}


def _duty_evidence_url(name: str, slug: str, args: tuple) -> str:
    return reverse(f"tenant:{name}", args=[slug, *args])


@dataclass
class ComplianceLine:
    """One line of the Duty checklist: whether it is met, since when, why, and the evidence."""

    key: str
    title: str
    short_title: str
    status: str
    explanation: str
    url_name: str
    url_args: tuple
    partnership_slug: str
    on: datetime.date | None = None
    missing: list[str] = field(default_factory=list)

    @property
    def is_met(self) -> bool:
        """Due soon still counts: the Duty is met until the date passes."""
        return self.status != ComplianceStatus.NOT_MET

    @property
    def status_label(self) -> str:
        return str(ComplianceStatus(self.status).label)

    @property
    def tag(self) -> str:
        return COMPLIANCE_TAG[self.status]

    @property
    def url(self) -> str | None:
        return _duty_evidence_url(self.url_name, self.partnership_slug, self.url_args)


@dataclass
class ActionCount:
    status: str
    label: str
    count: int

    @property
    def rag_tag(self) -> str:
        return RAG_TAG[self.status]


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
        return _duty_evidence_url(self.url_name, self.partnership_slug, self.url_args)


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


def _strategy_covers(strategy: Strategy, period: str) -> bool:
    return strategy.start_period <= period <= strategy.end_period


def _current_strategy(strategies: list[Strategy], period: str) -> Strategy | None:
    """The strategy the checklist is about, from a partnership's strategies (superseded ones
    left out, newest first): the published one covering this year, else any covering it
    (being drafted or consulted on), else the newest."""
    for wanted in (
        lambda s: s.status in LIVE_STRATEGY_STATUSES and _strategy_covers(s, period),
        lambda s: _strategy_covers(s, period),
        lambda s: True,
    ):
        chosen = next((s for s in strategies if wanted(s)), None)
        if chosen is not None:
            return chosen
    return None


def _duty_line(status: bool | str, **kwargs) -> ComplianceLine:
    if isinstance(status, bool):
        status = ComplianceStatus.MET if status else ComplianceStatus.NOT_MET
    return ComplianceLine(status=status, **kwargs)


def _duty_date(value: datetime.date) -> str:
    return date_format(value, "j F Y")


def _definition_line(definition, **common) -> ComplianceLine:
    if definition is None:
        explanation = _("No local definition has been agreed yet")
    else:
        explanation = _("Version %(version)s agreed on %(date)s") % {
            "version": definition.version,
            "date": _duty_date(definition.agreed_on),
        }
    return _duty_line(
        definition is not None,
        key="definition",
        title=_("Local definition of serious violence agreed"),
        short_title=_("Local definition"),
        explanation=explanation,
        url_name="definition",
        url_args=(),
        on=definition and definition.agreed_on,
        **common,
    )


def _assessment_line(assessment, period: str, **common) -> ComplianceLine:
    met = assessment is not None and assessment.status in AGREED_SNA
    if assessment is None:
        explanation = _("There is no SNA for %(period)s yet") % {"period": period}
    elif met and assessment.agreed_on:
        explanation = _("Agreed on %(date)s") % {"date": _duty_date(assessment.agreed_on)}
        if assessment.status == Assessment.Status.PUBLISHED:
            explanation = _("Agreed on %(date)s and published") % {
                "date": _duty_date(assessment.agreed_on)
            }
    elif met:
        explanation = str(assessment.get_status_display())
    else:
        explanation = _("The SNA for %(period)s is %(status)s, not agreed yet") % {
            "period": period,
            "status": assessment.get_status_display().lower(),
        }
    return _duty_line(
        met,
        key="assessment",
        title=_("Strategic needs assessment agreed for %(period)s") % {"period": period},
        short_title=_("SNA agreed"),
        explanation=explanation,
        url_name="assessment",
        url_args=(),
        on=assessment.agreed_on if met else None,
        **common,
    )


def _published_line(strategy, period: str, **common) -> ComplianceLine:
    met = (
        strategy is not None
        and strategy.status in LIVE_STRATEGY_STATUSES
        and _strategy_covers(strategy, period)
    )
    if strategy is None:
        explanation = _("No strategy has been published for %(period)s") % {"period": period}
    elif met:
        explanation = (
            _("Published on %(date)s") % {"date": _duty_date(strategy.published_on)}
            if strategy.published_on
            else _("Published")
        )
        if strategy.status == Strategy.Status.UNDER_REVIEW:
            explanation = _("%(published)s; now being revised") % {"published": explanation}
    elif strategy.status in LIVE_STRATEGY_STATUSES:
        explanation = _("The published strategy covers %(covers)s, not %(period)s") % {
            "covers": strategy.period,
            "period": period,
        }
    else:
        explanation = _("The strategy for %(covers)s is not published yet (%(status)s)") % {
            "covers": strategy.period,
            "status": strategy.get_status_display().lower(),
        }
    return _duty_line(
        met,
        key="strategy",
        title=_("Response strategy published"),
        short_title=_("Strategy published"),
        explanation=explanation,
        url_name="strategies-detail" if strategy else "strategies",
        url_args=(strategy.pk,) if strategy else (),
        on=strategy.published_on if met else None,
        **common,
    )


def _review_line(strategy, due: ReviewDue | None, **common) -> ComplianceLine:
    live = strategy is not None and strategy.status in LIVE_STRATEGY_STATUSES
    since = (strategy.last_reviewed_on or strategy.published_on) if live else None
    if not live:
        status, explanation = False, _("There is no published strategy to review yet")
    elif due is None:
        status, explanation = False, _("No review date has been set")
    else:
        if strategy.last_reviewed_on:
            done = _("Last reviewed on %(date)s") % {"date": _duty_date(strategy.last_reviewed_on)}
        elif strategy.published_on:
            done = _("Not reviewed since publication on %(date)s") % {
                "date": _duty_date(strategy.published_on)
            }
        else:
            done = _("Not reviewed yet")
        if due.is_overdue:
            status = False
            next_due = _("the next review was due by %(date)s and is overdue")
        else:
            status = ComplianceStatus.DUE_SOON if due.is_due_soon else True
            next_due = _("next review due by %(date)s")
        explanation = f"{done}; {next_due % {'date': _duty_date(due.due_on)}}"
    return _duty_line(
        status,
        key="review",
        title=_("Strategy reviewed within the last 12 months"),
        short_title=_("Reviewed"),
        explanation=explanation,
        url_name="reviews" if live else ("strategies-detail" if strategy else "strategies"),
        url_args=(strategy.pk,) if strategy else (),
        on=since,
        **common,
    )


def _no_specified_line(**kwargs) -> ComplianceLine:
    return _duty_line(
        False, explanation=_("The partnership has no specified authorities yet"), **kwargs
    )


def _accountable_line(gaps: RepresentationGaps, **common) -> ComplianceLine:
    kwargs = {
        "key": "accountable",
        "title": _("Every specified authority has an accountable representative"),
        "short_title": _("Accountable people"),
        "url_name": "representation",
        "url_args": (),
        **common,
    }
    if not gaps.specified:
        return _no_specified_line(**kwargs)
    lacking = [o.name for o in gaps.lacking_accountable]
    if lacking:
        explanation = ngettext(
            "%(count)s specified authority has no accountable representative",
            "%(count)s specified authorities have no accountable representative",
            len(lacking),
        ) % {"count": len(lacking)}
    else:
        explanation = _("All %(count)s specified authorities have one") % {
            "count": len(gaps.specified)
        }
    return _duty_line(not lacking, explanation=explanation, missing=lacking, **kwargs)


def _core_elements_line(gaps, core, contributed, **common) -> ComplianceLine:
    kwargs = {
        "key": "contributions",
        "title": _("Every specified authority has contributed to each core element"),
        "short_title": _("Core elements"),
        "url_name": "matrix",
        "url_args": (),
        **common,
    }
    if not gaps.specified:
        return _no_specified_line(**kwargs)
    missing = []
    for authority in gaps.specified:
        organisation = authority.organisation
        lacking = [e.short_name for e in core if (organisation.pk, e.pk) not in contributed]
        if lacking:
            missing.append(f"{organisation.name}: {', '.join(lacking)}")
    if missing:
        explanation = ngettext(
            "%(count)s specified authority has no evidence yet for every core element",
            "%(count)s specified authorities have no evidence yet for every core element",
            len(missing),
        ) % {"count": len(missing)}
    else:
        explanation = _("Evidence from every specified authority for %(elements)s") % {
            "elements": ", ".join(e.short_name for e in core)
        }
    return _duty_line(not missing, explanation=explanation, missing=missing, **kwargs)


def _consulted_line(gaps, strategy, consulted, **common) -> ComplianceLine:
    kwargs = {
        "key": "consulted",
        "title": _("Relevant authorities consulted on the strategy"),
        "short_title": _("Consulted"),
        "url_name": "consultations" if strategy else "representation",
        "url_args": (strategy.pk,) if strategy else (),
        **common,
    }
    relevant = [
        engagement.organisation
        for engagement in gaps.relevant
        if engagement.organisation.sector.slug in CONSULTEE_SECTORS
    ]
    if not relevant:
        return _duty_line(
            False,
            explanation=_("No education, prison or youth custody body is in the partnership yet"),
            **kwargs,
        )
    if strategy is None:
        return _duty_line(False, explanation=_("There is no strategy to consult on yet"), **kwargs)
    missing = sorted(o.name for o in relevant if (strategy.pk, o.pk) not in consulted)
    if missing:
        explanation = ngettext(
            "%(count)s relevant authority has not been consulted",
            "%(count)s relevant authorities have not been consulted",
            len(missing),
        ) % {"count": len(missing)}
    else:
        explanation = ngettext(
            "The %(count)s relevant authority has been consulted",
            "All %(count)s relevant authorities have been consulted",
            len(relevant),
        ) % {"count": len(relevant)}
    return _duty_line(not missing, explanation=explanation, missing=missing, **kwargs)


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
    partnership id, in a constant number of queries (fourteen at most) however many
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
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    actions: dict[int, list[dict]] = defaultdict(list)
    if strategy_ids:
        consulted = set(
            Consultation.objects.with_scope(partnership=ids)
            .filter(strategy_id__in=strategy_ids)
            .values_list("strategy_id", "organisation_id")
        )
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
            _definition_line(definitions.get(pk), **common),
            _assessment_line(assessments.get(pk), period, **common),
            _published_line(strategy, period, **common),
            _review_line(strategy, due, **common),
            _accountable_line(gaps[pk], **common),
            _core_elements_line(gaps[pk], core, contributed, **common),
            _consulted_line(gaps[pk], strategy, consulted, **common),
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


def compliance(*, partnership: Partnership, today: datetime.date) -> Compliance:
    """The Duty checklist of one partnership (see compliance_for)."""
    return compliance_for(partnerships=[partnership], today=today)[partnership.pk]
