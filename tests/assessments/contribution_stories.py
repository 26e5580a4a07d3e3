"""Helpers for the contribution stories: their pages' addresses, a contribution read afresh,
and the form a contributor fills in."""

from django.urls import reverse
from django_scopes import scopes_disabled

from assessments.models import Contribution

SNA = "strategic-needs-assessment"


def url(name: str, contribution: Contribution | None = None, slug: str = "northshire") -> str:
    args = [slug] if contribution is None else [slug, contribution.pk]
    return reverse(f"tenant:{name}", args=args)


def fresh(contribution: Contribution) -> Contribution:
    with scopes_disabled():
        return Contribution.objects.get(pk=contribution.pk)


def form_data(**overrides) -> dict:
    return {
        "element": SNA,
        "level": "engaged",
        "kind": "insight",
        "title": "Knife crime in the town centre",
        "body": "Offences rose by a **third** in 2025.",
        "period": "2026/27",
        "call": "",
    } | overrides
