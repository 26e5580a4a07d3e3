"""Reads that combine the apps below: the Duty checklist and the engagement matrix."""

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
    "Compliance",
    "ComplianceLine",
    "ComplianceStatus",
    "MatrixLevel",
    "MatrixRow",
    "compliance",
    "compliance_for",
    "engagement_matrix",
]
