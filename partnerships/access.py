"""The one way in to a partnership's data.

Every tenant view is wrapped in `tenant_view`: it resolves the partnership from the URL and the
person's active membership of it, answers 404 to anyone who is not a member (whether or not the
partnership or object exists, so an id never confirms anything), 403 to a member whose role
lacks the permission, and runs the view inside the partnership's scope so that every query on a
tenant-owned model is filtered to it.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django_htmx.middleware import HtmxDetails
from django_scopes import scope
from guardian.core import ObjectPermissionChecker

from svd_portal.accounts.models import User

from .models import Membership, Partnership


class TenantRequest(HttpRequest):
    """What a tenant view can rely on being set on its request."""

    user: User
    htmx: HtmxDetails
    partnership: Partnership
    membership: Membership
    permissions: frozenset[str]
    partnership_count: int


def resolve(request: HttpRequest, slug: str) -> tuple[Partnership, Membership, frozenset[str]]:
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        raise Http404
    membership = (
        Membership.objects.with_scope(partnership=partnership)
        .select_related("organisation__sector")
        .filter(user=request.user, ended_on__isnull=True)
        .first()
    )
    if membership is None:
        raise Http404
    permissions = frozenset(ObjectPermissionChecker(request.user).get_perms(partnership))
    return partnership, membership, permissions


def tenant_view(permission: str):
    """Wraps a view under /p/<partnership_slug>/ that needs `permission` on the partnership."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, partnership_slug, *args, **kwargs):
            partnership, membership, permissions = resolve(request, partnership_slug)
            if permission not in permissions:
                raise PermissionDenied
            request.partnership = partnership
            request.membership = membership
            request.permissions = permissions
            # For the switcher: people in several partnerships get a "Change" link.
            request.partnership_count = (
                Membership.objects.with_scopes_disabled().filter(user=request.user).active().count()
            )
            with scope(partnership=partnership):
                return view(request, *args, **kwargs)

        wrapper.tenant_permission = permission
        return wrapper

    return decorator
