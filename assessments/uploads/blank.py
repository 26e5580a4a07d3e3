"""A blank data return: the headings the upload expects and one row for each figure asked for
(each measure, for each of the partnership's areas, for the period), with the value left for the
partner to fill in. Filled in, it uploads as it is."""

from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils.text import slugify

from common.downloads import table_download

from .checking import COLUMNS


def blank_return_rows(
    *, measure_slugs: Iterable[str], areas: Sequence[str], period: str
) -> list[list[str | None]]:
    """One row per measure and area; the value, age band and sex are left empty (a total)."""
    padding = [None] * (len(COLUMNS) - 3)
    return [[slug, period, area, *padding] for slug in measure_slugs for area in areas]


def blank_return_download(
    *, partnership, title: str, period: str, measure_slugs: Iterable[str], spreadsheet: bool
) -> HttpResponse:
    """The blank return as CSV or Excel, named for the partnership, what it answers and the
    period (northshire-knife-crime-figures-2026-27-data-return.csv). With no areas set, any area
    is accepted, so its rows are for the partnership as a whole."""
    areas = partnership.areas or [partnership.name]
    name = [partnership.slug, slugify(title)[:60], period.replace("/", "-")]
    response, _count = table_download(
        filename="-".join([part for part in name if part] + ["data-return"]),
        header=list(COLUMNS),
        rows=blank_return_rows(measure_slugs=measure_slugs, areas=areas, period=period),
        spreadsheet=spreadsheet,
    )
    return response
