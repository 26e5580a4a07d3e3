"""Periods as partnerships plan them: financial years written "2026/27". The SNA, calls and
contributions each name the period they cover, and oversight asks which year today falls in."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.periods import financial_year

__all__ = ["PERIOD_PATTERN", "financial_year", "validate_period"]

# Financial years, as partnerships plan: "2026/27".
PERIOD_PATTERN = re.compile(r"^(?P<start>20\d\d)/(?P<end>\d\d)$")


def validate_period(value: str) -> None:
    match = PERIOD_PATTERN.match(value or "")
    if not match or (int(match["start"]) + 1) % 100 != int(match["end"]):
        raise ValidationError(
            _("Enter a financial year like 2026/27"), code="invalid_period", params={"value": value}
        )
