"""Reading and checking a data return's file before anything is saved.

A data return is a CSV or XLSX of aggregate figures, one per row: measure, period, area, value,
and optionally an age band and sex. `parse_upload` reads the whole file and answers with the
clean rows and every problem it found, each tied to its row, so the person can correct the file
in one go. It never saves anything and never raises: a file it cannot read is one more error.

Reading the bytes is reading.py's work, checking the rows checking.py's (each cell cells.py's,
and each period periods.py's). blank.py lays out the blank file a call's template offers.
"""

import logging

from django.utils.translation import gettext as _

from . import checking, reading
from ._shared import (
    MAX_BYTES,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ERRORS,
    MAX_PART_UNPACKED_BYTES,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    READ_ROWS,
    Refused,
    RefusedMany,
)
from .blank import blank_return_download, blank_return_rows
from .checking import COLUMNS, OPTIONAL, REQUIRED, Problem, UploadResult, UploadRow
from .periods import PERIOD_HELP, parse_period, read_period

__all__ = [
    "COLUMNS",
    "MAX_BYTES",
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_ERRORS",
    "MAX_PART_UNPACKED_BYTES",
    "MAX_ROWS",
    "MAX_UNPACKED_BYTES",
    "OPTIONAL",
    "PERIOD_HELP",
    "READ_ROWS",
    "REQUIRED",
    "Problem",
    "UploadResult",
    "UploadRow",
    "blank_return_download",
    "blank_return_rows",
    "parse_period",
    "parse_upload",
    "read_period",
]

logger = logging.getLogger(__name__)


def parse_upload(
    *, name: str, data: bytes, measure_slugs: set[str], known_areas: set[str]
) -> UploadResult:
    """Read and check a data return's file; nothing is saved. Never raises."""
    try:
        table = reading.read_table(name=name, data=data)
        return checking.check_table(table, measure_slugs=measure_slugs, known_areas=known_areas)
    except RefusedMany as refusal:
        return UploadResult(errors=[Problem(None, message) for message in refusal.messages])
    except Refused as refusal:
        return UploadResult(errors=[Problem(None, str(refusal))])
    except Exception:  # A file we cannot read must never become a server error.
        logger.exception("Unreadable data return %r", name)
        return UploadResult(
            errors=[
                Problem(
                    None,
                    _(
                        "We could not read this file. Check it is a CSV or an Excel workbook "
                        "(.xlsx) and upload it again."
                    ),
                )
            ]
        )
