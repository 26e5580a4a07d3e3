"""Money as people type it and read it: pounds and pence, exact.

Amounts are Decimals rounded to the penny; a typed amount may carry a pound sign, thousands
separators and spaces ("£1,234.50"), never more than two decimal places, never a negative sign,
and never an exponent or a float's artefacts. Totals are summed as Decimals, so a page, an export
and a PDF reconcile to the penny.
"""

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

ZERO = Decimal("0.00")
PENNY = Decimal("0.01")
# Far beyond any grant; the model's fields hold up to 12 digits of pounds.
LARGEST = Decimal("999999999999.99")

_TYPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d{1,2})?$|^\d+(\.\d{1,2})?$")


class MoneyError(ValueError):
    """A typed amount that is not pounds and pence; its message says what to type."""


def parse_money(text: str | None) -> Decimal:
    """The amount typed, in pounds and pence. Raises MoneyError with a message fit to show."""
    cleaned = (text or "").strip().replace(" ", "").removeprefix("£")
    if not cleaned:
        raise MoneyError(_("Enter an amount in pounds, like 1250 or 1,250.50"))
    if cleaned.startswith("-"):
        raise MoneyError(_("Enter an amount of £0 or more"))
    if not _TYPED.match(cleaned):
        raise MoneyError(_("Enter an amount in pounds and pence, like 1250 or 1,250.50"))
    try:
        amount = Decimal(cleaned.replace(",", ""))
    except InvalidOperation:
        raise MoneyError(_("Enter an amount in pounds and pence, like 1250 or 1,250.50")) from None
    if amount > LARGEST:
        raise MoneyError(_("Enter an amount of £999,999,999,999.99 or less"))
    return amount.quantize(PENNY)


def total(amounts: Iterable[Decimal | None]) -> Decimal:
    """The sum to the penny, missing amounts counting as nothing."""
    return sum((amount for amount in amounts if amount is not None), ZERO).quantize(PENNY)


def pounds(amount: Decimal | None) -> str:
    """How every page, export and PDF shows an amount: "£1,234.50", and an overspend's
    negative variance "−£5.00" (a minus sign, not a hyphen)."""
    if amount is None:
        return ""
    if amount < 0:
        return f"−£{-amount.quantize(PENNY):,.2f}"
    return f"£{amount.quantize(PENNY):,.2f}"
