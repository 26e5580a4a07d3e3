"""What a personal access token may read: resources, each needing a permission the token's owner
must still hold in the partnership when the token is used. A token never reads more than its
owner could see on the pages, and loses what its owner loses (a role changed, a membership
ended) at once, since both are asked on every call."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerships.roles import Permission


class Resource(models.TextChoices):
    PARTNERSHIP = "partnership", _("The partnership and its organisations")
    MEMBERS = "members", _("Members: names, roles and organisations")
    MEMBER_CONTACTS = "member_contacts", _("Members' email addresses")
    ASSESSMENT = "assessment", _("The local definition, SNA modules, findings and recommendations")
    MEASURES = "measures", _("Measures and their figures (small numbers suppressed)")
    STRATEGY = "strategy", _("The strategy: priorities, actions and progress updates")
    COMPLIANCE = "compliance", _("The Duty checklist")
    PROVISION = "provision", _("The provision map")
    # A resource joins this list with its endpoints, so a token is never offered something it
    # could not read.


# The permission the owner must hold for each resource: the one its pages need.
NEEDS = {
    Resource.PARTNERSHIP: Permission.VIEW_PARTNERSHIP,
    Resource.MEMBERS: Permission.VIEW_MEMBERS,
    Resource.MEMBER_CONTACTS: Permission.VIEW_MEMBERS,
    Resource.ASSESSMENT: Permission.VIEW_ASSESSMENT,
    Resource.MEASURES: Permission.VIEW_ASSESSMENT,
    Resource.STRATEGY: Permission.VIEW_STRATEGY,
    Resource.COMPLIANCE: Permission.VIEW_PARTNERSHIP,
    Resource.PROVISION: Permission.VIEW_ASSESSMENT,
}


def grantable(permissions) -> list[Resource]:
    """The resources a person holding `permissions` may put on a token."""
    return [resource for resource in Resource if NEEDS[resource] in permissions]
