import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

NEW_PASSWORD = "a-much-longer-new-passphrase"


def reset_link_from(email_message) -> str:
    return re.search(r"https?://[^/]+(/accounts/password-reset/\S+/)", email_message.body).group(1)


@pytest.mark.django_db
def test_asking_for_a_reset_emails_a_link(client, priya):
    response = client.post(reverse("accounts:password-reset"), {"email": "Priya@example.org"})

    assert response.url == reverse("accounts:password-reset-sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["priya@example.org"]
    assert mail.outbox[0].subject == "Reset your SVD Portal password"
    assert "/accounts/password-reset/" in mail.outbox[0].body


@pytest.mark.django_db
def test_the_reset_link_uses_the_portals_address_not_the_requests_host(client, priya, settings):
    settings.SITE_URL = "https://svd.example.org"
    settings.ALLOWED_HOSTS = ["attacker.example", "testserver"]

    client.post(
        reverse("accounts:password-reset"),
        {"email": "priya@example.org"},
        HTTP_HOST="attacker.example",
    )

    assert "https://svd.example.org/accounts/password-reset/" in mail.outbox[0].body
    assert "attacker.example" not in mail.outbox[0].body


@pytest.mark.django_db
def test_an_unknown_address_gets_the_same_answer_and_no_email(client):
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})

    assert response.url == reverse("accounts:password-reset-sent")
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_badly_formed_address_is_explained(client):
    response = client.post(reverse("accounts:password-reset"), {"email": "priya at council"})

    assert "Enter an email address in the correct format" in response.content.decode()
    assert 'value="priya at council"' in response.content.decode()


@pytest.mark.django_db
def test_the_emailed_link_sets_a_new_password_that_signs_in(client, priya):
    client.post(reverse("accounts:password-reset"), {"email": "priya@example.org"})
    form_url = client.get(reset_link_from(mail.outbox[0])).url

    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.url == reverse("accounts:password-reset-complete")
    priya.refresh_from_db()
    assert priya.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_the_emailed_link_works_only_once(client, priya):
    client.post(reverse("accounts:password-reset"), {"email": "priya@example.org"})
    link = reset_link_from(mail.outbox[0])
    form_url = client.get(link).url
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = client.get(link, follow=True)

    assert "This link has expired" in response.content.decode()


@pytest.mark.django_db
def test_mismatched_new_passwords_are_explained(client, priya):
    client.post(reverse("accounts:password-reset"), {"email": "priya@example.org"})
    form_url = client.get(reset_link_from(mail.outbox[0])).url

    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": "other"})

    assert "The passwords do not match" in response.content.decode()


@pytest.mark.django_db
def test_changing_password_needs_the_current_one(signed_in_client, priya):
    response = signed_in_client.post(
        reverse("accounts:password-change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert "Your current password is not right" in response.content.decode()
    priya.refresh_from_db()
    assert priya.check_password(PASSWORD)


@pytest.mark.django_db
def test_changing_password_keeps_the_person_signed_in(signed_in_client, priya):
    response = signed_in_client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assert "Your password has been changed." in response.content.decode()
    assert response.context["user"].is_authenticated
    priya.refresh_from_db()
    assert priya.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_a_short_common_password_is_refused(signed_in_client):
    response = signed_in_client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": "password", "new_password2": "password"},
    )

    assert "too short" in response.content.decode()
