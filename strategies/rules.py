"""Row-level rules the role map cannot express: who may change which strategy rows. One reading
of each, used by the pages (to offer) and the services (to refuse)."""

from partnerships.access import Actor
from partnerships.roles import Permission


def may_manage(*, actor: Actor) -> bool:
    """The partnership lead changes the strategy, its plan and its records."""
    return actor.may(Permission.MANAGE_STRATEGY)


def may_update_action(*, actor: Actor, action) -> bool:
    """The owning (lead) organisation keeps its action up to date; the lead may update any."""
    return may_manage(actor=actor) or (
        actor.may(Permission.RECORD_PROGRESS) and actor.speaks_for(action.lead_organisation_id)
    )


def may_respond_to_action(*, actor: Actor, action) -> bool:
    """The relevant authority an action is specified for answers for itself; the lead may record
    its answer for it."""
    if not action.relevant_authority_id:
        return False
    return may_manage(actor=actor) or (
        actor.may(Permission.RECORD_PROGRESS) and actor.speaks_for(action.relevant_authority_id)
    )


def may_record_sign_off(*, actor: Actor, organisation) -> bool:
    """Each member body records its own governance decision; the lead may record any."""
    return may_manage(actor=actor) or (
        actor.may(Permission.RECORD_PROGRESS) and actor.speaks_for(organisation.pk)
    )
