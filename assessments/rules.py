"""Rules that depend on the row: who may see or change which SNA item. Views answer 404 for
rows a person may not see and 403 for actions they may not take on rows they can see."""

# --- contributions ---
from django.db.models import Q

from partnerships.models import Membership
from partnerships.roles import Permission

from .models import AssessmentModule, Contribution


def visible_contributions_q(*, membership: Membership) -> Q:
    """Drafts belong to their organisation until submitted (and to whoever recorded one on its
    behalf); everything else is the partnership's evidence, seen by all who see the SNA."""
    return (
        ~Q(status=Contribution.Status.DRAFT)
        | Q(organisation_id=membership.organisation_id)
        | Q(created_by_id=membership.user_id)
    )


def contribution_visible(contribution: Contribution, *, membership: Membership) -> bool:
    return (
        contribution.status != Contribution.Status.DRAFT
        or contribution.organisation_id == membership.organisation_id
        or contribution.created_by_id == membership.user_id
    )


def _speaks_for(contribution: Contribution, *, membership: Membership, permissions) -> bool:
    """A member of the contribution's organisation who contributes, or a lead who runs the SNA."""
    if Permission.MANAGE_ASSESSMENT in permissions:
        return True
    return (
        Permission.CONTRIBUTE in permissions
        and contribution.organisation_id == membership.organisation_id
    )


def may_edit_contribution(
    contribution: Contribution, *, membership: Membership, permissions
) -> bool:
    """Drafts and returned items change in place; an accepted one gets a new revision. An item
    under review waits for its reviewer."""
    return contribution.status != Contribution.Status.SUBMITTED and _speaks_for(
        contribution, membership=membership, permissions=permissions
    )


def may_submit_contribution(
    contribution: Contribution, *, membership: Membership, permissions
) -> bool:
    return contribution.is_editable and _speaks_for(
        contribution, membership=membership, permissions=permissions
    )


def may_review_contribution(contribution: Contribution, *, permissions) -> bool:
    return (
        contribution.status == Contribution.Status.SUBMITTED
        and Permission.REVIEW_CONTRIBUTIONS in permissions
    )


# --- assessment ---


def may_edit_module(module: AssessmentModule, *, membership: Membership, permissions) -> bool:
    """A module is written by its owner; a lead who runs the SNA may edit any of them."""
    if Permission.MANAGE_ASSESSMENT in permissions:
        return True
    return module.owner_id is not None and module.owner_id == membership.pk


# --- data returns ---


def may_upload_data(contribution: Contribution, *, membership: Membership, permissions) -> bool:
    """Figures go into a data return on behalf of its own organisation (or by a lead who runs
    the SNA); whether its status lets them change now is the upload page's to explain."""
    return contribution.kind == Contribution.Kind.DATA_RETURN and _speaks_for(
        contribution, membership=membership, permissions=permissions
    )
