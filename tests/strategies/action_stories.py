"""Helpers for the action stories: today, the pages' addresses and a strategy's status set
directly."""

from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from strategies.models import Strategy

TODAY = timezone.localdate


def url(name: str, *args, slug: str = "northshire") -> str:
    return reverse(f"tenant:{name}", args=[slug, *args])


def set_status(strategy: Strategy, status: str) -> Strategy:
    with scopes_disabled():
        Strategy.objects.filter(pk=strategy.pk).update(status=status)
        strategy.refresh_from_db()
    return strategy
