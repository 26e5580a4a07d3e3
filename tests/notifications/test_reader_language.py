"""Emails and notifications in the reader's language: each person is written to in the language
they chose with the switcher, or else in the language their partnership asks for, whoever did
what caused it and in whatever language they did it."""

import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from accounts import tasks as account_tasks
from accounts.language import reader_language
from assessments import tasks as assessment_tasks
from assessments.models import Call
from notifications import services
from notifications.models import Frequency, Notification
from partnerships import tasks as partnership_tasks
from partnerships.models import DutyElement
from tests.factories import InvitationFactory

pytestmark = pytest.mark.usefixtures("northshire_built_once")

WELSH_CALL = "Galwad am gyfraniadau"
ENGLISH_CALL = "Call for contributions"
NEWCOMER = "newcomer@example.org"


def chooses(user, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


def asks_for_welsh(partnership) -> None:
    partnership.default_language = "cy"
    partnership.save(update_fields=["default_language"])


def issue_a_call(partnership, organisations) -> None:
    with scopes_disabled():
        call = Call.objects.create(
            partnership=partnership,
            title="Knife crime figures",
            questions="Quarterly figures, please.",
            period="2026/27",
            due_on=datetime.date(2027, 3, 1),
            audience=Call.Audience.ORGANISATIONS,
        )
        call.organisations.set(organisations)
        call.elements.set([DutyElement.objects.get(slug="strategic-needs-assessment")])
    # The lead issued it in English; the worker writes to each partner.
    with translation.override("en-gb"):
        assessment_tasks.send_call_issued_email(call.pk)


def email_to(address: str):
    (message,) = [m for m in mail.outbox if m.to == [address]]
    return message


def notification_of(user) -> Notification:
    with scopes_disabled():
        return Notification.objects.get(recipient=user)


@pytest.mark.django_db
def test_the_reader_language_is_their_choice_then_the_partnerships_then_english(partner):
    assert reader_language(partner) == "en-gb"
    assert reader_language(partner, fallback="cy") == "cy"
    chooses(partner, "en-gb")
    assert reader_language(partner, fallback="cy") == "en-gb"
    assert reader_language(None, fallback="xx") == "en-gb"


@pytest.mark.django_db
def test_a_partner_who_chose_welsh_is_told_of_a_call_in_welsh(
    partnership, police, probation, partner, data_lead
):
    chooses(data_lead, "cy")

    issue_a_call(partnership, [police, probation])

    welsh, english = email_to(data_lead.email), email_to(partner.email)
    assert welsh.subject.startswith(WELSH_CALL) and "1 Mawrth 2027" in welsh.subject
    assert english.subject.startswith(ENGLISH_CALL) and "1 March 2027" in english.subject
    assert notification_of(data_lead).title == welsh.subject
    assert notification_of(partner).title == english.subject


@pytest.mark.django_db
def test_a_welsh_partnership_writes_in_welsh_to_those_who_have_not_chosen(
    partnership, police, probation, partner, data_lead
):
    asks_for_welsh(partnership)
    chooses(partner, "en-gb")

    issue_a_call(partnership, [police, probation])

    assert email_to(data_lead.email).subject.startswith(WELSH_CALL)
    assert email_to(partner.email).subject.startswith(ENGLISH_CALL)


@pytest.mark.django_db
def test_the_digest_is_in_the_persons_language(partnership, police, data_lead):
    chooses(data_lead, "cy")
    services.email_preference_set(user=data_lead, frequency=Frequency.DAILY_DIGEST)
    issue_a_call(partnership, [police])
    mail.outbox.clear()

    services.digest_send(user_id=data_lead.pk, now=timezone.now())

    (digest,) = mail.outbox
    assert digest.subject == "Eich crynodeb SVD Portal: 1 hysbysiad newydd"
    assert WELSH_CALL in digest.body


@pytest.mark.django_db
@override_settings(SITE_URL="http://portal.example")
def test_a_welsh_partnerships_invitation_is_in_welsh(partnership, police, lead):
    asks_for_welsh(partnership)
    invitation = InvitationFactory(organisation=police, email=NEWCOMER, invited_by=lead)

    partnership_tasks.send_invitation_email(invitation.pk)

    (message,) = mail.outbox
    assert message.subject == (
        f"Rydych wedi cael gwahoddiad i ymuno â {partnership.name} ar SVD Portal"
    )


@pytest.mark.django_db
def test_an_english_partnerships_invitation_is_in_english(partnership, police, lead):
    invitation = InvitationFactory(organisation=police, email=NEWCOMER, invited_by=lead)

    with translation.override("cy"):
        partnership_tasks.send_invitation_email(invitation.pk)

    assert mail.outbox[0].subject == f"You are invited to join {partnership.name} on SVD Portal"


@pytest.mark.django_db
def test_a_password_reset_is_in_the_language_the_person_chose(partner):
    chooses(partner, "cy")

    account_tasks.send_password_reset(partner.email)

    (message,) = mail.outbox
    assert message.subject == "Ailosod eich cyfrinair SVD Portal"
