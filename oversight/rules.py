"""Who may do what with the convener's requests for information: rules that depend on the row
(the organisation a request asks), checked by the services and again by the views, like every
"own organisation" rule (partnerships.access.Actor.speaks_for).

Making and withdrawing a request is the convener's (Permission.REQUIRE_INFORMATION). A request to
a member organisation is answered by that organisation's data lead or accountable person; nobody
in the portal speaks for a body outside the partnership, so the convener records its reply.
"""

from partnerships.access import Actor
from partnerships.roles import Permission

from .models import RESPONDING_DUTY_ROLES, InformationRequest


def answers_for_organisation(actor: Actor) -> bool:
    """Whether the actor answers requests made of their own organisation."""
    membership = actor.membership
    return (
        membership is not None
        and membership.organisation_id is not None
        and any(getattr(membership, role) for role in RESPONDING_DUTY_ROLES)
    )


def may_require(actor: Actor) -> bool:
    return actor.may(Permission.REQUIRE_INFORMATION)


def may_see_requests(actor: Actor) -> bool:
    """Whether the requests page is theirs at all: the convener's, or an answerer's."""
    return may_require(actor) or answers_for_organisation(actor)


def may_respond(actor: Actor, information_request: InformationRequest) -> bool:
    if information_request.outside_body_id is not None:
        return may_require(actor)
    return actor.is_system or (
        actor.speaks_for(information_request.organisation_id) and answers_for_organisation(actor)
    )


def may_see(actor: Actor, information_request: InformationRequest) -> bool:
    return may_require(actor) or may_respond(actor, information_request)
