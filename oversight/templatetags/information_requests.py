"""Whether the person's navigation offers the convener's requests for information: to the
convener, and to those who answer for their organisation (oversight.rules), so the template
repeats no role list.

{% load information_requests %}
{% if request|sees_information_requests %}…{% endif %}
"""

from django import template

from oversight import rules

register = template.Library()


@register.filter
def sees_information_requests(request) -> bool:
    actor = getattr(request, "actor", None)
    return actor is not None and rules.may_see_requests(actor)
