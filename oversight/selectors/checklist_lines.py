"""The Duty checklist's lines: what each says, whether it is met, and where its evidence is,
one builder per line (`compliance_for` in compliance.py reads the records and calls them)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import TextChoices
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from assessments.lifecycles import AGREED_SNA
from assessments.models import Assessment
from common.tags import tag_colours
from partnerships.selectors import RepresentationGaps
from strategies.models import (
    CONSULTEE_SECTORS,
    Strategy,
)
from strategies.selectors import (
    LIVE_STRATEGY_STATUSES,
    ReviewDue,
)

# Each checklist line's name in a narrow column, by its key (the convener overview shows them
# from the stored standing, oversight.models.PartnershipStanding).
SHORT_TITLES = {
    "definition": gettext_lazy("Local definition"),
    "assessment": gettext_lazy("SNA agreed"),
    "strategy": gettext_lazy("Strategy published"),
    "review": gettext_lazy("Reviewed"),
    "accountable": gettext_lazy("Accountable people"),
    "contributions": gettext_lazy("Core elements"),
    "consulted": gettext_lazy("Consulted (s.8(4))"),
    "recommendations_taken_forward": gettext_lazy("Recommendations taken forward"),
    "actions_measured": gettext_lazy("Actions measured"),
    "findings_cited": gettext_lazy("Findings drawn on"),
    "data_sharing": gettext_lazy("Data sharing agreed"),
}


@tag_colours(MET="green", DUE_SOON="yellow", NOT_MET="red")
class ComplianceStatus(TextChoices):
    MET = "met", _("Met")
    DUE_SOON = "due_soon", _("Due soon")
    NOT_MET = "not_met", _("Not met")


def duty_evidence_url(name: str, slug: str, args: tuple) -> str:
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
        return duty_evidence_url(self.url_name, self.partnership_slug, self.url_args)


def strategy_covers(strategy: Strategy, period: str) -> bool:
    return strategy.start_period <= period <= strategy.end_period


def _duty_line(status: bool | str, **kwargs) -> ComplianceLine:
    if isinstance(status, bool):
        status = ComplianceStatus.MET if status else ComplianceStatus.NOT_MET
    return ComplianceLine(status=status, **kwargs)


def _duty_date(value: datetime.date) -> str:
    return date_format(value, "j F Y")


def definition_line(definition, **common) -> ComplianceLine:
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


def assessment_line(assessment, period: str, **common) -> ComplianceLine:
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


def published_line(strategy, period: str, **common) -> ComplianceLine:
    met = (
        strategy is not None
        and strategy.status in LIVE_STRATEGY_STATUSES
        and strategy_covers(strategy, period)
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


def review_line(strategy, due: ReviewDue | None, **common) -> ComplianceLine:
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


def accountable_line(gaps: RepresentationGaps, **common) -> ComplianceLine:
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


def core_elements_line(gaps, core, contributed, **common) -> ComplianceLine:
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


def consulted_line(
    gaps, strategy, consulted, *, bodies=(), consulted_bodies=frozenset(), **common
) -> ComplianceLine:
    """s.8(4): every educational, prison and youth custody authority for the area consulted on
    the strategy, member organisation (`consulted` holds (strategy, organisation) pairs) or body
    outside the partnership on its register (`consulted_bodies`: (strategy, body) pairs)."""
    kwargs = {
        "key": "consulted",
        "title": _("Educational, prison and youth custody authorities consulted on the strategy"),
        "short_title": SHORT_TITLES["consulted"],
        "url_name": "consultations" if strategy else "bodies",
        "url_args": (strategy.pk,) if strategy else (),
        **common,
    }
    relevant = [
        engagement.organisation
        for engagement in gaps.relevant
        if engagement.organisation.sector.slug in CONSULTEE_SECTORS
    ]
    if not relevant and not bodies:
        return _duty_line(
            False,
            explanation=_(
                "No educational, prison or youth custody authority is recorded for the area yet"
            ),
            **kwargs,
        )
    if strategy is None:
        return _duty_line(False, explanation=_("There is no strategy to consult on yet"), **kwargs)
    missing = sorted(
        [o.name for o in relevant if (strategy.pk, o.pk) not in consulted]
        + [b.name for b in bodies if (strategy.pk, b.pk) not in consulted_bodies]
    )
    total = len(relevant) + len(bodies)
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
            total,
        ) % {"count": total}
    return _duty_line(not missing, explanation=explanation, missing=missing, **kwargs)


def data_sharing_line(gaps, sharing: dict, **common) -> ComplianceLine:
    """Data sharing (Table 6): every specified authority is party to an agreement in force and
    not overdue for review (`sharing`: the partnership's entry from
    assessments.selectors.sharing.sharing_summary_for). Met but due soon while an agreement's
    review falls due within a month, since returns stop counting as covered once it passes."""
    kwargs = {
        "key": "data_sharing",
        "title": _("Every specified authority is party to an in-date data sharing agreement"),
        "short_title": SHORT_TITLES["data_sharing"],
        "url_name": "sharing",
        "url_args": (),
        **common,
    }
    if not gaps.specified:
        return _no_specified_line(**kwargs)
    covered = sharing["covered"]
    missing = sorted(
        engagement.organisation.name
        for engagement in gaps.specified
        if engagement.organisation.pk not in covered
    )
    if missing:
        explanation = ngettext(
            "%(count)s specified authority is party to no in-date agreement",
            "%(count)s specified authorities are party to no in-date agreement",
            len(missing),
        ) % {"count": len(missing)}
        return _duty_line(False, explanation=explanation, missing=missing, **kwargs)
    due = sorted(sharing["due"], key=lambda agreement: agreement.review_due_on)
    if due:
        first = due[0]
        explanation = ngettext(
            "%(count)s agreement is due for review, the first by %(date)s",
            "%(count)s agreements are due for review, the first by %(date)s",
            len(due),
        ) % {"count": len(due), "date": _duty_date(first.review_due_on)}
        return _duty_line(
            ComplianceStatus.DUE_SOON,
            explanation=explanation,
            missing=[agreement.title for agreement in due],
            on=first.review_due_on,
            **kwargs,
        )
    explanation = _("All %(count)s specified authorities are party to one") % {
        "count": len(gaps.specified)
    }
    return _duty_line(True, explanation=explanation, **kwargs)


def _traced_line(strategy, untraced, *, key: str, title: str, counted, traced, **common):
    """A traceability line (oversight.selectors.traceability): met when the strategy leaves
    nothing of its kind untraced, each untraced one named (the first few) as missing."""
    kwargs = {
        "key": key,
        "title": title,
        "short_title": SHORT_TITLES[key],
        "url_name": "strategies-traceability" if strategy else "strategies",
        "url_args": (strategy.pk,) if strategy else (),
        **common,
    }
    if strategy is None:
        return _duty_line(False, explanation=_("There is no strategy yet"), **kwargs)
    if not untraced.count:
        return _duty_line(True, explanation=traced, **kwargs)
    missing = list(untraced.names)
    if untraced.count > len(missing):
        more = untraced.count - len(missing)
        missing.append(_("and %(count)s more") % {"count": more})
    return _duty_line(False, explanation=counted(untraced.count), missing=missing, **kwargs)


def recommendations_taken_forward_line(strategy, traces: dict, **common) -> ComplianceLine:
    return _traced_line(
        strategy,
        strategy and traces[strategy.pk].recommendations,
        key="recommendations_taken_forward",
        title=_("Every recommendation of the SNA is taken forward by a priority of the strategy"),
        counted=lambda count: (
            ngettext(
                "%(count)s recommendation of the SNA is not taken forward by any priority",
                "%(count)s recommendations of the SNA are not taken forward by any priority",
                count,
            )
            % {"count": count}
        ),
        traced=_("Every recommendation of the SNA the strategy rests on is taken forward"),
        **common,
    )


def actions_measured_line(strategy, traces: dict, **common) -> ComplianceLine:
    return _traced_line(
        strategy,
        strategy and traces[strategy.pk].actions,
        key="actions_measured",
        title=_("Every action of the strategy names a measure it should move"),
        counted=lambda count: (
            ngettext(
                "%(count)s action names no measure",
                "%(count)s actions name no measure",
                count,
            )
            % {"count": count}
        ),
        traced=_("Every action not cancelled names a measure"),
        **common,
    )


def findings_cited_line(strategy, traces: dict, **common) -> ComplianceLine:
    return _traced_line(
        strategy,
        strategy and traces[strategy.pk].findings,
        key="findings_cited",
        title=_("Every finding of the SNA is cited by a priority or answered by a recommendation"),
        counted=lambda count: (
            ngettext(
                "%(count)s finding of the SNA is neither cited by a priority nor answered by a "
                "recommendation",
                "%(count)s findings of the SNA are neither cited by a priority nor answered by a "
                "recommendation",
                count,
            )
            % {"count": count}
        ),
        traced=_("Every finding of the SNA the strategy rests on is drawn on"),
        **common,
    )
