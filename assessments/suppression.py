"""Small-number suppression: a figure from 1 to 4 could identify the people behind it, so it is
shown as "<5" and left out of charts. Members who hold `view_small_numbers` (the partnership
lead and the data leads) may ask to see such figures; for everyone else, and in every document,
suppression is not a choice. Every page, chart, CSV and PDF that shows a data-return figure
passes it through here."""

from decimal import Decimal

from partnerships.access import Actor
from partnerships.roles import Permission

from .charts import format_value

SMALL_NUMBER = Decimal(5)
SUPPRESSED = "<5"


def is_small(value: Decimal | None) -> bool:
    return value is not None and 0 < value < SMALL_NUMBER


def suppresses(*, actor: Actor, asked: bool = True) -> bool:
    """Whether this person's figures are suppressed: always, unless they hold the right to see
    small numbers and have asked to see them."""
    return asked or not actor.may(Permission.VIEW_SMALL_NUMBERS)


def shown(value: Decimal | None, *, suppress: bool) -> str:
    """A figure as text: "" for none, "<5" for a suppressed small one."""
    if value is None:
        return ""
    return SUPPRESSED if suppress and is_small(value) else format_value(value)


def exported(value: Decimal, *, suppress: bool) -> Decimal | str:
    """A figure for a CSV cell: the number itself, or "<5"."""
    return SUPPRESSED if suppress and is_small(value) else value


def plotted(
    points: list[tuple[str, Decimal | None]], *, suppress: bool
) -> list[tuple[str, Decimal | None]]:
    """A trend for a chart: a suppressed figure is no figure, so it breaks the line."""
    return [(label, None if suppress and is_small(value) else value) for label, value in points]
