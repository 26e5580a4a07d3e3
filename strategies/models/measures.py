"""The strategy's outcome and output measures, and what the partnership makes of them.

A measure has a baseline and a target and, linked to a data-return measure of the SNA, takes its
latest value and trend from accepted data returns; commentary is written once per period.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.models import Measure
from partnerships.models import TenantModel

from .strategy import Priority, Strategy


class StrategyMeasure(TenantModel):
    """An outcome or output measure the strategy tracks, drawn from the SNA's data returns."""

    class Kind(models.TextChoices):
        OUTCOME = "outcome", _("Outcome")
        OUTPUT = "output", _("Output")

    class Direction(models.TextChoices):
        DOWN = "down", _("Lower is better")
        UP = "up", _("Higher is better")

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        ANNUALLY = "annually", _("Annually")

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="measures")
    priority = models.ForeignKey(
        Priority,
        verbose_name=_("priority"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
    )
    kind = models.CharField(_("kind of measure"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    data_measure = models.ForeignKey(
        Measure,
        verbose_name=_("data-return measure"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Where the latest value and trend come from"),
    )
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    baseline_period = models.CharField(_("baseline period"), max_length=20)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    target_period = models.CharField(_("target period"), max_length=20, blank=True)
    direction = models.CharField(_("direction of good"), max_length=10, choices=Direction.choices)
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency.choices)
    restricted = models.BooleanField(
        _("restricted"), default=False, help_text=_("Small numbers or operational detail")
    )
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["strategy", "order", "pk"]

    def __str__(self):
        return self.name

    def is_better(self, value: Decimal, than: Decimal) -> bool:
        return value < than if self.direction == self.Direction.DOWN else value > than


class MeasureCommentary(TenantModel):
    """What the partnership makes of a measure in one period."""

    measure = models.ForeignKey(
        StrategyMeasure, on_delete=models.CASCADE, related_name="commentaries"
    )
    period_label = models.CharField(_("period"), max_length=20)
    commentary = models.TextField(_("commentary"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period_label"],
                name="one_commentary_per_measure_period",
                violation_error_message=_("This measure already has commentary for that period"),
            ),
        ]

    def __str__(self):
        return f"{self.measure}: {self.period_label}"
