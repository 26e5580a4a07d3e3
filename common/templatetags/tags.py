"""{% status_tag %}: a status as a GOV.UK tag, coloured as its choices say (common/tags.py).

{% load tags %}
{% status_tag strategy %}                 the strategy's `status`
{% status_tag sign_off "decision" %}      another field of a model
{% status_tag line.status_choice %}       a Choices member itself
"""

from django import template
from django.db import models
from django.utils.html import format_html

from common import tags

register = template.Library()


@register.simple_tag
def status_tag(subject, field: str = "status") -> str:
    if isinstance(subject, models.Choices):
        choices, value, label = type(subject), subject.value, subject.label
    else:
        choices = tags.choices_of(type(subject), field)
        value = getattr(subject, field)
        label = choices(value).label
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>', tags.css_class(choices, value), label
    )
