"""Reads that combine the apps below: the Duty checklist, the engagement matrix and what is
asked of a duty partner."""

from .asked import AskedOfYou, asked_of_you
from .compliance import (
    Compliance,
    ComplianceLine,
    ComplianceStatus,
    compliance,
    compliance_for,
)
from .matrix import EVIDENCE_ELEMENTS, NO_LEVEL, MatrixLevel, MatrixRow, engagement_matrix

__all__ = [
    "EVIDENCE_ELEMENTS",
    "NO_LEVEL",
    "AskedOfYou",
    "Compliance",
    "ComplianceLine",
    "ComplianceStatus",
    "MatrixLevel",
    "MatrixRow",
    "asked_of_you",
    "compliance",
    "compliance_for",
    "engagement_matrix",
]
