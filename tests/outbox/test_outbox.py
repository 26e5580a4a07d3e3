"""The outbox: work for the workers is committed with the change that asked for it, published
when the broker can take it, published again when no worker claimed it, and run once."""

import datetime

import pytest
from celery import shared_task
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from outbox import services as outbox
from outbox.models import Message

RUNS: list = []


@shared_task(name="tests.outbox.record")
def record(value):
    RUNS.append(value)


@shared_task(name="tests.outbox.fail")
def fail(value):
    raise OSError("the mail server is away")


@pytest.fixture(autouse=True)
def _fresh_runs():
    RUNS.clear()


def later(seconds: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=seconds)


def message() -> Message:
    return Message.objects.get()


@pytest.mark.django_db
def test_a_message_runs_once_its_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        outbox.send(record, "invitation 7")
        assert RUNS == []

    assert RUNS == ["invitation 7"]
    assert message().done_at is not None and message().publications == 1


@pytest.mark.django_db
def test_a_message_of_a_change_rolled_back_never_runs(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        outbox.send(record, "never")
        raise RuntimeError("the save failed")

    assert RUNS == [] and not Message.objects.exists()


@pytest.mark.django_db
def test_while_the_broker_is_away_the_sender_carries_on_and_nothing_is_lost(
    django_capture_on_commit_callbacks, broker_away
):
    with django_capture_on_commit_callbacks(execute=True):
        outbox.send(record, "contribution 3 submitted")

    assert RUNS == []
    assert (message().publications, message().done_at) == (0, None)

    assert outbox.dispatch(now=later(1)) == 0  # still away: tried, kept
    broker_away.back()
    assert outbox.dispatch(now=later(2)) == 1

    assert RUNS == ["contribution 3 submitted"]
    assert message().done_at is not None


@pytest.mark.django_db
def test_a_message_delivered_twice_runs_once():
    sent = Message.objects.create(task=record.name, args=["once"])

    assert outbox.deliver(sent.pk) is True
    assert outbox.deliver(sent.pk) is False
    assert RUNS == ["once"]


@pytest.mark.django_db
def test_a_published_message_no_worker_claimed_is_published_again_after_a_gap(settings):
    settings.OUTBOX_REPUBLISH_AFTER = 30
    now = timezone.now()
    # Published once, then lost with a broker that restarted without its queue.
    lost = Message.objects.create(
        task=record.name, args=["lost"], published_at=now, publications=1, due_at=later(30)
    )

    assert outbox.dispatch(now=later(10)) == 0
    assert outbox.dispatch(now=later(31)) == 1

    assert RUNS == ["lost"]
    lost.refresh_from_db()
    assert lost.publications == 2 and lost.done_at is not None


@pytest.mark.django_db
def test_a_message_a_worker_is_running_is_not_published_again(settings):
    settings.OUTBOX_CLAIM_TIMEOUT = 600
    busy = Message.objects.create(task=record.name, args=["busy"], claimed_at=timezone.now())

    assert outbox.dispatch(now=later(120)) == 0
    # Ten minutes on, its claim belongs to a worker that was lost: run it again.
    Message.objects.filter(pk=busy.pk).update(claimed_at=later(-601))
    assert outbox.dispatch(now=timezone.now()) == 1
    assert RUNS == ["busy"]


@pytest.mark.django_db
def test_a_failing_task_is_tried_again_later_then_kept_as_failed(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    settings.OUTBOX_REPUBLISH_AFTER = 30
    failing = Message.objects.create(task=fail.name, args=["x"])

    assert outbox.deliver(failing.pk) is False
    failing.refresh_from_db()
    assert failing.claimed_at is None and failing.failed_at is None
    assert failing.error == "OSError: the mail server is away"
    assert outbox.dispatch(now=later(5)) == 0  # not yet: it waits its gap
    assert outbox.dispatch(now=later(31)) == 1  # tried a second time, and fails for good

    failing.refresh_from_db()
    assert failing.attempts == 2 and failing.failed_at is not None
    assert outbox.dispatch(now=later(3600)) == 0


@pytest.mark.django_db
def test_a_contribution_email_queued_while_the_broker_is_away_is_sent_when_it_returns(
    django_capture_on_commit_callbacks, broker_away, client_for, partner, lead, probation
):
    from tests.factories import ContributionFactory

    contribution = ContributionFactory(organisation=probation, created_by=partner)
    client = client_for(partner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("tenant:contributions-submit", args=["northshire", contribution.pk])
        )

    assert response.status_code == 302
    assert mail.outbox == []
    broker_away.back()
    outbox.dispatch(now=later(60))
    assert [m.to for m in mail.outbox] == [[lead.email]]


@pytest.mark.django_db
def test_delivered_messages_are_forgotten_after_two_weeks_and_failed_ones_kept(settings):
    settings.OUTBOX_KEEP_DAYS = 14
    now = timezone.now()
    Message.objects.create(task=record.name, done_at=now - datetime.timedelta(days=15))
    recent = Message.objects.create(task=record.name, done_at=now - datetime.timedelta(days=13))
    failed = Message.objects.create(task=fail.name, failed_at=now - datetime.timedelta(days=30))

    assert outbox.prune(now=now) == 1
    assert set(Message.objects.all()) == {recent, failed}
