"""The Duty compliance checklist: how each partnership stands against the Duty, read from the
definition, the SNA, the strategy, its governance and the people representing each body.

It combines every app's records, so it lives above them. `compliance_for` reads many
partnerships at once (the convener overview), `compliance` one (its dashboard).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, F, TextChoices, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from assessments.lifecycles import AGREED_SNA
from assessments.models import Assessment, Call, Contribution, LocalDefinition, financial_year
from common.tags import tag_colours
from partnerships.changes import records_version
from partnerships.models import DutyElement, Partnership
from partnerships.selectors import RepresentationGaps, representation_gaps_for
from strategies.models import (
    CONSULTEE_SECTORS,
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

from .matrix import EVIDENCE_ELEMENTS

# How many open calls and unfinished actions the dashboard lists as the next deadlines.
DEADLINES_SHOWN = 5


# Each checklist line's name in a narrow column, by its key (the convener overview shows them
# from the stored standing, oversight.models.PartnershipStanding).
SHORT_TITLES = {
    "definition": gettext_lazy("Local definition"),
    "assessment": gettext_lazy("SNA agreed"),
    "strategy": gettext_lazy("Strategy published"),
    "review": gettext_lazy("Reviewed"),
    "accountable": gettext_lazy("Accountable people"),
    "contributions": gettext_lazy("Core elements"),
    "consulted": gettext_lazy("Consulted"),
}


@tag_colours(MET="green", DUE_SOON="yellow", NOT_MET="red")
class ComplianceStatus(TextChoices):
    MET = "met", _("Met")
    DUE_SOON = "due_soon", _("Due soon")
    NOT_MET = "not_met", _("Not met")


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
    def status_choice(self) -> ComplianceStatus:
        return ComplianceStatus(self.status)

    @property
    def url(self) -> str | None:
        return _duty_evidence_url(self.url_name, self.partnership_slug, self.url_args)


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
        short_title=SHORT_TITLES["definition"],
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
        short_title=SHORT_TITLES["assessment"],
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
        short_title=SHORT_TITLES["strategy"],
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
        short_title=SHORT_TITLES["review"],
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
        "short_title": SHORT_TITLES["accountable"],
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
        "short_title": SHORT_TITLES["contributions"],
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
        "short_title": SHORT_TITLES["consulted"],
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


# How long a partnership's checklist is trusted without a change telling otherwise: bulk writes
# tell none, and the Duty catalogue it also reads changes only with a release.
COMPLIANCE_TIMEOUT = 300


def compliance(*, partnership: Partnership, today: datetime.date) -> Compliance:
    """The Duty checklist of one partnership (see compliance_for), the same for every member:
    kept in the cache by the partnership's records' version (partnerships.changes), the day
    (dates move lines) and the language its words are in. Its fourteen queries were a third of
    a dashboard's time; now a change to the partnership's records is what recomputes it."""
    version = records_version(partnership.pk)
    key = f"compliance:{partnership.pk}:{version}:{today.isoformat()}:{get_language()}"
    found = cache.get(key)
    if found is None:
        found = compliance_for(partnerships=[partnership], today=today)[partnership.pk]
        cache.set(key, found, COMPLIANCE_TIMEOUT)
    return found
