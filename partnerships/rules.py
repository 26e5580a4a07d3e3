"""Rules about a member that the role map cannot express: one reading of each, used by the pages
(to offer) and checked again by the services (to refuse)."""

from .access import Actor
from .models import Membership


def may_change_naming(membership: Membership, *, actor: Actor) -> bool:
    """Whether documents print a member's name is theirs alone to decide: no lead, and not the
    portal, agrees or withdraws for them."""
    return (
        membership.is_active
        and actor.membership is not None
        and actor.membership.pk == membership.pk
    )
