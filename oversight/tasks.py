"""Celery tasks of the oversight app: thin adapters over its services."""

from celery import shared_task
from django.utils import timezone

from partnerships.models import Partnership

# Partnerships refreshed per checklist read: the read's queries are fixed, its rows grow.
BATCH = 50


@shared_task
def refresh_standings() -> int:
    """Every few minutes, from beat: store afresh every standing that is stale, missing, from an
    earlier day or older than STANDING_MAX_AGE, so the convener overview rarely computes one
    while someone waits. Returns how many were refreshed."""
    from . import selectors, services

    today = timezone.localdate()
    now = timezone.now()
    partnerships = list(Partnership.objects.order_by("pk"))
    stored = selectors.standings_of(partnerships=partnerships)
    due = selectors.standings_due(partnerships=partnerships, stored=stored, today=today, now=now)
    for start in range(0, len(due), BATCH):
        services.standings_refresh(partnerships=due[start : start + BATCH], today=today)
    return len(due)
