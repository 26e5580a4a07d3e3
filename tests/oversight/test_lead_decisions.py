"""Needs your decision (issue 14): the lead's dashboard opens with what waits on them, before
the partnership's figures: contributions to review, a strategy to agree or publish, actions a
relevant authority declined, an overdue review, off-track actions and empty Duty roles."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from assessments.models import Contribution
from strategies.models import Action, ActionStatus, Strategy
from tests.factories import (
    ActionFactory,
    ContributionFactory,
    OrganisationFactory,
    PriorityFactory,
)

pytestmark = pytest.mark.usefixtures("northshire_built_once")

S = Contribution.Status


def dashboard(client, partnership) -> str:
    response = client.get(reverse("tenant:dashboard", args=[partnership.slug]))
    assert response.status_code == 200
    return response.content.decode()


def decisions_section(page: str) -> str:
    """The section's markup alone, so nothing else on the dashboard can pass a test."""
    match = re.search(r'<section aria-labelledby="needs-your-decision".*?</section>', page, re.S)
    assert match, "no 'Needs your decision' section"
    return match.group(0)


def heading(section: str) -> str:
    match = re.search(r'id="needs-your-decision">(.*?)</h2>', section, re.S)
    return " ".join(match.group(1).split())


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def submitted(organisation, *, days_ago: int, **fields) -> Contribution:
    return ContributionFactory(
        organisation=organisation,
        status=S.SUBMITTED,
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago),
        **fields,
    )


def with_status(strategy, status) -> Strategy:
    with scopes_disabled():
        Strategy.objects.filter(pk=strategy.pk).update(status=status)
    strategy.refresh_from_db()
    return strategy


@pytest.mark.django_db
def test_contributions_waiting_for_review_are_listed_longest_waiting_first(
    client_for, partnership, lead, probation, police
):
    submitted(probation, days_ago=2, title="Probation caseload")
    submitted(police, days_ago=9, title="Knife crime hotspots")

    section = text(decisions_section(dashboard(client_for(lead), partnership)))

    assert section.index("Knife crime hotspots") < section.index("Probation caseload")
    assert "accept it or return it with comments" in section


@pytest.mark.django_db
def test_a_data_lead_is_asked_to_review_other_organisations_work_but_not_their_own(
    client_for, partnership, data_lead, police, probation
):
    submitted(police, days_ago=1, title="Police knife crime")
    submitted(probation, days_ago=1, title="Probation caseload")

    section = decisions_section(dashboard(client_for(data_lead), partnership))

    assert "Probation caseload" in section
    assert "Police knife crime" not in section


@pytest.mark.django_db
def test_the_section_comes_before_the_checklist_and_the_partnerships_details(
    client_for, partnership, lead, probation, strategy
):
    submitted(probation, days_ago=1)

    page = dashboard(client_for(lead), partnership)

    assert page.index("needs-your-decision") < page.index("Meeting the Duty")
    assert page.index("Meeting the Duty") < page.index("About the partnership")


@pytest.mark.django_db
def test_an_agreed_strategy_is_ready_to_publish(client_for, partnership, lead, strategy):
    with_status(strategy, Strategy.Status.AGREED)

    section = decisions_section(dashboard(client_for(lead), partnership))

    assert "Ready to publish" in section
    assert reverse("tenant:strategies-detail", args=[partnership.slug, strategy.pk]) in section


@pytest.mark.django_db
def test_a_strategy_in_consultation_says_how_many_authorities_must_still_sign_off(
    client_for, partnership, lead, strategy
):
    with_status(strategy, Strategy.Status.CONSULTATION)

    section = decisions_section(dashboard(client_for(lead), partnership))

    assert "Waiting for sign-off" in section
    assert re.search(r"In consultation: \d+ specified authorit", text(section))
    assert reverse("tenant:sign-offs", args=[partnership.slug, strategy.pk]) in section


@pytest.mark.django_db
def test_an_action_a_relevant_authority_declined_asks_for_a_decision(
    client_for, partnership, lead, strategy, council
):
    school = OrganisationFactory(partnership=partnership, name="Northshire Academy Trust")
    ActionFactory(
        priority=PriorityFactory(strategy=strategy),
        lead_organisation=council,
        title="Mentoring in schools",
        relevant_authority=school,
        relevant_authority_response=Action.Response.DECLINED,
    )

    section = text(decisions_section(dashboard(client_for(lead), partnership)))

    assert "Mentoring in schools" in section
    assert "Northshire Academy Trust declined this action" in section


@pytest.mark.django_db
def test_off_track_actions_are_counted_and_link_to_the_filtered_list(
    client_for, partnership, lead, strategy, council
):
    priority = PriorityFactory(strategy=strategy)
    for _ in range(2):
        ActionFactory(priority=priority, lead_organisation=council, status=ActionStatus.OFF_TRACK)

    section = decisions_section(dashboard(client_for(lead), partnership))

    assert "2 actions are off track" in text(section)
    assert reverse("tenant:actions", args=[partnership.slug]) + "?status=off_track" in section


@pytest.mark.django_db
def test_nothing_waiting_says_so(client_for, partnership, lead):
    section = decisions_section(dashboard(client_for(lead), partnership))

    # The demo's Northshire has empty Duty roles; with none of the rest, that is all.
    assert heading(section).startswith("Needs your decision (")
    assert "To review" not in section


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["partner", "convener", "observer"])
def test_people_who_decide_nothing_here_have_no_such_section(
    request, client_for, partnership, probation, persona
):
    submitted(probation, days_ago=1)

    page = dashboard(client_for(request.getfixturevalue(persona)), partnership)

    assert "needs-your-decision" not in page


def _lots(partnership, strategy, count: int) -> None:
    priority = PriorityFactory(strategy=strategy)
    for _ in range(count):
        organisation = OrganisationFactory(partnership=partnership)
        submitted(organisation, days_ago=1)
        ActionFactory(
            priority=priority,
            lead_organisation=organisation,
            status=ActionStatus.OFF_TRACK,
            relevant_authority=organisation,
            relevant_authority_response=Action.Response.DECLINED,
        )


@pytest.mark.django_db
def test_the_section_takes_the_same_queries_for_3_or_12_items(
    client_for, partnership, lead, strategy
):
    with_status(strategy, Strategy.Status.CONSULTATION)
    client = client_for(lead)
    counts = []
    for count in (3, 9):
        _lots(partnership, strategy, count)
        with CaptureQueriesContext(connection) as queries:
            decisions_section(dashboard(client, partnership))
        counts.append(len(queries))

    assert counts[0] == counts[1]
