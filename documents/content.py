"""The annual response strategy and the SNA as printable documents.

Each document is one Django template rendered to HTML, then to PDF by `documents.pdf`. The
context is built here in a constant number of queries, whatever the number of actions or
figures. A published strategy renders from the snapshot frozen when it was published, so later
edits never change what was published; a draft renders the same shape from its live rows.
The measures' figures (latest value, charts) are the one live part of a published strategy,
and the document labels them apart from the progress frozen at publication.
User text reaches the HTML only escaped by Django or as sanitised Markdown with every image
removed, so nothing a user types can make the renderer fetch a file or call the network.

Documents leave the portal, so they print what may travel: each member as their job title and
organisation, with their name only if they agreed to be named (`Person`), and every
data-return figure from 1 to 4 as "<5", whoever exports it (assessments/suppression.py).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments import selectors as assessment_selectors
from assessments.charts import trend_description, trend_svg
from assessments.models import (
    Assessment,
    AssessmentModule,
    Contribution,
    Finding,
    Measure,
    ProvisionService,
)
from assessments.suppression import plotted, shown
from partnerships import selectors as partnership_selectors
from partnerships.models import Membership
from strategies import selectors, services
from strategies.models import SignOff, Strategy, StrategyVersion

from .languages import bilingual_html, in_welsh_where_written, markdown_of, plain_of
from .pdf import RenderedPdf, render_pdf
from .text import markdown_html as _markdown

KINDS = ("strategy", "sna")
VARIANTS = ("full", "public")
# A document suppresses small numbers whoever exports it: the file travels beyond the people
# who may see them, and a draft shows what publishing would print.
SUPPRESS = True
# A published document renders what was published, never the live rows.
FROZEN = {Strategy.Status.PUBLISHED, Strategy.Status.UNDER_REVIEW, Strategy.Status.SUPERSEDED}


def _date(value: str | datetime.date | None) -> datetime.date | None:
    if isinstance(value, str):
        return datetime.date.fromisoformat(value) if value else None
    return value


def _partnership_context(partnership, *, marking: str) -> dict:
    """What every document shows on its cover and in its running header."""
    return {
        "partnership": partnership,
        "areas": partnership.areas,
        "marking": marking,
        "generated_on": timezone.localdate(),
    }


def _definition_context(definition) -> dict | None:
    if definition is None:
        return None
    return {
        "definition": definition,
        "summary": markdown_of(definition, "summary"),
        "age_scope": plain_of(definition, "age_scope"),
        "violence_types": definition.get_violence_types_display(),
        "factors": [
            (_("The maximum penalty"), plain_of(definition, "maximum_penalty")),
            (_("The impact on the victim"), plain_of(definition, "impact_on_victim")),
            (_("Prevalence in the area"), plain_of(definition, "prevalence")),
            (_("The impact on the community"), plain_of(definition, "impact_on_community")),
        ],
    }


@dataclass(frozen=True)
class Person:
    """A member as a document prints them: their post and organisation, and their name only if
    they agreed to be named. Templates are given these, never memberships, so no document can
    reach a name through `membership.user`."""

    name: str
    post: str
    organisation: str
    duty_roles: list[str]
    accountable: bool
    responsible: bool
    data_lead: bool

    @classmethod
    def of(cls, membership: Membership) -> "Person":
        return cls(
            name=membership.name_in_documents,
            post=membership.job_title,
            organisation=membership.organisation.name,
            duty_roles=membership.get_duty_roles_display(),
            accountable=membership.accountable,
            responsible=membership.responsible,
            data_lead=membership.data_lead,
        )


def _people(partnership) -> list[tuple[int, Person]]:
    """Current members with their organisation's id, by organisation and post: one query.
    Consultees are no members: a document never prints them among the partnership's people."""
    return [
        (membership.organisation_id, Person.of(membership))
        for membership in Membership.objects.active()
        .members()
        .filter(partnership=partnership)
        .select_related("user", "organisation")
        .order_by("organisation__name", "job_title", "pk")
    ]


def _roles_context(partnership) -> dict:
    """Organisations by statutory role, each with its members who hold a Duty role."""
    groups, _retired = partnership_selectors.organisations_by_statutory_role(
        partnership=partnership
    )
    people = _people(partnership)
    by_organisation = defaultdict(list)
    for organisation_id, person in people:
        by_organisation[organisation_id].append(person)
    return {
        "role_groups": [
            {
                "label": label,
                "organisations": [
                    {
                        "organisation": organisation,
                        "accountable": [
                            p for p in by_organisation[organisation.pk] if p.accountable
                        ],
                        "responsible": [
                            p for p in by_organisation[organisation.pk] if p.responsible
                        ],
                        "data_leads": [p for p in by_organisation[organisation.pk] if p.data_lead],
                    }
                    for organisation in organisations
                ],
            }
            for _value, label, organisations in groups
            if organisations
        ],
        "members": [person for _organisation_id, person in people],
    }


def _data_sources(partnership) -> list[dict]:
    """The measures the partnership's accepted data returns hold figures for, with where the
    figures come from and which organisations returned them: two queries."""
    rows = (
        assessment_selectors.accepted_data_points(partnership_id=partnership.pk)
        .values_list("measure_id", "contribution__organisation__name")
        .distinct()
    )
    organisations = defaultdict(set)
    for measure_id, organisation in rows:
        organisations[measure_id].add(organisation)
    return [
        {"measure": measure, "organisations": sorted(organisations[measure.pk])}
        for measure in Measure.objects.filter(pk__in=organisations).order_by("name")
    ]


def _chart(*, title: str, unit: str, trend: list[tuple[str, Decimal]], chart_id: str) -> dict:
    """A trend chart as a document prints it: inline SVG named by the chart in words (the
    tagged PDF's alternative text for the Figure), and the same figures for the table that
    follows it. A small number is left out of the line and printed as "<5", as everywhere in a
    document."""
    points = plotted(trend, suppress=SUPPRESS)
    alt = trend_description(title=title, points=points, unit=unit)
    return {
        "id": chart_id,
        "title": title,
        "unit": unit,
        "svg": trend_svg(title=title, points=points, unit=unit, chart_id=chart_id, alt=alt),
        "alt": alt,
        "rows": [(label, shown(value, suppress=SUPPRESS)) for label, value in trend],
    }


def _render(template: str, context: dict, *, draft: bool) -> str:
    return render_to_string(template, {**context, "draft": draft})


# --- The response strategy ------------------------------------------------------------------------


def _published_version(strategy: Strategy) -> StrategyVersion | None:
    if strategy.status not in FROZEN:
        return None
    return StrategyVersion.objects.filter(strategy=strategy).order_by("-number").first()


def _action_context(action: dict) -> dict:
    return {
        **action,
        "start_on": _date(action.get("start_on")),
        "due_on": _date(action.get("due_on")),
    }


def _plan_context(snapshot: dict, *, public: bool, latest: dict) -> dict:
    """Priorities, actions and measures from a snapshot, leaving restricted ones out of the
    public version (and the actions and measures of a restricted priority with it)."""
    priorities = [p for p in snapshot["priorities"] if not (public and p["restricted"])]
    left_out = {p["title"] for p in snapshot["priorities"]} - {p["title"] for p in priorities}
    measures = [
        {**m, "latest": latest.get(m["id"])}
        for m in snapshot["measures"]
        if not (public and (m["restricted"] or m["priority"] in left_out))
    ]
    charts = [
        _chart(
            title=measure["name"],
            unit=measure["latest"]["unit"],
            trend=measure["latest"]["trend"],
            chart_id=f"measure-chart-{measure['id']}",
        )
        for measure in measures
        if measure["latest"]
    ]
    measures_by_priority = defaultdict(list)
    for measure in measures:
        measures_by_priority[measure["priority"]].append(measure["name"])
    return {
        "priorities": [
            {
                **priority,
                "rationale_html": _markdown(priority["rationale"]),
                "theory_of_change": [
                    (label, priority.get(field, ""))
                    for field, label in (
                        ("problem", _("Problem")),
                        ("activities", _("Activities")),
                        ("outputs", _("Outputs")),
                        ("outcomes", _("Outcomes")),
                        ("impact", _("Impact")),
                    )
                    if priority.get(field)
                ],
                "actions": [
                    _action_context(action)
                    for action in priority["actions"]
                    if not (public and action["restricted"])
                ],
                "measures": measures_by_priority[priority["title"]],
            }
            for priority in priorities
        ],
        "measures": measures,
        "charts": charts,
    }


def _latest_values(strategy: Strategy) -> dict[int, dict]:
    """Each measure's accepted figures, live, with the latest of them: the only figures a
    published document does not freeze, so it always says how far the partnership has got."""
    return {
        progress.measure.pk: {
            "value": shown(progress.latest_value, suppress=SUPPRESS),
            "period": progress.latest_label,
            "trend": progress.trend,
            "unit": progress.measure.data_measure.unit if progress.measure.data_measure else "",
        }
        for progress in selectors.measure_list(strategy=strategy)
        if progress.latest_value is not None
    }


def _consultation_summary(strategy: Strategy, snapshot: dict, *, public: bool) -> list:
    """The consultation's responses; the public version leaves out comments on restricted
    priorities, as it leaves the priorities out."""
    summary = selectors.consultation_summary(strategy=strategy)
    if public:
        restricted = {f"priority-{p['id']}" for p in snapshot["priorities"] if p["restricted"]}
        for row in summary:
            row.comments = [c for c in row.comments if c.section_key not in restricted]
    return summary


def strategy_context(*, strategy: Strategy, variant: str = "full", draft: bool = False) -> dict:
    """Everything the strategy document shows, in a constant number of queries: the published
    version as it was frozen, or, for a draft, the text and plan as they stand now (a revision
    being prepared, or a strategy not yet published)."""
    if variant not in VARIANTS:
        raise ValueError(f"Unknown variant {variant!r}")
    partnership = strategy.partnership
    version = None if draft else _published_version(strategy)
    snapshot = version.snapshot if version else services.strategy_snapshot(strategy)
    version_number = version.number if version else strategy.version
    public = variant == "public"
    assessment = (
        Assessment.objects.filter(pk=snapshot["assessment"]["id"])
        .prefetch_related(Prefetch("findings", queryset=Finding.objects.order_by("title", "pk")))
        .first()
    )
    sign_offs = list(
        SignOff.objects.filter(strategy=strategy, version=version_number)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    context = {
        **_partnership_context(partnership, marking=partnership.get_protective_marking_display()),
        **_roles_context(partnership),
        **_plan_context(snapshot, public=public, latest=_latest_values(strategy)),
        "strategy": strategy,
        "snapshot": snapshot,
        "version": version,
        "version_number": version_number,
        # Progress in the plan is frozen on this day; measures' latest values are live.
        "frozen_on": version.published_on if version else None,
        "public": public,
        "text": {
            field: _markdown(snapshot.get(field, "")) for field in services.STRATEGY_TEXT_FIELDS
        },
        "sign_offs": sign_offs,
        "definition": _definition_context(
            assessment_selectors.current_definition(partnership=partnership)
        ),
        "assessment": assessment,
        "consultations": selectors.consultation_status(strategy=strategy),
        # Responses made in the portal, by organisation or body: never the staff who wrote.
        "consultation_summary": _consultation_summary(strategy, snapshot, public=public),
        "next_review_due": strategy.next_review_due or strategy.review_due_from(),
        "data_sources": _data_sources(partnership),
        # The register as it stands, like the consultation record: the landscape changes
        # around a strategy whatever version of it was published.
        "landscape": selectors.landscape_entries(partnership=partnership),
    }
    return in_welsh_where_written(context)


def public_strategy_context(*, strategy: Strategy, version: StrategyVersion) -> dict:
    """What the strategy's public web page shows: the public version of what was published, its
    text and plan, and the measures' latest figures with small numbers suppressed. Nobody's
    name: the snapshot records organisations, and no member is read here. Three queries."""
    snapshot = version.snapshot
    context = {
        **_plan_context(snapshot, public=True, latest=_latest_values(strategy)),
        "snapshot": snapshot,
        "version": version,
        "frozen_on": version.published_on,
        "text": {
            field: _markdown(snapshot.get(field, "")) for field in services.STRATEGY_TEXT_FIELDS
        },
        "next_review_due": strategy.next_review_due or strategy.review_due_from(),
    }
    return in_welsh_where_written(context)


def strategy_html(*, strategy: Strategy, variant: str = "full", draft: bool = False) -> str:
    """The annual response strategy as HTML for the PDF renderer."""
    return _render(
        "documents/pdf/strategy.html",
        strategy_context(strategy=strategy, variant=variant, draft=draft),
        draft=draft,
    )


# --- The strategic needs assessment ---------------------------------------------------------------


def _figures(partnership) -> tuple[dict[int, list], dict[int, list]]:
    """Accepted figures per measure: totals per period, and per period and area. Two queries."""
    points = assessment_selectors.accepted_data_points(partnership_id=partnership.pk)
    totals = defaultdict(list)
    for row in (
        points.values("measure_id", "period_start", "period_label")
        .annotate(total=Sum("value"))
        .order_by("measure_id", "period_start", "period_label")
    ):
        totals[row["measure_id"]].append((row["period_label"], row["total"]))
    by_area = defaultdict(list)
    for row in (
        points.values("measure_id", "period_start", "period_label", "area")
        .annotate(total=Sum("value"))
        .order_by("measure_id", "period_start", "period_label", "area")
    ):
        by_area[row["measure_id"]].append(
            (row["period_label"], row["area"], shown(row["total"], suppress=SUPPRESS))
        )
    return totals, by_area


def sna_context(*, assessment: Assessment) -> dict:
    """Everything the SNA document shows, in a constant number of queries."""
    partnership = assessment.partnership
    totals, by_area = _figures(partnership)
    measures = {m.pk: m for m in Measure.objects.filter(pk__in=totals).order_by("name")}
    findings = list(
        Finding.objects.filter(assessment=assessment)
        .prefetch_related(
            Prefetch(
                "contributions",
                queryset=Contribution.objects.filter(status=Contribution.Status.ACCEPTED)
                .select_related("organisation")
                .order_by("organisation__name", "title"),
            ),
            Prefetch("measures", queryset=Measure.objects.order_by("name")),
        )
        .order_by("title", "pk")
    )
    findings_by_kind = defaultdict(list)
    for finding in findings:
        findings_by_kind[finding.kind].append(
            {"finding": finding, "description": _markdown(finding.description)}
        )
    definition = assessment.definition or assessment_selectors.current_definition(
        partnership=partnership
    )
    provision = list(
        ProvisionService.objects.filter(partnership=partnership)
        .prefetch_related(Prefetch("findings", queryset=Finding.objects.order_by("title")))
        .order_by("tier", "name")
    )
    return {
        **_partnership_context(
            partnership,
            # The SNA holds small-number data: restricted unless the lead says otherwise.
            marking="OFFICIAL-SENSITIVE"
            if assessment.restricted
            else partnership.get_protective_marking_display(),
        ),
        **_roles_context(partnership),
        "assessment": assessment,
        "definition": _definition_context(definition),
        "scope": _markdown(assessment.scope),
        "methodology": _markdown(assessment.methodology),
        "modules": [
            {"module": module, "body": markdown_of(module, "body")}
            for module in AssessmentModule.objects.filter(assessment=assessment).order_by(
                "order", "pk"
            )
        ],
        "finding_groups": [
            (label, findings_by_kind[kind])
            for kind, label in Finding.Kind.choices
            if findings_by_kind[kind]
        ],
        "gaps": [f for f in findings if f.kind == Finding.Kind.GAP],
        "provision": provision,
        "recommendations": [
            {"recommendation": r, "description": _markdown(r.description)}
            for r in assessment_selectors.recommendations_for_assessment(assessment=assessment)
        ],
        "charts": [
            _chart(
                title=measure.name,
                unit=measure.unit,
                trend=totals[pk],
                chart_id=f"chart-{measure.slug}",
            )
            for pk, measure in measures.items()
        ],
        "appendix_tables": [
            {"measure": measure, "rows": by_area[pk]} for pk, measure in measures.items()
        ],
        "data_sources": _data_sources(partnership),
    }


def sna_html(*, assessment: Assessment, draft: bool = False) -> str:
    """The strategic needs assessment as HTML for the PDF renderer."""
    return _render("documents/pdf/sna.html", sna_context(assessment=assessment), draft=draft)


# --- Rendering ------------------------------------------------------------------------------------


def document_html(*, kind: str, source, variant: str = "full", draft: bool = False) -> str:
    """The strategy (a Strategy) or the SNA (an Assessment) as HTML, in the active language."""
    if kind == "strategy":
        return strategy_html(strategy=source, variant=variant, draft=draft)
    if kind == "sna":
        return sna_html(assessment=source, draft=draft)
    raise ValueError(f"Unknown document kind {kind!r}")


def render_document(
    *, kind: str, source, variant: str = "full", draft: bool = False
) -> RenderedPdf:
    """The strategy (a Strategy) or the SNA (an Assessment) as a PDF."""
    html = document_html(kind=kind, source=source, variant=variant, draft=draft)
    # The renderer's own pseudo-origin: our static URLs resolve, nothing else is fetched.
    return render_pdf(html)


def render_bilingual_document(
    *, kind: str, source, variant: str = "full", draft: bool = False
) -> RenderedPdf:
    """The document in Welsh and then in English, in one PDF tagged Welsh, its English half
    tagged English."""
    with translation.override("cy"):
        welsh = document_html(kind=kind, source=source, variant=variant, draft=draft)
    with translation.override("en-gb"):
        english = document_html(kind=kind, source=source, variant=variant, draft=draft)
    return render_pdf(bilingual_html(welsh=welsh, english=english))
