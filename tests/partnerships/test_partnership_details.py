"""The lead keeps the partnership's details up to date (name, nation, model, area, convener and
the protective marking its documents carry); everyone else only reads them on the dashboard."""

import pytest
from django.urls import reverse

from partnerships.models import Partnership
from tests.factories import OrganisationFactory

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

NOT_LEADS = ["partner", "data_lead", "convener", "observer"]


def details_url(partnership) -> str:
    return reverse("tenant:settings", args=[partnership.slug])


def details(**changes) -> dict:
    return {
        "name": "Northshire Violence Reduction Partnership",
        "nation": "england",
        "model": "vru",
        "area_type": "police_force",
        "areas": "Northshire\n\n  Eastmarsh  \nNorthshire",
        "convener_organisation": "",
        "protective_marking": "official_sensitive",
        "default_language": "en-gb",
        **changes,
    }


def reload(partnership) -> Partnership:
    return Partnership.objects.get(pk=partnership.pk)


@pytest.mark.django_db
def test_the_lead_changes_the_partnerships_details(client_for, lead, partnership, opcc):
    client = client_for(lead)

    response = client.post(details_url(partnership), details(convener_organisation=opcc.pk))

    assert response.status_code == 302
    assert response.url == reverse("tenant:dashboard", args=[partnership.slug])
    saved = reload(partnership)
    assert saved.name == "Northshire Violence Reduction Partnership"
    assert (saved.model, saved.area_type) == ("vru", "police_force")
    assert saved.areas == ["Northshire", "Eastmarsh"]
    assert saved.convener_organisation == opcc
    assert saved.protective_marking == "official_sensitive"
    assert saved.slug == "northshire"


@pytest.mark.django_db
def test_a_welsh_partnership_asks_for_its_pages_in_welsh_first(client_for, lead, partnership):
    client = client_for(lead)

    client.post(details_url(partnership), details(nation="wales", default_language="cy"))

    assert reload(partnership).default_language == "cy"
    assert '<html lang="cy"' in client.get(details_url(partnership)).content.decode()


@pytest.mark.django_db
def test_the_dashboard_shows_the_new_details(client_for, lead, partnership):
    client = client_for(lead)
    client.post(details_url(partnership), details())

    page = client.get(reverse("tenant:dashboard", args=[partnership.slug])).content.decode()

    assert "Northshire Violence Reduction Partnership" in page
    assert "OFFICIAL-SENSITIVE" in page
    assert "The partnership&#x27;s details have been saved" in page


@pytest.mark.django_db
def test_the_form_starts_from_the_saved_details(client_for, lead, partnership):
    page = client_for(lead).get(details_url(partnership)).content.decode()

    assert 'value="Northshire Serious Violence Partnership"' in page


@pytest.mark.django_db
def test_a_form_with_errors_says_why_and_keeps_what_was_typed(client_for, lead, partnership):
    response = client_for(lead).post(details_url(partnership), details(name="", model=""))

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter the partnership&#x27;s name" in page
    assert "Select the partnership model" in page
    assert "Eastmarsh" in page
    assert reload(partnership).name == "Northshire Serious Violence Partnership"


@pytest.mark.django_db
def test_the_convener_must_be_one_of_the_partnerships_organisations(
    client_for, lead, partnership, other_partnership
):
    elsewhere = OrganisationFactory(partnership=other_partnership, name="Southvale PCC")

    response = client_for(lead).post(
        details_url(partnership), details(convener_organisation=elsewhere.pk)
    )

    assert response.status_code == 200
    assert "Choose an organisation in this partnership" in response.content.decode()
    assert reload(partnership).convener_organisation is None


@pytest.mark.django_db
def test_the_change_is_on_the_partnerships_record_with_who_made_it(client_for, lead, partnership):
    client_for(lead).post(details_url(partnership), details())

    change = reload(partnership).history.first()
    assert change.history_user == lead
    assert change.history_change_reason == "Partnership details changed"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", NOT_LEADS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_the_lead_may_change_the_details(
    request, client_for, partnership, lead, persona, method
):
    client = client_for(request.getfixturevalue(persona))

    response = getattr(client, method)(details_url(partnership), details())

    assert response.status_code == 403
    assert reload(partnership).name == "Northshire Serious Violence Partnership"


@pytest.mark.django_db
def test_others_are_not_offered_the_change_link(client_for, partner, partnership):
    page = client_for(partner).get(reverse("tenant:dashboard", args=[partnership.slug]))

    assert details_url(partnership) not in page.content.decode()
