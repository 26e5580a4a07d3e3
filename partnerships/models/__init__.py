"""Partnerships (the tenants) and the Duty reference catalogue they are built on: the catalogue
(catalogue.py), partnerships, organisations, members and the activity timeline (tenancy.py), and
invitations (invitations.py)."""

from .catalogue import (
    DutyElement,
    DutyRole,
    ElementAction,
    Enabler,
    Level,
    RecommendedPost,
    ReflectiveQuestion,
    Sector,
    SectorBenefit,
    WayToEngage,
)
from .invitations import INVITATION_LIFETIME, Invitation, new_invitation_nonce
from .tenancy import (
    AuditEntry,
    DutyRoles,
    Membership,
    MembershipQuerySet,
    Organisation,
    Partnership,
    PartnershipGroupObjectPermission,
    PartnershipUserObjectPermission,
    TenantModel,
)

__all__ = [
    "INVITATION_LIFETIME",
    "AuditEntry",
    "DutyElement",
    "DutyRole",
    "DutyRoles",
    "ElementAction",
    "Enabler",
    "Invitation",
    "Level",
    "Membership",
    "MembershipQuerySet",
    "Organisation",
    "Partnership",
    "PartnershipGroupObjectPermission",
    "PartnershipUserObjectPermission",
    "RecommendedPost",
    "ReflectiveQuestion",
    "Sector",
    "SectorBenefit",
    "TenantModel",
    "WayToEngage",
    "new_invitation_nonce",
]
