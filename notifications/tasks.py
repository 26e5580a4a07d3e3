"""Celery tasks for notifications: thin adapters over notifications.services."""

from celery import shared_task
from django.utils import timezone


@shared_task
def send_digests() -> None:
    """Daily, from Celery beat: queue each digest person's email of what waited for it."""
    from . import services

    services.digest_queue_all()


# Sent through the outbox, which retries a failure with growing gaps (outbox/services.py).
@shared_task
def send_digest_email(user_id: int) -> None:
    """Email one person their digest, if anything still waits for it."""
    from . import services

    services.digest_send(user_id=user_id, now=timezone.now())
