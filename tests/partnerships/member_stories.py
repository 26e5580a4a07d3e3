"""What the members pages' stories share: a member's row and the address of one of their pages."""

from django.urls import reverse
from django_scopes import scopes_disabled

from partnerships.models import Membership


def membership_of(user, partnership) -> Membership:
    with scopes_disabled():
        return Membership.objects.select_related("user").get(user=user, partnership=partnership)


def member_url(name: str, membership: Membership) -> str:
    return reverse(f"tenant:{name}", args=[membership.partnership.slug, membership.pk])
