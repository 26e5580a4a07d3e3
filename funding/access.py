"""The one way in to the Duty grant: which grants a person may reach.

A grant is not one partnership's: it covers every partnership it funds, so it carries no tenant
key and no tenant view resolves it. It belongs to whoever convenes all of them, holding
MANAGE_FUNDING in each (the local policing body). A grant that also covers a partnership the
person does not convene is invisible to them: a 404, the same answer as a grant that does not
exist, so an id confirms nothing. Every convener page goes through `convener_view` and
`grant_for`; the services ask `convened_partnership_ids` again before they write.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.cache import patch_cache_control
from django_htmx.middleware import HtmxDetails

from accounts.models import User
from partnerships.models import (
    Membership,
    Partnership,
    PartnershipGroupObjectPermission,
    PartnershipUserObjectPermission,
)
from partnerships.roles import Permission, PortalRole

from .models import Grant


def convened_partnership_ids(user: User) -> frozenset[int]:
    """The partnerships the person convenes and may manage the grant of, in one query.

    The same answer as `partnerships.access.actor_for(user, p).may(MANAGE_FUNDING)` for each
    convener membership (their own grants and their role groups'), asked of every partnership
    at once rather than two queries a partnership."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    convened = (
        Membership.objects.with_scopes_disabled()
        .filter(user=user, portal_role=PortalRole.CONVENER)
        .active()
        .values("partnership")
    )
    partnerships = Partnership.objects.filter(pk__in=convened)
    if not user.is_superuser:  # guardian gives a superuser every permission
        codename = Permission.MANAGE_FUNDING.value
        own = PartnershipUserObjectPermission.objects.filter(
            user=user, permission__codename=codename
        ).values("content_object")
        of_groups = PartnershipGroupObjectPermission.objects.filter(
            group__user=user, permission__codename=codename
        ).values("content_object")
        partnerships = partnerships.filter(Q(pk__in=own) | Q(pk__in=of_groups))
    return frozenset(partnerships.order_by().values_list("pk", flat=True))


def grants_for(user: User, *, convened: frozenset[int] | None = None) -> QuerySet[Grant]:
    """The grants every one of whose partnerships the person convenes (`convened`, if the
    caller has it already, saves asking again)."""
    if convened is None:
        convened = convened_partnership_ids(user)
    covers = Grant.partnerships.through.objects
    return Grant.objects.filter(
        pk__in=covers.filter(partnership_id__in=convened).values("grant_id")
    ).exclude(pk__in=covers.exclude(partnership_id__in=convened).values("grant_id"))


def grant_for(user: User, grant_pk: int, *, convened: frozenset[int] | None = None) -> Grant:
    """The grant, if the person may reach it; else Http404, whether or not it exists."""
    grant = grants_for(user, convened=convened).filter(pk=grant_pk).first()
    if grant is None:
        raise Http404
    return grant


class ConvenerRequest(HttpRequest):
    """What a convener view can rely on being set on its request."""

    user: User
    htmx: HtmxDetails
    convened: frozenset[int]


def convener_view(view):
    """Wraps a page of the convener's: signed in, convening at least one partnership with
    MANAGE_FUNDING (else 404: the pages are not there for anyone else), `request.convened`
    set to their ids. The pages are the convener's alone: no shared cache keeps a copy."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        convened = convened_partnership_ids(request.user)
        if not convened:
            raise Http404
        request.convened = convened
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapper
