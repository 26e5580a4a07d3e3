"""Filters that make no sense (issue 14): a list page given a filter value it does not know says
so in the GOV.UK error summary and beside the filter, still applies the other filters, and
never fails."""

import pytest
from django.urls import reverse

from assessments.models import Contribution
from tests.assessments.contribution_stories import url
from tests.factories import ContributionFactory, StrategyFactory

pytestmark = pytest.mark.usefixtures("northshire_built_once")


def shown(client, address: str, **query) -> str:
    response = client.get(address, query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_an_unknown_status_is_shown_as_an_error_at_the_top_and_beside_the_filter(
    client_for, lead, probation
):
    page = shown(client_for(lead), url("contributions"), status="lost")

    assert "govuk-error-summary" in page
    assert 'href="#id_status"' in page
    assert 'id="id_status-error"' in page
    assert "Select a status from the list" in page


@pytest.mark.django_db
def test_the_other_filters_still_apply_beside_a_bad_one(client_for, lead, probation, police):
    submitted = Contribution.Status.SUBMITTED
    ContributionFactory(organisation=probation, title="Probation evidence", status=submitted)
    ContributionFactory(organisation=police, title="Police evidence", status=submitted)

    page = shown(client_for(lead), url("contributions"), organisation=probation.pk, kind="odd")

    assert "Select a kind of evidence from the list" in page
    assert "Probation evidence" in page
    assert "Police evidence" not in page


@pytest.mark.django_db
def test_a_kept_filter_stays_chosen_on_the_page(client_for, lead, probation):
    page = shown(client_for(lead), url("contributions"), organisation=str(probation.pk), kind="x")

    assert f'<option value="{probation.pk}" selected>' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"organisation": "not-a-number"},
        {"organisation": "99999999999999999999999"},
        {"element": "<script>"},
        {"mine": "maybe", "page": "last-but-one"},
    ],
)
def test_a_hostile_filter_never_fails_the_page(client_for, lead, query):
    page = shown(client_for(lead), url("contributions"), **query)

    assert "<script>" not in page


@pytest.mark.django_db
def test_the_provision_map_shows_an_unknown_tier_as_an_error(client_for, lead):
    page = shown(client_for(lead), reverse("tenant:provision", args=["northshire"]), tier="top")

    assert "govuk-error-summary" in page
    assert "Select a prevention tier from the list" in page


@pytest.mark.django_db
def test_a_measures_trend_shows_an_unknown_area_as_an_error(client_for, lead, partnership):
    partnership.areas = ["Northshire"]
    partnership.save()
    address = reverse("tenant:data-measure", args=["northshire", "knife-offensive-weapon-offences"])

    page = shown(client_for(lead), address, area="Atlantis")

    assert "govuk-error-summary" in page
    assert "Select an area from the list" in page


@pytest.mark.django_db
def test_the_actions_list_shows_an_unknown_organisation_as_an_error(client_for, lead, partnership):
    strategy = StrategyFactory(partnership=partnership)

    page = shown(
        client_for(lead),
        reverse("tenant:actions", args=["northshire"]),
        strategy=strategy.pk,
        organisation="nobody",
        status="on_track",
    )

    assert "govuk-error-summary" in page
    assert 'href="#id_organisation"' in page


@pytest.mark.django_db
def test_the_members_list_shows_an_unknown_organisation_as_an_error(client_for, lead):
    page = shown(client_for(lead), reverse("tenant:members", args=["northshire"]), organisation="x")

    assert "govuk-error-summary" in page
    assert 'href="#id_organisation"' in page
