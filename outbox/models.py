"""A message waiting to be delivered to a worker: a Celery task and its arguments, saved in the
same transaction as the change that asked for it, so a broker that is away never loses it."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """One task to run once in the background (an email to send, for now).

    Published to the broker on commit when it can be, and by the dispatcher (every few seconds,
    from Celery beat) when it could not, or when no worker claimed it in time (a broker that
    restarted without its queue). A worker claims it with one conditional update before running
    it, so however many times it is published it runs once."""

    class Delivery(models.TextChoices):
        # The outbox's own worker task claims the message and runs the task: once.
        RUN_ONCE = "run_once", _("Run once")
        # The task is published as it is: it claims its own work (an export job does) and is
        # safe to deliver twice, so the message is done once the broker has it.
        HAND_OVER = "hand_over", _("Hand over")

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    queue = models.CharField(max_length=100, blank=True)
    delivery = models.CharField(max_length=20, choices=Delivery.choices, default=Delivery.RUN_ONCE)
    created_at = models.DateTimeField(default=timezone.now)
    # The last time it was handed to the broker, how many times it has been, and when the
    # dispatcher should publish it (again) if it is still not done by then.
    published_at = models.DateTimeField(null=True, blank=True)
    publications = models.PositiveIntegerField(default=0)
    due_at = models.DateTimeField(default=timezone.now)
    # Set while a worker runs it; a claim older than the claim timeout belongs to a lost worker.
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    # It ran out of attempts: kept, with why, for an operator to look at.
    failed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            # The dispatcher's question: what is still to deliver, oldest first.
            models.Index(
                fields=["due_at"],
                name="outbox_pending",
                condition=Q(done_at__isnull=True, failed_at__isnull=True),
            ),
            # Pruning what was delivered long ago.
            models.Index(fields=["done_at"], name="outbox_done"),
        ]

    def __str__(self):
        return f"{self.task}{tuple(self.args)}"


class WorkerHeartbeat(models.Model):
    """A Celery worker's last sign of life, written every few seconds by the worker itself
    (outbox/worker.py): /readyz/ is unhealthy when no worker has beaten for a while."""

    hostname = models.CharField(max_length=200, unique=True)
    queues = models.JSONField(default=list)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.hostname
