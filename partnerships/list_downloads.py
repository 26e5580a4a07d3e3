"""A list a person sees, taken away as CSV or as an Excel workbook.

Each list page offers "Download this list" (templates/components/download_list.html). The
download is a view of its own under the page's address, wrapped in the same permission and
built from the same selector and filters (the page's query string) as the page, so it holds
exactly the page's rows: every page of them, not just the one on screen. `common.downloads`
writes the file with formulas neutralised in both formats, and every download is noted on the
activity timeline of each partnership whose rows it holds: the page's partnership, or, for a
convener's list outside any one partnership (the Duty grant, the convener overview), those the
caller names.
"""

import datetime
from collections.abc import Callable, Collection, Iterable

from django.http import HttpResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _

from common.downloads import table_download

from .audit import record_downloads
from .models import Partnership

FORMATS = {"csv": "CSV", "xlsx": "Excel"}


def list_download(
    request,
    *,
    name: str,
    title: str,
    header: list,
    rows: Iterable[list],
    fmt: str,
    prefix: str | None = None,
    partnerships: Iterable[Partnership] | None = None,
    money: Collection[int] = (),
) -> HttpResponse:
    """`rows` under `header` as `fmt` ("csv" or "xlsx"), named after `prefix` (the page's
    partnership, by default), `name` and today's date, and noted on the timeline of each of
    `partnerships` (the page's partnership, by default) as a download of `title`.

    `money` holds the indexes of the columns of amounts: Decimals to the penny, written as
    typed in a CSV and as numbers shown in pounds and pence in a workbook."""
    stamp = timezone.localdate().isoformat()
    if prefix is None:
        prefix = request.partnership.slug
    response, count = table_download(
        filename=f"{prefix}-{name}-{stamp}",
        header=[str(heading) for heading in header],
        rows=([_cell(value) for value in row] for row in rows),
        spreadsheet=fmt == "xlsx",
        money=money,
    )
    record_downloads(
        partnerships=[request.partnership] if partnerships is None else partnerships,
        actor=request.user,
        what=_("%(list)s list (%(format)s)") % {"list": title, "format": FORMATS[fmt]},
        summary=_("%(count)s rows") % {"count": count},
    )
    return response


def _cell(value):
    """A moment as the page shows it, in local time to the minute: a workbook cannot hold a
    time zone, and a CSV's reader should not have to work one out."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None, second=0, microsecond=0)
    return value


def download_paths(route: str, view: Callable, *, name: str) -> list[URLPattern]:
    """`<route>.csv` and `<route>.xlsx`, named `<name>-csv` and `<name>-xlsx`, each calling
    `view` with its `fmt`. (The browser crawl skips both suffixes.)"""
    return [path(f"{route}.{fmt}", view, {"fmt": fmt}, name=f"{name}-{fmt}") for fmt in FORMATS]
