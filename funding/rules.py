"""Rules that depend on the row: who may record spend against which allocation, and who may
divide a partnership's allocation into parts. Each asks the person acting
(`partnerships.access.Actor`); views answer 403 for what a person may see but not do, and the
services ask the same rules again.

The tenant scope already keeps every other partnership's allocations out of reach (404).
"""

from partnerships.access import Actor
from partnerships.roles import Permission

from .models import Allocation


def sees_funding(actor: Actor) -> bool:
    """Those who record spend (the lead, partners) and the convener who allocates it."""
    return actor.may(Permission.RECORD_SPEND) or actor.may(Permission.MANAGE_FUNDING)


def records_for_any_allocation(actor: Actor) -> bool:
    """The lead runs the partnership, so records spend for every allocation of it. Both the lead
    and partners hold RECORD_SPEND; only the lead also holds MANAGE_PARTNERSHIP, which is what
    tells them apart without a second funding permission."""
    return actor.may(Permission.RECORD_SPEND) and actor.may(Permission.MANAGE_PARTNERSHIP)


def may_record_spend(allocation: Allocation, *, actor: Actor) -> bool:
    """The lead for any allocation; a partner only for a part their own organisation spends
    (paid to it, an action it leads, an intervention it put on the map), as `Actor.speaks_for`
    decides, so never a consultee."""
    if actor.is_system or records_for_any_allocation(actor):
        return True
    if not actor.may(Permission.RECORD_SPEND) or allocation.parent_id is None:
        return False
    spender = allocation.spending_organisation_id
    return spender is not None and actor.speaks_for(spender)


def may_divide(allocation: Allocation, *, actor: Actor) -> bool:
    """The convener divides a partnership's allocation (never a part: parts are not divided
    again, so a sum always has one level to reconcile)."""
    return allocation.parent_id is None and actor.may(Permission.MANAGE_FUNDING)


def may_change_parts(actor: Actor) -> bool:
    return actor.may(Permission.MANAGE_FUNDING)
