"""The outbox's worker tasks: thin adapters over outbox.services."""

from celery import shared_task
from django.utils import timezone


@shared_task(ignore_result=True)
def deliver(message_id: int) -> None:
    """Run one outbox message's task, once."""
    from . import services

    services.deliver(message_id)


@shared_task(ignore_result=True)
def dispatch() -> None:
    """Every few seconds, from Celery beat: publish what the requests could not, and again
    what no worker claimed."""
    from . import services

    services.dispatch(now=timezone.now())


@shared_task(ignore_result=True)
def prune() -> None:
    """Once a day, from Celery beat: forget messages delivered long ago."""
    from . import services

    services.prune(now=timezone.now())
