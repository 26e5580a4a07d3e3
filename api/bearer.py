"""A bearer token read outside django-ninja, for plain Django views that serve the public and
token holders at the same address (the Open Referral UK feed, api/oruk.py).

The rules are `TokenAuth.authenticate`'s (api/auth.py): an unknown, revoked or expired token, or
one whose owner is no longer a member, is refused with a 401 saying which, and a caller over the
rate limit gets a 429. `tenant_reader` then asks what `tenant_endpoint` asks of a token: its
partnership (another's address is a 404), its resource and its owner's permission (a 403).
"""

from dataclasses import dataclass

from django.http import Http404
from ninja.errors import Throttled

from partnerships.access import Actor, actor_for

from .auth import within_the_rate_limit
from .models import ApiToken
from .scopes import NEEDS, Resource
from .tokens import token_from


class TokenRefused(Exception):
    """The token presented may not be used: `status` (401, 403 or 429) and why."""

    def __init__(self, status: int, message: str, *, retry_after: int | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after


@dataclass(frozen=True)
class TokenHolder:
    token: ApiToken
    actor: Actor


def presented_token(request) -> TokenHolder | None:
    """The live token in the request's `Authorization: Bearer` header and its owner, or None if
    the request carries no Authorization header at all. Anything else presented is refused."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, presented = header.partition(" ")
    row = token_from(presented.strip()) if scheme.lower() == "bearer" else None
    if row is None:
        raise TokenRefused(401, "This is not a token of this portal")
    # Set before the checks below, so the refused call is still logged against the token
    # (api/middleware.py), as the API does.
    request.api_token = row
    if row.revoked_at is not None:
        raise TokenRefused(401, "This token has been revoked")
    if not row.is_live():
        raise TokenRefused(401, "This token has expired")
    actor = actor_for(row.user, row.partnership)
    if actor is None or not row.user.is_active:
        raise TokenRefused(401, "This token's owner is no longer a member")
    try:
        within_the_rate_limit(row)
    except Throttled as throttled:
        raise TokenRefused(
            429, "Too many calls with this token", retry_after=throttled.wait
        ) from None
    return TokenHolder(token=row, actor=actor)


def tenant_reader(holder: TokenHolder, *, partnership, resource: Resource) -> None:
    """Check the token may read `resource` of `partnership`, as `tenant_endpoint` does: a token
    of another partnership finds nothing (404), one without the resource, or whose owner no
    longer holds the permission its pages need, is refused (403)."""
    if holder.token.partnership_id != partnership.pk:
        raise Http404
    if resource.value not in holder.token.scopes:
        raise TokenRefused(403, f"This token may not read {resource.value}")
    if not holder.actor.may(NEEDS[resource]):
        raise TokenRefused(403, f"The token's owner may no longer see {resource.value}")
