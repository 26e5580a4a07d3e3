"""Helpers for the strategy stories: its pages' addresses, a status set directly, a sign-off
recorded and a priority added."""

import datetime

from django.urls import reverse
from django_scopes import scopes_disabled

from strategies.models import SignOff, Strategy
from tests.factories import PriorityFactory

S = Strategy.Status


def url(name, partnership, *args, query=""):
    return reverse(f"tenant:{name}", args=[partnership.slug, *args]) + query


def with_status(strategy, status, **fields):
    with scopes_disabled():
        Strategy.objects.filter(pk=strategy.pk).update(status=status, **fields)
    strategy.refresh_from_db()
    return strategy


def sign_off(strategy, organisation, decision=SignOff.Decision.APPROVED, version=None):
    with scopes_disabled():
        return SignOff.objects.create(
            partnership=strategy.partnership,
            strategy=strategy,
            version=version or strategy.version,
            organisation=organisation,
            decision=decision,
            body="" if decision == SignOff.Decision.NOT_SIGNED else "Cabinet",
            decided_on=None
            if decision == SignOff.Decision.NOT_SIGNED
            else datetime.date(2026, 5, 1),
            reason="The board has not met yet" if decision == SignOff.Decision.NOT_SIGNED else "",
        )


def add_priority(strategy, **fields):
    priority = PriorityFactory(strategy=strategy, **fields)
    with scopes_disabled():
        priority.findings.set(strategy.assessment.findings.all()[:1])
    return priority
