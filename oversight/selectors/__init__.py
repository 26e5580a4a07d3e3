"""Reads that combine the apps below: the Duty checklist, the engagement matrix, what
is asked of a duty partner and what waits on a lead."""

from .asked import AskedOfYou, asked_of_you
from .checklist_lines import ComplianceLine, ComplianceStatus
from .compliance import Compliance, compliance, compliance_for
from .decisions import Decisions, StrategyDecision, decisions_for
from .figures import dashboard_figures
from .matrix import EVIDENCE_ELEMENTS, NO_LEVEL, MatrixLevel, MatrixRow, engagement_matrix
from .standing import (
    StandingLine,
    standing_lines,
    standing_review,
    standings_due,
    standings_of,
)
from .traceability import StrategyTrace, Traceability, Untraced, traceability, traceability_for

__all__ = [
    "EVIDENCE_ELEMENTS",
    "NO_LEVEL",
    "AskedOfYou",
    "Compliance",
    "ComplianceLine",
    "ComplianceStatus",
    "Decisions",
    "MatrixLevel",
    "MatrixRow",
    "StandingLine",
    "StrategyDecision",
    "StrategyTrace",
    "Traceability",
    "Untraced",
    "asked_of_you",
    "compliance",
    "compliance_for",
    "dashboard_figures",
    "decisions_for",
    "engagement_matrix",
    "standing_lines",
    "standing_review",
    "standings_due",
    "standings_of",
    "traceability",
    "traceability_for",
]
