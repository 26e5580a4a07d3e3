"""Sessions: they end after half an hour without use, the page warns before, "Stay signed in"
keeps them, and a person can see where they are signed in and sign out everywhere else."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.accounts.two_factor_stories import sign_in_with_password

pytestmark = pytest.mark.django_db


def later(minutes: int):
    moment = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=minutes)
    return time_machine.travel(moment, tick=False)


def test_a_session_ends_after_thirty_minutes_without_use(client, priya):
    sign_in_with_password(client, priya.email)

    with later(31):
        response = client.get(reverse("accounts:detail"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


def test_using_the_portal_keeps_the_session(client, priya):
    sign_in_with_password(client, priya.email)

    with later(20):
        client.get(reverse("accounts:detail"))
    with later(45):
        response = client.get(reverse("accounts:detail"))

    assert response.status_code == 200


def test_stay_signed_in_starts_the_half_hour_again(client, priya):
    sign_in_with_password(client, priya.email)

    with later(28):
        kept = client.post(reverse("accounts:keep-alive"))
    with later(50):
        response = client.get(reverse("accounts:detail"))

    assert kept.json()["expires_in"] == 30 * 60
    assert response.status_code == 200


def test_pages_carry_the_timeout_warning_for_signed_in_people_only(client, priya):
    signed_out = client.get(reverse("accounts:sign-in")).content.decode()
    sign_in_with_password(client, priya.email)
    signed_in = client.get(reverse("accounts:detail")).content.decode()

    assert 'id="timeout-warning"' not in signed_out
    assert 'id="timeout-warning"' in signed_in
    assert 'data-expires-in="1800"' in signed_in
    assert "You’re about to be signed out" in signed_in


def test_the_sign_in_page_says_why_after_a_timeout(client):
    page = client.get(reverse("accounts:sign-in") + "?timed_out=1").content.decode()

    assert "You were signed out because you had not used the portal for a while" in page


def test_a_person_sees_where_they_are_signed_in_and_signs_out_everywhere_else(client, priya):
    elsewhere = Client(HTTP_USER_AGENT="Phone browser")
    client.defaults["HTTP_USER_AGENT"] = "Desk browser"
    sign_in_with_password(elsewhere, priya.email)
    sign_in_with_password(client, priya.email)

    listed = client.get(reverse("usersessions_list")).content.decode()
    client.post(reverse("usersessions_list"))

    assert "Phone browser" in listed and "Desk browser" in listed
    assert elsewhere.get(reverse("accounts:detail")).status_code == 302
    assert client.get(reverse("accounts:detail")).status_code == 200
