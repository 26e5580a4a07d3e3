"""The strategy itself: started on an agreed SNA, written by the lead, read by the members who
see it, moved on from its pages. The moves themselves are in test_strategy_lifecycle.py."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from assessments.models import Assessment
from strategies import services
from strategies.models import Strategy, StrategyVersion
from tests.factories import (
    ActionFactory,
    AssessmentFactory,
    PartnershipFactory,
    PriorityFactory,
    StrategyFactory,
)
from tests.strategies.strategy_stories import S, add_priority, sign_off, url, with_status


def start(partnership, user, assessment, **fields):
    values = {
        "title": "Northshire Serious Violence Strategy",
        "start_period": "2026/27",
        "end_period": "2028/29",
    } | fields
    with scopes_disabled():
        return services.strategy_start(
            partnership=partnership, assessment=assessment, acting_user=user, **values
        )


# --- Starting a strategy ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_lead_starts_a_draft_strategy_resting_on_the_agreed_sna(
    client_for, lead, partnership, sna
):
    response = client_for(lead).post(
        url("strategies-new", partnership),
        {
            "title": "Northshire Serious Violence Strategy",
            "start_period": "2026/27",
            "end_period": "2028/29",
            "assessment": sna.pk,
        },
        follow=True,
    )

    assert "“Northshire Serious Violence Strategy” has been started" in response.content.decode()
    with scopes_disabled():
        strategy = Strategy.objects.get()
    assert (strategy.status, strategy.assessment, strategy.version) == (S.DRAFT, sna, 1)
    assert strategy.created_by == lead


@pytest.mark.django_db
def test_a_strategy_cannot_rest_on_an_sna_that_is_not_agreed(lead, partnership):
    draft = AssessmentFactory(partnership=partnership, period="2026/27")

    with pytest.raises(ValidationError) as refused:
        start(partnership, lead, draft)

    assert "The strategy must rest on an agreed SNA" in str(refused.value)


@pytest.mark.django_db
def test_a_published_sna_is_as_good_as_an_agreed_one(lead, partnership):
    published = AssessmentFactory(
        partnership=partnership, period="2026/27", status=Assessment.Status.PUBLISHED
    )

    assert start(partnership, lead, published).assessment == published


@pytest.mark.django_db
def test_an_sna_of_another_partnership_is_refused(lead, partnership):
    elsewhere = AssessmentFactory(partnership=PartnershipFactory(), status=Assessment.Status.AGREED)

    with pytest.raises(ValidationError) as refused:
        start(partnership, lead, elsewhere)

    assert "Choose an SNA of this partnership" in str(refused.value)


@pytest.mark.django_db
def test_there_is_one_strategy_per_partnership_for_each_start_period(
    lead, partnership, sna, strategy
):
    with pytest.raises(ValidationError) as refused:
        start(partnership, lead, sna, title="A second one")

    assert "already has a strategy starting in 2026/27" in str(refused.value)


@pytest.mark.django_db
def test_the_start_form_keeps_what_was_typed_and_explains_each_error(
    client_for, lead, partnership, sna
):
    response = client_for(lead).post(
        url("strategies-new", partnership),
        {"title": "", "start_period": "2027/28", "end_period": "2026/27", "assessment": sna.pk},
    )

    html = response.content.decode()
    assert "Enter the title of the strategy" in html
    assert "The last year must be the same as or after the first" in html
    assert 'value="2027/28"' in html
    with scopes_disabled():
        assert not Strategy.objects.exists()


@pytest.mark.django_db
def test_the_start_form_offers_only_agreed_snas(client_for, lead, partnership, sna):
    draft = AssessmentFactory(partnership=partnership, period="2027/28")

    html = client_for(lead).get(url("strategies-new", partnership)).content.decode()

    assert f'value="{sna.pk}"' in html
    assert f'value="{draft.pk}"' not in html


@pytest.mark.django_db
def test_with_no_agreed_sna_the_strategy_page_explains_why_and_links_to_the_sna(
    client_for, lead, partnership
):
    html = client_for(lead).get(url("strategies", partnership)).content.decode()

    assert "The partnership has no agreed SNA yet" in html
    assert reverse("tenant:assessment", args=[partnership.slug]) in html
    assert url("strategies-new", partnership) not in html


@pytest.mark.django_db
def test_the_strategy_page_shows_the_current_strategy_and_offers_leads_a_new_one(
    client_for, lead, partnership, strategy
):
    old = StrategyFactory(
        partnership=partnership,
        assessment=strategy.assessment,
        title="The old strategy",
        start_period="2023/24",
        end_period="2025/26",
        status=S.SUPERSEDED,
    )

    html = client_for(lead).get(url("strategies", partnership)).content.decode()

    current = html.split("Current strategy")[1].split("All strategies")[0]
    assert "Northshire Serious Violence Strategy" in current
    assert old.title not in current
    assert "Superseded" in html
    assert url("strategies-new", partnership) in html


# --- Editing ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_lead_writes_the_strategys_text(client_for, lead, partnership, strategy):
    client_for(lead).post(
        url("strategies-edit", partnership, strategy.pk),
        {
            "title": strategy.title,
            "start_period": "2026/27",
            "end_period": "2027/28",
            "foreword": "We will **act** on what the SNA found.",
        },
    )

    strategy.refresh_from_db()
    assert (strategy.end_period, strategy.foreword) == (
        "2027/28",
        "We will **act** on what the SNA found.",
    )


@pytest.mark.django_db
def test_the_edit_form_keeps_the_typed_text_when_the_title_is_missing(
    client_for, lead, partnership, strategy
):
    response = client_for(lead).post(
        url("strategies-edit", partnership, strategy.pk),
        {
            "title": "",
            "start_period": "2026/27",
            "end_period": "2028/29",
            "summary": "Fewer young people hurt.",
        },
    )

    html = response.content.decode()
    assert "Enter the title of the strategy" in html
    assert "Fewer young people hurt." in html


@pytest.mark.django_db
@pytest.mark.parametrize("status", [S.AGREED, S.PUBLISHED, S.SUPERSEDED])
def test_the_text_cannot_be_changed_once_agreed_published_or_superseded(lead, strategy, status):
    with_status(strategy, status)

    with pytest.raises(ValidationError) as refused, scopes_disabled():
        services.strategy_edit(strategy=strategy, data={"foreword": "Changed"}, acting_user=lead)

    assert "so it cannot be changed" in str(refused.value)


@pytest.mark.django_db
def test_a_published_strategys_edit_page_says_to_start_a_revision(
    client_for, lead, partnership, strategy
):
    with_status(strategy, S.PUBLISHED)

    html = client_for(lead).get(url("strategies-edit", partnership, strategy.pk)).content.decode()

    assert "Start a revision to make changes." in html
    assert "<form" not in html.split('id="main-content"')[-1].split("</main>")[0]


# --- The pages --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_publish_page_explains_that_publishing_freezes_a_version(
    client_for, lead, partnership, strategy
):
    with_status(strategy, S.AGREED)

    response = client_for(lead).get(
        url("strategies-transition", partnership, strategy.pk, query="?to=published")
    )

    html = response.content.decode()
    assert "Publishing freezes this version exactly as it stands" in html
    assert "Version 1 will be frozen as published." in html
    with scopes_disabled():
        assert not StrategyVersion.objects.exists()


@pytest.mark.django_db
def test_confirming_performs_the_move(client_for, lead, partnership, strategy):
    response = client_for(lead).post(
        url("strategies-transition", partnership, strategy.pk, query="?to=consultation"),
        follow=True,
    )

    assert "The strategy is out for consultation" in response.content.decode()
    strategy.refresh_from_db()
    assert strategy.status == S.CONSULTATION


@pytest.mark.django_db
def test_a_refused_move_is_shown_in_an_error_summary(client_for, lead, partnership, strategy):
    add_priority(strategy)

    response = client_for(lead).post(
        url("strategies-transition", partnership, strategy.pk, query="?to=agreed")
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Still to sign off: Northshire County Council" in html


@pytest.mark.django_db
def test_a_move_from_the_wrong_status_is_shown_in_an_error_summary(
    client_for, lead, partnership, strategy
):
    response = client_for(lead).post(
        url("strategies-transition", partnership, strategy.pk, query="?to=published")
    )

    assert response.status_code == 200
    assert "The strategy is draft, so it cannot be marked published" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_status_is_not_found(client_for, lead, partnership, strategy):
    response = client_for(lead).get(
        url("strategies-transition", partnership, strategy.pk, query="?to=abandoned")
    )

    assert response.status_code == 404


@pytest.mark.django_db
def test_the_overview_offers_the_lead_only_the_moves_allowed_now(
    client_for, lead, partnership, strategy
):
    with_status(strategy, S.AGREED)

    html = client_for(lead).get(url("strategies-detail", partnership, strategy.pk)).content.decode()

    assert "?to=published" in html
    assert "?to=draft" in html
    assert "?to=consultation" not in html
    assert "?to=superseded" not in html


@pytest.mark.django_db
def test_the_overview_shows_each_priority_with_the_findings_it_cites(
    client_for, lead, partnership, strategy, council
):
    priority = add_priority(
        strategy,
        title="Make the town centre safe at night",
        rationale="Two thirds of **knife** offences happen there.",
    )
    with scopes_disabled():
        finding = priority.findings.get()
    ActionFactory(priority=priority, lead_organisation=council, status="at_risk")

    html = client_for(lead).get(url("strategies-detail", partnership, strategy.pk)).content.decode()

    findings_page = reverse("tenant:findings", args=[partnership.slug, strategy.assessment_id])
    assert "1. Make the town centre safe at night" in html
    assert "<strong>knife</strong>" in html
    assert f'href="{findings_page}#finding-{finding.pk}">{finding.title}</a>' in html
    assert "At risk" in html


@pytest.mark.django_db
def test_the_overview_shows_sign_off_progress_and_who_is_outstanding(
    client_for, lead, partnership, strategy, police, council
):
    sign_off(strategy, council)

    html = client_for(lead).get(url("strategies-detail", partnership, strategy.pk)).content.decode()

    assert "1 of 2 specified authorities have signed off version 1" in html
    assert "Still to sign off:" in html
    assert "<li>Northshire Police</li>" in html


# --- Who may do what ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["lead", "partner", "data_lead", "convener"])
def test_members_who_see_the_strategy_read_it(request, client_for, partnership, strategy, persona):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(url("strategies", partnership)).status_code == 200
    assert client.get(url("strategies-detail", partnership, strategy.pk)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["partner", "convener"])
def test_partners_and_conveners_change_nothing(request, client_for, partnership, strategy, persona):
    client = client_for(request.getfixturevalue(persona))
    transition = url("strategies-transition", partnership, strategy.pk, query="?to=consultation")

    assert client.get(url("strategies-new", partnership)).status_code == 403
    assert client.post(url("strategies-edit", partnership, strategy.pk)).status_code == 403
    assert client.post(transition).status_code == 403
    strategy.refresh_from_db()
    assert strategy.status == S.DRAFT


@pytest.mark.django_db
def test_partners_are_not_offered_the_leads_buttons(client_for, partner, partnership, strategy):
    html = (
        client_for(partner).get(url("strategies-detail", partnership, strategy.pk)).content.decode()
    )

    assert "?to=" not in html
    assert url("strategies-edit", partnership, strategy.pk) not in html


@pytest.mark.django_db
def test_observers_do_not_see_the_strategy(client_for, observer, partnership, strategy):
    client = client_for(observer)

    assert client.get(url("strategies", partnership)).status_code == 403
    assert client.get(url("strategies-detail", partnership, strategy.pk)).status_code == 403


# --- Constant queries -------------------------------------------------------------------------


def _priorities_with_actions(strategy, organisation, count):
    with scopes_disabled():
        findings = list(strategy.assessment.findings.all())
        recommendations = list(strategy.assessment.recommendations.all())
    for _number in range(count):
        priority = PriorityFactory(strategy=strategy)
        with scopes_disabled():
            priority.findings.set(findings)
            priority.recommendations.set(recommendations)
        ActionFactory(priority=priority, lead_organisation=organisation, status="on_track")
        ActionFactory(priority=priority, lead_organisation=organisation, status="at_risk")


@pytest.mark.django_db
def test_the_overview_takes_the_same_queries_for_3_or_12_priorities(
    client_for, lead, partnership, strategy, council
):
    client = client_for(lead)
    counts = []
    for count in (3, 9):
        _priorities_with_actions(strategy, council, count)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("strategies-detail", partnership, strategy.pk))
        assert response.status_code == 200
        counts.append(len(queries))

    assert response.content.decode().count('<h3 class="govuk-heading-m" id="priority-') == 12
    assert counts[0] == counts[1]
