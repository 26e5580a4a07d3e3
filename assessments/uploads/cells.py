"""Checking one cell of a row: the measure, the period (quarters, months and financial years),
the area, the value, and the sex. Each problem is reported through `fail` with a suggestion
where one is likely, so a row can show every problem at once."""

import difflib
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ._shared import CONTROL
from .periods import PERIOD_HELP, PeriodRefused, read_period

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

NUMBER = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def check_measure(cell: str, measure_slugs: set[str], fail) -> str:
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


def check_period(cell: str, fail) -> tuple[date, str] | None:
    if not cell:
        fail(_("‘period’ is empty.") + " " + str(PERIOD_HELP))
        return None
    try:
        return read_period(cell)
    except PeriodRefused as refusal:
        fail(str(refusal) + " " + str(PERIOD_HELP))
        return None


def period_kind(label: str) -> str:
    if "-Q" in label:
        return "quarter"
    if "/" in label:
        return "financial_year"
    return "month"


def period_kind_name(kind: str) -> str:
    return {
        "quarter": _("quarter"),
        "financial_year": _("financial year"),
        "month": _("month"),
    }[kind]


def check_area(cell: str, known_areas: set[str], fail) -> str:
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


def check_value(cell: str, fail) -> Decimal | None:
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
