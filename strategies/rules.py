"""Row-level rules the role map cannot express: who may change which strategy rows."""

from partnerships.roles import Permission


def may_manage(permissions: frozenset[str]) -> bool:
    return Permission.MANAGE_STRATEGY in permissions


def may_update_action(*, action, membership, permissions: frozenset[str]) -> bool:
    """The owning (lead) organisation keeps its action up to date; the lead may update any."""
    return may_manage(permissions) or (
        Permission.RECORD_PROGRESS in permissions
        and action.lead_organisation_id == membership.organisation_id
    )


def may_record_sign_off(*, organisation, membership, permissions: frozenset[str]) -> bool:
    """Each member body records its own governance decision; the lead may record any."""
    return may_manage(permissions) or (
        Permission.RECORD_PROGRESS in permissions and organisation.pk == membership.organisation_id
    )
