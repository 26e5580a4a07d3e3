"""Cursor pagination and "changed since" for every list the API serves.

A page is keyed on the row's id, ascending: ids are stable, so a cursor stays right while rows
are added, and each page is one indexed query whatever page it is. `changed_since` keeps the
rows created or changed at or after that moment, found in their history (the models the API
lists keep one, but for measures and figures), so a nightly refresh fetches only what changed;
`removed_page` lists the ids that have left a list since, so the refresh can drop them too.
"""

import base64
import binascii
import datetime

from django.db.models import Max, QuerySet
from ninja.errors import HttpError

# Rows per page unless the caller asks for fewer, and the most they may ask for.
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


def _cursor_for(pk: int) -> str:
    return base64.urlsafe_b64encode(f"after:{pk}".encode()).decode().rstrip("=")


def _after(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, pk = text.partition(":")
        if kind != "after" or not pk.isdigit() or len(pk) > 18:
            raise ValueError
        return int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise HttpError(400, "The cursor is not one this API gave out") from None


def only_changed(queryset: QuerySet, since: datetime.datetime | None) -> QuerySet:
    """The rows changed at or after `since` (by their history), or every row."""
    if since is None:
        return queryset
    if not hasattr(queryset.model, "history"):
        raise HttpError(400, "This list has no changed_since: fetch it whole")
    history = queryset.model.history.model
    return queryset.filter(pk__in=history.objects.filter(history_date__gte=since).values("id"))


def page(
    request,
    queryset: QuerySet,
    *,
    cursor: str | None,
    page_size: int | None,
    changed_since: datetime.datetime | None,
    serialise,
) -> dict:
    """One page of `queryset` in id order (only what changed since `changed_since`, if given),
    each row through `serialise`, and the address of the next page (None on the last)."""
    size = min(max(page_size or DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE)
    queryset = only_changed(queryset, changed_since)
    rows = list(queryset.filter(pk__gt=_after(cursor)).order_by("pk")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    following = None
    if more:
        query = request.GET.copy()
        query["cursor"] = _cursor_for(rows[-1].pk)
        following = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {"results": [serialise(row) for row in rows], "next": following}


def removed_page(
    request,
    queryset: QuerySet,
    *,
    partnership_id: int,
    cursor: str | None,
    page_size: int | None,
    since: datetime.datetime | None,
) -> dict:
    """One page of the ids that have left `queryset`: rows deleted, or changed so that they no
    longer belong in it (a member removed), at or after `since` if given, each with when it was
    last changed. A nightly refresh drops these, so changed_since plus this is the whole story.
    Histories are not tenant-scoped managers: the partnership is named here, not assumed."""
    size = min(max(page_size or DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE)
    history = queryset.model.history.model.objects.filter(partnership_id=partnership_id)
    if since is not None:
        history = history.filter(history_date__gte=since)
    rows = list(
        history.exclude(id__in=queryset.values("pk"))
        .filter(id__gt=_after(cursor))
        .values("id")
        .annotate(at=Max("history_date"))
        .order_by("id")[: size + 1]
    )
    more = len(rows) > size
    rows = rows[:size]
    following = None
    if more:
        query = request.GET.copy()
        query["cursor"] = _cursor_for(rows[-1]["id"])
        following = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {
        "results": [{"id": row["id"], "removed_at": row["at"]} for row in rows],
        "next": following,
    }
