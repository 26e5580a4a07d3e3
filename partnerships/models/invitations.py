"""Invitations: an emailed, single-use link to join a partnership with given roles."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager
from simple_history.models import HistoricalRecords

from ..roles import PortalRole
from .tenancy import ORGANISATION_IFF_NOT_CONSULTEE, DutyRoles, Organisation, Partnership

INVITATION_LIFETIME = timedelta(days=14)
_TOKEN_SALT = "partnerships.invitation"  # noqa: S105 (a signing namespace, not a secret)


def new_invitation_nonce() -> str:
    return secrets.token_urlsafe(16)


class Invitation(DutyRoles):
    """An emailed, single-use invitation to join a partnership with given roles."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")
        # Never stored: a pending invitation past its expiry shows as expired.
        EXPIRED = "expired", _("Expired")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    # None for a consultee alone (the constraint below): they come from a body outside the
    # partnership, recorded beside the invitation in assessments.BodyContact.
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="invitations",
        null=True,
        blank=True,
    )
    portal_role = models.CharField(_("portal role"), max_length=20, choices=PortalRole.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    # Rotated on every resend, so only the newest emailed link works.
    nonce = models.CharField(max_length=32, default=new_invitation_nonce)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(partnership="partnership")
    history = HistoricalRecords(excluded_fields=["nonce"])

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                "partnership",
                Lower("email"),
                condition=models.Q(status="pending"),
                name="one_pending_invitation_per_email",
                violation_error_message=_("This person already has a pending invitation"),
            ),
            models.CheckConstraint(
                condition=ORGANISATION_IFF_NOT_CONSULTEE,
                name="invitation_organisation_unless_consultee",
                violation_error_message=_(
                    "A consultee belongs to no organisation; everyone else belongs to one"
                ),
            ),
        ]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        if not self.expires_at:
            self.expires_at = self.sent_at + INVITATION_LIFETIME
        super().save(*args, **kwargs)

    @property
    def is_consultee(self) -> bool:
        return self.portal_role == PortalRole.CONSULTEE

    @property
    def state(self) -> str:
        """Pending, accepted, revoked, or expired (pending but past its date)."""
        if self.status == self.Status.PENDING and self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.status

    def get_state_display(self) -> str:
        return str(self.Status(self.state).label)

    def make_token(self) -> str:
        return signing.dumps({"i": self.pk, "n": self.nonce}, salt=_TOKEN_SALT, compress=True)

    @classmethod
    def from_token(cls, token: str) -> "Invitation | None":
        """The invitation a link names, or None if the link was tampered with or replaced.

        Expiry is the invitation's own date (a resend extends it), not the signature's age.
        """
        try:
            data = signing.loads(token, salt=_TOKEN_SALT)
        except signing.BadSignature:
            return None
        invitation = (
            cls.objects.with_scopes_disabled()
            .select_related("partnership", "organisation")
            .filter(pk=data.get("i"))
            .first()
        )
        if invitation is None or not secrets.compare_digest(invitation.nonce, str(data.get("n"))):
            return None
        return invitation
