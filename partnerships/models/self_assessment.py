"""An organisation's self-assessment against the guidance's reflective questions, one a year."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .catalogue import Level
from .tenancy import Organisation, TenantModel


class SelfAssessment(TenantModel):
    """One organisation's answers to the Part 1 self-assessment questions for one financial
    year, and the level it places itself at. Earlier years stay as they were written."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="self_assessments",
    )
    # A financial year as periods are written elsewhere: "2026/27" (common/periods.py).
    year = models.CharField(_("financial year"), max_length=7)
    # Answers keyed by question number (ReflectiveQuestion, purpose "self_assessment").
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    level = models.CharField(_("level"), max_length=30, choices=Level.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="one_self_assessment_per_organisation_year"
            ),
        ]

    def __str__(self):
        return f"{self.organisation}: {self.year}"
