"""Checking the rows read from a data return's file: the headings (and refusing any that mean
personal data), then every row, reporting each problem against its row number, and the rules
across rows (no figure twice, a total or a breakdown, one kind of period per measure)."""

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext as _

from ._shared import CONTROL, FORMULA, MAX_COLUMNS, MAX_ERRORS, MAX_ROWS, Refused, RefusedMany
from .cells import (
    SEXES,
    check_area,
    check_measure,
    check_period,
    check_value,
    period_kind,
    period_kind_name,
)

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


class Problem(NamedTuple):
    """One problem: its row number (None for the whole file), what is wrong, and the column it
    is in ("" when it is the row as a whole)."""

    row: int | None
    message: str
    column: str = ""


@dataclass
class UploadResult:
    """What a file held: its clean rows, and every problem in it."""

    rows: list[UploadRow] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _heading_key(heading: str) -> str:
    return re.sub(r"[^a-z0-9]", "", heading.lower())


def _column_name(heading: str) -> str:
    return re.sub(r"[\s\-]+", "_", heading.strip().lower())


def _is_personal(heading: str) -> bool:
    key = _heading_key(heading)
    return key in PERSONAL_DATA_HEADINGS or key.startswith(PERSONAL_DATA_PREFIXES)


def check_table(
    table: list[list[str]], *, measure_slugs: set[str], known_areas: set[str]
) -> UploadResult:
    # Blank rows (spreadsheets often end with some) are not figures; keep each row's number.
    numbered = [(index, row) for index, row in enumerate(table, start=1) if any(row)]
    if not numbered:
        raise Refused(_("The file is empty."))
    header = numbered[0][1]
    records = numbered[1:]
    while header and not header[-1]:
        header = header[:-1]
    widest = max(len(row) for _n, row in numbered)
    if len(header) > MAX_COLUMNS or widest > MAX_COLUMNS:
        raise Refused(
            _("The file has more than %(max)s columns. A data return needs only six.")
            % {"max": MAX_COLUMNS}
        )
    if len(records) > MAX_ROWS:
        raise Refused(
            _(
                "The file has more than %(max)s rows of figures. Split it into smaller files "
                "and upload each one."
            )
            % {"max": f"{MAX_ROWS:,}"}
        )

    personal = [heading for heading in header if heading and _is_personal(heading)]
    if personal:
        raise Refused(
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
        raise Refused(
            _("The file has headings but no figures. Add a row for each figure below them.")
        )

    result = UploadResult()
    seen: dict[tuple, int] = {}
    # Whether each measure, period and area is given as a total or broken down, and where.
    shapes: dict[tuple, tuple[bool, int]] = {}
    period_kinds: dict[str, tuple[str, int]] = {}
    stopped = False
    for number, record in records:
        if len(result.errors) >= MAX_ERRORS:
            stopped = True
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
                Problem(
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
                Problem(
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
        kind = period_kind(row.period_label)
        first_kind, first_row = period_kinds.setdefault(row.measure, (kind, number))
        if kind != first_kind:
            result.errors.append(
                Problem(
                    number,
                    _(
                        "Use one kind of period for each measure: row %(row)s gives "
                        "‘%(measure)s’ by %(first)s, this row by %(this)s."
                    )
                    % {
                        "row": first_row,
                        "measure": row.measure,
                        "first": period_kind_name(first_kind),
                        "this": period_kind_name(kind),
                    },
                    "period",
                )
            )
            continue
        result.rows.append(row)
    if stopped or len(result.errors) > MAX_ERRORS:
        # A row can have several problems: the list stops at MAX_ERRORS however they fall.
        del result.errors[MAX_ERRORS:]
        result.errors.append(
            Problem(None, _("There are more problems: correct these and upload the file again."))
        )
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
        raise RefusedMany(problems)
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

    def failing_in(column: str):
        def fail(message: str) -> None:
            errors.append(Problem(number, message, column))

        return fail

    if any(record[width:]):
        failing_in("")(_("The row has more cells than the file has headings."))
    cells = {column: (record[i] if i < len(record) else "") for column, i in columns.items()}
    # Every cell is checked, in the order of the file's columns, and each problem is reported in its
    # own cell, so the person sees every problem in the row at once. A formula is not checked
    # any further: what it would show is not in the file.
    checks = {
        "measure": lambda cell, fail: check_measure(cell, measure_slugs, fail),
        "period": check_period,
        "area": lambda cell, fail: check_area(cell, known_areas, fail),
        "value": check_value,
        "age_band": _check_age_band,
        "sex": _check_sex,
    }
    clean = {}
    for column, cell in cells.items():
        if FORMULA.match(cell):
            failing_in(column)(
                _("‘%(column)s’ looks like a spreadsheet formula. Enter the figure or text itself.")
                % {"column": column}
            )
        else:
            clean[column] = checks[column](cell, failing_in(column))
    if len(errors) > before:
        return None
    return UploadRow(
        row=number,
        measure=clean["measure"],
        period_start=clean["period"][0],
        period_label=clean["period"][1],
        area=clean["area"],
        value=clean["value"],
        age_band=clean.get("age_band", ""),
        sex=clean.get("sex", ""),
    )


def _check_age_band(cell: str, fail) -> str:
    if len(cell) > 20 or CONTROL.search(cell):
        fail(_("The age band must be 20 characters or fewer, like 10-17 or 65+."))
    return cell


def _check_sex(cell: str, fail) -> str:
    if not cell:
        return ""
    sex = SEXES.get(cell.lower(), "")
    if not sex:
        fail(_("‘%(sex)s’ is not a sex we know: use female, male or other.") % {"sex": cell})
    return sex
