"""The oversight app's rows: each partnership's stored standing (derived, never edited) and the
convener's requests for information (s.17 of the Act) with their attachments and reminders.

One module per concept; everything is imported from here (`from oversight.models import
InformationRequest`)."""

from .information_requests import (
    RESPONDING_DUTY_ROLES,
    InformationRequest,
    InformationRequestReminder,
    RefusalGround,
    RequestAttachment,
    request_attachment_path,
)
from .standing import STANDING_MAX_AGE, PartnershipStanding

__all__ = [
    "RESPONDING_DUTY_ROLES",
    "STANDING_MAX_AGE",
    "InformationRequest",
    "InformationRequestReminder",
    "PartnershipStanding",
    "RefusalGround",
    "RequestAttachment",
    "request_attachment_path",
]
