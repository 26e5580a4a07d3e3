"""Periods in a data return as people write them: financial years, financial and calendar
quarters, and months are each read and stored under the one label the portal keeps for that
stretch of time; what could mean two things, or nothing, is refused saying why, with examples."""

from datetime import date

import pytest

from assessments.uploads import PERIOD_HELP, parse_period, read_period
from assessments.uploads.periods import PeriodRefused

ACCEPTED = [
    # Financial years, April to March: stored as 2026/27.
    ("2026/27", date(2026, 4, 1), "2026/27"),
    ("2026-27", date(2026, 4, 1), "2026/27"),
    ("2026/2027", date(2026, 4, 1), "2026/27"),
    ("2026-2027", date(2026, 4, 1), "2026/27"),
    ("FY2026/27", date(2026, 4, 1), "2026/27"),
    ("fy 2026-27", date(2026, 4, 1), "2026/27"),
    ("2026 / 27", date(2026, 4, 1), "2026/27"),
    ("2026\u201327", date(2026, 4, 1), "2026/27"),  # an en dash from a word processor
    ("2098/99", date(2098, 4, 1), "2098/99"),
    ("2011/12", date(2011, 4, 1), "2011/12"),  # with a slash it can only be a financial year
    # Financial quarters, Q1 April to June: stored as the calendar quarter they are.
    ("2026/27 Q1", date(2026, 4, 1), "2026-Q2"),
    ("Q1 2026/27", date(2026, 4, 1), "2026-Q2"),
    ("2026-27 Q2", date(2026, 7, 1), "2026-Q3"),
    ("2026/27 Q3", date(2026, 10, 1), "2026-Q4"),
    ("Q4 FY2026/27", date(2027, 1, 1), "2027-Q1"),
    ("2011-12 Q1", date(2011, 4, 1), "2011-Q2"),
    # Calendar quarters, Q1 January to March: stored as 2026-Q1.
    ("2026 Q1", date(2026, 1, 1), "2026-Q1"),
    ("2026-Q1", date(2026, 1, 1), "2026-Q1"),
    ("Q1 2026", date(2026, 1, 1), "2026-Q1"),
    ("2026q4", date(2026, 10, 1), "2026-Q4"),
    ("q3-2026", date(2026, 7, 1), "2026-Q3"),
    # Months: stored as Apr 2026.
    ("2026-04", date(2026, 4, 1), "Apr 2026"),
    ("2026-4", date(2026, 4, 1), "Apr 2026"),
    ("Apr 2026", date(2026, 4, 1), "Apr 2026"),
    ("April 2026", date(2026, 4, 1), "Apr 2026"),
    ("april 2026", date(2026, 4, 1), "Apr 2026"),
    ("Sept 2026", date(2026, 9, 1), "Sep 2026"),
    ("Dec. 2026", date(2026, 12, 1), "Dec 2026"),
]


@pytest.mark.parametrize(
    ("text", "start", "label"),
    ACCEPTED,
    ids=[text for text, _start, _label in ACCEPTED],
)
def test_a_period_is_read_and_stored_under_its_label(text, start, label):
    assert parse_period(text) == (start, label)


def test_the_same_quarter_written_either_way_is_one_period():
    assert parse_period("2026/27 Q1") == parse_period("2026-Q2")


REFUSED = [
    ("2026", "could be a calendar year or a financial year"),
    ("FY2026", "could be 2025/26 or 2026/27"),
    ("2011-12", "could be Dec 2011 or the financial year 2011/12"),
    ("2026/28", "is not a financial year: a financial year runs from April"),
    ("2026-2028", "is not a financial year"),
    ("2026/04", "is not a financial year"),
    ("2099/00", "is not a financial year"),
    ("2026-28", "is neither a month (2026-01 to 2026-12) nor a financial year (2026-27)"),
    ("2026-13", "is neither a month"),
    ("2026-0", "is not a month: months are numbered 01 to 12"),
    ("2026-Q5", "has no quarter 5"),
    ("Q0 2026", "has no quarter 0"),
    ("2026/27 Q5", "has no quarter 5"),
    ("Q1", "has no year"),
    ("March", "has no year: write it like March 2026"),
    ("26/27", "needs its years in full"),
    ("Apr-26", "is not a period we know"),
    ("Smarch 2026", "is not a month we know"),
    ("2026-04-01", "is a date, not a period"),
    ("01/04/2026", "is a date, not a period"),
    ("1999-Q1", "outside the years the portal holds, 2000 to 2099"),
    ("1999/00", "outside the years the portal holds"),
    ("soon", "is not a period we know"),
]


@pytest.mark.parametrize(("text", "reason"), REFUSED, ids=[text for text, _reason in REFUSED])
def test_an_ambiguous_or_impossible_period_is_refused_saying_why(text, reason):
    with pytest.raises(PeriodRefused) as refusal:
        read_period(text)

    assert str(refusal.value).startswith(f"‘{text}’")
    assert reason in str(refusal.value)
    assert parse_period(text) is None


def test_the_help_gives_an_example_of_each_kind():
    help_text = str(PERIOD_HELP)

    for example in ("2026/27", "2026-27", "2026/27 Q1", "2026-Q1", "2026-04", "April 2026"):
        assert example in help_text
