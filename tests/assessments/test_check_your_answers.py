"""Check your answers before submitting (issue 14): a contribution, or a data return, is sent
for review from a page listing every answer with a link to change it; saving a draft stays one
step. It all works without JavaScript: links and one form."""

import datetime

import pytest
from django.core import mail
from django_scopes import scopes_disabled

from assessments.models import Contribution, DataPoint
from tests.assessments.contribution_stories import form_data, fresh, url
from tests.assessments.data_stories import KNIFE
from tests.factories import ContributionFactory, measure

pytestmark = pytest.mark.usefixtures("northshire_built_once")

CHECK = "Check your answers before submitting"


@pytest.mark.django_db
def test_the_contribution_page_sends_paul_to_check_his_answers(client_for, partner, paul_draft):
    page = client_for(partner).get(url("contributions-detail", paul_draft)).content.decode()

    assert f'href="{url("contributions-submit", paul_draft)}"' in page
    assert f'action="{url("contributions-submit", paul_draft)}"' not in page


@pytest.mark.django_db
def test_check_your_answers_shows_every_answer_with_a_link_to_change_it(
    client_for, partner, paul_draft
):
    response = client_for(partner).get(url("contributions-submit", paul_draft))

    page = response.content.decode()
    assert CHECK in page
    assert "Paul&#x27;s draft" in page or "Paul's draft" in page
    assert "2026/27" in page
    edit = url("contributions-edit", paul_draft)
    for anchor in ("id_element", "id_level_0", "id_kind", "id_title", "id_body", "id_period"):
        assert f'href="{edit}#{anchor}"' in page
    assert "Submit for review" in page


@pytest.mark.django_db
def test_looking_at_the_answers_submits_nothing(client_for, partner, paul_draft):
    client_for(partner).get(url("contributions-submit", paul_draft))

    assert fresh(paul_draft).status == Contribution.Status.DRAFT
    assert not mail.outbox


@pytest.mark.django_db
def test_submitting_from_check_your_answers_sends_it_for_review(client_for, partner, paul_draft):
    response = client_for(partner).post(url("contributions-submit", paul_draft))

    assert response.status_code == 302
    assert response["Location"] == url("contributions-detail", paul_draft)
    assert fresh(paul_draft).status == Contribution.Status.SUBMITTED


@pytest.mark.django_db
def test_continue_on_the_form_saves_and_goes_to_check_your_answers(client_for, partner, everyone):
    response = client_for(partner).post(url("contributions-new"), form_data() | {"continue": "1"})

    with scopes_disabled():
        contribution = Contribution.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("contributions-submit", contribution)
    assert contribution.status == Contribution.Status.DRAFT


@pytest.mark.django_db
def test_saving_a_draft_stays_one_step(client_for, partner, everyone):
    response = client_for(partner).post(url("contributions-new"), form_data())

    with scopes_disabled():
        contribution = Contribution.objects.get()
    assert response["Location"] == url("contributions-detail", contribution)
    assert contribution.status == Contribution.Status.DRAFT


@pytest.mark.django_db
def test_changing_an_answer_and_continuing_comes_back_to_check(client_for, partner, paul_draft):
    response = client_for(partner).post(
        url("contributions-edit", paul_draft), form_data(title="Better title") | {"continue": "1"}
    )

    assert response["Location"] == url("contributions-submit", paul_draft)
    assert fresh(paul_draft).title == "Better title"


@pytest.mark.django_db
def test_a_data_return_check_counts_its_figures_with_a_link_to_change_them(
    client_for, partner, data_return
):
    page = client_for(partner).get(url("contributions-submit", data_return)).content.decode()

    assert "No figures uploaded yet" in page
    assert url("data-upload", data_return) in page


@pytest.mark.django_db
def test_a_data_return_check_counts_the_figures_it_holds(client_for, partner, data_return):
    with scopes_disabled():
        DataPoint.objects.bulk_create(
            DataPoint(
                partnership=data_return.partnership,
                contribution=data_return,
                measure=measure(KNIFE),
                period_start=datetime.date(2025, 4, 1),
                period_label="2025-Q2",
                area=area,
                value=7,
            )
            for area in ["Northshire", "Eastborough"]
        )

    page = client_for(partner).get(url("contributions-submit", data_return)).content.decode()

    assert "2 figures uploaded" in page


@pytest.mark.django_db
def test_a_returned_contribution_is_checked_before_it_is_submitted_again(
    client_for, partner, probation
):
    returned = ContributionFactory(organisation=probation, status=Contribution.Status.RETURNED)

    page = client_for(partner).get(url("contributions-submit", returned)).content.decode()

    assert CHECK in page
    assert "Submit again for review" in page


@pytest.mark.django_db
def test_there_is_nothing_to_check_once_it_is_submitted(client_for, partner, submitted):
    assert client_for(partner).get(url("contributions-submit", submitted)).status_code == 403


@pytest.mark.django_db
def test_another_organisations_draft_has_no_answers_to_check(client_for, partner, police_draft):
    assert client_for(partner).get(url("contributions-submit", police_draft)).status_code == 404
