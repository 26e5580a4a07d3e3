"""Rules that depend on the row: who may see or change which SNA item. Each asks the person
acting (`partnerships.access.Actor`: their organisation and what their roles allow here), and
where a rule depends on the item's status it asks the lifecycle (assessments/lifecycles.py).
Views answer 404 for rows a person may not see and 403 for actions they may not take on rows
they can see; services ask the same rules."""

from django.db.models import Q

from partnerships.access import Actor
from partnerships.roles import Permission

from . import lifecycles
from .models import AssessmentModule, Contribution, ProvisionService

# --- contributions ---


def visible_contributions_q(*, actor: Actor) -> Q:
    """Drafts belong to their organisation until submitted (and to whoever recorded one on its
    behalf); everything else is the partnership's evidence, seen by all who see the SNA."""
    if actor.is_system:
        return Q()
    return (
        ~Q(status=Contribution.Status.DRAFT)
        | Q(organisation_id=actor.organisation_id)
        | Q(created_by_id=actor.user.pk)
    )


def contribution_visible(contribution: Contribution, *, actor: Actor) -> bool:
    return (
        contribution.status != Contribution.Status.DRAFT
        or actor.speaks_for(contribution.organisation_id)
        or contribution.created_by_id == actor.user.pk
    )


def _acts_for(organisation_id: int, *, actor: Actor) -> bool:
    """A member of the organisation who contributes for it, or a lead who runs the SNA (who may
    act for any organisation)."""
    return actor.may(Permission.MANAGE_ASSESSMENT) or (
        actor.may(Permission.CONTRIBUTE) and actor.speaks_for(organisation_id)
    )


def acted_for_q(*, actor: Actor) -> Q:
    """The contributions the actor may act for (`_acts_for`), as a query."""
    if actor.may(Permission.MANAGE_ASSESSMENT):
        return Q()
    if actor.may(Permission.CONTRIBUTE):
        return Q(organisation_id=actor.organisation_id)
    return Q(pk__in=[])


def may_edit_contribution(contribution: Contribution, *, actor: Actor) -> bool:
    """Drafts and returned items change in place; an accepted one gets a new revision. An item
    under review waits for its reviewer."""
    return contribution.status in lifecycles.CONTRIBUTION_CHANGEABLE and _acts_for(
        contribution.organisation_id, actor=actor
    )


def may_submit_contribution(contribution: Contribution, *, actor: Actor) -> bool:
    """A draft is submitted by its organisation, or by a lead who recorded it for them. A
    returned item went back to its organisation with comments, so only they submit it again:
    a lead, who may have returned it, does not answer their own comments for them."""
    if contribution.status in lifecycles.RESUBMISSION.sources:
        return actor.may(Permission.CONTRIBUTE) and actor.speaks_for(contribution.organisation_id)
    return contribution.status in lifecycles.CONTRIBUTION_IN_PLACE and _acts_for(
        contribution.organisation_id, actor=actor
    )


def reviews_own_organisation(contribution: Contribution, *, actor: Actor) -> bool:
    """Whether reviewing it would mean judging their own organisation's evidence, which nobody
    does but the partnership lead (who runs the SNA and answers for every review)."""
    return not actor.may(Permission.MANAGE_ASSESSMENT) and actor.speaks_for(
        contribution.organisation_id
    )


def reviewable_q(*, actor: Actor) -> Q:
    """The contributions the actor may review, whatever their status (`may_review_contribution`),
    as a query."""
    if not actor.may(Permission.REVIEW_CONTRIBUTIONS):
        return Q(pk__in=[])
    if actor.may(Permission.MANAGE_ASSESSMENT):
        return Q()
    return ~Q(organisation_id=actor.organisation_id)


def may_review_contribution(contribution: Contribution, *, actor: Actor) -> bool:
    """A reviewer (the lead or a data lead) accepts or returns a submitted item, but never one
    their own organisation gave, unless they are the lead."""
    return (
        contribution.status in lifecycles.CONTRIBUTION_IN_REVIEW
        and actor.may(Permission.REVIEW_CONTRIBUTIONS)
        and not reviews_own_organisation(contribution, actor=actor)
    )


# --- assessment ---


def may_edit_module(module: AssessmentModule, *, actor: Actor) -> bool:
    """A module is written by its owner; a lead who runs the SNA may edit any of them."""
    if actor.may(Permission.MANAGE_ASSESSMENT):
        return True
    return module.owner_id is not None and (
        actor.membership is not None and module.owner_id == actor.membership.pk
    )


# --- data returns ---


def may_upload_data(contribution: Contribution, *, actor: Actor) -> bool:
    """Figures go into a data return on behalf of its own organisation (or by a lead who runs
    the SNA); whether its status lets them change now is the upload page's to explain."""
    return contribution.kind == Contribution.Kind.DATA_RETURN and _acts_for(
        contribution.organisation_id, actor=actor
    )


# --- provision map ---


def may_edit_provision(service: ProvisionService, *, actor: Actor) -> bool:
    """The organisation that added a service keeps it up to date; the lead curates them all."""
    return _acts_for(service.added_by_organisation_id, actor=actor)
