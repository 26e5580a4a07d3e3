"""Reminders before a data sharing agreement's review: a month and a week ahead and once
overdue, each emailed once to the people who keep the register (the partnership's leads and
data leads) however often the daily task runs; a review moves the date and they start again."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django_scopes import scope, scopes_disabled

from assessments import tasks
from assessments.models import AgreementReminder, Measure, SharingAgreement
from assessments.services import sharing
from partnerships.access import actor_for

pytestmark = pytest.mark.usefixtures("northshire_built_once")

IN_FORCE = datetime.date(2026, 10, 1)
# The first review is six months after the first version came into force.
DUE = datetime.date(2027, 4, 1)


def day(offset: int) -> datetime.date:
    return DUE + datetime.timedelta(days=offset)


@pytest.fixture
def isa(partnership, data_lead, police, probation):
    with time_machine.travel(datetime.date(2026, 12, 5)), scope(partnership=partnership):
        return sharing.agreement_register(
            actor=actor_for(data_lead, partnership),
            data={
                "kind": SharingAgreement.Kind.ISA,
                "title": "Northshire serious violence ISA",
                "reference": "ISA-2026-01",
                "purpose": "Aggregate figures for the strategic needs assessment.",
                "legal_bases": ["pcsc_s16"],
                "legal_basis_notes": "",
                "data_sets": "Quarterly counts of knife crime by area.",
                "measures": list(Measure.objects.all()[:1]),
                "organisations": [police, probation],
                "outside_bodies": [],
                "owner": police,
                "protective_marking": "official_sensitive",
                "in_force_from": IN_FORCE,
                "signed_copy": None,
            },
        )


def run(capture, today) -> int:
    with capture(execute=True):
        return sharing.agreement_send_review_reminders(today=today)


def thresholds() -> list[str]:
    with scopes_disabled():
        return sorted(AgreementReminder.objects.values_list("threshold", flat=True))


@pytest.mark.parametrize(
    ("offset", "threshold"),
    [
        (-40, None),
        (-30, "30_days_before"),
        (-8, "30_days_before"),
        (-7, "7_days_before"),
        (0, "7_days_before"),
        (1, "overdue"),
    ],
)
def test_the_threshold_follows_the_days_left(offset, threshold):
    assert sharing.AGREEMENT_REVIEW_REMINDERS.threshold(due_on=DUE, today=day(offset)) == (
        threshold
    )


@pytest.mark.django_db
def test_the_keepers_of_the_register_are_reminded_a_month_ahead(
    isa, lead, data_lead, partner, django_capture_on_commit_callbacks
):
    assert isa.review_due_on == DUE

    sent = run(django_capture_on_commit_callbacks, day(-30))

    assert sent == 1
    # One email each, to Priya (lead) and Tom (data lead); not to Paul, a partner.
    assert sorted(email.to[0] for email in mail.outbox) == sorted([lead.email, data_lead.email])
    assert mail.outbox[0].subject.startswith("Reminder: the review of the data sharing agreement")
    assert "1 April 2027" in mail.outbox[0].body


@pytest.mark.django_db
def test_each_threshold_is_sent_once_over_the_life_of_a_due_date(
    isa, django_capture_on_commit_callbacks
):
    for offset in range(-45, 10):
        run(django_capture_on_commit_callbacks, day(offset))
        run(django_capture_on_commit_callbacks, day(offset))

    assert thresholds() == ["30_days_before", "7_days_before", "overdue"]
    assert mail.outbox[-1].subject.startswith("Overdue:")
    assert "no longer count as shared under it" in mail.outbox[-1].body


@pytest.mark.django_db
def test_a_review_moves_the_date_and_the_reminders_start_again(
    isa, partnership, data_lead, django_capture_on_commit_callbacks
):
    run(django_capture_on_commit_callbacks, day(-10))
    with time_machine.travel(day(-5)), scope(partnership=partnership):
        sharing.agreement_review(
            agreement=isa, actor=actor_for(data_lead, partnership), data={"reviewed_on": day(-5)}
        )

    # A year after the review: nothing is due within the month any more.
    assert run(django_capture_on_commit_callbacks, day(-4)) == 0
    isa.refresh_from_db()
    assert run(django_capture_on_commit_callbacks, isa.review_due_on - datetime.timedelta(7)) == 1
    assert thresholds() == ["30_days_before", "7_days_before"]


@pytest.mark.django_db
def test_an_ended_agreement_is_not_reminded(
    isa, partnership, data_lead, django_capture_on_commit_callbacks
):
    with scope(partnership=partnership):
        sharing.agreement_end(
            agreement=isa, actor=actor_for(data_lead, partnership), data={"reason": "Replaced"}
        )

    assert run(django_capture_on_commit_callbacks, day(-30)) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_reminder_recorded_before_a_review_sends_nothing_once_reviewed(
    isa, partnership, data_lead, django_capture_on_commit_callbacks
):
    """The review happens between the daily run recording the reminder and the worker sending it:
    the email would be wrong, so none goes."""
    with scopes_disabled():
        reminder = AgreementReminder.objects.create(
            partnership=partnership, agreement=isa, due_on=DUE, threshold="7_days_before"
        )
    with time_machine.travel(day(-3)), scope(partnership=partnership):
        sharing.agreement_review(
            agreement=isa, actor=actor_for(data_lead, partnership), data={"reviewed_on": day(-3)}
        )

    tasks.send_agreement_review_reminder_email(reminder.pk)

    assert mail.outbox == []


def test_beat_runs_the_reminders_every_morning():
    entry = settings.CELERY_BEAT_SCHEDULE["agreement-review-reminders"]

    assert entry["task"] == "assessments.tasks.send_agreement_review_reminders"
