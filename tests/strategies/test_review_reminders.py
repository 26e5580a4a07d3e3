"""Reminders of the annual review: 60, 30 and 7 days before it is due and once it is overdue,
each emailed once to the partnership's leads and accountable representatives however often
the daily task runs; a completed review moves the due date and the reminders start again."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core import mail
from django.utils import timezone
from django_scopes import scopes_disabled

from partnerships.access import actor_for
from partnerships.models import Membership
from strategies import services, tasks
from strategies.models import Review, ReviewReminder, Strategy
from tests.factories import MembershipFactory, OrganisationFactory, StrategyFactory

DUE = datetime.date(2027, 3, 31)


def day(offset: int) -> datetime.date:
    """`offset` days from the due date: day(-60) is 60 days before it."""
    return DUE + datetime.timedelta(days=offset)


@pytest.fixture
def strategy(sna, partnership, lead):
    """Published on 31 March 2026, so its first review is due by 31 March 2027. Priya (lead,
    accountable for the council) is the one person to remind."""
    return StrategyFactory(
        partnership=partnership,
        assessment=sna,
        title="Northshire Serious Violence Strategy",
        status=Strategy.Status.PUBLISHED,
        published_on=DUE - relativedelta(months=12),
        next_review_due=DUE,
    )


def run(capture, today) -> int:
    with capture(execute=True):
        return services.review_send_reminders(today=today)


def thresholds() -> list[str]:
    with scopes_disabled():
        return sorted(ReviewReminder.objects.values_list("threshold", flat=True))


@pytest.mark.parametrize(
    ("days_until_due", "threshold"),
    [
        (90, None),
        (61, None),
        (60, "60_days_before"),
        (31, "60_days_before"),
        (30, "30_days_before"),
        (8, "30_days_before"),
        (7, "7_days_before"),
        (0, "7_days_before"),
        (-1, "overdue"),
        (-400, "overdue"),
    ],
)
def test_each_day_falls_under_at_most_one_threshold(days_until_due, threshold):
    assert services.review_reminder_threshold(due_on=DUE, today=day(-days_until_due)) == threshold


@pytest.mark.django_db
def test_61_days_before_nothing_is_sent(strategy, django_capture_on_commit_callbacks):
    assert run(django_capture_on_commit_callbacks, day(-61)) == 0

    assert mail.outbox == []
    assert thresholds() == []


@pytest.mark.django_db
def test_60_days_before_the_reminder_is_sent_once_and_not_again_in_the_days_after(
    strategy, django_capture_on_commit_callbacks
):
    first = run(django_capture_on_commit_callbacks, day(-60))
    again = [run(django_capture_on_commit_callbacks, day(offset)) for offset in range(-60, -30)]

    assert first == 1
    assert set(again) == {0}
    assert [m.to for m in mail.outbox] == [["priya@example.org"]]
    assert "Northshire Serious Violence Strategy" in mail.outbox[0].subject
    assert "31 March 2027" in mail.outbox[0].subject
    assert thresholds() == ["60_days_before"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("offset", "threshold"),
    [(-30, "30_days_before"), (-7, "7_days_before"), (1, "overdue")],
)
def test_30_days_7_days_and_overdue_are_each_sent_once(
    strategy, django_capture_on_commit_callbacks, offset, threshold
):
    first = run(django_capture_on_commit_callbacks, day(offset))
    second = run(django_capture_on_commit_callbacks, day(offset))
    next_day = run(django_capture_on_commit_callbacks, day(offset + 1))

    assert (first, second, next_day) == (1, 0, 0)
    assert len(mail.outbox) == 1
    assert thresholds() == [threshold]


@pytest.mark.django_db
def test_every_threshold_is_sent_once_over_the_life_of_a_due_date(
    strategy, django_capture_on_commit_callbacks
):
    for offset in range(-70, 30):
        run(django_capture_on_commit_callbacks, day(offset))
        run(django_capture_on_commit_callbacks, day(offset))

    assert thresholds() == ["30_days_before", "60_days_before", "7_days_before", "overdue"]
    assert len(mail.outbox) == 4
    assert mail.outbox[-1].subject.startswith("Overdue:")
    assert "was due by 31 March 2027" in mail.outbox[-1].body


@pytest.mark.django_db
def test_a_restart_sends_nothing_twice(strategy, django_capture_on_commit_callbacks):
    """Nothing is deleted between runs: a restarted worker or a second beat runs the same
    day's task again, and finds the reminder already recorded."""
    with scopes_disabled():
        Strategy.objects.filter(pk=strategy.pk).update(
            next_review_due=timezone.localdate() + datetime.timedelta(days=30)
        )

    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_review_reminders()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_review_reminders()

    assert len(mail.outbox) == 1
    assert thresholds() == ["30_days_before"]


@pytest.mark.django_db
def test_after_days_without_a_run_only_the_most_urgent_reminder_is_sent(
    strategy, django_capture_on_commit_callbacks
):
    """The 60- and 30-day reminders were missed while the task was down: they are not sent
    late, now or later."""
    run(django_capture_on_commit_callbacks, day(-5))
    for offset in range(-4, 0):
        run(django_capture_on_commit_callbacks, day(offset))

    assert thresholds() == ["7_days_before"]
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_completed_review_moves_the_due_date_and_the_reminders_start_again(
    strategy, lead, council, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    with scopes_disabled():
        Strategy.objects.filter(pk=strategy.pk).update(
            published_on=today - relativedelta(months=11), next_review_due=None
        )
        strategy.refresh_from_db()
    first_due = strategy.review_due_from()
    run(django_capture_on_commit_callbacks, first_due - datetime.timedelta(days=60))
    with scopes_disabled():
        review = services.review_start(
            strategy=strategy,
            data={"reviewed_on": today, "participants": [council]},
            actor=actor_for(lead, strategy.partnership),
        )
        services.review_complete(
            review=review,
            decision=Review.Decision.NO_CHANGE,
            changes_agreed="",
            next_due_on=None,
            actor=actor_for(lead, review.partnership),
        )
    new_due = today + relativedelta(months=12)

    assert run(django_capture_on_commit_callbacks, new_due - datetime.timedelta(days=61)) == 0
    assert run(django_capture_on_commit_callbacks, new_due - datetime.timedelta(days=60)) == 1
    with scopes_disabled():
        sent = sorted(ReviewReminder.objects.values_list("due_on", "threshold"))
    assert sent == [(first_due, "60_days_before"), (new_due, "60_days_before")]
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_reminder_recorded_before_the_review_was_completed_is_not_emailed(
    strategy, lead, django_capture_on_commit_callbacks
):
    with scopes_disabled():
        reminder = ReviewReminder.objects.create(
            partnership=strategy.partnership,
            strategy=strategy,
            due_on=DUE,
            threshold="7_days_before",
        )
        # Reviewed ten days before it was due; the next review is due six months later.
        Strategy.objects.filter(pk=strategy.pk).update(
            last_reviewed_on=day(-10), next_review_due=DUE + relativedelta(months=6)
        )

    tasks.send_review_reminder_email(reminder.pk)

    assert mail.outbox == []


@pytest.mark.django_db
def test_leads_and_accountable_representatives_get_one_email_each(
    strategy, partnership, lead, partner, data_lead, police, vcs, django_capture_on_commit_callbacks
):
    accountable = MembershipFactory(organisation=police, accountable=True).user
    second_lead = MembershipFactory(organisation=police, portal_role="lead").user
    MembershipFactory(organisation=vcs, portal_role="observer")  # neither
    removed = MembershipFactory(organisation=police, accountable=True)
    with scopes_disabled():
        Membership.objects.filter(pk=removed.pk).update(ended_on=timezone.localdate())

    run(django_capture_on_commit_callbacks, day(-7))

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["priya@example.org", accountable.email, second_lead.email]
    )
    assert all(len(m.to) == 1 for m in mail.outbox)


@pytest.mark.django_db
def test_only_published_strategies_and_those_under_review_are_reminded(
    strategy, partnership, django_capture_on_commit_callbacks
):
    with scopes_disabled():
        Strategy.objects.filter(pk=strategy.pk).update(status=Strategy.Status.SUPERSEDED)

    assert run(django_capture_on_commit_callbacks, day(-7)) == 0

    with scopes_disabled():
        Strategy.objects.filter(pk=strategy.pk).update(status=Strategy.Status.UNDER_REVIEW)

    assert run(django_capture_on_commit_callbacks, day(-7)) == 1


@pytest.mark.django_db
def test_the_daily_task_covers_every_partnership(
    strategy, other_partnership, django_capture_on_commit_callbacks
):
    southvale = OrganisationFactory(partnership=other_partnership, sector_slug="local-authority")
    sam = MembershipFactory(organisation=southvale, portal_role="lead").user
    in_a_week = timezone.localdate() + datetime.timedelta(days=7)
    with scopes_disabled():
        Strategy.objects.filter(pk=strategy.pk).update(next_review_due=in_a_week)
    StrategyFactory(
        partnership=other_partnership,
        status=Strategy.Status.PUBLISHED,
        published_on=timezone.localdate() - datetime.timedelta(days=200),
        next_review_due=in_a_week,
    )

    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_review_reminders()
        tasks.send_review_reminders()

    assert sorted(m.to[0] for m in mail.outbox) == sorted(["priya@example.org", sam.email])


def test_celery_beat_runs_the_review_reminders_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["strategy-review-reminders"]

    assert entry["task"] == "strategies.tasks.send_review_reminders"
    assert entry["schedule"].hour == {7}
