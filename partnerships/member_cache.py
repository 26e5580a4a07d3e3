"""What one member is asked to do or decide, kept between their pages until the partnership's
records change: the to-do list, what is asked of a duty partner, what waits on a lead.

Their reads were most of those pages' time at national scale (a lead's organisation has
thousands waiting for review), yet they change only when a record does. So they are kept under
the partnership's records' version (partnerships.changes), with everything that decides them
in the key: the partnership, the membership (its organisation and Duty roles) and what the
person may do. A permission granted without a change to the records (the role map after a
deploy) is a new key too. Nothing is shared between partnerships or people.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import cache

from .access import Actor
from .changes import records_version

# How long a member's figures (the navigation's to-do count among them) are trusted without a
# change telling otherwise: bulk writes (`QuerySet.update`, `bulk_create`) tell none.
MEMBER_CACHE_TIMEOUT = 300


def member_key(actor: Actor, name: str, *parts: object) -> str:
    """The cache key of `name` for the actor in their partnership, at its records' version."""
    permissions = hashlib.blake2s(",".join(sorted(actor.permissions)).encode()).hexdigest()[:16]
    version = records_version(actor.partnership.pk)
    tail = ":".join(str(part) for part in parts)
    return (
        f"member:{name}:{actor.partnership.pk}:{actor.membership.pk}:{permissions}:{version}:{tail}"
    )


def for_member[T](actor: Actor, name: str, compute: Callable[[], T], *parts: object) -> T:
    """`compute()` for the actor, read from the cache while the partnership's records are
    unchanged. `parts` are whatever else the result depends on (a limit, the day)."""
    if actor.membership is None:
        return compute()  # nobody to keep it for
    key = member_key(actor, name, *parts)
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, MEMBER_CACHE_TIMEOUT)
    return found


def for_partnership[T](partnership, name: str, compute: Callable[[], T], *parts: object) -> T:
    """`compute()` for the partnership, the same for every member who may see it, read from
    the cache while its records are unchanged. `parts` are whatever else the result depends
    on (which figures, the day, the language of their words)."""
    tail = ":".join(str(part) for part in parts)
    key = f"partnership:{name}:{partnership.pk}:{records_version(partnership.pk)}:{tail}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, MEMBER_CACHE_TIMEOUT)
    return found
