"""A blank data return for a call: the headings the upload expects and one row for each figure
the call asks for (each measure, for each of the partnership's areas, for the call's period),
with the value left for the partner to fill in. Filled in, it uploads as it is."""

from collections.abc import Iterable, Sequence

from .checking import COLUMNS


def blank_return_rows(
    *, measure_slugs: Iterable[str], areas: Sequence[str], period: str
) -> list[list[str | None]]:
    """One row per measure and area; the value, age band and sex are left empty (a total)."""
    padding = [None] * (len(COLUMNS) - 3)
    return [[slug, period, area, *padding] for slug in measure_slugs for area in areas]
