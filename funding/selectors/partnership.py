"""The partnership's funding as its funding page shows it: each allocation with its parts, the
spend recorded per quarter, what is spent to date, the forecast for the year, the variance, and
the flags that ask for attention. Two queries whatever the number of allocations, parts and
records: every row is read once and assembled here.

Spend is recorded where the money is: against a part once an allocation is divided, and against
the allocation itself for what is left undivided (shown as its own row). An allocation's
totals are the sum of both, so the page reconciles to the penny.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from partnerships.access import Actor
from partnerships.models import Partnership

from .. import rules
from ..models import ZERO, Allocation, SpendRecord
from ..money import PENNY, total

# The Home Office asks for a reason where a partnership forecasts spending noticeably less than
# it was allocated; below a tenth the difference is ordinary rounding of plans.
UNDERSPEND_THRESHOLD = Decimal("0.10")
# Spending is rarely even across a year (contracts start late), so only spend more than a
# quarter behind an even, straight-line share of the allocation is flagged as slipping.
SLIPPAGE_THRESHOLD = Decimal("0.25")
QUARTERS = (1, 2, 3, 4)


def _months_into(grant_year: str, today: date) -> int:
    start = int(grant_year[:4])
    return (today.year - start) * 12 + today.month - 4


def quarters_elapsed(grant_year: str, today: date) -> int:
    """Whole quarters of the grant year (from 1 April) that have ended by `today`: 0 to 4."""
    return min(max(_months_into(grant_year, today) // 3, 0), 4)


def quarter_of(grant_year: str, today: date) -> int:
    """The quarter of the grant year `today` falls in: 1 before it starts, 4 after it ends."""
    return min(max(_months_into(grant_year, today) // 3 + 1, 1), 4)


@dataclass
class Flags:
    underspend: bool = False
    slippage: bool = False
    reason_needed: bool = False

    def __bool__(self) -> bool:
        return self.underspend or self.slippage or self.reason_needed


def flags_for(
    *, amount: Decimal, spent: Decimal, forecast: Decimal | None, elapsed: int, reason: str
) -> Flags:
    flags = Flags()
    if forecast is not None and amount > ZERO:
        flags.underspend = amount - forecast > amount * UNDERSPEND_THRESHOLD
        flags.reason_needed = forecast != amount and not reason.strip()
    if elapsed and amount > ZERO:
        share = amount * elapsed / 4
        flags.slippage = share - spent > share * SLIPPAGE_THRESHOLD
    return flags


@dataclass
class FundingRow:
    """A part of an allocation, or what of an allocation is left undivided, with its spend."""

    allocation: Allocation
    amount: Decimal
    records: dict[int, SpendRecord]
    may_record: bool
    undivided: bool = False
    # Set by the allocation it belongs to, which knows how far into the grant year we are.
    flags: Flags = field(default_factory=Flags)

    @property
    def quarters(self) -> list[SpendRecord | None]:
        return [self.records.get(quarter) for quarter in QUARTERS]

    @property
    def spent(self) -> Decimal:
        return total(record.actual for record in self.records.values())

    @property
    def latest(self) -> SpendRecord | None:
        return self.records[max(self.records)] if self.records else None

    @property
    def forecast(self) -> Decimal | None:
        """The latest forecast given: a quarter recorded without one leaves it standing."""
        given = [r.forecast for _q, r in sorted(self.records.items()) if r.forecast is not None]
        return given[-1] if given else None

    @property
    def variance(self) -> Decimal | None:
        return None if self.forecast is None else self.amount - self.forecast


@dataclass
class AllocationFunding:
    """A partnership's allocation: its parts, the undivided rest, and the totals of both."""

    allocation: Allocation
    rows: list[FundingRow]
    divided: Decimal
    elapsed: int
    may_divide: bool

    @property
    def left(self) -> Decimal:
        return self.allocation.amount - self.divided

    @property
    def spent(self) -> Decimal:
        return total(row.spent for row in self.rows)

    @property
    def forecast(self) -> Decimal | None:
        forecasts = [row.forecast for row in self.rows if row.forecast is not None]
        return total(forecasts) if forecasts else None

    @property
    def variance(self) -> Decimal | None:
        return None if self.forecast is None else self.allocation.amount - self.forecast

    @property
    def quarter_totals(self) -> list[Decimal]:
        return [
            total(record.actual for row in self.rows if (record := row.records.get(quarter)))
            for quarter in QUARTERS
        ]

    @property
    def flags(self) -> Flags:
        reasons = " ".join(row.latest.variance_reason for row in self.rows if row.latest)
        flags = flags_for(
            amount=self.allocation.amount,
            spent=self.spent,
            forecast=self.forecast,
            elapsed=self.elapsed,
            reason=reasons,
        )
        flags.reason_needed = flags.reason_needed or any(r.flags.reason_needed for r in self.rows)
        return flags

    def __post_init__(self):
        for row in self.rows:
            row.flags = flags_for(
                amount=row.amount,
                spent=row.spent,
                forecast=row.forecast,
                elapsed=self.elapsed,
                reason=row.latest.variance_reason if row.latest else "",
            )


@dataclass
class PartnershipFunding:
    allocations: list[AllocationFunding] = field(default_factory=list)

    @property
    def allocated(self) -> Decimal:
        return total(entry.allocation.amount for entry in self.allocations)

    @property
    def spent(self) -> Decimal:
        return total(entry.spent for entry in self.allocations)

    @property
    def forecast(self) -> Decimal | None:
        forecasts = [e.forecast for e in self.allocations if e.forecast is not None]
        return total(forecasts) if forecasts else None

    @property
    def recordable(self) -> list[FundingRow]:
        return [row for entry in self.allocations for row in entry.rows if row.may_record]


def partnership_funding(*, partnership: Partnership, actor: Actor, today: date):
    """Every allocation of the partnership, with its parts and spend, in two queries."""
    every = list(
        Allocation.objects.filter(partnership=partnership)
        .select_related("line__grant", "organisation", "service", "action")
        .order_by("-line__grant__grant_year", "line__grant__title", "line__kind", "pk")
    )
    records: dict[int, dict[int, SpendRecord]] = {}
    for record in SpendRecord.objects.filter(partnership=partnership).order_by("year", "quarter"):
        # One grant year per allocation (the service refuses any other), so the quarter is key.
        records.setdefault(record.allocation_id, {})[record.quarter] = record
    parts: dict[int, list[Allocation]] = {}
    for allocation in every:
        if allocation.parent_id is not None:
            parts.setdefault(allocation.parent_id, []).append(allocation)
    funding = PartnershipFunding()
    for allocation in every:
        if allocation.parent_id is not None:
            continue
        own_parts = parts.get(allocation.pk, [])
        divided = total(part.amount for part in own_parts)
        for part in own_parts:
            part.parent = allocation  # read by the rules and templates without a query
        rows = [
            FundingRow(
                allocation=part,
                amount=part.amount,
                records=records.get(part.pk, {}),
                may_record=rules.may_record_spend(part, actor=actor),
            )
            for part in own_parts
        ]
        rest = (allocation.amount - divided).quantize(PENNY)
        if not own_parts or rest > ZERO or allocation.pk in records:
            rows.append(
                FundingRow(
                    allocation=allocation,
                    amount=rest,
                    records=records.get(allocation.pk, {}),
                    may_record=rules.may_record_spend(allocation, actor=actor),
                    undivided=True,
                )
            )
        funding.allocations.append(
            AllocationFunding(
                allocation=allocation,
                rows=rows,
                divided=divided,
                elapsed=quarters_elapsed(allocation.line.grant.grant_year, today),
                may_divide=rules.may_divide(allocation, actor=actor),
            )
        )
    return funding


def recordable_allocations(*, actor: Actor) -> dict[int, Allocation]:
    """The allocations and parts the actor may record spend for, by pk (scoped to the
    partnership by the tenant scope), each with its grant for the year it is funded for."""
    return {
        allocation.pk: allocation
        for allocation in Allocation.objects.filter(partnership=actor.partnership).select_related(
            "line__grant", "action", "service"
        )
        if rules.may_record_spend(allocation, actor=actor)
    }
