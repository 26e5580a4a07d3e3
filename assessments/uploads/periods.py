"""Reading a period as people write it, and naming it as the portal stores it.

Partnerships plan in financial years (April to March) and many sources count in calendar
quarters, so both are understood, and months too:

- a financial year: 2026/27, 2026-27, 2026/2027, 2026-2027, FY2026/27 — stored as "2026/27";
- a financial quarter: 2026/27 Q1, Q1 2026/27 (Q1 is April to June) — stored as the calendar
  quarter it is, "2026-Q2", so one stretch of time has one label however it was written;
- a calendar quarter: 2026-Q1, 2026 Q1, Q1 2026 (January to March) — stored as "2026-Q1";
- a month: 2026-04, Apr 2026, April 2026 — stored as "Apr 2026".

What could mean two things ("2026" alone, "2011-12": December 2011 or the financial year) or
nothing ("2026/28", "2026-Q5") is refused with a message that says so.
"""

import re
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PERIOD_HELP = gettext_lazy(
    "Use a financial year (2026/27 or 2026-27), a financial quarter (2026/27 Q1 is April to June "
    "2026), a calendar quarter (2026-Q1 is January to March 2026) or a month (2026-04 or "
    "April 2026)."
)

FIRST_YEAR, LAST_YEAR = 2000, 2099

_FY = r"(?:fy\s*)?(?P<start>\d{4})\s*(?P<separator>[-/])\s*(?P<end>\d{4}|\d{2})"
_Q = r"q(?P<quarter>\d)"
FINANCIAL_YEAR = re.compile(rf"^{_FY}$", re.IGNORECASE)
FINANCIAL_QUARTER = [
    re.compile(rf"^{_FY}\s*-?\s*{_Q}$", re.IGNORECASE),
    re.compile(rf"^{_Q}\s*-?\s*{_FY}$", re.IGNORECASE),
]
QUARTER = [
    re.compile(rf"^(?P<year>\d{{4}})\s*-?\s*{_Q}$", re.IGNORECASE),
    re.compile(rf"^{_Q}\s*-?\s*(?P<year>\d{{4}})$", re.IGNORECASE),
]
MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})$")
MONTH_IN_WORDS = re.compile(r"^(?P<name>[a-z]{3,})\.?\s*-?\s*(?P<year>\d{4})$", re.IGNORECASE)
BARE_YEAR = re.compile(r"^\d{4}$")
FINANCIAL_YEAR_BY_ONE_YEAR = re.compile(r"^fy\s*(?P<year>\d{4})$", re.IGNORECASE)
BARE_QUARTER = re.compile(r"^q\d$", re.IGNORECASE)
SHORT_YEARS = re.compile(r"^(?:fy\s*)?\d{2}\s*[-/]\s*\d{2}(?:\s*-?\s*q\d)?$", re.IGNORECASE)
A_DATE = re.compile(r"^(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})$")
# Word processors lengthen hyphens into dashes; a period written 2026–27 still means 2026-27.
DASHES = re.compile(r"[\u2010-\u2015\u2212]")

MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTHS_IN_FULL = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MONTHS_BY_NAME = {
    **{name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)},
    **{name: number for number, name in enumerate(MONTHS_IN_FULL, start=1)},
    "sept": 9,
}


class PeriodRefused(ValueError):
    """The text is not one period we can read; the message says why."""


def parse_period(text: str) -> tuple[date, str] | None:
    """A period's first day and its label, or None for text that is not one period."""
    try:
        return read_period(text)
    except PeriodRefused:
        return None


def read_period(text: str) -> tuple[date, str]:
    """A period's first day and the label the portal stores it under; raises PeriodRefused
    saying what is wrong."""
    cell = text
    text = re.sub(r"\s+", " ", DASHES.sub("-", text.strip()))
    if match := FINANCIAL_YEAR.match(text):
        return _financial_year_or_month(cell, match)
    for pattern in FINANCIAL_QUARTER:
        if match := pattern.match(text):
            # The quarter says which is meant: 2011-12 Q1 can only be a financial year's.
            start = _financial_year_start(cell, match)
            quarter = _quarter(cell, match["quarter"])
            # Q1 is April to June, so it is the calendar year's Q2; Q4 is the next one's Q1.
            year, calendar_quarter = (start, quarter + 1) if quarter < 4 else (start + 1, 1)
            return _quarter_period(year, calendar_quarter)
    for pattern in QUARTER:
        if match := pattern.match(text):
            return _quarter_period(_year(cell, match["year"]), _quarter(cell, match["quarter"]))
    if match := MONTH.match(text):
        return _month_period(cell, _year(cell, match["year"]), int(match["month"]))
    if match := MONTH_IN_WORDS.match(text):
        month = MONTHS_BY_NAME.get(match["name"].lower())
        if month is None:
            raise PeriodRefused(
                _("‘%(period)s’ is not a month we know: write it like April 2026 or Apr 2026.")
                % {"period": cell}
            )
        return _month_period(cell, _year(cell, match["year"]), month)
    raise PeriodRefused(_refusal(cell, text))


def _refusal(cell: str, text: str) -> str:
    if BARE_YEAR.match(text):
        return _(
            "‘%(period)s’ could be a calendar year or a financial year: write a financial year "
            "like 2026/27, or give each quarter or month."
        ) % {"period": cell}
    if match := FINANCIAL_YEAR_BY_ONE_YEAR.match(text):
        # Some write the year a financial year ends in, some the year it starts in.
        year = int(match["year"])
        return _(
            "‘%(period)s’ could be %(ending)s or %(starting)s: write the financial year in "
            "full, like %(starting)s."
        ) % {
            "period": cell,
            "ending": _financial_year_label(year - 1),
            "starting": _financial_year_label(year),
        }
    if BARE_QUARTER.match(text):
        return _(
            "‘%(period)s’ has no year: write 2026/27 Q1 for April to June 2026, or 2026-Q1 for "
            "January to March 2026."
        ) % {"period": cell}
    if month := MONTHS_BY_NAME.get(text.lower().rstrip(".")):
        return _("‘%(period)s’ has no year: write it like %(example)s.") % {
            "period": cell,
            "example": f"{MONTHS_IN_FULL[month - 1].title()} 2026",
        }
    if SHORT_YEARS.match(text):
        return _("‘%(period)s’ needs its years in full, like 2026/27.") % {"period": cell}
    if A_DATE.match(text):
        return _(
            "‘%(period)s’ is a date, not a period: for its month write it like 2026-04 or "
            "April 2026."
        ) % {"period": cell}
    return _(
        "‘%(period)s’ is not a period we know: write a financial year like 2026/27, a quarter "
        "like 2026/27 Q1 or 2026-Q1, or a month like April 2026."
    ) % {"period": cell}


def _financial_year_or_month(cell: str, match: re.Match) -> tuple[date, str]:
    """ "2026/27" and "2026-2027" are financial years; "2026-04" is a month; "2011-12" could be
    either, so it is refused."""
    end = match["end"]
    if match["separator"] == "-" and len(end) == 2:
        year, number = _year(cell, match["start"]), int(end)
        is_month, follows = 1 <= number <= 12, (year + 1) % 100 == number
        if follows and year < LAST_YEAR and not is_month:
            return date(year, 4, 1), _financial_year_label(year)
        if not is_month:
            raise PeriodRefused(
                _(
                    "‘%(period)s’ is neither a month (%(first)s to %(last)s) nor a financial "
                    "year (%(year)s)."
                )
                % {
                    "period": cell,
                    "first": f"{year}-01",
                    "last": f"{year}-12",
                    "year": _financial_year_label(min(year, LAST_YEAR - 1)).replace("/", "-"),
                }
            )
        month = number
        if follows:
            raise PeriodRefused(
                _(
                    "‘%(period)s’ could be %(month)s or the financial year %(year)s: write "
                    "%(month)s or %(year)s."
                )
                % {
                    "period": cell,
                    "month": f"{MONTH_NAMES[month - 1]} {year}",
                    "year": _financial_year_label(year),
                }
            )
        return _month_period(cell, year, month)
    start = _financial_year_start(cell, match)
    return date(start, 4, 1), _financial_year_label(start)


def _financial_year_start(cell: str, match: re.Match) -> int:
    year = _year(cell, match["start"])
    end = match["end"]
    following = year + 1 if len(end) == 4 else (year + 1) % 100
    if int(end) != following or year == LAST_YEAR:
        raise PeriodRefused(
            _(
                "‘%(period)s’ is not a financial year: a financial year runs from April to the "
                "March after, so it is written like %(example)s."
            )
            % {"period": cell, "example": _financial_year_label(min(year, LAST_YEAR - 1))}
        )
    return year


def _year(cell: str, digits: str) -> int:
    year = int(digits)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PeriodRefused(
            _("‘%(period)s’ is outside the years the portal holds, %(first)s to %(last)s.")
            % {"period": cell, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return year


def _quarter(cell: str, digit: str) -> int:
    quarter = int(digit)
    if not 1 <= quarter <= 4:
        raise PeriodRefused(
            _("‘%(period)s’ has no quarter %(quarter)s: a year has quarters Q1 to Q4.")
            % {"period": cell, "quarter": quarter}
        )
    return quarter


def _quarter_period(year: int, quarter: int) -> tuple[date, str]:
    return date(year, 3 * quarter - 2, 1), f"{year}-Q{quarter}"


def _month_period(cell: str, year: int, month: int) -> tuple[date, str]:
    if not 1 <= month <= 12:
        raise PeriodRefused(
            _("‘%(period)s’ is not a month: months are numbered 01 to 12, like %(example)s.")
            % {"period": cell, "example": f"{year}-04"}
        )
    return date(year, month, 1), f"{MONTH_NAMES[month - 1]} {year}"


def _financial_year_label(start: int) -> str:
    return f"{start}/{(start + 1) % 100:02d}"
