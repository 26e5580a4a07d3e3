"""Setting up the partnership: the lead answers the guidance's two questions on the partnership
arrangement on the details page, beside the model (hybrid among them); the answers are kept by
question number, audited, and shown again when the page opens."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from partnerships.models import AuditEntry, Partnership, ReflectiveQuestion

pytestmark = pytest.mark.usefixtures("northshire_built_once")


def details_url(partnership) -> str:
    return reverse("tenant:settings", args=[partnership.slug])


def details(**changes) -> dict:
    return {
        "name": "Northshire Serious Violence Partnership",
        "nation": "england",
        "model": "hybrid",
        "area_type": "police_force",
        "areas": "Northshire",
        "convener_organisation": "",
        "protective_marking": "official",
        "default_language": "en-gb",
        "arrangement_1": "The community safety partnership leads; the VRU administers.",
        "arrangement_2": "",
        **changes,
    }


@pytest.mark.django_db
def test_the_details_page_asks_the_two_arrangement_questions_from_the_catalogue(
    client_for, lead, partnership
):
    page = client_for(lead).get(details_url(partnership)).content.decode()

    for question in ReflectiveQuestion.objects.filter(purpose="arrangement"):
        assert question.question in page
    assert "Hybrid: governance at both police force area and local authority level" in page


@pytest.mark.django_db
def test_the_lead_records_the_arrangement_and_a_hybrid_model(client_for, lead, partnership):
    response = client_for(lead).post(details_url(partnership), details())

    assert response.status_code == 302
    saved = Partnership.objects.get(pk=partnership.pk)
    assert saved.model == "hybrid"
    assert saved.arrangement == {
        "1": "The community safety partnership leads; the VRU administers."
    }
    with scopes_disabled():
        entry = AuditEntry.objects.filter(partnership=partnership, subject_type="partnership")[0]
    assert "partnership arrangement" in [change["field"] for change in entry.changes]


@pytest.mark.django_db
def test_the_form_starts_from_the_saved_answers(client_for, lead, partnership):
    client = client_for(lead)
    client.post(details_url(partnership), details(arrangement_2="The youth justice board."))

    page = client.get(details_url(partnership)).content.decode()

    assert "The youth justice board." in page


@pytest.mark.django_db
def test_an_overlong_answer_is_refused_and_what_was_typed_kept(client_for, lead, partnership):
    response = client_for(lead).post(
        details_url(partnership), details(arrangement_1="x" * 3001, arrangement_2="Kept")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Kept" in page
    assert Partnership.objects.get(pk=partnership.pk).arrangement == {}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["partner", "observer"])
def test_only_the_lead_changes_the_arrangement(client_for, partnership, persona, request):
    user = request.getfixturevalue(persona)

    response = client_for(user).post(details_url(partnership), details())

    assert response.status_code == 403
    assert Partnership.objects.get(pk=partnership.pk).arrangement == {}
