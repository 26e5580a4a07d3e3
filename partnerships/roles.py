"""Portal roles, Duty roles, and what each portal role may do — the one place that says so.

django-guardian holds the permissions: each partnership has one group per portal role, and each
group holds that role's permissions on the partnership object. Membership services move people
between the groups. Rules that depend on a row (a partner edits only their own organisation's
items) are checked in code beside the row, not here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PortalRole(models.TextChoices):
    LEAD = "lead", _("Partnership lead")
    CONVENER = "convener", _("Convener")
    PARTNER = "partner", _("Duty partner")
    OBSERVER = "observer", _("Observer")
    # Someone from a body outside the partnership (a school, a prison), invited only to read the
    # draft strategy and respond to its consultation (s.8(4)); they belong to no organisation.
    CONSULTEE = "consultee", _("Consultee")


# The roles of a member, offered wherever a lead invites or changes one: a consultee is invited
# only from a body outside the partnership (assessments' outside bodies page), never as a member.
MEMBER_ROLE_CHOICES = [
    (value, label) for value, label in PortalRole.choices if value != PortalRole.CONSULTEE
]


# Duty roles a person holds for their organisation (Part 2 of the guidance). The keys are model
# field names on Membership and Invitation; the values are the catalogue's DutyRole slugs.
DUTY_ROLES = {
    "accountable": "accountable",
    "responsible": "responsible",
    "data_lead": "data-lead",
    "frontline": "frontline",
}
DUTY_ROLE_CHOICES = [
    ("accountable", _("Accountable")),
    ("responsible", _("Responsible")),
    ("data_lead", _("Data lead")),
    ("frontline", _("Frontline")),
]


class Permission(models.TextChoices):
    """Object permissions on a Partnership (declared in Partnership.Meta)."""

    VIEW_PARTNERSHIP = "view_partnership", _("See the partnership's dashboard")
    MANAGE_PARTNERSHIP = (
        "manage_partnership",
        _("Change the partnership's details, convener and protective marking"),
    )
    VIEW_MEMBERS = "view_members", _("See the partnership's organisations and members")
    MANAGE_MEMBERS = "manage_members", _("Invite, change and remove members")
    MANAGE_ORGANISATIONS = "manage_organisations", _("Add, edit and retire organisations")
    VIEW_REPRESENTATION = "view_representation", _("See representation gaps")
    VIEW_ACTIVITY = "view_activity", _("See the partnership's activity log")
    VIEW_ASSESSMENT = "view_assessment", _("See the SNA, the local definition and the evidence")
    CONTRIBUTE = "contribute", _("Submit contributions and data for your own organisation")
    REVIEW_CONTRIBUTIONS = "review_contributions", _("Accept or return contributions")
    ISSUE_CALLS = "issue_calls", _("Issue calls for contributions")
    RECORD_FINDINGS = "record_findings", _("Record the SNA's findings and recommendations")
    MANAGE_ASSESSMENT = "manage_assessment", _("Run the SNA and agree the local definition")
    VIEW_STRATEGY = "view_strategy", _("See the response strategy, its actions and governance")
    RECORD_PROGRESS = (
        "record_progress",
        _("Update your own organisation's actions and record its sign-off"),
    )
    MANAGE_STRATEGY = (
        "manage_strategy",
        _("Run the response strategy, its governance records and the annual review"),
    )
    EXPORT_STRATEGY = (
        "export_strategy",
        _("Export the published response strategy as a PDF"),
    )
    MANAGE_DATA_SHARING = (
        "manage_data_sharing",
        _("Keep the register of data sharing agreements and of bodies outside the partnership"),
    )
    REQUIRE_INFORMATION = (
        "require_information",
        _("Require information from an authority for monitoring (s.17 of the Act)"),
    )
    RESPOND_TO_CONSULTATION = (
        "respond_to_consultation",
        _("Read the draft response strategy and respond to its consultation"),
    )
    MANAGE_FUNDING = (
        "manage_funding",
        _("Manage the Duty grant: awards, allocations, decisions and returns"),
    )
    RECORD_SPEND = (
        "record_spend",
        _("Record spend and delivery against the partnership's allocations"),
    )
    VIEW_SMALL_NUMBERS = (
        "view_small_numbers",
        _("See figures from 1 to 4, which everyone else sees as “<5”"),
    )


P = Permission
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    # The lead runs the partnership; the power to require information for monitoring is the
    # local policing body's alone (s.17 of the Act), so it is the convener's, not the lead's.
    # The Duty grant is the local policing body's too: it allocates, the lead records spend.
    PortalRole.LEAD: frozenset(P.values) - {P.REQUIRE_INFORMATION, P.MANAGE_FUNDING},
    PortalRole.CONVENER: frozenset(
        {
            P.VIEW_PARTNERSHIP,
            P.VIEW_MEMBERS,
            P.VIEW_REPRESENTATION,
            P.VIEW_ACTIVITY,
            P.VIEW_ASSESSMENT,
            P.CONTRIBUTE,
            P.VIEW_STRATEGY,
            P.RECORD_PROGRESS,
            # The local policing body publishes the annual strategy with the partnership.
            P.EXPORT_STRATEGY,
            P.REQUIRE_INFORMATION,
            P.RESPOND_TO_CONSULTATION,
            P.MANAGE_FUNDING,
        }
    ),
    PortalRole.PARTNER: frozenset(
        {
            P.VIEW_PARTNERSHIP,
            P.VIEW_MEMBERS,
            P.VIEW_REPRESENTATION,
            P.VIEW_ASSESSMENT,
            P.CONTRIBUTE,
            P.VIEW_STRATEGY,
            P.RECORD_PROGRESS,
            P.RESPOND_TO_CONSULTATION,
            # For their own organisation's allocations (funding/rules.py).
            P.RECORD_SPEND,
        }
    ),
    # The SNA is restricted by default: observers see who takes part, not the evidence. They
    # may answer the strategy's consultation, as the community voices they often are.
    PortalRole.OBSERVER: frozenset({P.VIEW_PARTNERSHIP, P.VIEW_MEMBERS, P.RESPOND_TO_CONSULTATION}),
    # A consultee reads the draft and responds; nothing else of the partnership is theirs.
    PortalRole.CONSULTEE: frozenset({P.RESPOND_TO_CONSULTATION}),
}

# What holding a Duty role adds, whatever the portal role: the guidance's data lead prepares
# the SNA, so data leads issue data calls, review contributions, record findings, keep the
# register of data sharing agreements and may see the small numbers everyone else sees
# suppressed (assessments/suppression.py).
DUTY_ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "data_lead": frozenset(
        {
            P.ISSUE_CALLS,
            P.REVIEW_CONTRIBUTIONS,
            P.RECORD_FINDINGS,
            P.VIEW_SMALL_NUMBERS,
            # Data leads set up the sharing their figures rely on (Table 6).
            P.MANAGE_DATA_SHARING,
        }
    ),
}

# The pages that run or oversee the partnership, in the navigation only of the roles that do
# (the lead and the convener). A duty partner or observer comes to answer calls, give figures
# and update actions: these stay out of their menu, though the pages that mention them still
# link to them for anyone whose permissions open them.
OVERSIGHT_PAGES = frozenset(
    {"organisations", "representation", "matrix", "meetings", "commissioning"}
)
OVERSEEING_ROLES = frozenset({PortalRole.LEAD, PortalRole.CONVENER})


def in_menu(portal_role: str, page: str) -> bool:
    """Whether the role's navigation offers the page (its permissions decide if it may open it)."""
    return page not in OVERSIGHT_PAGES or portal_role in OVERSEEING_ROLES


# Permissions Django creates for every model; only view_partnership is ours to grant.
CUSTOM_PERMISSIONS = [(p.value, p.label) for p in Permission if p != P.VIEW_PARTNERSHIP]


def holders_q(permission: str) -> models.Q:
    """A filter on memberships for those whose portal role or Duty roles give `permission` (the
    query form of the maps above, for finding who to tell)."""
    query = models.Q(
        portal_role__in=[role for role, held in ROLE_PERMISSIONS.items() if permission in held]
    )
    for duty_role, held in DUTY_ROLE_PERMISSIONS.items():
        if permission in held:
            query |= models.Q(**{duty_role: True})
    return query


def group_name(partnership_id: int, role: str) -> str:
    return f"partnership-{partnership_id}-{role}"
