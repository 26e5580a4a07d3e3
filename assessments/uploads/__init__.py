"""Reading and checking a data return's file before anything is saved.

A data return is a CSV or XLSX of aggregate figures, one per row: measure, period, area, value,
and optionally an age band and sex. `parse_upload` reads the whole file and answers with the
clean rows and every problem it found, each tied to its row, so the person can correct the file
in one go. It never saves anything and never raises: a file it cannot read is one more error.

Reading the bytes is reading.py's work, checking the rows checking.py's (and each cell
cells.py's).
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
from .cells import PERIOD_HELP, parse_period
from .checking import COLUMNS, OPTIONAL, REQUIRED, UploadResult, UploadRow

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
    "UploadResult",
    "UploadRow",
    "parse_period",
    "parse_upload",
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
        return UploadResult(errors=[(None, message) for message in refusal.messages])
    except Refused as refusal:
        return UploadResult(errors=[(None, str(refusal))])
    except Exception:  # A file we cannot read must never become a server error.
        logger.exception("Unreadable data return %r", name)
        return UploadResult(
            errors=[
                (
                    None,
                    _(
                        "We could not read this file. Check it is a CSV or an Excel workbook "
                        "(.xlsx) and upload it again."
                    ),
                )
            ]
        )
