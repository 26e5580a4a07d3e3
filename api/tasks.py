"""Celery tasks of the API app: thin adapters."""

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone


@shared_task
def prune_api_calls() -> int:
    """Delete logged API calls older than API_CALL_RETENTION_DAYS, in every partnership (the
    worker runs outside any one partnership's walls); how many went."""
    from .models import ApiCall

    before = timezone.now() - datetime.timedelta(days=settings.API_CALL_RETENTION_DAYS)
    deleted, _ = ApiCall.objects.with_scopes_disabled().filter(at__lt=before).delete()
    return deleted
