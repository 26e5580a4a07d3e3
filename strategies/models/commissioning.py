"""Commissioning: the services partners commission, and the opportunities to commission more,
each linked to the priorities it answers and to the SNA's provision map."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.models import ProvisionService
from common.tags import tag_colours
from partnerships.models import Organisation, TenantModel

from .strategy import Priority


class Commission(TenantModel):
    """A commissioned service, or an opportunity to commission one, answering priorities."""

    class Kind(models.TextChoices):
        SERVICE = "service", _("Commissioned service")
        OPPORTUNITY = "opportunity", _("Commissioning opportunity")

    # A tag colour for each status, always shown with the status in words.
    @tag_colours(
        PLANNED="blue", OUT_TO_TENDER="yellow", LIVE="green", ENDED="grey", CANCELLED="red"
    )
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OUT_TO_TENDER = "out_to_tender", _("Out to tender")
        LIVE = "live", _("Live")
        ENDED = "ended", _("Ended")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    commissioner = models.ForeignKey(
        Organisation, verbose_name=_("commissioner"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(
        _("value (£)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    priorities = models.ManyToManyField(
        Priority, verbose_name=_("priorities"), blank=True, related_name="commissions"
    )
    provision = models.ManyToManyField(
        ProvisionService,
        verbose_name=_("services on the provision map"),
        blank=True,
        related_name="commissions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("The end date must be the same as or after the start date")}
            )
