"""Sending work to the workers through the outbox, publishing it, and running it once.

`send` saves the message in the caller's transaction and publishes it once that commits. If
the broker is away the request still succeeds: the dispatcher (`dispatch`, every few seconds
from Celery beat) publishes what is due, and publishes again, with growing gaps, what no worker
has claimed, for a broker that restarted without its queue loses what it held.
"""

import datetime
import logging

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerOperationalError

from .models import Message

logger = logging.getLogger(__name__)

# What publishing raises when the broker cannot be reached.
BROKER_ERRORS = (BrokerOperationalError, ConnectionError, OSError)
# Publishing from a request tries briefly: the dispatcher will try again.
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}


def _republish_gap(publications: int) -> datetime.timedelta:
    """How long to wait for a worker to claim a published message before publishing it again:
    the configured gap, doubling with each publication up to sixteen times it."""
    return datetime.timedelta(
        seconds=settings.OUTBOX_REPUBLISH_AFTER * 2 ** min(max(publications - 1, 0), 4)
    )


def _save(task, args, *, queue: str, delivery: str) -> Message:
    now = timezone.now()
    message = Message.objects.create(
        task=task.name,
        args=list(args),
        queue=queue,
        delivery=delivery,
        created_at=now,
        # Published on commit; the dispatcher steps in only if that does not happen.
        due_at=now + datetime.timedelta(seconds=settings.OUTBOX_REPUBLISH_AFTER),
    )
    message_id = message.pk
    transaction.on_commit(lambda: publish(message_id))
    return message


def send(task, *args, queue: str = "") -> Message:
    """Run `task(*args)` once in a worker after the current transaction commits: an email,
    say. Nothing is lost if the broker or the worker is away; it runs when they are back."""
    return _save(task, args, queue=queue, delivery=Message.Delivery.RUN_ONCE)


def hand_over(task, *args, queue: str = "") -> Message:
    """Publish `task(*args)` after the current transaction commits, for a task that claims its
    own work and so may be delivered more than once (an export job)."""
    return _save(task, args, queue=queue, delivery=Message.Delivery.HAND_OVER)


def publish(message_id: int) -> bool:
    """Hand the message to the broker; False, and logged, if the broker is away (the
    dispatcher tries again)."""
    message = Message.objects.filter(pk=message_id).first()
    if message is None or message.done_at or message.failed_at:
        return False
    now = timezone.now()
    # Counted before publishing: an eager run (tests, `make run` without a worker) finishes
    # inside apply_async, and a hand-over is done the moment the broker has it.
    Message.objects.filter(pk=message_id).update(
        published_at=now,
        publications=F("publications") + 1,
        due_at=now + _republish_gap(message.publications + 1),
        **({"done_at": now} if message.delivery == Message.Delivery.HAND_OVER else {}),
    )
    try:
        if message.delivery == Message.Delivery.HAND_OVER:
            current_app.tasks[message.task].apply_async(
                args=message.args,
                queue=message.queue or None,
                retry_policy=PUBLISH_RETRY_POLICY,
            )
        else:
            from .tasks import deliver

            deliver.apply_async(
                args=[message_id], queue=message.queue or None, retry_policy=PUBLISH_RETRY_POLICY
            )
    except BROKER_ERRORS as error:
        logger.warning("Outbox message %s not published (%s): will try again", message_id, error)
        Message.objects.filter(pk=message_id).update(
            publications=F("publications") - 1,
            due_at=now,
            published_at=message.published_at,
            done_at=None,
        )
        return False
    return True


def _claimable(now: datetime.datetime) -> Q:
    stale_claim = now - datetime.timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT)
    return Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale_claim)


def deliver(message_id: int) -> bool:
    """Claim the message and run its task here, once: a second delivery of the same message
    finds it claimed or done and does nothing. A task that fails is released to be published
    again after a gap, until it has had every attempt."""
    now = timezone.now()
    claimed = (
        Message.objects.filter(
            _claimable(now), pk=message_id, done_at__isnull=True, failed_at__isnull=True
        ).update(claimed_at=now, attempts=F("attempts") + 1)
        == 1
    )
    if not claimed:
        return False
    message = Message.objects.get(pk=message_id)
    try:
        current_app.tasks[message.task].run(*message.args)
    except Exception as error:
        logger.exception("Outbox message %s (%s) failed", message_id, message.task)
        gave_up = message.attempts >= settings.OUTBOX_MAX_ATTEMPTS
        Message.objects.filter(pk=message_id, claimed_at=now).update(
            claimed_at=None,
            error=f"{type(error).__name__}: {error}"[:2000],
            failed_at=timezone.now() if gave_up else None,
            due_at=timezone.now() + _republish_gap(message.attempts),
        )
        return False
    Message.objects.filter(pk=message_id, claimed_at=now).update(done_at=timezone.now(), error="")
    return True


def dispatch(*, now: datetime.datetime, limit: int = 500) -> int:
    """Publish what is due, oldest first: messages the request could not publish, and those no
    worker claimed in time. Stops at the first the broker refuses (it is away). Returns how
    many it published."""
    published = 0
    with transaction.atomic():
        due = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(_claimable(now), done_at__isnull=True, failed_at__isnull=True, due_at__lte=now)
            .order_by("due_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        for message_id in due:
            if not publish(message_id):
                break
            published += 1
    return published


def prune(*, now: datetime.datetime) -> int:
    """Forget messages done more than OUTBOX_KEEP_DAYS ago (failed ones stay for an operator
    to look at). Returns how many it deleted."""
    cutoff = now - datetime.timedelta(days=settings.OUTBOX_KEEP_DAYS)
    deleted, _ = Message.objects.filter(done_at__lt=cutoff).delete()
    return deleted


def backlog(*, now: datetime.datetime) -> dict:
    """For monitoring: how many messages wait, and the age in seconds of the oldest."""
    waiting = Message.objects.filter(done_at__isnull=True, failed_at__isnull=True)
    oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
    return {
        "waiting": waiting.count(),
        "oldest_seconds": round((now - oldest).total_seconds()) if oldest else 0,
        "failed": Message.objects.filter(failed_at__isnull=False).count(),
    }


def broker_reachable(*, timeout: float = 2.0) -> tuple[bool, str]:
    """Whether the broker answers now, and if not, why (for /readyz/)."""
    try:
        with current_app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=timeout)
    except Exception as error:  # any failure to connect is an answer here
        return False, f"{type(error).__name__}: {error}"[:300]
    return True, ""


def workers_alive(*, now: datetime.datetime, silence: int) -> dict:
    """The workers that have beaten within `silence` seconds, and the age of the newest beat."""
    from .models import WorkerHeartbeat

    newest = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    alive = WorkerHeartbeat.objects.filter(
        beat_at__gte=now - datetime.timedelta(seconds=silence)
    ).count()
    return {
        "alive": alive,
        "newest_heartbeat_seconds": round((now - newest).total_seconds()) if newest else None,
    }
