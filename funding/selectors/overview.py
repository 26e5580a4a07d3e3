"""The Duty grant on the convener overview: this grant year's grants (and any older one with a
return still to submit), each with its award, allocation and spend and those of the partnerships
on the overview's page, and the Home Office returns not yet submitted, soonest due first.

It is a panel of oversight's convener overview (oversight/convener_panels.py), registered in
funding/apps.py since oversight may not import funding. It runs on every visit to the overview,
so it reads in a fixed number of queries (at most six; two for a convener without grants)
however many grants, partnerships and returns there are. Each grant's figures are the grant
list's own (grants.grants_overview) and each partnership's are summed as grants.grant_summary
sums them, so both reconcile to the penny with the grant's page.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from accounts.models import User
from common.periods import financial_year
from partnerships.models import Partnership

from ..access import convened_partnership_ids
from ..models import Allocation, Grant, ReturnSubmission, SpendRecord
from ..money import ZERO, total
from .grants import Figures, grants_overview, quarters_ended

PANEL_TEMPLATE = "funding/convener/_overview_panel.html"


@dataclass
class GrantAtAGlance:
    grant: Grant
    overall: Figures
    # The grant's partnerships on the overview's page, in the page's order, and their figures.
    partnerships: list[tuple[Partnership, Figures]] = field(default_factory=list)
    # How many of its partnerships are on other pages of the overview.
    elsewhere: int = 0


@dataclass
class ReturnDue:
    submission: ReturnSubmission
    grant: Grant
    is_overdue: bool


@dataclass
class GrantPanel:
    grants: list[GrantAtAGlance]
    returns: list[ReturnDue]
    grant_year: str


def _by_grant_and_partnership(rows, *, grant_key: str) -> dict[tuple[int, int], Decimal]:
    return {(row[grant_key], row["partnership_id"]): total([row["amount"]]) for row in rows}


def grant_panel(
    *, user: User, partnerships: Sequence[Partnership], today: datetime.date
) -> GrantPanel | None:
    """What the convener overview shows of the person's Duty grants, or None when they have no
    grant of this year and no return to submit. Only grants funding.access lets them reach."""
    convened = convened_partnership_ids(user)
    if not convened:
        return None
    grant_year = financial_year(today)
    # Every grant of theirs, from the grant list's own read: a convener holds one or two a
    # year, so those of earlier years are few, and the figures are the list's to the penny.
    grants = grants_overview(user, convened=convened)
    if not grants:
        return None
    by_pk = {grant.pk: grant for grant in grants}
    open_returns = list(
        ReturnSubmission.objects.filter(grant__in=list(by_pk))
        .exclude(status=ReturnSubmission.Status.SUBMITTED)
        .select_related("template")
        .order_by("due_on", "pk")
    )
    with_open_returns = {submission.grant_id for submission in open_returns}
    current = [
        grant for grant in grants if grant.grant_year == grant_year or grant.pk in with_open_returns
    ]
    if not current:
        return None
    current_pks = [grant.pk for grant in current]
    page_pks = [partnership.pk for partnership in partnerships]
    # Allocations to partnerships, not their parts (a part is within its partnership's share);
    # spend of an allocation or its parts counts against the partnership, as on the grant page.
    allocated = _by_grant_and_partnership(
        Allocation.objects.with_scopes_disabled()
        .filter(line__grant__in=current_pks, partnership__in=page_pks, parent__isnull=True)
        .order_by()
        .values("line__grant", "partnership_id")
        .annotate(amount=Sum("amount")),
        grant_key="line__grant",
    )
    spent = _by_grant_and_partnership(
        SpendRecord.objects.with_scopes_disabled()
        .filter(allocation__line__grant__in=current_pks, partnership__in=page_pks)
        .order_by()
        .values("allocation__line__grant", "partnership_id")
        .annotate(amount=Sum("actual")),
        grant_key="allocation__line__grant",
    )
    shown = []
    for grant in current:
        elapsed = quarters_ended(grant.grant_year, today)
        covers = {partnership.pk for partnership in grant.partnerships.all()}  # prefetched
        rows = []
        for partnership in partnerships:
            if partnership.pk not in covers:
                continue
            given = allocated.get((grant.pk, partnership.pk), ZERO)
            rows.append(
                (
                    partnership,
                    # A partnership is awarded nothing directly: what it has is its allocation.
                    Figures(
                        awarded=given,
                        allocated=given,
                        spent=spent.get((grant.pk, partnership.pk), ZERO),
                        quarters_ended=elapsed,
                    ),
                )
            )
        shown.append(
            GrantAtAGlance(
                grant=grant,
                overall=Figures(
                    awarded=grant.amount,
                    allocated=grant.allocated,
                    spent=grant.spent,
                    quarters_ended=elapsed,
                ),
                partnerships=rows,
                elsewhere=len(covers) - len(rows),
            )
        )
    returns = [
        ReturnDue(
            submission=submission,
            grant=by_pk[submission.grant_id],
            is_overdue=submission.due_on < today,
        )
        for submission in open_returns
    ]
    return GrantPanel(grants=shown, returns=returns, grant_year=grant_year)


def convener_panel(
    user: User, partnerships: Sequence[Partnership], today: datetime.date
) -> tuple[str, dict[str, Any]] | None:
    """The panel oversight's convener overview includes (oversight/convener_panels.py)."""
    panel = grant_panel(user=user, partnerships=partnerships, today=today)
    if panel is None:
        return None
    return PANEL_TEMPLATE, {
        "grants": panel.grants,
        "returns": panel.returns,
        "grant_year": panel.grant_year,
    }
