"""The provision map: the services in the area, described with Open Referral UK's fields plus
the Duty's own, whose gaps link to the SNA's findings."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.models import Organisation, TenantModel

from .findings import Finding


class ProvisionService(TenantModel):
    """A service in the area, described with Open Referral UK's fields plus the Duty's own.

    Partners add what their organisations run or know of; the lead curates the map, and gaps in
    it link to the SNA's findings.
    """

    class Tier(models.TextChoices):
        PRIMARY = "primary", _("Primary prevention (everyone)")
        SECONDARY = "secondary", _("Secondary prevention (people at risk)")
        TERTIARY = "tertiary", _("Tertiary prevention (people already involved)")

    class Evidence(models.TextChoices):
        NOT_EVALUATED = "not_evaluated", _("Not evaluated")
        UNDER_WAY = "under_way", _("Evaluation under way")
        PROMISING = "promising", _("Evaluated: promising")
        EFFECTIVE = "effective", _("Evaluated: effective")

    # Open Referral UK: organisation, service, location, eligibility, funding.
    provider = models.CharField(_("organisation running it"), max_length=200)
    name = models.CharField(_("service name"), max_length=200)
    description = models.TextField(_("description"))
    area = models.CharField(_("location or area"), max_length=200)
    eligibility = models.TextField(_("eligibility"), blank=True)
    cohort = models.CharField(_("cohort"), max_length=200, blank=True)
    age_min = models.PositiveSmallIntegerField(_("youngest age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("oldest age"), null=True, blank=True)
    referral_route = models.TextField(_("how to refer"), blank=True)
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    funding_ends_on = models.DateField(_("funding ends"), null=True, blank=True)
    commissioned_by = models.CharField(_("commissioned by"), max_length=200, blank=True)
    # The Duty's own fields.
    tier = models.CharField(_("prevention tier"), max_length=20, choices=Tier.choices)
    risk_factors = models.TextField(_("risk factors addressed"), blank=True)
    evidence = models.CharField(
        _("evidence and evaluation"),
        max_length=20,
        choices=Evidence.choices,
        default=Evidence.NOT_EVALUATED,
    )
    findings = models.ManyToManyField(
        Finding, verbose_name=_("gaps and findings"), blank=True, related_name="provision"
    )
    added_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", blank=True
    )
    curated = models.BooleanField(_("checked by the lead"), default=False)
    # The lead publishes an entry in the partnership's Open Referral UK feed (api/oruk.py);
    # anything else reaches only members and the partnership's own tokens.
    public_in_feed = models.BooleanField(_("in the public feed"), default=False)
    # The entry's id in that feed: Open Referral UK asks for a UUID that never changes.
    feed_id = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValidationError(
                {"age_max": _("The oldest age must be the same as or more than the youngest")}
            )
