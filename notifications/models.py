"""A person's notifications, and how they want to be emailed about them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.models import TenantModel


class Frequency(models.TextChoices):
    """How often a person wants the emails about their partnerships."""

    IMMEDIATELY = "immediately", _("As things happen")
    DAILY_DIGEST = "daily_digest", _("Once a day, in a digest")
    OFF = "off", _("Never: I will check my notifications in the portal")


class EmailPreference(models.Model):
    """How often one person wants the emails about their partnerships.

    A model of its own here rather than a field on the user, so accounts (a lower layer) knows
    nothing of notifications; a person without a row is emailed immediately, as before. It
    never holds back the emails that keep an account safe (password resets, invitations).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="email_preference",
    )
    frequency = models.CharField(
        _("how often to email you"),
        max_length=20,
        choices=Frequency.choices,
        default=Frequency.IMMEDIATELY,
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.user}: {self.get_frequency_display()}"


class Notification(TenantModel):
    """Something the portal told one person about one of their partnerships: every email about
    a partnership is also one of these, whatever the person's email preference."""

    # Many at a time, and nothing derived from the partnership's records reads them
    # (partnerships/changes.py).
    quiet_changes = True

    class Email(models.TextChoices):
        # What became of its email, decided by the person's preference when it was made.
        SENT = "sent", _("Sent at once")
        DIGEST = "digest", _("Waiting for, or sent in, the daily digest")
        NONE = "none", _("Not emailed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # The event it records, e.g. "call-issued:12": one notification per event per person, so a
    # task delivered twice by the outbox never makes two.
    key = models.CharField(max_length=200)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("summary"), blank=True)
    # Where it leads: a path within the portal, never another site.
    path = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=10, choices=Email.choices, default=Email.SENT)
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="one_notification_per_event_per_person"
            ),
        ]
        indexes = [
            # A person's list, newest first.
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
            # The header's count.
            models.Index(
                fields=["recipient"], name="notification_unread", condition=Q(read_at__isnull=True)
            ),
            # The daily digest's question: who has something waiting.
            models.Index(
                fields=["recipient"],
                name="notification_digest_due",
                condition=Q(email="digest", digested_at__isnull=True),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
