"""Consulting the authorities that are not members (s.8(4)): Tom keeps the register of bodies
outside the partnership, the academy trust and the young offender institution in the area go on
it, and the Duty checklist's consultation line is met only once every one of them, member or
not, has been consulted on the strategy."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from assessments.models import OutsideBody
from assessments.services import sharing
from oversight.selectors import compliance_for
from partnerships.access import actor_for
from strategies import services
from strategies.models import Consultation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.usefixtures("northshire_built_once")

TODAY = datetime.date(2026, 12, 5)


def _add_body(user, partnership, name, kind) -> OutsideBody:
    with scope(partnership=partnership):
        return sharing.outside_body_add(
            actor=actor_for(user, partnership), data={"name": name, "kind": kind}
        )


def _consulted_line(partnership):
    checklist = compliance_for(partnerships=[partnership], today=TODAY)[partnership.pk]
    return next(line for line in checklist.lines if line.key == "consulted")


def _consult(lead, strategy, **consultee):
    with scope(partnership=strategy.partnership):
        return services.consultation_record(
            strategy=strategy,
            data={"invited_on": datetime.date(2026, 11, 1)},
            actor=actor_for(lead, strategy.partnership),
            **consultee,
        )


@pytest.fixture
def academy(data_lead, partnership):
    return _add_body(data_lead, partnership, "Northshire Academies Trust", "educational")


@pytest.fixture
def school_member(partnership):
    return OrganisationFactory(
        partnership=partnership, name="Northshire Schools Partnership", sector_slug="education"
    )


@pytest.mark.django_db
def test_a_body_outside_the_partnership_not_yet_consulted_keeps_the_line_not_met(
    lead, partnership, strategy, school_member, academy
):
    _consult(lead, strategy, organisation=school_member)

    line = _consulted_line(partnership)

    assert not line.is_met
    assert line.missing == ["Northshire Academies Trust"]


@pytest.mark.django_db
def test_the_line_is_met_once_every_authority_member_or_not_is_consulted(
    lead, partnership, strategy, school_member, academy
):
    _consult(lead, strategy, organisation=school_member)
    _consult(lead, strategy, outside_body=academy)

    assert _consulted_line(partnership).is_met


@pytest.mark.django_db
def test_a_body_that_is_not_a_consultee_is_not_counted(lead, data_lead, partnership, strategy):
    _add_body(data_lead, partnership, "Northshire Youth Charity", "other")

    line = _consulted_line(partnership)

    assert line.explanation == (
        "No educational, prison or youth custody authority is recorded for the area yet"
    )


@pytest.mark.django_db
def test_the_consultation_page_lists_bodies_outside_the_partnership(
    client_for, lead, partnership, strategy, academy
):
    page = (
        client_for(lead)
        .get(reverse("tenant:consultations", args=[partnership.slug, strategy.pk]))
        .content.decode()
    )

    assert "Northshire Academies Trust" in page
    assert "not a member" in page
    assert f"?body={academy.pk}" in page


@pytest.mark.django_db
def test_the_lead_records_a_bodys_consultation_through_the_page(
    client_for, lead, partnership, strategy, academy
):
    response = client_for(lead).post(
        reverse("tenant:consultations-new", args=[partnership.slug, strategy.pk]),
        {
            "outside_body": academy.pk,
            "invited_on_day": "1",
            "invited_on_month": "11",
            "invited_on_year": "2026",
        },
    )

    assert response.status_code == 302
    with scopes_disabled():
        assert Consultation.objects.get(strategy=strategy).outside_body == academy


@pytest.mark.django_db
def test_choosing_neither_or_both_is_refused_with_a_message(
    client_for, lead, partnership, strategy, academy, school_member
):
    client = client_for(lead)
    address = reverse("tenant:consultations-new", args=[partnership.slug, strategy.pk])
    dates = {"invited_on_day": "1", "invited_on_month": "11", "invited_on_year": "2026"}

    neither = client.post(address, dates).content.decode()
    both = client.post(
        address, {**dates, "organisation": school_member.pk, "outside_body": academy.pk}
    ).content.decode()

    assert "Select the organisation or the body consulted" in neither
    assert "Select either a member organisation or a body, not both" in both


@pytest.mark.django_db
def test_a_body_removed_from_the_register_cannot_be_consulted(
    lead, data_lead, partnership, strategy, academy
):
    with scope(partnership=partnership):
        sharing.outside_body_remove(body=academy, actor=actor_for(data_lead, partnership))

    with pytest.raises(ValidationError):
        _consult(lead, strategy, outside_body=academy)


@pytest.mark.django_db
def test_a_partner_reads_the_register_of_bodies_but_cannot_add_to_it(
    client_for, partner, partnership, academy
):
    client = client_for(partner)

    assert (
        "Northshire Academies Trust"
        in client.get(reverse("tenant:bodies", args=[partnership.slug])).content.decode()
    )
    assert client.get(reverse("tenant:bodies-new", args=[partnership.slug])).status_code == 403


@pytest.mark.django_db
def test_two_bodies_with_the_same_name_are_refused(data_lead, partnership, academy):
    with pytest.raises(ValidationError, match="already has a body with this name"):
        _add_body(data_lead, partnership, "northshire academies trust", "educational")
