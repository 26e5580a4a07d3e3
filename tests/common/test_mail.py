"""The portal's emails read as written: every link on one line, in the console `make run` prints
them to and in what an SMTP server receives (common/mail.py), never broken by the
quoted-printable "=" Python's email package puts at each 76th character."""

import email
import email.policy
import io
import re

import pytest
from django.core import mail
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.urls import reverse

from common.mail import PlainTextEmail, send_each
from partnerships import services
from partnerships.roles import PortalRole
from partnerships.tasks import send_invitation_email

LONG_LINK = "https://svd.example.org/p/northshire/contributions/12345/" + "a" * 60 + "/"


def printed(message) -> str:
    """The email as `make run`'s worker prints it (Django's console backend)."""
    stream = io.StringIO()
    ConsoleBackend(stream=stream).send_messages([message])
    return stream.getvalue()


def on_the_wire(message) -> bytes:
    """The email as the SMTP backend hands it to the server."""
    return message.message(policy=email.policy.SMTP).as_bytes()


def lines(text: str) -> list[str]:
    return text.splitlines()


def test_a_long_link_is_printed_whole_on_one_line():
    message = PlainTextEmail(
        subject="A contribution was returned",
        body=f"Priya returned it — see what to change:\n\n{LONG_LINK}\n",
        to=["paul@example.org"],
    )

    console = printed(message)

    assert LONG_LINK in lines(console)
    assert "Content-Transfer-Encoding: 8bit" in console
    assert "=\n" not in console
    # And the body still reads as written, dash and all.
    assert "Priya returned it — see what to change:" in console


def test_what_the_smtp_server_receives_keeps_the_link_whole():
    message = PlainTextEmail(subject="Link", body=f"{LONG_LINK}\n", to=["paul@example.org"])

    wire = on_the_wire(message)

    assert LONG_LINK.encode() + b"\r\n" in wire
    parsed = email.message_from_bytes(wire, policy=email.policy.SMTP)
    assert parsed.get_content().splitlines() == [LONG_LINK]


def test_a_line_too_long_for_smtp_is_still_encoded():
    """RFC 5322 caps a line at 998 octets: such a body (no link is) goes as before."""
    message = PlainTextEmail(subject="Long", body="x" * 1200 + "\n", to=["paul@example.org"])

    assert message.message()["Content-Transfer-Encoding"] in {"quoted-printable", "base64"}


@pytest.mark.django_db
def test_an_invitation_prints_its_link_whole(partnership, lead, police):
    invitation = services.invitation_create(
        partnership=partnership,
        email="ana@example.org",
        organisation=police,
        portal_role=PortalRole.PARTNER,
        duty_roles=["data_lead"],
        acting_user=lead,
    )
    mail.outbox.clear()

    send_invitation_email(invitation.pk)

    console = printed(mail.outbox[0])
    link = re.search(r"https?://\S+/invitations/\S+/", mail.outbox[0].body).group(0)
    assert len(link) > 76, "the link should be long enough for the old encoding to break it"
    assert link in lines(console)
    assert "=\n" not in console


@pytest.mark.django_db
def test_a_password_reset_prints_its_link_whole(client, priya, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password-reset"), {"email": "priya@example.org"})

    console = printed(mail.outbox[0])
    link = re.search(r"https?://\S+/accounts/password-reset/\S+/", mail.outbox[0].body).group(0)
    assert link in lines(console)
    assert "=\n" not in console


def test_the_tasks_emails_go_the_same_way(settings, tmp_path):
    template = tmp_path / "email"
    template.mkdir()
    (template / "note_subject.txt").write_text("A note")
    (template / "note.txt").write_text("Open {{ url }}\n")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]

    send_each(template="email/note", context={"url": LONG_LINK}, recipients=["a@example.org"])

    assert isinstance(mail.outbox[0], PlainTextEmail)
    assert f"Open {LONG_LINK}" in lines(printed(mail.outbox[0]))
