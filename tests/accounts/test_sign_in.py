import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

SIGN_IN = reverse("accounts:sign-in")


def sign_in(client, email, password, **extra):
    return client.post(SIGN_IN, {"login": email, "password": password}, **extra)


@pytest.mark.django_db
def test_a_person_signs_in_with_their_email_and_lands_on_the_home_page(client, priya):
    response = sign_in(client, "priya@example.org", PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == priya


@pytest.mark.django_db
def test_the_email_address_is_matched_whatever_its_case(client, priya):
    response = sign_in(client, "  Priya@Example.ORG ", PASSWORD)

    assert response.status_code == 302


@pytest.mark.django_db
def test_a_wrong_password_is_explained_and_the_email_typed_is_kept(client, priya):
    response = sign_in(client, "priya@example.org", "not-my-password")

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter a correct email address and password" in html
    assert 'value="priya@example.org"' in html
    assert response.context["form"].errors


@pytest.mark.django_db
def test_an_empty_form_says_what_to_enter_for_each_field(client):
    response = sign_in(client, "", "")

    html = response.content.decode()
    assert 'href="#id_login">Enter your email address' in html
    assert 'href="#id_password">Enter your password' in html
    assert 'aria-describedby="id_login-error"' in html
    assert "<title>" in html and "Error:" in html.split("</title>")[0]


@pytest.mark.django_db
def test_a_signed_in_person_visiting_sign_in_goes_home(client, priya):
    client.force_login(priya)

    assert client.get(SIGN_IN).url == reverse("home")


@pytest.mark.django_db
def test_the_next_page_is_honoured_after_signing_in(client, priya):
    guidance = reverse("guidance:index")
    response = client.post(
        SIGN_IN, {"login": "priya@example.org", "password": PASSWORD, "next": guidance}
    )

    assert response.url == guidance


@pytest.mark.django_db
def test_a_next_page_on_another_site_is_ignored(client, priya):
    response = client.post(
        SIGN_IN,
        {"login": "priya@example.org", "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert response.url == reverse("home")


@pytest.mark.django_db
def test_signing_out_needs_a_post_and_confirms_it(client, priya):
    client.force_login(priya)

    assert client.get(reverse("accounts:sign-out")).status_code == 405
    response = client.post(reverse("accounts:sign-out"), follow=True)

    assert "You have signed out." in response.content.decode()
    assert not response.context["user"].is_authenticated


@pytest.mark.django_db
def test_a_deactivated_account_cannot_sign_in(client, priya):
    priya.is_active = False
    priya.save()

    response = sign_in(client, "priya@example.org", PASSWORD, follow=True)

    assert "This account has been deactivated" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


TOO_MANY = "There have been too many attempts to sign in"


class TestThrottling:
    """Failures count per account across addresses (5 in 15 minutes) and per address across
    accounts (10 a minute, 50 an hour): neither guessing one person's password from many
    machines nor trying one password on many accounts gets far."""

    @pytest.fixture
    def guessed(self, client, priya):
        for number in range(5):
            sign_in(client, "priya@example.org", "guess", REMOTE_ADDR=f"198.51.100.{number}")
        return client

    @pytest.mark.django_db
    def test_the_sixth_guess_at_one_account_is_refused_with_a_clear_message(self, guessed):
        response = sign_in(guessed, "priya@example.org", "guess", REMOTE_ADDR="198.51.100.77")

        assert TOO_MANY in response.content.decode()

    @pytest.mark.django_db
    def test_even_the_right_password_is_refused_while_throttled(self, guessed):
        response = sign_in(guessed, "Priya@Example.org", PASSWORD, REMOTE_ADDR="203.0.113.9")

        assert TOO_MANY in response.content.decode()
        assert not response.wsgi_request.user.is_authenticated

    @pytest.mark.django_db
    def test_a_colleague_at_the_same_address_still_signs_in(self, guessed, tom):
        response = sign_in(guessed, "tom@example.org", PASSWORD, REMOTE_ADDR="198.51.100.1")

        assert response.status_code == 302

    @pytest.mark.django_db
    def test_sign_in_works_again_after_fifteen_minutes(self, guessed):
        later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=16)
        with time_machine.travel(later, tick=False):
            response = sign_in(guessed, "priya@example.org", PASSWORD)

        assert response.status_code == 302

    @pytest.mark.django_db
    def test_one_password_sprayed_across_twenty_accounts_from_one_address_is_stopped(self, client):
        accounts = [UserFactory(email=f"member{n}@example.org") for n in range(20)]

        answers = [
            sign_in(client, user.email, "Summer2026!", REMOTE_ADDR="192.0.2.50").content.decode()
            for user in accounts
        ]

        refused = [answer for answer in answers if TOO_MANY in answer]
        assert len(refused) == 10  # the first ten are checked, the other ten never reach a password
        # and the last of those accounts is still open to its owner, from their own address
        assert sign_in(client, accounts[-1].email, PASSWORD).status_code == 302
