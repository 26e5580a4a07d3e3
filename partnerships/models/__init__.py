"""Partnerships (the tenants) and the Duty reference catalogue they are built on: the catalogue
(catalogue.py), partnerships, organisations, members and the activity timeline (tenancy.py), and
invitations (invitations.py) and each organisation's yearly self-assessment
(self_assessment.py)."""

from .catalogue import (
    DutyElement,
    DutyRole,
    EditorialNote,
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
from .self_assessment import SelfAssessment
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
    "EditorialNote",
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
    "SelfAssessment",
    "TenantModel",
    "WayToEngage",
    "new_invitation_nonce",
]
