"""The annual review of a published strategy, and the reminders that it is falling due.

A review records what is working and what is not; completing it with a decision sets when the
next one is due, at most a year later, and the reminders start again for that date.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.tags import tag_colours
from partnerships.models import Organisation, TenantModel

from .strategy import Strategy


class Review(TenantModel):
    """The partnership's review of its strategy: what works, what doesn't, what changes."""

    class Decision(models.TextChoices):
        NO_CHANGE = "no_change", _("No change")
        REVISE = "revise", _("Revise the strategy")
        REFRESH_SNA = "refresh_sna", _("Refresh the SNA")

    # Where it has got to, for its tag: a review is complete once its decision is recorded.
    @tag_colours(IN_PROGRESS="blue", COMPLETE="green")
    class Stage(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETE = "complete", _("Complete")

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("date of the review"))
    participants = models.ManyToManyField(
        Organisation, verbose_name=_("organisations that took part"), blank=True, related_name="+"
    )
    working = models.TextField(_("what is working"), blank=True)
    not_working = models.TextField(_("what is not working"), blank=True)
    evaluation_evidence = models.TextField(_("evaluation evidence"), blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    changes_agreed = models.TextField(_("changes agreed"), blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(m2m_fields=[participants])

    class Meta:
        ordering = ["strategy", "-reviewed_on", "-pk"]

    def __str__(self):
        return _("Review of %(date)s") % {"date": date_format(self.reviewed_on, "j F Y")}

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    @property
    def stage(self) -> "Review.Stage":
        return self.Stage.COMPLETE if self.is_complete else self.Stage.IN_PROGRESS


class ReviewReminder(TenantModel):
    """A review reminder already sent, so each threshold is emailed once for each due date,
    whatever restarts."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="reminders")
    due_on = models.DateField()
    threshold = models.CharField(max_length=20)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "due_on", "threshold"], name="one_review_reminder_per_threshold"
            ),
        ]

    def __str__(self):
        return f"{self.strategy}: {self.threshold} ({self.due_on})"
