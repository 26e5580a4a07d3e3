"""Partners map the services in their area; the lead checks each entry."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from assessments.models import ProvisionService

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

GOOD = {
    "name": "Operation Divert",
    "provider": "Northshire Police",
    "description": "Custody navigators offering young people a way out.",
    "area": "Northshire",
    "tier": "secondary",
    "evidence": "promising",
    "age_min": "10",
    "age_max": "24",
    "funding_ends_on": "31/03/2027",
}


def add_service(partnership, organisation, **fields) -> ProvisionService:
    values = {k: v for k, v in GOOD.items() if k not in {"age_min", "age_max", "funding_ends_on"}}
    with scopes_disabled():
        return ProvisionService.objects.create(
            partnership=partnership, added_by_organisation=organisation, **(values | fields)
        )


def url(name, partnership, *args):
    return reverse(f"tenant:{name}", args=[partnership.slug, *args])


@pytest.mark.django_db
def test_a_partner_adds_a_service_for_the_lead_to_check(client_for, partner, partnership):
    response = client_for(partner).post(url("provision-new", partnership), GOOD, follow=True)

    assert "Operation Divert has been added to the provision map" in response.content.decode()
    with scopes_disabled():
        service = ProvisionService.objects.get()
    assert service.added_by_organisation.name == "Northshire Probation Delivery Unit"
    assert service.funding_ends_on.isoformat() == "2027-03-31"
    assert not service.curated


@pytest.mark.django_db
def test_missing_answers_are_explained_and_what_was_typed_is_kept(client_for, partner, partnership):
    response = client_for(partner).post(
        url("provision-new", partnership), GOOD | {"name": "", "age_min": "30", "age_max": "12"}
    )

    html = response.content.decode()
    assert "Enter the service name" in html
    assert "The oldest age must be the same as or more than the youngest" in html
    assert "Custody navigators offering young people a way out." in html


@pytest.mark.django_db
def test_a_bad_date_is_explained(client_for, partner, partnership):
    response = client_for(partner).post(
        url("provision-new", partnership), GOOD | {"funding_ends_on": "31/02/2027"}
    )

    assert "Enter the date funding ends like 31/03/2027" in response.content.decode()


@pytest.mark.django_db
def test_another_organisations_entry_is_theirs_to_change(
    client_for, partner, data_lead, partnership, probation
):
    service = add_service(partnership, probation)

    assert (
        client_for(data_lead).get(url("provision-edit", partnership, service.pk)).status_code == 403
    )
    assert (
        client_for(partner).get(url("provision-edit", partnership, service.pk)).status_code == 200
    )


@pytest.mark.django_db
def test_a_change_by_a_partner_needs_checking_again(client_for, partner, partnership, probation):
    service = add_service(partnership, probation, curated=True)

    client_for(partner).post(
        url("provision-edit", partnership, service.pk), GOOD | {"area": "Eastmarsh"}
    )

    service.refresh_from_db()
    assert (service.area, service.curated) == ("Eastmarsh", False)


@pytest.mark.django_db
def test_the_lead_marks_an_entry_as_checked(client_for, lead, partner, partnership, probation):
    service = add_service(partnership, probation)

    assert (
        client_for(partner).post(url("provision-curate", partnership, service.pk)).status_code
        == 403
    )
    client_for(lead).post(url("provision-curate", partnership, service.pk), {"curated": "yes"})

    service.refresh_from_db()
    assert service.curated


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["lead", "partner", "data_lead", "convener"])
def test_members_with_sna_access_read_the_map(request, client_for, partnership, probation, persona):
    service = add_service(partnership, probation)
    client = client_for(request.getfixturevalue(persona))

    assert client.get(url("provision", partnership)).status_code == 200
    assert client.get(url("provision-detail", partnership, service.pk)).status_code == 200


@pytest.mark.django_db
def test_observers_do_not_see_the_restricted_map(client_for, observer, partnership):
    assert client_for(observer).get(url("provision", partnership)).status_code == 403


@pytest.mark.django_db
def test_the_map_filters_by_tier(client_for, lead, partnership, probation):
    add_service(partnership, probation, name="Mentoring", tier="primary")
    add_service(partnership, probation, name="Navigators", tier="tertiary")

    html = client_for(lead).get(url("provision", partnership), {"tier": "primary"}).content.decode()

    assert "Mentoring" in html and "Navigators" not in html


@pytest.mark.django_db
def test_the_map_uses_the_same_queries_for_3_and_12_services(
    client_for, lead, partnership, probation
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(lead)
    counts = []
    for total in (3, 12):
        while True:
            with scopes_disabled():
                if ProvisionService.objects.count() >= total:
                    break
            add_service(partnership, probation, name=f"Service {total}")
        with CaptureQueriesContext(connection) as queries:
            client.get(url("provision", partnership))
        counts.append(len(queries))

    assert counts[0] == counts[1]
