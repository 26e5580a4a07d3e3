"""The Duty grant's records (issue 18): the award and its lines, allocations and spend in
grants.py; the Home
Office returns, defined as data, in returns.py."""

from .grants import (
    MONEY,
    ZERO,
    Allocation,
    Grant,
    GrantDecision,
    GrantLine,
    SpendRecord,
    money_field,
)
from .returns import PdfStatus, ReturnAnswer, ReturnQuestion, ReturnSubmission, ReturnTemplate

__all__ = [
    "MONEY",
    "ZERO",
    "Allocation",
    "Grant",
    "GrantDecision",
    "GrantLine",
    "PdfStatus",
    "ReturnAnswer",
    "ReturnQuestion",
    "ReturnSubmission",
    "ReturnTemplate",
    "SpendRecord",
    "money_field",
]
