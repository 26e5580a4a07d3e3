"""Figures and headings as a British reader expects them in print.

{% load numbers %}
{{ measure.baseline|figure }}          2893 → "2,893"; "1234.50" → "1,234.50" (decimals as stored)
{{ action.progress|percent }}          40 → "40%"
{{ heading|keep_short_words }}         "Make the town safe" → "Make the town safe", no line
                                       ending on "the"

Django's USE_THOUSAND_SEPARATOR would also group years, version numbers and ids ("2,026"), so
figures are formatted where they are printed, with this one filter. Text that is not a number
("<5" for a suppressed small figure, "Not recorded") passes through unchanged.
"""

import re
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

_NUMBER = re.compile(r"^(?P<sign>-?)(?P<whole>\d+)(?P<fraction>\.\d+)?$")
# Words that should not end a line of a heading: articles, short prepositions and
# conjunctions, and numbering such as "1.".
_SHORT_WORD = re.compile(r"(?<!\S)(\S{1,3}) (?=\S)")


def format_figure(value) -> str:
    """A figure with thousands separators and its decimal places as stored."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, Decimal):
        text = format(value, "f")
    elif isinstance(value, float):
        text = repr(value)
    else:
        text = str(value).strip().replace(",", "")
        try:
            Decimal(text)
        except InvalidOperation:
            return str(value)
    match = _NUMBER.match(text)
    if not match:
        return str(value)
    whole = f"{int(match['whole']):,}"
    return f"{match['sign']}{whole}{match['fraction'] or ''}"


@register.filter
def figure(value) -> str:
    """A figure in en-GB style: "2,893", "1,234.5"; text that is not a number is left alone."""
    return format_figure(value)


@register.filter
def percent(value) -> str:
    """A percentage written the same way everywhere: "40%", "12.5%"."""
    text = format_figure(value)
    return f"{text}%" if text and _NUMBER.match(text.replace(",", "")) else text


@register.filter(needs_autoescape=True)
def keep_short_words(value, autoescape=True) -> str:
    """Join each word of one to three characters to the next with a no-break space, so a
    heading never breaks after "The", "of" or "1."."""
    text = conditional_escape(value) if autoescape else str(value)
    return mark_safe(_SHORT_WORD.sub("\\1\u00a0", str(text)))  # noqa: S308 - escaped above
