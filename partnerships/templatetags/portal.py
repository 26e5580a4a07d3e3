"""Answers "may this person…" in templates, from the actor the tenant view resolved.

{% load portal %}
{% if request|may:"manage_members" %}…{% endif %}
{% if request|in_menu:"matrix" %}…{% endif %}   (the page is in the role's navigation)
{{ request|consultee_home }}   (a consultee's one page, the consultation; "" for anyone else)
"""

from django import template

from partnerships import roles
from partnerships.consultees import CONSULTEE_HOME, consultee_home_url

register = template.Library()


@register.filter
def may(request, permission: str) -> bool:
    actor = getattr(request, "actor", None)
    return actor is not None and actor.may(permission)


@register.filter
def in_menu(request, page: str) -> bool:
    """Whether the person's role uses the page enough for their navigation to offer it (after
    `may`: a role's menu leaves out the pages that run the partnership, see roles.in_menu)."""
    actor = getattr(request, "actor", None)
    membership = getattr(actor, "membership", None)
    return membership is not None and roles.in_menu(membership.portal_role, page)


@register.filter
def consultee_home(request) -> str:
    """The consultation's address for a consultee (their navigation's one item), else ""."""
    actor = getattr(request, "actor", None)
    if actor is None or not actor.is_consultee:
        return ""
    return consultee_home_url(actor.partnership) or ""


@register.filter
def consultee_home_section(request) -> str:
    """The navigation section of the consultee's page, to mark it current."""
    return section(CONSULTEE_HOME.split(":")[-1])


# Pages that live under another section's navigation item.
_NAV_PARENT = {
    # The partnership's details are changed from its dashboard.
    "settings": "dashboard",
    "definition": "assessment",
    "findings": "assessment",
    # A strategy's own pages sit under "Strategy".
    "priorities": "strategies",
    "strategy": "strategies",
    "sign": "strategies",
    "consultations": "strategies",
    "consultation": "strategies",
    "reviews": "strategies",
    # The register of bodies outside the partnership sits with the data sharing agreements.
    "bodies": "sharing",
}


@register.filter
def section(url_name: str | None) -> str:
    """The navigation section a tenant URL belongs to: its name up to the first hyphen."""
    name = (url_name or "").split("-")[0]
    return _NAV_PARENT.get(name, name)
