"""The strategic needs assessment (SNA) and the evidence it is built on.

Partners contribute evidence and aggregate data against the Duty's elements; leads and data
leads review it; accepted evidence supports the SNA's findings, which the response strategy's
priorities later cite. Every row belongs to one partnership and refuses unscoped queries.

One module per concept; everything is imported from here (`from assessments.models import
Contribution`), and migrations name `validate_period` and `attachment_path` here.
"""

from .assessment import Assessment, AssessmentModule
from .contacts import BodyContact
from .data import DataPoint, Measure, MeasureTotal, area_name
from .definition import DefinitionAmendment, LocalDefinition, ViolenceType
from .evidence import Attachment, Call, CallReminder, Contribution, ReviewComment, attachment_path
from .findings import Finding, Recommendation
from .periods import PERIOD_PATTERN, financial_year, validate_period
from .provision import ProvisionService
from .sharing import (
    CONSULTEE_KINDS,
    FIRST_REVIEW_MONTHS,
    LATER_REVIEW_MONTHS,
    AgreementReminder,
    AgreementVersion,
    LegalBasis,
    OutsideBody,
    SharingAgreement,
    SharingPolicy,
    Standing,
    add_months,
    signed_copy_path,
)

__all__ = [
    "CONSULTEE_KINDS",
    "FIRST_REVIEW_MONTHS",
    "LATER_REVIEW_MONTHS",
    "PERIOD_PATTERN",
    "AgreementReminder",
    "AgreementVersion",
    "Assessment",
    "AssessmentModule",
    "Attachment",
    "BodyContact",
    "Call",
    "CallReminder",
    "Contribution",
    "DataPoint",
    "DefinitionAmendment",
    "Finding",
    "LegalBasis",
    "LocalDefinition",
    "Measure",
    "MeasureTotal",
    "OutsideBody",
    "ProvisionService",
    "Recommendation",
    "ReviewComment",
    "SharingAgreement",
    "SharingPolicy",
    "Standing",
    "ViolenceType",
    "add_months",
    "area_name",
    "attachment_path",
    "financial_year",
    "signed_copy_path",
    "validate_period",
]
