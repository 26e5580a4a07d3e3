"""Answers "may this person…" in templates, from the permissions the tenant view resolved.

{% load portal %}
{% if request|may:"manage_members" %}…{% endif %}
"""

from django import template

register = template.Library()


@register.filter
def may(request, permission: str) -> bool:
    return permission in getattr(request, "permissions", ())


@register.filter
def section(url_name: str | None) -> str:
    """The navigation section a tenant URL belongs to: its name up to the first hyphen."""
    return (url_name or "").split("-")[0]
