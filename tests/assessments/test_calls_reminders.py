"""Reminders of a call: a week and a day before the due date, a day and a week after, each
emailed once per organisation however often the daily task runs."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from django_scopes import scopes_disabled

from assessments import services, tasks
from assessments.models import Call, CallReminder, Contribution
from tests.assessments.test_calls import make_call
from tests.factories import ContributionFactory, MembershipFactory, OrganisationFactory

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

DUE = datetime.date(2027, 3, 31)


def day(offset: int) -> datetime.date:
    return DUE + datetime.timedelta(days=offset)


@pytest.fixture
def call(partnership, police, probation, partner, data_lead):
    """Due 31 March 2027, for the police (Tom) and probation (Paul), who has already answered."""
    call = make_call(partnership, [police, probation], due_on=DUE)
    ContributionFactory(
        organisation=probation,
        call=call,
        status=Contribution.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    return call


def run(capture, today):
    with capture(execute=True):
        return services.call_send_reminders(today=today)


@pytest.mark.parametrize(
    ("days_until_due", "threshold"),
    [
        (30, None),
        (8, None),
        (7, "7_days_before"),
        (2, "7_days_before"),
        (1, "1_day_before"),
        (0, "1_day_before"),
        (-1, "1_day_overdue"),
        (-6, "1_day_overdue"),
        (-7, "7_days_overdue"),
        (-40, "7_days_overdue"),
    ],
)
def test_each_day_falls_under_at_most_one_threshold(days_until_due, threshold):
    assert services.reminder_threshold(due_on=DUE, today=day(-days_until_due)) == threshold


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("offset", "threshold"),
    [(-7, "7_days_before"), (-1, "1_day_before"), (1, "1_day_overdue"), (7, "7_days_overdue")],
)
def test_running_twice_on_the_same_day_sends_one_reminder(
    call, police, django_capture_on_commit_callbacks, offset, threshold
):
    first = run(django_capture_on_commit_callbacks, day(offset))
    second = run(django_capture_on_commit_callbacks, day(offset))

    # Only the police have not answered; Tom is their one contributor.
    assert (first, second) == (1, 0)
    assert [m.to for m in mail.outbox] == [["tom@example.org"]]
    assert call.title in mail.outbox[0].subject
    with scopes_disabled():
        reminder = CallReminder.objects.get()
    assert (reminder.organisation, reminder.threshold) == (police, threshold)


@pytest.mark.django_db
def test_every_threshold_is_sent_once_over_the_life_of_a_call(
    call, django_capture_on_commit_callbacks
):
    for offset in range(-20, 20):
        run(django_capture_on_commit_callbacks, day(offset))
        run(django_capture_on_commit_callbacks, day(offset))

    with scopes_disabled():
        thresholds = sorted(CallReminder.objects.values_list("threshold", flat=True))
    assert thresholds == ["1_day_before", "1_day_overdue", "7_days_before", "7_days_overdue"]
    assert len(mail.outbox) == 4
    assert "Overdue" in mail.outbox[-1].subject


@pytest.mark.django_db
def test_each_addressee_gets_their_own_email(
    call, police, partnership, django_capture_on_commit_callbacks
):
    colleague = MembershipFactory(organisation=police, portal_role="partner").user
    MembershipFactory(organisation=police, portal_role="observer")  # doesn't contribute

    run(django_capture_on_commit_callbacks, day(-7))

    assert sorted(m.to[0] for m in mail.outbox) == sorted(["tom@example.org", colleague.email])


@pytest.mark.django_db
def test_organisations_that_answered_or_closed_calls_get_no_reminder(
    call, police, data_lead, django_capture_on_commit_callbacks
):
    with scopes_disabled():
        ContributionFactory(
            organisation=police,
            call=call,
            status=Contribution.Status.RETURNED,
            submitted_at=timezone.now(),
        )
    closed = make_call(call.partnership, [police], due_on=DUE, status=Call.Status.CLOSED)

    assert run(django_capture_on_commit_callbacks, day(1)) == 0
    assert mail.outbox == []
    assert closed.pk


@pytest.mark.django_db
def test_a_duty_role_call_reminds_only_the_people_holding_the_role(
    partnership, police, data_lead, partner, django_capture_on_commit_callbacks
):
    make_call(partnership, due_on=DUE, audience=Call.Audience.DUTY_ROLE, duty_role="data_lead")

    run(django_capture_on_commit_callbacks, day(-1))

    assert [m.to for m in mail.outbox] == [["tom@example.org"]]


@pytest.mark.django_db
def test_the_daily_task_covers_every_partnership(
    partnership, police, data_lead, other_partnership, django_capture_on_commit_callbacks
):
    southvale = OrganisationFactory(partnership=other_partnership, name="Southvale Police")
    sam = MembershipFactory(organisation=southvale, portal_role="partner").user
    in_a_week = timezone.localdate() + datetime.timedelta(days=7)
    make_call(partnership, [police], due_on=in_a_week)
    make_call(other_partnership, [southvale], due_on=in_a_week)

    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_call_reminders()
        tasks.send_call_reminders()

    assert sorted(m.to[0] for m in mail.outbox) == sorted(["tom@example.org", sam.email])


def test_celery_beat_runs_the_reminders_daily():
    entry = next(
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "assessments.tasks.send_call_reminders"
    )
    assert entry["schedule"].hour == {7}
