import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

NEW_PASSWORD = "a-much-longer-new-passphrase"


@pytest.fixture
def ask_for_reset(client, django_capture_on_commit_callbacks):
    """Ask for a reset link as a person would; the email leaves through the outbox once the
    request's transaction commits (run here at once)."""

    def ask(email: str, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("accounts:password-reset"), {"email": email}, **extra)

    return ask


def reset_link_from(email_message) -> str:
    return re.search(r"https?://[^/]+(/accounts/password-reset/\S+/)", email_message.body).group(1)


@pytest.mark.django_db
def test_asking_for_a_reset_emails_a_link(client, priya, ask_for_reset):
    response = ask_for_reset("Priya@example.org")

    assert response.url == reverse("accounts:password-reset-sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["priya@example.org"]
    assert mail.outbox[0].subject == "Reset your SVD Portal password"
    assert "/accounts/password-reset/" in mail.outbox[0].body


@pytest.mark.django_db
def test_the_reset_link_uses_the_portals_address_not_the_requests_host(
    client, priya, settings, ask_for_reset
):
    settings.SITE_URL = "https://svd.example.org"
    settings.ALLOWED_HOSTS = ["attacker.example", "testserver"]

    ask_for_reset("priya@example.org", HTTP_HOST="attacker.example")

    assert "https://svd.example.org/accounts/password-reset/" in mail.outbox[0].body
    assert "attacker.example" not in mail.outbox[0].body


@pytest.mark.django_db
def test_an_unknown_address_gets_the_same_answer_and_no_email(client, ask_for_reset):
    response = ask_for_reset("nobody@example.org")

    assert response.url == reverse("accounts:password-reset-sent")
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_badly_formed_address_is_explained(client, ask_for_reset):
    response = ask_for_reset("priya at council")

    assert "Enter an email address in the correct format" in response.content.decode()
    assert 'value="priya at council"' in response.content.decode()


@pytest.mark.django_db
def test_the_emailed_link_sets_a_new_password_that_signs_in(client, priya, ask_for_reset):
    ask_for_reset("priya@example.org")
    form_url = client.get(reset_link_from(mail.outbox[0])).url

    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.url == reverse("accounts:password-reset-complete")
    priya.refresh_from_db()
    assert priya.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_the_emailed_link_works_only_once(client, priya, ask_for_reset):
    ask_for_reset("priya@example.org")
    link = reset_link_from(mail.outbox[0])
    form_url = client.get(link).url
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = client.get(link, follow=True)

    assert "This link has expired" in response.content.decode()


@pytest.mark.django_db
def test_mismatched_new_passwords_are_explained(client, priya, ask_for_reset):
    ask_for_reset("priya@example.org")
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


@pytest.mark.django_db
def test_an_unknown_address_does_the_same_work_in_the_request_as_a_known_one(
    client, priya, django_assert_num_queries
):
    """The request only notes the email for the worker, so neither its answer nor its time
    says whether an account exists (the worker looks the account up)."""
    from outbox.models import Message

    known = client.post(reverse("accounts:password-reset"), {"email": "priya@example.org"})
    unknown = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})

    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert list(Message.objects.values_list("task", "args")) == [
        ("accounts.tasks.send_password_reset", ["priya@example.org"]),
        ("accounts.tasks.send_password_reset", ["nobody@example.org"]),
    ]


@pytest.mark.django_db
def test_reset_links_for_one_email_are_limited(priya, ask_for_reset):
    answers = [ask_for_reset("priya@example.org") for _ in range(4)]

    assert [answer.status_code for answer in answers[:3]] == [302, 302, 302]
    assert "You have asked for too many reset links" in answers[3].content.decode()
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_reset_links_from_one_address_are_limited_across_emails(ask_for_reset):
    answers = [ask_for_reset(f"someone{n}@example.org") for n in range(6)]

    assert "You have asked for too many reset links" in answers[5].content.decode()
    assert all(answer.status_code == 302 for answer in answers[:5])
