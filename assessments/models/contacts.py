"""Who from a body outside the partnership has been invited to respond to its consultation.

The consultee's invitation and membership are partnerships' (a consultee belongs to no
organisation); which body they speak for is kept here, a layer up, beside the register of
outside bodies. The person is found through the invitation: whoever accepted it, in this
partnership.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.models import Invitation, TenantModel
from partnerships.roles import PortalRole

from .sharing import OutsideBody


class BodyContact(TenantModel):
    """Someone from an outside body invited to respond to the strategy's consultation (s.8(4)):
    the body they speak for, and the invitation that brought them in."""

    outside_body = models.ForeignKey(
        OutsideBody,
        verbose_name=_("body outside the partnership"),
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, related_name="body_contact"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["outside_body", "pk"]

    def __str__(self):
        return f"{self.invitation.email} ({self.outside_body})"

    def clean(self):
        super().clean()
        if self.outside_body_id and self.outside_body.partnership_id != self.partnership_id:
            raise ValidationError({"outside_body": _("Choose a body on this register")})
        if self.invitation_id and (
            self.invitation.partnership_id != self.partnership_id
            or self.invitation.portal_role != PortalRole.CONSULTEE
        ):
            raise ValidationError(_("Only a consultee's invitation names the body they speak for"))
