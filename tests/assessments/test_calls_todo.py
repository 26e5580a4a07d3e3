"""Each member's to-do list: calls their organisation (or Duty role) has still to answer, their
organisation's returned items and drafts, and for reviewers what waits for review."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Call, Contribution
from tests.assessments.test_calls import make_call
from tests.factories import ContributionFactory, OrganisationFactory

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

S = Contribution.Status


def todo_page(client, partnership) -> str:
    response = client.get(reverse("tenant:todo", args=[partnership.slug]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["lead", "partner", "data_lead", "convener", "observer"])
def test_every_member_has_a_todo_list(request, client_for, partnership, persona):
    page = todo_page(client_for(request.getfixturevalue(persona)), partnership)

    assert "Your to-do list" in page


@pytest.mark.django_db
def test_the_todo_list_cannot_be_posted_to(client_for, partnership, lead):
    assert client_for(lead).post(reverse("tenant:todo", args=[partnership.slug])).status_code == 405


@pytest.mark.django_db
def test_a_partner_sees_calls_to_their_organisation_until_it_answers(
    client_for, partnership, police, probation, partner
):
    waiting = make_call(partnership, [probation], title="Probation caseload figures")
    answered = make_call(partnership, [probation], title="Already answered")
    ContributionFactory(
        organisation=probation, call=answered, status=S.SUBMITTED, submitted_at=timezone.now()
    )
    # A draft is not an answer yet.
    ContributionFactory(organisation=probation, call=waiting, status=S.DRAFT)
    make_call(partnership, [police], title="For the police only")
    make_call(partnership, [probation], title="Closed already", status=Call.Status.CLOSED)

    page = todo_page(client_for(partner), partnership)

    assert "Probation caseload figures" in page
    assert "Already answered" not in page
    assert "For the police only" not in page
    assert "Closed already" not in page


@pytest.mark.django_db
def test_a_data_lead_sees_calls_to_data_leads_and_items_to_review(
    client_for, partnership, police, probation, data_lead, partner
):
    make_call(partnership, title="Every data lead", audience="duty_role", duty_role="data_lead")
    make_call(
        partnership, title="Every frontline worker", audience="duty_role", duty_role="frontline"
    )
    ContributionFactory(
        organisation=probation,
        title="Probation insight",
        status=S.SUBMITTED,
        submitted_at=timezone.now(),
    )

    mine = todo_page(client_for(data_lead), partnership)
    pauls = todo_page(client_for(partner), partnership)

    assert "Every data lead" in mine
    assert "Every frontline worker" not in mine
    assert "Waiting for review" in mine and "Probation insight" in mine
    assert "Every data lead" not in pauls
    assert "Waiting for review" not in pauls


@pytest.mark.django_db
def test_a_partner_sees_their_organisations_returned_items_and_drafts_only(
    client_for, partnership, police, probation, partner
):
    ContributionFactory(organisation=probation, title="Sent back to us", status=S.RETURNED)
    ContributionFactory(organisation=probation, title="Our draft", status=S.DRAFT)
    ContributionFactory(organisation=police, title="Police draft", status=S.DRAFT)
    ContributionFactory(organisation=police, title="Police returned", status=S.RETURNED)

    page = todo_page(client_for(partner), partnership)

    assert "Returned for changes" in page and "Sent back to us" in page
    assert "Our draft" in page
    assert "Police draft" not in page
    assert "Police returned" not in page


@pytest.mark.django_db
def test_an_observer_is_asked_for_nothing(client_for, partnership, vcs, observer):
    make_call(partnership, [vcs], title="For the youth trust")

    page = todo_page(client_for(observer), partnership)

    assert "For the youth trust" not in page
    assert "You have nothing to do at the moment." in page


def _lots(partnership, organisation, count: int) -> None:
    for _ in range(count):
        call = make_call(partnership, [organisation])
        ContributionFactory(organisation=organisation, call=call, status=S.DRAFT)
        ContributionFactory(organisation=organisation, status=S.RETURNED)
        other = OrganisationFactory(partnership=partnership)
        ContributionFactory(organisation=other, status=S.SUBMITTED, submitted_at=timezone.now())


@pytest.mark.django_db
def test_the_todo_list_takes_the_same_queries_for_3_or_12_items(
    client_for, partnership, police, data_lead
):
    client = client_for(data_lead)
    counts = []
    for count in (3, 9):
        _lots(partnership, police, count)
        with CaptureQueriesContext(connection) as queries:
            todo_page(client, partnership)
        counts.append(len(queries))

    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_a_long_review_queue_shows_the_longest_waiting_and_where_the_rest_are(
    client_for, partnership, lead, police, monkeypatch
):
    monkeypatch.setattr("assessments.selectors.calls.SHOWN_OF_EACH_KIND", 3)
    now = timezone.now()
    for age in range(5):
        ContributionFactory(
            organisation=police,
            title=f"Waiting {age} days",
            status=S.SUBMITTED,
            submitted_at=now - timezone.timedelta(days=age),
        )

    page = todo_page(client_for(lead), partnership)

    assert "Waiting 4 days" in page and "Waiting 2 days" in page
    assert "Waiting 1 days" not in page and "Waiting 0 days" not in page
    assert "Showing 3 of 5." in page
    assert "/contributions/?status=submitted" in page
