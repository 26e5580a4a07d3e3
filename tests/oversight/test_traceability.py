"""Traceability both ways: Priya, the lead, sees which of the SNA's recommendations and findings
her strategy does not draw on and which of its actions name no measure, with a link to put each
right; the Duty checklist counts the same gaps for every partnership at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from assessments.models import Finding, Recommendation
from oversight import selectors
from tests.factories import (
    ActionFactory,
    AssessmentFactory,
    PartnershipFactory,
    PriorityFactory,
    StrategyMeasureFactory,
)
from tests.oversight.compliance_stories import MET, NOT_MET, TODAY, published_strategy
from tests.query_counts import cold_cache

YOUTH_WORKERS = "Put youth workers in the night-time economy"


def page_url(strategy) -> str:
    return reverse("tenant:strategies-traceability", args=[strategy.partnership.slug, strategy.pk])


def finding(assessment, title: str, kind=Finding.Kind.TREND) -> Finding:
    with scopes_disabled():
        return Finding.objects.create(
            partnership=assessment.partnership,
            assessment=assessment,
            kind=kind,
            title=title,
            description="What the SNA found.",
        )


def recommendation(assessment, title: str, findings=()) -> Recommendation:
    with scopes_disabled():
        made = Recommendation.objects.create(
            partnership=assessment.partnership, assessment=assessment, title=title
        )
        made.findings.set(findings)
    return made


def sna_recommendation(sna) -> Recommendation:
    with scopes_disabled():
        return Recommendation.objects.get(assessment=sna)


def trace(strategy) -> selectors.Traceability:
    with scopes_disabled():
        return selectors.traceability(partnership=strategy.partnership, strategy=strategy)


def line(partnership, key: str):
    # compliance_for, not compliance: the kept checklist would hide the change just made.
    lines = selectors.compliance_for(partnerships=[partnership], today=TODAY)[partnership.pk].lines
    return next(line for line in lines if line.key == key)


# --- The page -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_recommendation_no_priority_takes_forward_is_listed_until_one_does(
    client_for, lead, strategy, sna
):
    page = client_for(lead).get(page_url(strategy)).content.decode()
    assert YOUTH_WORKERS in page
    assert "1 recommendation of the SNA is not taken forward by any priority" in page

    priority = PriorityFactory(strategy=strategy)
    with scopes_disabled():
        priority.recommendations.add(sna_recommendation(sna))

    page = client_for(lead).get(page_url(strategy)).content.decode()
    assert YOUTH_WORKERS not in page
    assert "All traced: every recommendation of the SNA is taken forward" in page


@pytest.mark.django_db
def test_a_recommendation_suggests_the_priority_already_citing_a_finding_it_answers(
    client_for, lead, strategy, sna
):
    priority = PriorityFactory(strategy=strategy, title="Safer nights")
    with scopes_disabled():
        priority.findings.add(Finding.objects.get(title="School exclusion"))

    page = client_for(lead).get(page_url(strategy)).content.decode()

    assert "Add it to “Safer nights”" in page
    assert reverse("tenant:priorities-edit", args=["northshire", priority.pk]) in page


@pytest.mark.django_db
def test_an_action_without_a_measure_is_listed_and_one_with_a_measure_is_not(
    client_for, lead, strategy, council
):
    priority = PriorityFactory(strategy=strategy)
    ActionFactory(priority=priority, lead_organisation=council, title="Street triage")
    measured = ActionFactory(priority=priority, lead_organisation=council, title="Knife bins")
    ActionFactory(
        priority=priority, lead_organisation=council, title="Old idea", status="cancelled"
    )
    with scopes_disabled():
        measured.measures.add(StrategyMeasureFactory(strategy=strategy))

    unmeasured = trace(strategy).actions
    page = client_for(lead).get(page_url(strategy)).content.decode()

    # A cancelled action will not be delivered, so it needs no measure.
    assert [action.title for action in unmeasured] == ["Street triage"]
    assert "1 action names no measure it should move" in page
    assert reverse("tenant:actions-edit", args=["northshire", unmeasured[0].pk]) in page


@pytest.mark.django_db
def test_without_measures_in_the_strategy_the_lead_is_sent_to_add_one_first(
    client_for, lead, strategy, council
):
    ActionFactory(priority=PriorityFactory(strategy=strategy), lead_organisation=council)

    page = client_for(lead).get(page_url(strategy)).content.decode()

    assert "Add a measure to the strategy first" in page
    assert reverse("tenant:strategy-measures-new", args=["northshire", strategy.pk]) in page


@pytest.mark.django_db
def test_a_finding_nothing_draws_on_is_listed_until_a_priority_cites_it(
    client_for, lead, strategy, sna
):
    # The SNA's two findings are answered by its recommendation: traced through it.
    rising = finding(sna, "Rising robbery by under-18s")

    assert [f.title for f in trace(strategy).findings] == ["Rising robbery by under-18s"]
    page = client_for(lead).get(page_url(strategy)).content.decode()
    assert "1 finding of the SNA is neither cited by a priority nor answered" in page

    priority = PriorityFactory(strategy=strategy)
    with scopes_disabled():
        priority.findings.add(rising)

    assert trace(strategy).findings == []


@pytest.mark.django_db
def test_a_partner_sees_the_gaps_but_no_links_to_fix_them(client_for, partner, strategy, council):
    ActionFactory(priority=PriorityFactory(strategy=strategy), lead_organisation=council)

    response = client_for(partner).get(page_url(strategy))

    page = response.content.decode()
    assert response.status_code == 200
    assert YOUTH_WORKERS in page
    assert "Add a priority for it" not in page
    assert "Add a measure" not in page


@pytest.mark.django_db
def test_someone_from_another_partnership_gets_404(client_for, outsider, strategy):
    assert client_for(outsider).get(page_url(strategy)).status_code == 404


@pytest.mark.django_db
def test_the_strategy_overview_links_to_its_traceability(client_for, lead, strategy):
    page = client_for(lead).get(
        reverse("tenant:strategies-detail", args=["northshire", strategy.pk])
    )

    assert page_url(strategy) in page.content.decode()


def _untraced(strategy, sna, council, count: int) -> None:
    """`count` more of each kind the strategy leaves untraced."""
    priority = PriorityFactory(strategy=strategy)
    StrategyMeasureFactory(strategy=strategy)
    for n in range(count):
        recommendation(sna, f"Recommendation {strategy.pk}-{n}-{count}")
        finding(sna, f"Finding {strategy.pk}-{n}-{count}")
        ActionFactory(priority=priority, lead_organisation=council)


@pytest.mark.django_db
def test_the_page_takes_as_many_queries_for_10_of_each_as_for_2(
    client_for, lead, strategy, sna, council
):
    client = client_for(lead)
    counts = []
    for count in (2, 8):
        _untraced(strategy, sna, council, count)
        cold_cache()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page_url(strategy))
        assert response.status_code == 200
        counts.append(len(queries))

    found = response.context["trace"]
    # The SNA's own recommendation is among the eleven.
    assert (len(found.recommendations), len(found.actions), len(found.findings)) == (11, 10, 10)
    assert counts[0] == counts[1]


# --- The Duty checklist ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_checklist_line_is_not_met_until_every_recommendation_is_taken_forward(
    partnership, sna
):
    strategy = published_strategy(partnership, sna)

    untaken = line(partnership, "recommendations_taken_forward")
    assert untaken.status == NOT_MET
    assert untaken.explanation == (
        "1 recommendation of the SNA is not taken forward by any priority"
    )
    assert untaken.missing == [YOUTH_WORKERS]
    assert untaken.url == page_url(strategy)

    priority = PriorityFactory(strategy=strategy)
    with scopes_disabled():
        priority.recommendations.add(sna_recommendation(sna))

    assert line(partnership, "recommendations_taken_forward").status == MET


@pytest.mark.django_db
def test_the_checklist_names_five_untraced_actions_and_counts_the_rest(partnership, sna, council):
    strategy = published_strategy(partnership, sna)
    priority = PriorityFactory(strategy=strategy)
    for n in range(7):
        ActionFactory(priority=priority, lead_organisation=council, title=f"Action {n}", order=n)

    measured = line(partnership, "actions_measured")

    assert measured.status == NOT_MET
    assert measured.explanation == "7 actions name no measure"
    assert measured.missing == [*(f"Action {n}" for n in range(5)), "and 2 more"]


@pytest.mark.django_db
def test_the_checklist_line_for_findings_is_met_when_each_is_drawn_on(partnership, sna):
    # Both of the SNA's findings are answered by its recommendation.
    published_strategy(partnership, sna)

    assert line(partnership, "findings_cited").status == MET

    finding(sna, "Rising robbery by under-18s")

    assert line(partnership, "findings_cited").missing == ["Rising robbery by under-18s"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "key", ["recommendations_taken_forward", "actions_measured", "findings_cited"]
)
def test_without_a_strategy_the_traceability_lines_say_so(partnership, key):
    missing = line(partnership, key)

    assert missing.status == NOT_MET
    assert missing.explanation == "There is no strategy yet"


def _partnership_with_gaps(n: int):
    partnership = PartnershipFactory(slug=f"traced-{n}")
    sna = AssessmentFactory(partnership=partnership, status="agreed")
    strategy = published_strategy(partnership, sna)
    recommendation(sna, f"Recommendation of {n}")
    finding(sna, f"Finding of {n}")
    ActionFactory(priority=PriorityFactory(strategy=strategy))
    return partnership


@pytest.mark.django_db
def test_the_checklist_takes_as_many_queries_for_3_partnerships_as_for_1():
    partnerships = [_partnership_with_gaps(n) for n in range(3)]
    with CaptureQueriesContext(connection) as few:
        selectors.compliance_for(partnerships=partnerships[:1], today=TODAY)
    with CaptureQueriesContext(connection) as many:
        result = selectors.compliance_for(partnerships=partnerships, today=TODAY)

    assert len(many) == len(few)
    for compliance in result.values():
        statuses = {
            line.key: line.status
            for line in compliance.lines
            if line.key in {"recommendations_taken_forward", "actions_measured", "findings_cited"}
        }
        assert set(statuses.values()) == {NOT_MET}
