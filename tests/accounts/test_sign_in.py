import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD

SIGN_IN = reverse("accounts:sign-in")


def sign_in(client, email, password, **extra):
    return client.post(SIGN_IN, {"username": email, "password": password}, **extra)


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
    assert 'href="#id_username">Enter your email address' in html
    assert 'href="#id_password">Enter your password' in html
    assert 'aria-describedby="id_username-error"' in html
    assert "<title>" in html and "Error:" in html.split("</title>")[0]


@pytest.mark.django_db
def test_a_signed_in_person_visiting_sign_in_goes_home(client, priya):
    client.force_login(priya)

    assert client.get(SIGN_IN).url == reverse("home")


@pytest.mark.django_db
def test_the_next_page_is_honoured_after_signing_in(client, priya):
    guidance = reverse("guidance:index")
    response = client.post(
        SIGN_IN, {"username": "priya@example.org", "password": PASSWORD, "next": guidance}
    )

    assert response.url == guidance


@pytest.mark.django_db
def test_a_next_page_on_another_site_is_ignored(client, priya):
    response = client.post(
        SIGN_IN,
        {"username": "priya@example.org", "password": PASSWORD, "next": "https://evil.example/"},
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

    response = sign_in(client, "priya@example.org", PASSWORD)

    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


class TestLockout:
    """Five wrong passwords lock that email from that address for 15 minutes."""

    @pytest.fixture
    def locked(self, client, priya):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, "priya@example.org", "guess")
        return client

    @pytest.mark.django_db
    def test_the_sixth_attempt_is_refused_with_a_clear_message(self, locked):
        response = sign_in(locked, "priya@example.org", "guess")

        assert response.status_code == 429
        assert "You cannot sign in for 15 minutes" in response.content.decode()

    @pytest.mark.django_db
    def test_even_the_right_password_is_refused_while_locked(self, locked):
        response = sign_in(locked, "priya@example.org", PASSWORD)

        assert response.status_code == 429
        assert not response.wsgi_request.user.is_authenticated

    @pytest.mark.django_db
    def test_the_lock_counts_the_email_whatever_its_case(self, locked):
        assert sign_in(locked, "PRIYA@example.org", PASSWORD).status_code == 429

    @pytest.mark.django_db
    def test_the_same_person_from_another_address_is_not_locked(self, locked):
        response = sign_in(locked, "priya@example.org", PASSWORD, REMOTE_ADDR="203.0.113.9")

        assert response.status_code == 302

    @pytest.mark.django_db
    def test_a_colleague_at_the_same_address_is_not_locked(self, locked, tom):
        assert sign_in(locked, "tom@example.org", PASSWORD).status_code == 302

    @pytest.mark.django_db
    def test_sign_in_works_again_after_the_cool_off(self, locked):
        AccessAttempt.objects.update(
            attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timezone.timedelta(seconds=1)
        )

        assert sign_in(locked, "priya@example.org", PASSWORD).status_code == 302
