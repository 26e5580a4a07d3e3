"""Reading and checking a file of quarterly spend before anything is saved, and the file to
fill in.

A spend file is a CSV or XLSX with a row per allocation and quarter. It is read exactly as a
data return is (assessments/uploads/reading.py: the size checked before reading, a workbook
checked before calamine opens it, formula-like cells kept as typed), then every row is checked
here and every problem reported against its row and column, so the person corrects the file in
one go. `parse_spend_upload` never saves and never raises; a file it cannot read is one more
problem. Nothing is saved unless every row is good (funding/services/spend.py).
"""

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _

from assessments.uploads import (
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ERRORS,
    Problem,
    Refused,
    RefusedMany,
    reading,
)

# The same rules as a data return's for what a spreadsheet would run and what is not text.
from assessments.uploads._shared import CONTROL, FORMULA
from common.downloads import table_download

from .models import Allocation, SpendRecord
from .money import MoneyError, parse_money
from .selectors.partnership import quarter_of
from .services.spend import SpendRow

__all__ = ["COLUMNS", "MAX_BYTES", "MAX_ROWS", "Problem", "SpendUploadResult"]

logger = logging.getLogger(__name__)

REQUIRED = ("allocation_reference", "year", "quarter", "actual")
OPTIONAL = ("forecast", "outputs", "evidence", "variance_reason")
COLUMNS = REQUIRED + OPTIONAL
# The template's reminder of what each allocation pays for: read past, never saved.
IGNORED = ("purpose",)
# A partnership has tens of allocations and parts, four quarters each: far fewer rows than a
# data return's figures.
MAX_ROWS = 2_000
MAX_TEXT = 5_000
REFERENCE = re.compile(r"^a-?(\d{1,12})$", re.IGNORECASE)
YEAR = re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$")
QUARTER = re.compile(r"^q?([0-9]+)$", re.IGNORECASE)
TOO_PRECISE = re.compile(r"^\d+\.\d{3,}$")


def reference_for(allocation: Allocation) -> str:
    """The stable id a file names an allocation by, shown beside it on the funding page."""
    return f"A-{allocation.pk}"


@dataclass
class SpendUploadResult:
    """What a file held: its clean rows, and every problem in it."""

    rows: list[SpendRow] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def parse_spend_upload(
    *, name: str, data: bytes, allocations: dict[int, Allocation]
) -> SpendUploadResult:
    """Read and check a spend file against the allocations the person may record spend for
    (by pk, each with its line's grant); nothing is saved. Never raises."""
    try:
        table = reading.read_table(name=name, data=data)
        return _check_table(table, allocations=allocations)
    except RefusedMany as refusal:
        return SpendUploadResult(errors=[Problem(None, message) for message in refusal.messages])
    except Refused as refusal:
        return SpendUploadResult(errors=[Problem(None, str(refusal))])
    except Exception:  # A file we cannot read must never become a server error.
        logger.exception("Unreadable spend file %r", name)
        return SpendUploadResult(
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


def _check_table(table: list[list[str]], *, allocations: dict[int, Allocation]):
    numbered = [(index, row) for index, row in enumerate(table, start=1) if any(row)]
    if not numbered:
        raise Refused(_("The file is empty."))
    header, records = numbered[0][1], numbered[1:]
    while header and not header[-1]:
        header = header[:-1]
    if max(len(row) for _n, row in numbered) > MAX_COLUMNS:
        raise Refused(_("The file has more than %(max)s columns.") % {"max": MAX_COLUMNS})
    if len(records) > MAX_ROWS:
        raise Refused(
            _("The file has more than %(max)s rows. Split it into smaller files.")
            % {"max": f"{MAX_ROWS:,}"}
        )
    columns = _check_headings(header)
    if not records:
        raise Refused(_("The file has headings but no rows of spend below them."))
    result = SpendUploadResult()
    seen: dict[tuple, int] = {}
    for number, record in records:
        if len(result.errors) >= MAX_ERRORS:
            result.errors.append(
                Problem(None, _("There are more problems: correct these and upload again."))
            )
            break
        row = _check_row(number, record, columns, len(header), allocations, result.errors)
        if row is None:
            continue
        key = (row.allocation_pk, row.year, row.quarter)
        if key in seen:
            result.errors.append(
                Problem(
                    number,
                    _("Rows %(first)s and %(second)s are both for A-%(pk)s in Q%(quarter)s: "
                      "keep one of them.")
                    % {"first": seen[key], "second": number, "pk": row.allocation_pk,
                       "quarter": row.quarter},
                )
            )  # fmt: skip
            continue
        seen[key] = number
        result.rows.append(row)
    return result


def _column_name(heading: str) -> str:
    return re.sub(r"[\s\-]+", "_", heading.strip().lower())


def _check_headings(header: list[str]) -> dict[str, int]:
    problems, columns = [], {}
    known = ", ".join(COLUMNS)
    for position, heading in enumerate(header):
        column = _column_name(heading)
        if not column:
            problems.append(
                _("Column %(number)s has no heading. Give it one of: %(columns)s.")
                % {"number": position + 1, "columns": known}
            )
        elif column in IGNORED:
            continue
        elif column not in COLUMNS:
            problems.append(
                _("‘%(heading)s’ is not a column we know. The columns are: %(columns)s.")
                % {"heading": heading, "columns": known}
            )
        elif column in columns:
            problems.append(_("The ‘%(column)s’ column appears twice.") % {"column": column})
        else:
            columns[column] = position
    for column in REQUIRED:
        if column not in columns:
            problems.append(
                _("The file has no ‘%(column)s’ column. The first row must name the columns: "
                  "%(columns)s.")
                % {"column": column, "columns": known}
            )  # fmt: skip
    if problems:
        raise RefusedMany(problems)
    return columns


def _check_row(number, record, columns, width, allocations, errors) -> SpendRow | None:
    before = len(errors)

    def failing_in(column: str):
        return lambda message: errors.append(Problem(number, message, column))

    if any(record[width:]):
        failing_in("")(_("The row has more cells than the file has headings."))
    cells = {column: (record[i] if i < len(record) else "") for column, i in columns.items()}
    clean: dict[str, object] = {}
    for column, cell in cells.items():
        fail = failing_in(column)
        if FORMULA.match(cell):
            # Not checked further: what a formula would show is not in the file.
            fail(
                _("‘%(column)s’ looks like a spreadsheet formula. Enter the amount or text itself.")
                % {"column": column}
            )
        elif column == "allocation_reference":
            clean[column] = _check_reference(cell, allocations, fail)
        elif column == "year":
            clean[column] = _check_year(cell, fail)
        elif column == "quarter":
            clean[column] = _check_quarter(cell, fail)
        elif column in ("actual", "forecast"):
            clean[column] = _check_money(cell, column, fail, required=column == "actual")
        else:
            clean[column] = _check_text(cell, column, fail)
    allocation, year = clean.get("allocation_reference"), clean.get("year")
    if allocation is not None and year and year != allocation.line.grant.grant_year:
        failing_in("year")(
            _("‘year’ is %(year)s, but %(reference)s is funded for %(grant_year)s.")
            % {
                "year": year,
                "reference": reference_for(allocation),
                "grant_year": allocation.line.grant.grant_year,
            }
        )
    if len(errors) > before:
        return None
    return SpendRow(
        row=number,
        allocation_pk=allocation.pk,
        year=year,
        quarter=clean["quarter"],
        actual=clean["actual"],
        forecast=clean.get("forecast"),
        outputs=clean.get("outputs", ""),
        evidence=clean.get("evidence", ""),
        variance_reason=clean.get("variance_reason", ""),
    )


def _check_reference(cell: str, allocations: dict[int, Allocation], fail) -> Allocation | None:
    if not cell:
        fail(_("‘allocation_reference’ is empty: give the reference shown on the funding page."))
        return None
    match = REFERENCE.match(cell.strip())
    allocation = allocations.get(int(match.group(1))) if match else None
    if allocation is None:
        # The same answer whether it exists elsewhere or not at all: it confirms nothing.
        fail(
            _("‘%(reference)s’ is not an allocation you can record spend for. Use the "
              "references on the funding page, like A-12.")
            % {"reference": cell[:40]}
        )  # fmt: skip
    return allocation


def _check_year(cell: str, fail) -> str:
    match = YEAR.match(cell.strip())
    if match is None:
        fail(_("‘year’ is %(year)s: give a financial year like 2026/27.") % {"year": cell[:20]})
        return ""
    start, end = int(match.group(1)), int(match.group(2)) % 100
    if end != (start + 1) % 100:
        fail(_("‘year’ is %(year)s: a financial year runs from one year to the next, like "
               "2026/27.") % {"year": cell[:20]})  # fmt: skip
        return ""
    return f"{start}/{end:02d}"


def _check_quarter(cell: str, fail) -> int | None:
    match = QUARTER.match(cell.strip())
    if match is None or not 1 <= int(match.group(1)) <= 4:
        fail(
            _("‘quarter’ is %(quarter)s: use 1, 2, 3 or 4 (quarter 1 is April to June).")
            % {"quarter": cell[:20] or _("empty")}
        )
        return None
    return int(match.group(1))


def _check_money(cell: str, column: str, fail, *, required: bool) -> Decimal | None:
    text = cell.strip()
    if not text:
        if required:
            fail(_("‘actual’ is empty: enter what was spent in the quarter, or 0."))
        return None
    bare = text.replace("£", "").replace(",", "").replace(" ", "")
    shown = f"£{bare.removeprefix('-')}"
    if bare.startswith("-"):
        fail(
            _("‘%(column)s’ is -%(amount)s: an amount cannot be negative. Enter £0 or more.")
            % {"column": column, "amount": shown}
        )
        return None
    if TOO_PRECISE.match(bare):
        fail(
            _("‘%(column)s’ %(amount)s has more than two decimal places: round it to the penny.")
            % {"column": column, "amount": shown}
        )
        return None
    try:
        return parse_money(text)
    except MoneyError as refusal:
        fail(
            _("‘%(column)s’ is %(value)s: %(problem)s.")
            % {"column": column, "value": text[:30], "problem": refusal}
        )
        return None


def _check_text(cell: str, column: str, fail) -> str:
    if CONTROL.search(cell):
        fail(_("‘%(column)s’ holds characters that are not text.") % {"column": column})
    elif len(cell) > MAX_TEXT:
        fail(
            _("‘%(column)s’ must be %(max)s characters or fewer.")
            % {"column": column, "max": f"{MAX_TEXT:,}"}
        )
    return cell.strip()


# --- the file to fill in -------------------------------------------------------------------------


def spend_template_download(
    *, partnership, allocations: list[Allocation], today: date, spreadsheet: bool = False
) -> HttpResponse:
    """A CSV (or, with `spreadsheet`, an Excel workbook) with a row for each allocation the
    person records spend for, for the quarter of its grant year that today falls in, holding
    what is already recorded for that quarter (so the file corrects it). Typed text can never
    run as a formula in either (common.downloads)."""
    rows = []
    quarters = {allocation.pk: quarter_of(allocation.line.grant.grant_year, today)
                for allocation in allocations}  # fmt: skip
    recorded = {
        (record.allocation_id, record.quarter): record
        for record in SpendRecord.objects.filter(allocation__in=allocations)
    }
    for allocation in allocations:
        quarter = quarters[allocation.pk]
        record = recorded.get((allocation.pk, quarter))
        rows.append(
            [
                reference_for(allocation),
                allocation.purpose,
                allocation.line.grant.grant_year,
                quarter,
                "" if record is None else f"{record.actual:.2f}",
                "" if record is None or record.forecast is None else f"{record.forecast:.2f}",
                "" if record is None else record.outputs,
                "" if record is None else record.evidence,
                "" if record is None else record.variance_reason,
            ]
        )
    response, _count = table_download(
        filename=f"{partnership.slug}-spend-{today:%Y-%m-%d}",
        header=["allocation_reference", "purpose", "year", "quarter", *COLUMNS[3:]],
        rows=rows,
        spreadsheet=spreadsheet,
    )
    return response
