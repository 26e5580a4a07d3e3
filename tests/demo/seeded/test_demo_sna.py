"""The demo's SNA evidence: definitions, calls, contributions in every state, figures, findings and
a provision map."""

from datetime import date

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from assessments import selectors
from assessments.models import (
    Assessment,
    AssessmentModule,
    Call,
    Contribution,
    DataPoint,
    DefinitionAmendment,
    Finding,
    LocalDefinition,
    Measure,
    ProvisionService,
    Recommendation,
)
from partnerships.models import (
    Partnership,
)
from partnerships.roles import (
    PortalRole,
)
from tests.demo.seeded import NORTHSHIRE_MEASURES

GUIDANCE_SECTORS = {
    "fire-and-rescue",
    "police",
    "health",
    "prisons-and-secure-estate",
    "youth-justice",
    "probation",
    "local-authority",
    "education",
}


def contributions(slug) -> list[Contribution]:
    with scopes_disabled():
        return list(
            Contribution.objects.filter(partnership__slug=slug).select_related(
                "organisation__sector", "element", "call"
            )
        )


@pytest.mark.parametrize("slug", ["northshire", "southvale"])
def test_each_partnership_has_a_local_definition_agreed_on_1_april_2025(seeded, slug):
    with scopes_disabled():
        agreed = LocalDefinition.objects.get(partnership__slug=slug, status="agreed")
        agreed_by = {o.sector.slug for o in agreed.agreed_by.select_related("sector")}

    assert (agreed.version, agreed.agreed_on) == (1, date(2025, 4, 1))
    assert agreed.created_at.date() < agreed.agreed_on
    assert {"police", "fire-and-rescue", "health", "local-authority"} <= agreed_by
    assert {"youth-justice", "probation"} <= agreed_by


def test_northshire_has_a_draft_version_2_with_a_partners_open_amendment(seeded):
    with scopes_disabled():
        draft = LocalDefinition.objects.get(partnership__slug="northshire", status="draft")
        amendment = DefinitionAmendment.objects.select_related("proposed_by__user").get(
            definition=draft
        )

    assert draft.version == 2
    assert len(draft.violence_types) > 6
    assert amendment.status == "open"
    assert amendment.proposed_by.portal_role == PortalRole.PARTNER
    assert amendment.reason


@pytest.mark.parametrize("slug", ["northshire", "southvale"])
def test_each_partnership_has_a_draft_sna_for_2026_27_with_its_modules(seeded, slug):
    with scopes_disabled():
        assessment = Assessment.objects.get(partnership__slug=slug, period="2026/27")
        modules = list(assessment.modules.all())

    assert (assessment.period, assessment.status) == ("2026/27", "draft")
    assert len(modules) == len(AssessmentModule.Kind.values)
    assert any(m.owner_id and m.body for m in modules)


def test_northshires_sna_has_modules_ready_in_progress_and_not_started(seeded):
    with scopes_disabled():
        statuses = [
            m.status
            for m in AssessmentModule.objects.filter(
                partnership__slug="northshire", assessment__period="2026/27"
            )
        ]

    assert statuses.count("ready") >= 2
    assert {"in_progress", "not_started"} <= set(statuses)


def test_northshire_has_an_open_call_for_data_leads_and_a_closed_call_past_due(seeded):
    today = timezone.localdate()
    with scopes_disabled():
        calls = {c.status: c for c in Call.objects.filter(partnership__slug="northshire")}
        open_measures = set(calls["open"].measures.values_list("slug", flat=True))
        completeness = selectors.calls_completeness(
            calls=Call.objects.filter(pk=calls["closed"].pk).prefetch_related("organisations"),
            today=today,
        )[calls["closed"].pk]

    assert calls["open"].due_on > today
    assert (calls["open"].audience, calls["open"].duty_role) == ("duty_role", "data_lead")
    assert open_measures == {"knife-offensive-weapon-offences", "violence-with-injury"}
    assert calls["closed"].due_on < today
    assert calls["closed"].issued_at.date() < calls["closed"].due_on
    # Answered on time, answered late, and not answered at all.
    assert completeness.on_time >= 3
    assert completeness.submitted > completeness.on_time
    assert completeness.overdue >= 1


def test_northshire_has_contributions_in_every_state_across_sectors_and_elements(seeded):
    items = contributions("northshire")

    assert {c.status for c in items} == set(Contribution.Status.values)
    assert any(c.changed_since_accepted for c in items)
    assert len({c.organisation.sector.slug for c in items}) >= 5
    assert len({c.element.slug for c in items}) >= 4
    with scopes_disabled():
        returned = [c for c in items if c.status == "returned"]
        assert all(c.comments.exists() for c in returned)


def test_southvale_has_a_smaller_set_of_contributions_and_an_open_call(seeded):
    items = contributions("southvale")
    with scopes_disabled():
        call = Call.objects.get(partnership__slug="southvale")

    assert {"draft", "submitted", "accepted"} <= {c.status for c in items}
    assert call.status == "open" and call.due_on > timezone.localdate()


def test_northshire_has_three_years_of_quarterly_figures_for_four_measures(seeded):
    with scopes_disabled():
        points = list(
            DataPoint.objects.filter(partnership__slug="northshire").select_related(
                "measure", "contribution"
            )
        )

    for slug in NORTHSHIRE_MEASURES:
        figures = [p for p in points if p.measure.slug == slug]
        assert len(figures) >= 48, slug
        quarters = sorted({p.period_label for p in figures})
        assert (len(quarters), quarters[0], quarters[-1]) == (12, "2023-Q2", "2026-Q1")
    assert {p.area for p in points} == {"Northshire"}
    assert {p.contribution.kind for p in points} == {"data_return"}
    assert {p.contribution.status for p in points} == {"accepted"}


@pytest.mark.parametrize("slug", ["northshire", "southvale"])
def test_some_quarterly_totals_are_small_enough_to_be_suppressed(seeded, slug):
    partnership = Partnership.objects.get(slug=slug)
    with scopes_disabled():
        measure = Measure.objects.get(slug="hospital-admissions-sharp-object")
        trend = selectors.data_measure_trend(partnership=partnership, measure=measure)

    assert len(trend) == 12
    assert any(1 <= total <= 4 for _label, total in trend)


def test_northshire_has_findings_of_several_kinds_resting_on_evidence(seeded):
    with scopes_disabled():
        findings = list(
            Finding.objects.filter(
                partnership__slug="northshire", assessment__period="2026/27"
            ).prefetch_related("contributions", "measures")
        )
        recommendations = list(
            Recommendation.objects.filter(
                partnership__slug="northshire", assessment__period="2026/27"
            ).prefetch_related("findings")
        )

        assert len({f.kind for f in findings}) >= 4
        for finding in findings:
            cited = list(finding.contributions.all())
            assert cited or finding.measures.exists(), finding.title
            # Accepted when cited; one has changed since.
            assert all(c.accepted_revision for c in cited), finding.title
        assert any(c.changed_since_accepted for f in findings for c in f.contributions.all())
        assert len(recommendations) == 2
        assert all(r.findings.exists() for r in recommendations)


def test_northshire_has_a_curated_provision_map_with_mixed_tiers(seeded):
    with scopes_disabled():
        services = list(ProvisionService.objects.filter(partnership__slug="northshire"))

    assert 4 <= len(services) <= 6
    assert len({s.tier for s in services}) == 3
    assert {s.curated for s in services} == {True, False}
    for service in services:
        assert service.provider and service.description and service.area, service.name
        assert service.age_min is not None and service.age_max is not None, service.name
