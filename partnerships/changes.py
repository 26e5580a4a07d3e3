"""Any change to a partnership's records, told once: the `partnership_changed` signal, and a
version of the partnership's records that caches of derived figures are keyed by.

Every model with a `partnership` foreign key counts (the partnership itself too), so a record
added later is covered without a list to keep up to date. Left out: history records (the change
they record has already been told) and models marked `quiet_changes = True`, high-volume records
nothing derived here reads (a data return's figures, notifications, the audit trail). Receivers
are connected model by model, so deleting those many rows stays one DELETE. Bulk writes
(`bulk_create`, `QuerySet.update`) send no signal: whatever is derived from them bounds how long
it is trusted.

Layered at the bottom, beside the models every app builds on: the apps above subscribe
(oversight marks the convener overview's standing stale) and read the version (the navigation's
to-do count), and this module imports none of them.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal

from .models import Partnership

# Sent with `partnership_id` (and the changed model as sender) whenever a record changes.
partnership_changed = Signal()

_VERSION_KEY = "partnership-records:{}"


# The versions one request has read: a page asks for several kept figures, each keyed by the
# version, and each ask was a round trip to the cache. A change made meanwhile forgets its own.
_read_this_request: ContextVar[dict[int, str] | None] = ContextVar(
    "records_versions_read", default=None
)


@contextmanager
def versions_read_once() -> Iterator[None]:
    """Within this block (one request), each partnership's version is read from the cache once.
    Another process's change shows from the next request on, like any page's snapshot."""
    token = _read_this_request.set({})
    try:
        yield
    finally:
        _read_this_request.reset(token)


def records_version(partnership_id: int) -> str:
    """A token that changes whenever any of the partnership's records does (one cache read)."""
    read = _read_this_request.get()
    if read is not None and partnership_id in read:
        return read[partnership_id]
    key = _VERSION_KEY.format(partnership_id)
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(key, version, timeout=None)
        version = cache.get(key, version)
    if read is not None:
        read[partnership_id] = version
    return version


def records_changed(*, partnership_id: int) -> None:
    """Move the partnership's version by hand: for writes that send no signal (a bulk write, an
    operator's script), and for `make bench --after-change`, which times pages as the first
    person to open them after a change does."""
    _new_version(partnership_id)


def _new_version(partnership_id: int) -> None:
    cache.set(_VERSION_KEY.format(partnership_id), uuid.uuid4().hex, timeout=None)
    read = _read_this_request.get()
    if read is not None:
        read.pop(partnership_id, None)


def _partnership_field(model) -> str | None:
    """The attribute holding the partnership's id, for a model whose changes are told."""
    if model is Partnership:
        return "pk"
    if getattr(model, "instance_type", None) is not None or getattr(model, "quiet_changes", False):
        return None
    try:
        field = model._meta.get_field("partnership")
    except FieldDoesNotExist:
        return None
    if not field.concrete or getattr(field, "related_model", None) is not Partnership:
        return None
    return field.attname


def _partnership_id(instance) -> int | None:
    attribute = _partnership_field(type(instance))
    return getattr(instance, attribute) if attribute else None


def _changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # loading fixtures
    partnership_id = _partnership_id(instance)
    if partnership_id is None:
        return
    # At once, so the rest of this transaction (a test's, too) reads afresh; and again after
    # commit, so nothing computed from the old rows meanwhile is kept under the new version.
    _new_version(partnership_id)
    transaction.on_commit(lambda: _new_version(partnership_id))
    partnership_changed.send(sender=sender, partnership_id=partnership_id)


def _links_changed(sender, instance, action, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        _changed(type(instance), instance)


def connect() -> None:
    for model in apps.get_models():
        if _partnership_field(model) is None:
            continue
        uid = f"partnership-records:{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}:saved")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}:deleted")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"{uid}:{field.name}")
