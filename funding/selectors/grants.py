"""Reads of the Duty grant for the convener's pages: the list of their grants with what each has
allocated and spent, a grant's allocations, and its summary of award against allocation and
spend, per line and per partnership.

Every figure is summed in the database and read as a Decimal to the penny (funding.money), in a
fixed number of queries however many partnerships and allocations a grant has. Allocations and
spend are tenant rows read across the grant's partnerships: the caller has already resolved
the grant through funding.access, which is what lets them read it.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    DecimalField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from partnerships.models import Partnership

from ..access import grants_for
from ..models import MONEY, Allocation, Grant, GrantDecision, GrantLine, SpendRecord
from ..money import ZERO, total

QUARTERS = 4
# A partnership is flagged as underspending when what it has spent is below three quarters of
# the straight-line share of its allocation for the quarters of the grant year that have ended:
# allocated × quarters ended ÷ 4. Spend is recorded once a quarter ends, so a quarter still
# under way expects nothing yet; the margin leaves room for an invoice paid a little late.
UNDERSPEND_MARGIN = Decimal("0.75")


def quarters_ended(grant_year: str, today: datetime.date) -> int:
    """How many quarters of the financial year "2026/27" had ended by `today` (0 to 4): Q1,
    April to June, has ended from 1 July."""
    start = int(grant_year[:4])
    ends = [
        datetime.date(start, 7, 1),
        datetime.date(start, 10, 1),
        datetime.date(start + 1, 1, 1),
        datetime.date(start + 1, 4, 1),
    ]
    return sum(1 for end in ends if today >= end)


def _percent(part: Decimal, whole: Decimal) -> int:
    """A whole percentage for the chart's meters, 0 to 100."""
    if whole <= ZERO:
        return 0
    return max(0, min(100, int(part * 100 / whole)))


@dataclass
class Figures:
    """Money against one line, one partnership, or one partnership's share of a line.

    `awarded` is what there is to allocate: a line's amount, or the award for the totals; a
    partnership is awarded nothing directly, so its `awarded` is what it was allocated."""

    awarded: Decimal = ZERO
    allocated: Decimal = ZERO
    spent: Decimal = ZERO
    quarters_ended: int = 0

    @property
    def unallocated(self) -> Decimal:
        return self.awarded - self.allocated

    @property
    def unspent(self) -> Decimal:
        return self.allocated - self.spent

    @property
    def expected(self) -> Decimal:
        """The straight-line share of the allocation for the quarters ended."""
        return total([self.allocated * self.quarters_ended / QUARTERS])

    @property
    def underspent(self) -> bool:
        return self.quarters_ended > 0 and self.spent < self.expected * UNDERSPEND_MARGIN

    @property
    def allocated_percent(self) -> int:
        return _percent(self.allocated, self.awarded)

    @property
    def spent_percent(self) -> int:
        return _percent(self.spent, self.allocated)


@dataclass
class PartnershipSummary:
    partnership: Partnership
    by_line: list[Figures]  # in the order of GrantSummary.lines
    overall: Figures


@dataclass
class GrantSummary:
    grant: Grant
    lines: list[GrantLine]
    by_line: list[Figures]  # each line's own figures, in the order of `lines`
    partnerships: list[PartnershipSummary]
    overall: Figures
    quarters_ended: int
    in_lines: Decimal = field(default=ZERO)

    @property
    def unsplit(self) -> Decimal:
        """What the award holds beyond its two lines."""
        return self.grant.amount - self.in_lines

    @property
    def lines_with_figures(self) -> list[tuple[GrantLine, Figures]]:
        return list(zip(self.lines, self.by_line, strict=True))

    @property
    def underspending(self) -> list[PartnershipSummary]:
        return [row for row in self.partnerships if row.overall.underspent]


def _sums(rows, *, amount: str, keys: tuple[str, str]) -> dict[tuple[int, int], Decimal]:
    return {(row[keys[0]], row[keys[1]]): total([row[amount]]) for row in rows}


def grant_summary(grant: Grant, *, today: datetime.date | None = None) -> GrantSummary:
    """Award, allocation and spend, per line and per partnership, in four queries."""
    elapsed = quarters_ended(grant.grant_year, today or timezone.localdate())
    lines = list(grant.lines.all())
    partnerships = list(grant.partnerships.order_by("name"))
    allocated = _sums(
        Allocation.objects.with_scopes_disabled()
        .filter(line__grant=grant, parent__isnull=True)
        .order_by()
        .values("partnership_id", "line_id")
        .annotate(amount=Sum("amount")),
        amount="amount",
        keys=("partnership_id", "line_id"),
    )
    # A part's spend counts against its partnership's allocation, on the line it came from.
    spent = _sums(
        SpendRecord.objects.with_scopes_disabled()
        .filter(allocation__line__grant=grant)
        .order_by()
        .values("partnership_id", "allocation__line_id")
        .annotate(amount=Sum("actual")),
        amount="amount",
        keys=("partnership_id", "allocation__line_id"),
    )
    rows = []
    for partnership in partnerships:
        cells = [
            Figures(
                awarded=allocated.get((partnership.pk, line.pk), ZERO),
                allocated=allocated.get((partnership.pk, line.pk), ZERO),
                spent=spent.get((partnership.pk, line.pk), ZERO),
                quarters_ended=elapsed,
            )
            for line in lines
        ]
        overall = Figures(
            awarded=total(c.allocated for c in cells),
            allocated=total(c.allocated for c in cells),
            spent=total(c.spent for c in cells),
            quarters_ended=elapsed,
        )
        rows.append(PartnershipSummary(partnership=partnership, by_line=cells, overall=overall))
    by_line = [
        Figures(
            awarded=line.amount,
            allocated=total(row.by_line[index].allocated for row in rows),
            spent=total(row.by_line[index].spent for row in rows),
            quarters_ended=elapsed,
        )
        for index, line in enumerate(lines)
    ]
    overall = Figures(
        awarded=grant.amount,
        allocated=total(f.allocated for f in by_line),
        spent=total(f.spent for f in by_line),
        quarters_ended=elapsed,
    )
    return GrantSummary(
        grant=grant,
        lines=lines,
        by_line=by_line,
        partnerships=rows,
        overall=overall,
        quarters_ended=elapsed,
        in_lines=total(line.amount for line in lines),
    )


def _money(subquery: QuerySet) -> Coalesce:
    return Coalesce(Subquery(subquery), Value(ZERO), output_field=DecimalField(**MONEY))


def grant_allocations(grant: Grant) -> list[Allocation]:
    """The grant's allocations to partnerships (not their parts), each with what the
    partnership has divided into parts (`in_parts`) and spent (`spent`), in one query."""
    parts = (
        Allocation.objects.with_scopes_disabled()
        .filter(parent=OuterRef("pk"))
        .order_by()
        .values("parent")
        .annotate(amount=Sum("amount"))
        .values("amount")
    )
    spend = (
        SpendRecord.objects.with_scopes_disabled()
        .filter(Q(allocation=OuterRef("pk")) | Q(allocation__parent=OuterRef("pk")))
        .order_by()
        # An allocation and its parts are all one partnership's: one group.
        .values("partnership")
        .annotate(amount=Sum("actual"))
        .values("amount")
    )
    return list(
        Allocation.objects.with_scopes_disabled()
        .filter(line__grant=grant, parent__isnull=True)
        .select_related("partnership", "line")
        .annotate(in_parts=_money(parts), spent=_money(spend))
        .order_by("partnership__name", "line__kind", "pk")
    )


def grant_decisions(grant: Grant) -> list[GrantDecision]:
    return list(grant.decisions.all())


def allocation_for(grant: Grant, allocation_pk: int) -> Allocation | None:
    """One of the grant's allocations to a partnership, or None (a part, or another grant's)."""
    return (
        Allocation.objects.with_scopes_disabled()
        .filter(line__grant=grant, parent__isnull=True, pk=allocation_pk)
        .select_related("partnership", "line")
        .first()
    )


def grants_overview(user: User, *, convened: frozenset[int] | None = None) -> list[Grant]:
    """The person's grants for the list page, each with `allocated` (to partnerships) and
    `spent`, and its partnerships, in two queries."""
    allocated = (
        Allocation.objects.with_scopes_disabled()
        .filter(line__grant=OuterRef("pk"), parent__isnull=True)
        .order_by()
        .values("line__grant")
        .annotate(amount=Sum("amount"))
        .values("amount")
    )
    spent = (
        SpendRecord.objects.with_scopes_disabled()
        .filter(allocation__line__grant=OuterRef("pk"))
        .order_by()
        .values("allocation__line__grant")
        .annotate(amount=Sum("actual"))
        .values("amount")
    )
    grants = list(
        grants_for(user, convened=convened)
        .annotate(allocated=_money(allocated), spent=_money(spent))
        .prefetch_related(Prefetch("partnerships", queryset=Partnership.objects.order_by("name")))
    )
    for grant in grants:
        grant.allocated, grant.spent = total([grant.allocated]), total([grant.spent])
        grant.unallocated = grant.amount - grant.allocated
    return grants
