"""Making, finding and revoking personal access tokens.

A token reads "svd_<prefix>_<secret>": 12 hex characters that find its row, and 43 random
URL-safe characters (256 bits) that prove it. Only the SHA-256 of the whole token is stored; a
secret that long needs no slow hash, and comparing in constant time gives nothing away.
"""

import datetime
import hashlib
import hmac
import re
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerships.access import Actor
from partnerships.audit import save_with_history
from partnerships.roles import Permission

from .models import ApiToken
from .scopes import Resource, grantable

# How long a token may live, in days: people choose, a year at most.
LIFETIMES = (30, 90, 180, 365)
NAME_MAX_LENGTH = 100
_TOKEN = re.compile(r"^svd_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


@transaction.atomic
def token_create(*, actor: Actor, name: str, scopes: list[str], days: int) -> tuple[ApiToken, str]:
    """A new token for the person acting, and the token itself (shown to them once)."""
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Enter a name for the token, so you can tell it apart later")
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = _("The name must be %(limit)s characters or fewer") % {
            "limit": NAME_MAX_LENGTH
        }
    allowed = set(grantable(actor.permissions))
    if not scopes:
        errors["scopes"] = _("Choose at least one thing the token may read")
    elif not set(scopes) <= allowed:
        errors["scopes"] = _("Choose only what you may see yourself")
    if days not in LIFETIMES:
        errors["days"] = _("Choose how long the token lasts")
    if errors:
        raise ValidationError(errors)
    prefix = secrets.token_hex(6)
    token = f"svd_{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiToken(
        partnership=actor.partnership,
        user=actor.user,
        name=name,
        prefix=prefix,
        secret_hash=_hash(token),
        scopes=[resource.value for resource in Resource if resource in scopes],
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    save_with_history(row, acting_user=actor.user, reason=_("API token made"))
    return row, token


def may_revoke(token: ApiToken, *, actor: Actor) -> bool:
    """Its owner, or whoever manages the partnership's members (a leaver's tokens)."""
    return token.user_id == actor.user.pk or actor.may(Permission.MANAGE_MEMBERS)


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: Actor) -> ApiToken:
    if not may_revoke(token, actor=actor):
        raise PermissionDenied
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = actor.user
        save_with_history(token, acting_user=actor.user, reason=_("API token revoked"))
    return token


def token_from(presented: str) -> ApiToken | None:
    """The token row a caller presented, live or not, or None if it is no token of ours."""
    match = _TOKEN.match(presented or "")
    if match is None:
        return None
    row = (
        ApiToken.objects.with_scopes_disabled()
        .select_related("partnership", "user")
        .filter(prefix=match.group(1))
        .first()
    )
    if row is None or not hmac.compare_digest(row.secret_hash, _hash(presented)):
        return None
    return row
