"""Inviting someone from a body outside the partnership to respond to the consultation on its
draft strategy (s.8(4) of the Act: partners consult the area's educational, prison and youth
custody authorities, members or not).

The invitation is partnerships' own (the same email, link, resend and revoke), for a consultee:
no organisation, no Duty roles. The body they speak for is kept beside it (BodyContact). The
lead runs the consultation, so whoever holds MANAGE_STRATEGY invites.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partnerships import services as partnership_services
from partnerships.access import Actor
from partnerships.audit import save_with_history
from partnerships.roles import Permission, PortalRole

from ..models import BodyContact, OutsideBody


@transaction.atomic
def consultee_invite(*, outside_body: OutsideBody, email: str, actor: Actor) -> BodyContact:
    """Email someone from the body an invitation to read the draft strategy and respond to its
    consultation, and record which body they will speak for."""
    if actor.partnership.pk != outside_body.partnership_id:
        raise PermissionDenied
    if not actor.may(Permission.MANAGE_STRATEGY):
        raise PermissionDenied(_("Only the partnership lead can invite consultees"))
    if outside_body.retired_at is not None:
        raise ValidationError(
            _("%(name)s has been removed from the register") % {"name": outside_body}
        )
    invitation = partnership_services.invitation_create(
        partnership=actor.partnership,
        email=email,
        organisation=None,
        portal_role=PortalRole.CONSULTEE,
        duty_roles=[],
        acting_user=actor.user,
    )
    contact = BodyContact(
        partnership=actor.partnership, outside_body=outside_body, invitation=invitation
    )
    # Its own checks (the body and invitation are this partnership's); the database holds the
    # one contact per invitation.
    contact.clean()
    save_with_history(
        contact,
        acting_user=actor.user,
        reason=_("Invited to respond to the consultation for %(name)s") % {"name": outside_body},
    )
    return contact
