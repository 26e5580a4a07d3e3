"""Consultation on the draft strategy done in the portal: the lead opens it until a closing
date; each member organisation, or body outside the partnership, drafts comments section by
section and submits one response; the lead answers each comment, saying whether and how the
draft changed. Submitting also keeps the s.8(4) consultation record (governance.Consultation).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.models import OutsideBody
from partnerships.models import Organisation, TenantModel

from .strategy import Strategy

# Long enough for a considered response, short enough to read and to print.
COMMENT_MAX_LENGTH = 5000


class ConsultationPeriod(TenantModel):
    """The lead's opening of a draft strategy to comment in the portal, until a closing date."""

    strategy = models.OneToOneField(
        Strategy, on_delete=models.CASCADE, related_name="consultation_period"
    )
    opened_on = models.DateField(_("opened on"))
    closes_on = models.DateField(_("closing date"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        indexes = [
            models.Index(fields=["partnership", "closes_on"], name="consultation_period_closing")
        ]

    def __str__(self):
        return _("Consultation on %(strategy)s until %(date)s") % {
            "strategy": self.strategy,
            "date": self.closes_on,
        }

    def is_open_on(self, today) -> bool:
        return self.opened_on <= today <= self.closes_on


class ConsultationResponse(TenantModel):
    """One member organisation's, or one outside body's, response to the draft strategy: its
    comments stay a draft of theirs until it is submitted."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="consultation_responses"
    )
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
        related_name="consultation_responses",
    )
    overall = models.TextField(_("overall remarks"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["strategy", "submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "organisation"],
                name="one_consultation_response_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["strategy", "outside_body"],
                name="one_consultation_response_per_outside_body",
            ),
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=True, outside_body__isnull=False)
                | models.Q(organisation__isnull=False, outside_body__isnull=True),
                name="consultation_response_of_one_organisation_or_body",
            ),
        ]
        indexes = [
            models.Index(
                fields=["partnership", "strategy", "submitted_at"],
                name="consultation_response_list",
            )
        ]

    def __str__(self):
        return str(self.respondent)

    @property
    def respondent(self):
        """The organisation or body the response speaks for."""
        return self.organisation or self.outside_body

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class ConsultationComment(TenantModel):
    """A comment on one section of the draft strategy, and the lead's answer to it."""

    class Changed(models.TextChoices):
        CHANGED = "changed", _("Changed the draft")
        NO_CHANGE = "no_change", _("No change")

    response = models.ForeignKey(
        ConsultationResponse, on_delete=models.CASCADE, related_name="comments"
    )
    # A section of the strategy ("foreword", "priority-12"); the title as it was when the
    # comment was made, so a priority renamed or removed later still reads right.
    section_key = models.CharField(max_length=60)
    section_title = models.CharField(_("section"), max_length=300)
    text = models.TextField(_("comment"))
    answer = models.TextField(_("answer"), blank=True)
    changed = models.CharField(
        _("whether the draft changed"), max_length=20, choices=Changed.choices, blank=True
    )
    what_changed = models.TextField(_("what changed"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["response", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "section_key"], name="one_consultation_comment_per_section"
            ),
        ]
        indexes = [
            models.Index(fields=["partnership", "response"], name="consultation_comment_list")
        ]

    def __str__(self):
        return self.section_title

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
