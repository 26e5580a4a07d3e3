"""Rules about a member that the role map cannot express: one reading of each, used by the pages
(to offer) and checked again by the services (to refuse)."""

from .access import Actor
from .models import Membership, Organisation
from .roles import Permission


def may_change_naming(membership: Membership, *, actor: Actor) -> bool:
    """Whether documents print a member's name is theirs alone to decide: no lead, and not the
    portal, agrees or withdraws for them."""
    return (
        membership.is_active
        and actor.membership is not None
        and actor.membership.pk == membership.pk
    )


def may_write_self_assessment(organisation: Organisation, *, actor: Actor) -> bool:
    """An organisation assesses itself: its own members write this year's self-assessment, and
    the lead (who runs the partnership) may write it with them. A retired organisation's stays
    as it was."""
    return not organisation.is_retired and (
        actor.speaks_for(organisation.pk) or actor.may(Permission.MANAGE_PARTNERSHIP)
    )
