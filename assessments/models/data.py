"""Aggregate data: the measures partners return figures for (reference data every partnership
shares) and the figures themselves, each a measure for one period and area, held by the data
return (a contribution) they came in."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerships.models import Sector, TenantModel


class Measure(models.Model):
    """A named aggregate measure partners return figures for (reference data, shared)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=60)
    sector = models.ForeignKey(
        Sector, verbose_name=_("owning sector"), on_delete=models.PROTECT, related_name="+"
    )
    definition = models.TextField()
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


area_name = RegexValidator(r"^[^\x00-\x1f]{1,120}$")


class DataPoint(TenantModel):
    """One aggregate figure from a data return: a measure, for a period and area."""

    # Many at a time, and nothing derived from the partnership's records reads them
    # (partnerships/changes.py).
    quiet_changes = True

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other or not known")

    contribution = models.ForeignKey(
        "Contribution", on_delete=models.CASCADE, related_name="data_points"
    )
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_label = models.CharField(max_length=20)
    area = models.CharField(max_length=120, validators=[area_name])
    value = models.DecimalField(max_digits=14, decimal_places=2)
    age_band = models.CharField(max_length=20, blank=True)
    sex = models.CharField(max_length=10, choices=Sex.choices, blank=True)

    class Meta:
        ordering = ["measure", "period_start", "area"]
        # The data pages total a partnership's figures by measure and period.
        indexes = [
            models.Index(
                fields=["partnership", "measure", "period_start"], name="datapoint_by_measure"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "measure", "period_start", "area", "age_band", "sex"],
                name="one_figure_per_breakdown",
            ),
        ]

    def __str__(self):
        return f"{self.measure_id} {self.period_label} {self.area}: {self.value}"


class MeasureTotal(TenantModel):
    """A partnership's accepted figures for one measure, period and area, added up: what the
    data pages read instead of re-totalling every figure per request. The services that accept
    figures or take them back keep it (assessments/services/totals.py)."""

    # Many at a time, and nothing derived from the partnership's records reads them
    # (partnerships/changes.py).
    quiet_changes = True

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_label = models.CharField(max_length=20)
    area = models.CharField(max_length=120)
    # Room for many figures of up to 14 digits each.
    total = models.DecimalField(max_digits=24, decimal_places=2)

    class Meta:
        constraints = [
            # Partnership first: the data pages read one partnership's totals, by measure.
            models.UniqueConstraint(
                fields=["partnership", "measure", "period_start", "period_label", "area"],
                name="one_total_per_measure_period_area",
            ),
        ]

    def __str__(self):
        return f"{self.measure_id} {self.period_label} {self.area}: {self.total}"
