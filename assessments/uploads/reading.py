"""Reading a data return's file into rows of text: the bytes checked for what they really
are (a PDF, a workbook named .csv, UTF-16, binary), the text decoded, and a workbook's first
sheet read (safely: workbook.py's work) with each cell as the person sees it. Whether the rows
make sense is checking.py's question."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from . import workbook
from ._shared import CONTROL, FORMULA, MAX_BYTES, READ_ROWS, Refused


def read_table(*, name: str, data: bytes) -> list[list[str]]:
    if not data:
        raise Refused(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise Refused(
            _("The file is larger than 5 MB. Split it into smaller files and upload each one.")
        )
    extension = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if extension == "xls":
        raise Refused(
            _(
                "The file is an Excel 97-2003 workbook (.xls). Save it as an Excel workbook "
                "(.xlsx) or as CSV UTF-8 and upload it again."
            )
        )
    if extension not in {"csv", "xlsx"}:
        raise Refused(_("The file must be a CSV (.csv) or an Excel workbook (.xlsx)."))
    if extension == "xlsx":
        return _read_xlsx(data)
    return _read_csv(data)


def _read_csv(data: bytes) -> list[list[str]]:
    if data.startswith(b"%PDF"):
        raise Refused(_("The file is a PDF, not a CSV. Export the figures as CSV UTF-8."))
    if data.startswith(b"PK\x03\x04"):
        raise Refused(
            _(
                "The file is an Excel workbook or another zipped document, not a CSV. Name it "
                ".xlsx if it is a workbook, or save it as CSV UTF-8."
            )
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_like_utf16(data):
        raise Refused(
            _(
                "The file is saved as UTF-16 (“Unicode text”). Save it as "
                "“CSV UTF-8” and upload it again."
            )
        )
    if b"\x00" in data:
        raise Refused(
            _("The file contains NUL bytes: it looks like a binary file, not a CSV of figures.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise Refused(
                _(
                    "We could not read the text in this file: it is not UTF-8 or Windows-1252. "
                    "Save it as “CSV UTF-8” and upload it again."
                )
            ) from None
    if CONTROL.search(text):
        raise Refused(
            _("The file contains characters that are not text: it does not look like a CSV.")
        )
    rows = []
    for record in csv.reader(io.StringIO(text, newline="")):
        rows.append([cell.strip() if not FORMULA.match(cell) else cell for cell in record])
        if len(rows) > READ_ROWS:
            break
    return rows


def _looks_like_utf16(data: bytes) -> bool:
    sample = data[:200]
    return len(sample) >= 4 and (
        sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4
    )


def _read_xlsx(data: bytes) -> list[list[str]]:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise Refused(
            _(
                "The file is an Excel 97-2003 workbook renamed .xlsx. Save it as an Excel "
                "workbook (.xlsx) or as CSV UTF-8."
            )
        )
    if not data.startswith(b"PK\x03\x04"):
        raise workbook.not_a_workbook()
    return [[_xlsx_cell(value) for value in row] for row in workbook.read_first_sheet(data)]


def _xlsx_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        # Spreadsheets turn "2025-04" into 1 April 2025: read a date as its month.
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        # Binary floats (0.1 + 0.2) are rounded to the pennies the figure can hold.
        rounded = round(value, 2)
        return str(Decimal(repr(rounded))) if abs(rounded - value) < 1e-9 else repr(value)
    text = str(value)
    return text if FORMULA.match(text) else text.strip()
