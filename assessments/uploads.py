"""Reading and checking a data return's file before anything is saved.

A data return is a CSV or XLSX of aggregate figures, one per row: measure, period, area, value,
and optionally an age band and sex. `parse_upload` reads the whole file and answers with the
clean rows and every problem it found, each tied to its row, so the person can correct the file
in one go. It never saves anything and never raises: a file it cannot read is one more error.
"""

import csv
import difflib
import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

logger = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 50
# A workbook is compressed: refuse one that would unpack to far more than any honest return.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# Enough errors to correct a file with; beyond this the same mistake is usually repeated.
MAX_ERRORS = 200

REQUIRED = ("measure", "period", "area", "value")
OPTIONAL = ("age_band", "sex")
COLUMNS = REQUIRED + OPTIONAL

# Headings that mean the file holds records about people, compared without spaces or
# punctuation ("Date of birth", "date_of_birth" and "DOB" all count).
PERSONAL_DATA_HEADINGS = {
    "name",
    "names",
    "firstname",
    "forename",
    "forenames",
    "givenname",
    "surname",
    "lastname",
    "familyname",
    "fullname",
    "dateofbirth",
    "dob",
    "birthdate",
    "address",
    "homeaddress",
    "postcode",
    "postalcode",
    "nhsnumber",
    "nhsno",
    "pnc",
    "pncid",
    "pncnumber",
    "pncno",
    "email",
    "emailaddress",
    "phone",
    "phonenumber",
    "telephone",
    "telephonenumber",
    "mobile",
    "mobilenumber",
    "ninumber",
    "nino",
    "nationalinsurancenumber",
}
PERSONAL_DATA_PREFIXES = ("address", "postcode", "nhsnumber", "dateofbirth", "email")

SEXES = {
    "female": "female",
    "f": "female",
    "male": "male",
    "m": "male",
    "other": "other",
    "unknown": "other",
    "not known": "other",
    "x": "other",
}

QUARTER = re.compile(r"^(?P<year>\d{4})\s*-?\s*q(?P<quarter>[1-4])$", re.IGNORECASE)
MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})$")
FINANCIAL_YEAR = re.compile(r"^(?P<year>\d{4})/(?P<end>\d{2})$")
NUMBER = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
# "=SUM(A1)", "+A1", "-B2", "@cmd": what a spreadsheet would run rather than show.
FORMULA = re.compile(r"^(?:=|[+\-@][A-Za-z$(@]|[\t\r])")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MONTH_NAMES = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]


@dataclass(frozen=True)
class UploadRow:
    """One clean figure, ready to become a DataPoint."""

    row: int
    measure: str
    period_start: date
    period_label: str
    area: str
    value: Decimal
    age_band: str = ""
    sex: str = ""


@dataclass
class UploadResult:
    """What a file held: its clean rows, and every problem as (row number or None, message)."""

    rows: list[UploadRow] = field(default_factory=list)
    errors: list[tuple[int | None, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


class _Refused(Exception):
    """The file as a whole cannot be read; the message says why."""


class _RefusedMany(_Refused):
    """The file's headings are wrong, in each of these ways."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def parse_upload(
    *, name: str, data: bytes, measure_slugs: set[str], known_areas: set[str]
) -> UploadResult:
    """Read and check a data return's file; nothing is saved. Never raises."""
    try:
        table = _read_table(name=name, data=data)
        return _check_table(table, measure_slugs=measure_slugs, known_areas=known_areas)
    except _RefusedMany as refusal:
        return UploadResult(errors=[(None, message) for message in refusal.messages])
    except _Refused as refusal:
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


# --- Reading the file -----------------------------------------------------------------------------


def _read_table(*, name: str, data: bytes) -> list[list[str]]:
    if not data:
        raise _Refused(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise _Refused(
            _("The file is larger than 5 MB. Split it into smaller files and upload each one.")
        )
    extension = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if extension == "xls":
        raise _Refused(
            _(
                "The file is an Excel 97-2003 workbook (.xls). Save it as an Excel workbook "
                "(.xlsx) or as CSV UTF-8 and upload it again."
            )
        )
    if extension not in {"csv", "xlsx"}:
        raise _Refused(_("The file must be a CSV (.csv) or an Excel workbook (.xlsx)."))
    if extension == "xlsx":
        return _read_xlsx(data)
    return _read_csv(data)


def _read_csv(data: bytes) -> list[list[str]]:
    if data.startswith(b"%PDF"):
        raise _Refused(_("The file is a PDF, not a CSV. Export the figures as CSV UTF-8."))
    if data.startswith(b"PK\x03\x04"):
        raise _Refused(
            _(
                "The file is an Excel workbook or another zipped document, not a CSV. Name it "
                ".xlsx if it is a workbook, or save it as CSV UTF-8."
            )
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_like_utf16(data):
        raise _Refused(
            _(
                "The file is saved as UTF-16 (“Unicode text”). Save it as "
                "“CSV UTF-8” and upload it again."
            )
        )
    if b"\x00" in data:
        raise _Refused(
            _("The file contains NUL bytes: it looks like a binary file, not a CSV of figures.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise _Refused(
                _(
                    "We could not read the text in this file: it is not UTF-8 or Windows-1252. "
                    "Save it as “CSV UTF-8” and upload it again."
                )
            ) from None
    if CONTROL.search(text):
        raise _Refused(
            _("The file contains characters that are not text: it does not look like a CSV.")
        )
    rows = []
    for record in csv.reader(io.StringIO(text, newline="")):
        rows.append([cell.strip() if not FORMULA.match(cell) else cell for cell in record])
        if len(rows) > MAX_ROWS * 2 + 1:
            break
    return rows


def _looks_like_utf16(data: bytes) -> bool:
    sample = data[:200]
    return len(sample) >= 4 and (
        sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4
    )


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    not_a_workbook = _(
        "The file is not an Excel workbook (.xlsx): it may be a CSV or another file renamed. "
        "Save it from your spreadsheet as .xlsx or as CSV UTF-8."
    )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _Refused(
            _(
                "The file is an Excel 97-2003 workbook renamed .xlsx. Save it as an Excel "
                "workbook (.xlsx) or as CSV UTF-8."
            )
        )
    if not data.startswith(b"PK\x03\x04"):
        raise _Refused(not_a_workbook)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise _Refused(not_a_workbook) from None
    if "xl/workbook.xml" not in names:
        raise _Refused(not_a_workbook)
    if unpacked > MAX_UNPACKED_BYTES:
        raise _Refused(_("The workbook is too large once unpacked. Split it into smaller files."))
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_xlsx_cell(value) for value in values])
            if len(rows) > MAX_ROWS * 2 + 1:
                break
        return rows
    finally:
        workbook.close()


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


# --- Checking it ----------------------------------------------------------------------------------


def _heading_key(heading: str) -> str:
    return re.sub(r"[^a-z0-9]", "", heading.lower())


def _column_name(heading: str) -> str:
    return re.sub(r"[\s\-]+", "_", heading.strip().lower())


def _is_personal(heading: str) -> bool:
    key = _heading_key(heading)
    return key in PERSONAL_DATA_HEADINGS or key.startswith(PERSONAL_DATA_PREFIXES)


def _check_table(
    table: list[list[str]], *, measure_slugs: set[str], known_areas: set[str]
) -> UploadResult:
    # Blank rows (spreadsheets often end with some) are not figures; keep each row's number.
    numbered = [(index, row) for index, row in enumerate(table, start=1) if any(row)]
    if not numbered:
        raise _Refused(_("The file is empty."))
    header = numbered[0][1]
    records = numbered[1:]
    while header and not header[-1]:
        header = header[:-1]
    widest = max(len(row) for _n, row in numbered)
    if len(header) > MAX_COLUMNS or widest > MAX_COLUMNS:
        raise _Refused(
            _("The file has more than %(max)s columns. A data return needs only six.")
            % {"max": MAX_COLUMNS}
        )
    if len(records) > MAX_ROWS:
        raise _Refused(
            _(
                "The file has more than %(max)s rows of figures. Split it into smaller files "
                "and upload each one."
            )
            % {"max": f"{MAX_ROWS:,}"}
        )

    personal = [heading for heading in header if heading and _is_personal(heading)]
    if personal:
        raise _Refused(
            _(
                "This file has a ‘%(column)s’ column. Data returns must be aggregate "
                "and anonymised: the SNA is built on aggregate figures, and section 16 of the "
                "Act does not cover health and social care personal data. Remove personal data "
                "and upload again."
            )
            % {"column": personal[0]}
        )
    columns = _check_headings(header)
    if not records:
        raise _Refused(
            _("The file has headings but no figures. Add a row for each figure below them.")
        )

    result = UploadResult()
    seen: dict[tuple, int] = {}
    # Whether each measure, period and area is given as a total or broken down, and where.
    shapes: dict[tuple, tuple[bool, int]] = {}
    period_kinds: dict[str, tuple[str, int]] = {}
    for number, record in records:
        if len(result.errors) >= MAX_ERRORS:
            result.errors.append(
                (None, _("There are more problems: correct these and upload the file again."))
            )
            break
        row = _check_row(
            number,
            record,
            columns=columns,
            width=len(header),
            measure_slugs=measure_slugs,
            known_areas=known_areas,
            errors=result.errors,
        )
        if row is None:
            continue
        key = (row.measure, row.period_start, row.area.casefold(), row.age_band.casefold(), row.sex)
        if key in seen:
            result.errors.append(
                (
                    number,
                    _(
                        "Rows %(first)s and %(second)s are the same figure: the same measure, "
                        "period, area, age band and sex. Keep one of them."
                    )
                    % {"first": seen[key], "second": number},
                )
            )
            continue
        seen[key] = number
        broken_down = bool(row.age_band or row.sex)
        shape, shape_row = shapes.setdefault(key[:3], (broken_down, number))
        if shape != broken_down:
            result.errors.append(
                (
                    number,
                    _(
                        "Row %(row)s gives this measure, period and area as a total and another "
                        "row breaks it down by age band or sex. Give either the total or the "
                        "breakdown, so that no figure is counted twice."
                    )
                    % {"row": shape_row},
                )
            )
            continue
        kind = _period_kind(row.period_label)
        first_kind, first_row = period_kinds.setdefault(row.measure, (kind, number))
        if kind != first_kind:
            result.errors.append(
                (
                    number,
                    _(
                        "Use one kind of period for each measure: row %(row)s gives "
                        "‘%(measure)s’ by %(first)s, this row by %(this)s."
                    )
                    % {
                        "row": first_row,
                        "measure": row.measure,
                        "first": _period_kind_name(first_kind),
                        "this": _period_kind_name(kind),
                    },
                )
            )
            continue
        result.rows.append(row)
    return result


def _check_headings(header: list[str]) -> dict[str, int]:
    """Each known column's position; refuses unknown, repeated or missing headings."""
    problems = []
    columns: dict[str, int] = {}
    for position, heading in enumerate(header):
        if not heading:
            problems.append(
                _("Column %(number)s has no heading. Give it one of: %(columns)s.")
                % {"number": position + 1, "columns": ", ".join(COLUMNS)}
            )
            continue
        column = _column_name(heading)
        if column not in COLUMNS:
            match = difflib.get_close_matches(column, COLUMNS, n=1, cutoff=0.6)
            if match:
                problems.append(
                    _("‘%(heading)s’ is not a column we know: did you mean ‘%(match)s’?")
                    % {"heading": heading, "match": match[0]}
                )
            else:
                problems.append(
                    _("‘%(heading)s’ is not a column we know. The columns are: %(columns)s.")
                    % {"heading": heading, "columns": ", ".join(COLUMNS)}
                )
            continue
        if column in columns:
            problems.append(_("The ‘%(column)s’ column appears twice.") % {"column": column})
            continue
        columns[column] = position
    for column in REQUIRED:
        if column not in columns:
            problems.append(
                _(
                    "The file has no ‘%(column)s’ column. The first row must name the "
                    "columns: measure, period, area, value (and optionally age_band, sex)."
                )
                % {"column": column}
            )
    if problems:
        raise _RefusedMany(problems)
    return columns


def _check_row(
    number: int,
    record: list[str],
    *,
    columns: dict[str, int],
    width: int,
    measure_slugs: set[str],
    known_areas: set[str],
    errors: list,
) -> UploadRow | None:
    before = len(errors)

    def fail(message: str) -> None:
        errors.append((number, message))

    if any(record[width:]):
        fail(_("The row has more cells than the file has headings."))
    cells = {column: (record[i] if i < len(record) else "") for column, i in columns.items()}
    for column, cell in cells.items():
        if FORMULA.match(cell):
            fail(
                _("‘%(column)s’ looks like a spreadsheet formula. Enter the figure or text itself.")
                % {"column": column}
            )
    if len(errors) > before:
        return None

    measure = _check_measure(cells["measure"], measure_slugs, fail)
    period = _check_period(cells["period"], fail)
    area = _check_area(cells["area"], known_areas, fail)
    value = _check_value(cells["value"], fail)
    age_band = cells.get("age_band", "")
    if len(age_band) > 20 or CONTROL.search(age_band):
        fail(_("The age band must be 20 characters or fewer, like 10-17 or 65+."))
    sex = cells.get("sex", "")
    if sex:
        sex = SEXES.get(sex.lower(), "")
        if not sex:
            fail(
                _("‘%(sex)s’ is not a sex we know: use female, male or other.")
                % {"sex": cells["sex"]}
            )
    if len(errors) > before:
        return None
    return UploadRow(
        row=number,
        measure=measure,
        period_start=period[0],
        period_label=period[1],
        area=area,
        value=value,
        age_band=age_band,
        sex=sex,
    )


def _check_measure(cell: str, measure_slugs: set[str], fail) -> str:
    slug = cell.strip().lower()
    if not slug:
        fail(_("‘measure’ is empty: give the measure's short name."))
    elif slug not in measure_slugs:
        match = (
            difflib.get_close_matches(slug, sorted(measure_slugs), n=1, cutoff=0.5)
            or [
                # "knife-crime": a measure sharing a word is the likeliest meant.
                candidate
                for candidate in sorted(measure_slugs)
                if any(len(word) > 3 and word in candidate for word in re.split(r"[\W_]+", slug))
            ][:1]
        )
        if match:
            fail(
                _("‘%(measure)s’ is not a measure we know: did you mean ‘%(match)s’?")
                % {"measure": cell, "match": match[0]}
            )
        else:
            fail(
                _("‘%(measure)s’ is not a measure we know. The measures are: %(list)s.")
                % {"measure": cell, "list": ", ".join(sorted(measure_slugs))}
            )
    return slug


PERIOD_HELP = _l(
    "Use a quarter (2025-Q1 is January to March 2025), a month (2025-04) or a financial year "
    "(2025/26)."
)


def _check_period(cell: str, fail) -> tuple[date, str] | None:
    if not cell:
        fail(_("‘period’ is empty.") + " " + str(PERIOD_HELP))
        return None
    period = parse_period(cell)
    if period is None:
        fail(_("‘%(period)s’ is not a period we know.") % {"period": cell} + " " + str(PERIOD_HELP))
    return period


def parse_period(text: str) -> tuple[date, str] | None:
    """A period's first day and its label: quarters, months and financial years."""
    text = text.strip()
    if match := QUARTER.match(text):
        year, quarter = int(match["year"]), int(match["quarter"])
        if 2000 <= year <= 2099:
            return date(year, 3 * quarter - 2, 1), f"{year}-Q{quarter}"
    elif match := MONTH.match(text):
        year, month = int(match["year"]), int(match["month"])
        if 2000 <= year <= 2099 and 1 <= month <= 12:
            return date(year, month, 1), f"{MONTH_NAMES[month - 1]} {year}"
    elif match := FINANCIAL_YEAR.match(text):
        year, end = int(match["year"]), int(match["end"])
        if 2000 <= year <= 2098 and (year + 1) % 100 == end:
            return date(year, 4, 1), f"{year}/{end:02d}"
    return None


def _period_kind(label: str) -> str:
    if "-Q" in label:
        return "quarter"
    if "/" in label:
        return "financial_year"
    return "month"


def _period_kind_name(kind: str) -> str:
    return {
        "quarter": _("quarter"),
        "financial_year": _("financial year"),
        "month": _("month"),
    }[kind]


def _check_area(cell: str, known_areas: set[str], fail) -> str:
    if not cell:
        fail(_("‘area’ is empty: give the area the figure is for."))
        return ""
    if len(cell) > 120 or CONTROL.search(cell):
        fail(_("The area must be 120 characters or fewer."))
        return ""
    if not known_areas:
        return cell
    by_key = {area.casefold(): area for area in known_areas}
    if cell.casefold() in by_key:
        return by_key[cell.casefold()]
    match = difflib.get_close_matches(cell, sorted(known_areas), n=1, cutoff=0.6)
    if match:
        fail(
            _("‘%(area)s’ is not one of the partnership's areas: did you mean ‘%(match)s’?")
            % {"area": cell, "match": match[0]}
        )
    else:
        fail(
            _("‘%(area)s’ is not one of the partnership's areas. The areas are: %(list)s.")
            % {"area": cell, "list": ", ".join(sorted(known_areas))}
        )
    return ""


def _check_value(cell: str, fail) -> Decimal | None:
    if not cell:
        fail(_("‘value’ is empty: enter the figure, or 0 if there were none."))
        return None
    if cell.startswith("<") or cell in {"*", "c", "x", "[c]", "[x]"}:
        fail(
            _(
                "‘%(value)s’ looks like a suppressed figure. Enter the actual figure: "
                "the portal hides small numbers when it shows them."
            )
            % {"value": cell}
        )
        return None
    if not NUMBER.match(cell):
        fail(
            _("‘%(value)s’ is not a number: enter a figure like 1234 or 1,234.5.") % {"value": cell}
        )
        return None
    value = Decimal(cell.replace(",", ""))
    if value < 0:
        fail(_("The value cannot be negative: enter a figure of 0 or more."))
        return None
    try:
        exponent = value.as_tuple().exponent
    except InvalidOperation:  # pragma: no cover - NUMBER only lets finite decimals through
        exponent = 0
    if isinstance(exponent, int) and exponent < -2:
        fail(_("‘%(value)s’ has more than 2 decimal places: round it to 2.") % {"value": cell})
        return None
    if value >= Decimal("1e12"):
        fail(_("‘%(value)s’ is too large for a figure.") % {"value": cell})
        return None
    return value
