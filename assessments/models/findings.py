"""What the SNA found and recommends: findings resting on accepted evidence, and the
recommendations answering them, which the response strategy's priorities later cite."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager
from simple_history.models import HistoricalRecords

from common.search import StoredSearchVector, WithoutSearchVector
from partnerships.models import TenantModel

from .assessment import Assessment
from .data import Measure
from .evidence import Contribution


class Finding(TenantModel):
    """A need the SNA found, resting on accepted evidence."""

    class Kind(models.TextChoices):
        PLACE = "place", _("Hotspot place")
        COHORT = "cohort", _("Cohort")
        RISK_FACTOR = "risk_factor", _("Risk factor")
        PROTECTIVE_FACTOR = "protective_factor", _("Protective factor")
        GAP = "gap", _("Gap in provision")
        TREND = "trend", _("Emerging trend")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), help_text=_("Markdown"))
    contributions = models.ManyToManyField(
        Contribution, verbose_name=_("evidence"), blank=True, related_name="findings"
    )
    measures = models.ManyToManyField(
        Measure, verbose_name=_("measures"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Title and description for search, kept by a database trigger (with its GIN index:
    # assessments/migrations/0008_search_vectors.py), on PostgreSQL only.
    search_vector = StoredSearchVector()
    objects = ScopedManager(WithoutSearchVector, partnership="partnership")

    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["assessment", "kind", "title"]

    def __str__(self):
        return self.title


class Recommendation(TenantModel):
    """What the SNA recommends, answering one or more findings."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="recommendations"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    findings = models.ManyToManyField(
        Finding, verbose_name=_("findings"), related_name="recommendations"
    )
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "order", "pk"]

    def __str__(self):
        return self.title
