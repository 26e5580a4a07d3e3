"""`{{ amount|pounds }}`: money on a page as funding.money.pounds writes it, "£1,234.50" (an
overspend "−£5.00"), and an amount not given as an em dash."""

from django import template

from ..money import pounds as _pounds

register = template.Library()


@register.filter
def pounds(amount) -> str:
    return "—" if amount is None or amount == "" else _pounds(amount)
