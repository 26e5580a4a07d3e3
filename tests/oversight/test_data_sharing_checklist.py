"""The Duty checklist's data sharing line (Table 6): met only while every specified authority
(here the council, the police and probation) is party to an agreement in force and not overdue
for review; due soon in the month before a review; and on the dashboard with the rest."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django_scopes import scope

from assessments.models import SharingAgreement
from assessments.services import sharing
from oversight import selectors
from partnerships.access import actor_for

pytestmark = pytest.mark.usefixtures("northshire_built_once")

IN_FORCE = datetime.date(2026, 10, 1)
TODAY = datetime.date(2026, 12, 5)


def _register(data_lead, partnership, organisations, **overrides):
    data = {
        "kind": SharingAgreement.Kind.ISA,
        "title": "Northshire serious violence ISA",
        "reference": "",
        "purpose": "Aggregate figures for the strategic needs assessment.",
        "legal_bases": ["pcsc_s16"],
        "legal_basis_notes": "",
        "data_sets": "Quarterly counts by area.",
        "measures": [],
        "organisations": organisations,
        "outside_bodies": [],
        "owner": organisations[0],
        "protective_marking": "official_sensitive",
        "in_force_from": IN_FORCE,
        "signed_copy": None,
    } | overrides
    with time_machine.travel(TODAY), scope(partnership=partnership):
        return sharing.agreement_register(actor=actor_for(data_lead, partnership), data=data)


def _line(partnership, today=TODAY):
    compliance = selectors.compliance_for(partnerships=[partnership], today=today)
    return next(line for line in compliance[partnership.pk].lines if line.key == "data_sharing")


@pytest.mark.django_db
def test_not_met_while_a_specified_authority_is_party_to_no_agreement(
    partnership, data_lead, police, probation
):
    _register(data_lead, partnership, [police, probation])

    line = _line(partnership)

    assert line.status == "not_met"
    assert line.missing == ["Northshire County Council"]
    assert line.explanation == "1 specified authority is party to no in-date agreement"
    assert line.url == reverse("tenant:sharing", args=[partnership.slug])


@pytest.mark.django_db
def test_met_once_every_specified_authority_is_party(
    partnership, data_lead, council, police, probation
):
    _register(data_lead, partnership, [police, probation])
    _register(data_lead, partnership, [council, police], title="Council and police ISA")

    line = _line(partnership)

    assert line.status == "met"
    assert line.explanation == "All 3 specified authorities are party to one"


@pytest.mark.django_db
def test_due_soon_in_the_month_before_a_review(partnership, data_lead, council, police, probation):
    _register(data_lead, partnership, [council, police, probation])

    # The first review is due six months after coming into force: 1 April 2027.
    line = _line(partnership, today=datetime.date(2027, 3, 20))

    assert line.status == "due_soon"
    assert line.on == datetime.date(2027, 4, 1)
    assert line.missing == ["Northshire serious violence ISA"]


@pytest.mark.django_db
def test_an_agreement_overdue_for_review_no_longer_counts(
    partnership, data_lead, council, police, probation
):
    _register(data_lead, partnership, [council, police, probation])

    line = _line(partnership, today=datetime.date(2027, 4, 2))

    assert line.status == "not_met"
    assert len(line.missing) == 3


@pytest.mark.django_db
def test_a_draft_agreement_does_not_count(partnership, data_lead, council, police, probation):
    _register(
        data_lead,
        partnership,
        [council, police, probation],
        in_force_from=None,
    )

    assert _line(partnership).status == "not_met"


@pytest.mark.django_db
def test_the_dashboard_shows_what_the_register_covers(
    client_for, partnership, data_lead, police, probation
):
    _register(data_lead, partnership, [police, probation])

    with time_machine.travel(datetime.date(2027, 3, 20)):
        html = client_for(data_lead).get(reverse("tenant:dashboard", args=[partnership.slug]))
    html = html.content.decode()

    assert "Organisations party to an in-date agreement" in html
    assert "2 of 5" in html  # police and probation, of the five organisations
    assert "Specified authorities without one:" in html
    assert "<li>Northshire County Council</li>" in html
    assert "Northshire serious violence ISA: due by 1 April 2027" in html


@pytest.mark.django_db
def test_an_observer_does_not_see_the_data_sharing_panel(client_for, partnership, observer):
    html = client_for(observer).get(reverse("tenant:dashboard", args=[partnership.slug]))

    assert "Organisations party to an in-date agreement" not in html.content.decode()
