"""Governance of the strategy: each member body's sign-off through its own governance, the
consultation the Act requires of education, prison and youth custody authorities, and the
meetings of the partnership board and its groups (with their minutes kept privately).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager
from simple_history.models import HistoricalRecords

from assessments.models import OutsideBody
from common.search import StoredSearchVector, WithoutSearchVector
from common.tags import tag_colours
from partnerships.models import Organisation, TenantModel

from ._common import private_key
from .strategy import Strategy

# Relevant authorities the Act says must be consulted on the strategy (education, prisons and
# youth custody), by catalogue sector.
CONSULTEE_SECTORS = ("education", "prisons-and-secure-estate")


def meeting_minutes_path(instance, filename: str) -> str:
    return private_key(instance, "minutes")


class SignOff(TenantModel):
    """A member organisation's own governance decision on a version of the strategy, or the
    lead's record of why it has not signed off."""

    # The decision's words always show with its tag, so colour is never the only sign.
    @tag_colours(
        APPROVED="green", APPROVED_WITH_CHANGES="turquoise", NOT_APPROVED="red", NOT_SIGNED="yellow"
    )
    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        APPROVED_WITH_CHANGES = "approved_with_changes", _("Approved with changes")
        NOT_APPROVED = "not_approved", _("Not approved")
        NOT_SIGNED = "not_signed", _("Not signed off (reason recorded by the lead)")

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="sign_offs")
    version = models.PositiveSmallIntegerField()
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=30, choices=Decision.choices)
    body = models.CharField(
        _("governance body"), max_length=200, blank=True, help_text=_("For example, Cabinet")
    )
    decided_on = models.DateField(_("date of the decision"), null=True, blank=True)
    minute_reference = models.CharField(_("minute reference"), max_length=100, blank=True)
    reason = models.TextField(_("why it has not signed off"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["strategy", "-version", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "version", "organisation"],
                name="one_sign_off_per_organisation_per_version",
                violation_error_message=_(
                    "This organisation's decision on this version is already recorded"
                ),
            ),
        ]

    def __str__(self):
        return f"{self.organisation}: {self.get_decision_display()}"

    @property
    def counts_as_signed(self) -> bool:
        """Whether it satisfies the rule for agreeing the strategy."""
        return self.decision in {
            self.Decision.APPROVED,
            self.Decision.APPROVED_WITH_CHANGES,
            self.Decision.NOT_SIGNED,
        }

    def clean(self):
        super().clean()
        if self.decision == self.Decision.NOT_SIGNED:
            if not self.reason.strip():
                raise ValidationError({"reason": _("Say why the organisation has not signed off")})
        else:
            errors = {}
            if not self.body.strip():
                errors["body"] = _("Enter the governance body that made the decision")
            if not self.decided_on:
                errors["decided_on"] = _("Enter the date of the decision")
            if errors:
                raise ValidationError(errors)


class Consultation(TenantModel):
    """The Act's duty to consult education, prison and youth custody authorities (s.8(4)):
    a member organisation, or a body outside the partnership (assessments.OutsideBody)."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="consultations")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    outside_body = models.ForeignKey(
        OutsideBody,
        verbose_name=_("body outside the partnership"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
    )
    invited_on = models.DateField(_("invited on"))
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    response = models.TextField(_("their response"), blank=True)
    taken_into_account = models.TextField(_("how it was taken into account"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["strategy", "organisation__name", "outside_body__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "organisation"],
                name="one_consultation_per_organisation",
                violation_error_message=_("This organisation's consultation is already recorded"),
            ),
            models.UniqueConstraint(
                fields=["strategy", "outside_body"],
                name="one_consultation_per_outside_body",
                violation_error_message=_("This body's consultation is already recorded"),
            ),
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=True, outside_body__isnull=False)
                | models.Q(organisation__isnull=False, outside_body__isnull=True),
                name="consultation_of_one_organisation_or_body",
            ),
        ]

    def __str__(self):
        return str(self.consultee)

    @property
    def consultee(self):
        """The organisation or body consulted."""
        return self.organisation or self.outside_body

    @property
    def has_responded(self) -> bool:
        return self.responded_on is not None

    def clean(self):
        super().clean()
        if self.responded_on and self.invited_on and self.responded_on < self.invited_on:
            raise ValidationError(
                {"responded_on": _("The response date must be the same as or after the invitation")}
            )


class Meeting(TenantModel):
    """A meeting of the partnership board or one of its groups, with who attended."""

    class Kind(models.TextChoices):
        BOARD = "board", _("Partnership board")
        EXTRAORDINARY = "extraordinary", _("Extraordinary board meeting")
        DELIVERY_GROUP = "delivery_group", _("Delivery group")
        TASK_AND_FINISH = "task_and_finish", _("Task and finish group")

    held_on = models.DateField(_("date"))
    kind = models.CharField(_("type of meeting"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    attendees = models.ManyToManyField(
        Organisation, verbose_name=_("organisations that attended"), blank=True, related_name="+"
    )
    decisions = models.TextField(_("decisions"), blank=True, help_text=_("Markdown"))
    minutes = models.FileField(upload_to=meeting_minutes_path, max_length=300, blank=True)
    minutes_name = models.CharField(max_length=255, blank=True)
    minutes_content_type = models.CharField(max_length=100, blank=True)
    minutes_size = models.PositiveIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Title, decisions and minutes' file name for search, kept by a database trigger (with its
    # GIN index: strategies/migrations/0005_search_vectors.py), on PostgreSQL only.
    search_vector = StoredSearchVector()
    objects = ScopedManager(WithoutSearchVector, partnership="partnership")

    history = HistoricalRecords(m2m_fields=[attendees], excluded_fields=["search_vector"])

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return self.title
