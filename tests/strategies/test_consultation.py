"""The consultation record: the Act requires education, prison and youth custody authorities to
be consulted on the strategy. The lead records who was invited, when, what they said, and how
it was taken into account."""

import datetime
import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from partnerships.access import Actor, actor_for
from strategies import selectors, services
from strategies.models import Consultation, Strategy
from tests.factories import OrganisationFactory

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")


def url(name: str, *args) -> str:
    return reverse(f"tenant:{name}", args=["northshire", *args])


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def date_fields(name: str, on: datetime.date | None) -> dict:
    return {
        f"{name}_day": str(on.day) if on else "",
        f"{name}_month": str(on.month) if on else "",
        f"{name}_year": str(on.year) if on else "",
    }


def consultation_post(organisation=None, *, invited=None, responded=None, **overrides) -> dict:
    data = {
        **date_fields("invited_on", invited or days_ago(40)),
        **date_fields("responded_on", responded),
        "response": "Schools want the exclusions priority to name alternative provision.",
        "taken_into_account": "Priority 2 now names alternative provision.",
    }
    if organisation is not None:
        data["organisation"] = organisation.pk
    data.update(overrides)
    return data


def consultations() -> list[Consultation]:
    with scopes_disabled():
        return list(Consultation.objects.order_by("pk"))


def errors(page: str) -> list[str]:
    summary = page.split('govuk-error-summary__list"', 1)[-1].split("</ul>", 1)[0]
    return [html.unescape(e.strip()) for e in re.findall(r'<a href="#[^"]*">([^<]*)</a>', summary)]


@pytest.fixture
def schools(partnership):
    return OrganisationFactory(
        partnership=partnership, name="Northshire Schools Partnership", sector_slug="education"
    )


@pytest.fixture
def prison(partnership):
    return OrganisationFactory(
        partnership=partnership, name="HMP Northshire", sector_slug="prisons-and-secure-estate"
    )


@pytest.mark.django_db
def test_the_lead_records_a_consultation(client_for, lead, schools, strategy):
    response = client_for(lead).post(
        url("consultations-new", strategy.pk),
        consultation_post(schools, invited=days_ago(40), responded=days_ago(20)),
    )

    assert response.status_code == 302
    assert response.url == url("consultations", strategy.pk)
    [consultation] = consultations()
    assert (consultation.organisation, consultation.strategy) == (schools, strategy)
    assert (consultation.invited_on, consultation.responded_on) == (days_ago(40), days_ago(20))
    assert consultation.taken_into_account == "Priority 2 now names alternative provision."
    assert consultation.recorded_by == lead


@pytest.mark.django_db
def test_every_relevant_authority_is_listed_until_consulted(
    client_for, partner, schools, prison, police, strategy
):
    with scopes_disabled():
        services.consultation_record(
            strategy=strategy,
            organisation=prison,
            data={"invited_on": days_ago(30)},
            actor=Actor.system(strategy.partnership),
        )

    page = client_for(partner).get(url("consultations", strategy.pk)).content.decode()
    rows = page.split('id="consultations"', 1)[1].split("</table>", 1)[0]

    assert re.search(r"HMP Northshire.*?Invited, no response yet", rows, re.S)
    assert re.search(r"Northshire Schools Partnership.*?Not yet consulted", rows, re.S)
    assert "Northshire Police" not in rows


@pytest.mark.django_db
def test_the_sign_off_page_shows_the_consultation_record_too(
    client_for, partner, schools, strategy
):
    page = client_for(partner).get(url("sign-offs", strategy.pk)).content.decode()

    assert "Consultation of relevant authorities" in page
    assert "Not yet consulted" in page
    assert url("consultations", strategy.pk) in page


@pytest.mark.django_db
def test_consulting_an_organisation_that_is_not_a_relevant_authority_is_refused(
    client_for, lead, police, strategy
):
    response = client_for(lead).post(
        url("consultations-new", strategy.pk), consultation_post(police)
    )
    with scopes_disabled(), pytest.raises(ValidationError) as refused:
        services.consultation_record(
            strategy=strategy,
            organisation=police,
            data={"invited_on": days_ago(5)},
            actor=actor_for(lead, strategy.partnership),
        )

    assert errors(response.content.decode()) == ["Select an organisation from the list"]
    assert refused.value.messages == [
        "Choose an education, prison or youth custody authority in this partnership"
    ]
    assert consultations() == []


@pytest.mark.django_db
def test_a_response_before_the_invitation_is_refused(client_for, lead, schools, strategy):
    response = client_for(lead).post(
        url("consultations-new", strategy.pk),
        consultation_post(schools, invited=days_ago(10), responded=days_ago(11)),
    )

    assert response.status_code == 200
    assert errors(response.content.decode()) == [
        "The response date must be the same as or after the invitation"
    ]
    assert consultations() == []


@pytest.mark.django_db
def test_the_invitation_date_is_needed(client_for, lead, schools, strategy):
    response = client_for(lead).post(
        url("consultations-new", strategy.pk),
        {**consultation_post(schools), **date_fields("invited_on", None)},
    )

    assert errors(response.content.decode()) == [
        "Enter the date the organisation was invited to comment"
    ]


@pytest.mark.django_db
def test_an_organisation_is_consulted_once_on_a_strategy(client_for, lead, schools, strategy):
    client = client_for(lead)
    client.post(url("consultations-new", strategy.pk), consultation_post(schools))

    response = client.post(url("consultations-new", strategy.pk), consultation_post(schools))

    assert errors(response.content.decode()) == [
        "This organisation's consultation is already recorded"
    ]
    assert len(consultations()) == 1


@pytest.mark.django_db
def test_the_lead_adds_the_response_later(client_for, lead, schools, strategy):
    with scopes_disabled():
        consultation = services.consultation_record(
            strategy=strategy,
            organisation=schools,
            data={"invited_on": days_ago(30)},
            actor=actor_for(lead, strategy.partnership),
        )

    response = client_for(lead).post(
        url("consultations-edit", consultation.pk),
        consultation_post(invited=days_ago(30), responded=days_ago(2), response="Agreed."),
    )

    assert response.status_code == 302
    [changed] = consultations()
    assert (changed.responded_on, changed.response) == (days_ago(2), "Agreed.")


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_the_lead_records_the_consultation(
    client_for, partner, convener, schools, strategy, method
):
    for person in (partner, convener):
        client = client_for(person)
        response = getattr(client, method)(
            url("consultations-new", strategy.pk), consultation_post(schools)
        )
        assert response.status_code == 403
        assert client.get(url("consultations", strategy.pk)).status_code == 200
    assert consultations() == []


@pytest.mark.django_db
def test_an_observer_may_not_see_the_consultation_record(client_for, observer, strategy):
    assert client_for(observer).get(url("consultations", strategy.pk)).status_code == 403


@pytest.mark.django_db
def test_a_superseded_strategys_consultation_record_is_kept_as_it_was(lead, schools, strategy):
    with scopes_disabled():
        Strategy.objects.filter(pk=strategy.pk).update(status=Strategy.Status.SUPERSEDED)
        strategy.refresh_from_db()
        with pytest.raises(ValidationError) as refused:
            services.consultation_record(
                strategy=strategy,
                organisation=schools,
                data={"invited_on": days_ago(3)},
                actor=actor_for(lead, strategy.partnership),
            )

    assert "superseded" in refused.value.messages[0]


@pytest.mark.django_db
def test_the_consultation_record_takes_the_same_queries_for_3_or_12_authorities(
    client_for, lead, partnership, strategy
):
    client = client_for(lead)
    counts = []
    for count in (3, 9):
        for index in range(count):
            organisation = OrganisationFactory(
                partnership=partnership,
                sector_slug="education" if index % 2 else "prisons-and-secure-estate",
            )
            if index % 3:
                with scopes_disabled():
                    Consultation.objects.create(
                        partnership=partnership,
                        strategy=strategy,
                        organisation=organisation,
                        invited_on=days_ago(9),
                    )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("consultations", strategy.pk)).status_code == 200
        counts.append(len(queries))
        with scopes_disabled():
            assert len(selectors.consultation_status(strategy=strategy)) == (
                3 if count == 3 else 12
            )

    assert counts[0] == counts[1]
