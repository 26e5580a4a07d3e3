"""Periods as partnerships plan them: financial years written "2026/27". The SNA, calls and
contributions each name the period they cover, and oversight asks which year today falls in."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Financial years, as partnerships plan: "2026/27".
PERIOD_PATTERN = re.compile(r"^(?P<start>20\d\d)/(?P<end>\d\d)$")


def validate_period(value: str) -> None:
    match = PERIOD_PATTERN.match(value or "")
    if not match or (int(match["start"]) + 1) % 100 != int(match["end"]):
        raise ValidationError(
            _("Enter a financial year like 2026/27"), code="invalid_period", params={"value": value}
        )


def financial_year(day: datetime.date) -> str:
    """The financial year (April to March) that contains `day`, as periods are written: 2026/27."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"
