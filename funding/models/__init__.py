"""The Duty grant's records (issue 18): the award and its lines, allocations and spend in
grants.py."""

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

__all__ = [
    "MONEY",
    "ZERO",
    "Allocation",
    "Grant",
    "GrantDecision",
    "GrantLine",
    "SpendRecord",
    "money_field",
]
