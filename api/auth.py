"""The one way in to a partnership through the API, as `tenant_view` is for its pages.

`TokenAuth` reads the bearer token: none, an unknown one, an expired or a revoked one is a 401
(saying which), and so is the token of someone no longer a member; a caller over the rate limit
gets a 429. `tenant_endpoint(resource)` then wraps each endpoint under
/api/v1/partnerships/{slug}/: another partnership's address is a 404 whether or not it exists,
exactly as for an outsider on the pages; a token without the resource, or whose owner no longer
holds the permission its pages need, is a 403; and the endpoint runs inside the partnership's
scope and row-level security, so every query is confined to it.
"""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.utils import timezone
from django_scopes import scope
from ninja.errors import AuthenticationError, AuthorizationError, Throttled
from ninja.security import HttpBearer

from partnerships import row_security
from partnerships.access import actor_for

from .models import ApiToken
from .scopes import NEEDS, Resource
from .tokens import token_from


def within_the_rate_limit(token: ApiToken) -> None:
    """At most API_RATE_LIMIT calls a minute per token, counted in the shared cache."""
    window = int(timezone.now().timestamp() // 60)
    key = f"api-calls:{token.pk}:{window}"
    cache.add(key, 0, timeout=120)
    try:
        calls = cache.incr(key)
    except ValueError:  # evicted between add and incr: count this call as the first
        cache.set(key, 1, timeout=120)
        calls = 1
    if calls > settings.API_RATE_LIMIT:
        raise Throttled(wait=60 - int(timezone.now().timestamp()) % 60)


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        row = token_from(token)
        if row is None:
            return None  # 401
        # Set before the checks below, so the refused call is still logged against the token.
        request.api_token = row
        now = timezone.now()
        if row.revoked_at is not None:
            raise AuthenticationError(message="This token has been revoked")
        if row.expires_at <= now:
            raise AuthenticationError(message="This token has expired")
        actor = actor_for(row.user, row.partnership)
        if actor is None or not row.user.is_active:
            raise AuthenticationError(message="This token's owner is no longer a member")
        within_the_rate_limit(row)
        request.actor = actor
        request.partnership = row.partnership
        return row


def tenant_endpoint(resource: Resource):
    """Wrap an endpoint whose first argument after the request is the partnership's `slug`.
    The endpoint must return what it read already evaluated (lists, dicts): the scope ends when
    it returns, before the response is serialised."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, slug: str, *args, **kwargs):
            token: ApiToken = request.auth
            partnership = token.partnership
            if slug != partnership.slug:
                raise Http404
            if resource.value not in token.scopes:
                raise AuthorizationError(message=f"This token may not read {resource.value}")
            if not request.actor.may(NEEDS[resource]):
                raise AuthorizationError(
                    message=f"The token's owner may no longer see {resource.value}"
                )
            with scope(partnership=partnership), row_security.confined_to(partnership):
                return view(request, slug, *args, **kwargs)

        wrapper.api_resource = resource
        return wrapper

    return decorator
