"""The SNA itself: one per partnership per period, written in nine modules, each with an owner
and its own progress. Where an SNA may move next is in assessments/lifecycles.py."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager
from simple_history.models import HistoricalRecords

from common.bilingual import WelshVersion
from common.search import StoredSearchVector, WithoutSearchVector
from common.tags import tag_colours
from partnerships.models import Membership, TenantModel

from .periods import validate_period


class Assessment(TenantModel):
    """One partnership's strategic needs assessment for one period."""

    @tag_colours(DRAFT="grey", IN_REVIEW="blue", AGREED="green", PUBLISHED="purple")
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        AGREED = "agreed", _("Agreed")
        PUBLISHED = "published", _("Published")

    period = models.CharField(_("period"), max_length=7, validators=[validate_period])
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    scope = models.TextField(_("scope"), blank=True)
    methodology = models.TextField(_("methodology"), blank=True)
    # The SNA holds sensitive analysis: restricted unless the partnership decides otherwise.
    restricted = models.BooleanField(_("restricted"), default=True)
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    shared_with_home_office_on = models.DateField(
        _("shared with the Home Office on"), null=True, blank=True
    )
    # The version of the local definition the SNA was agreed on; later versions don't rewrite it.
    definition = models.ForeignKey(
        "LocalDefinition",
        verbose_name=_("local definition used"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-period"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "period"],
                name="one_assessment_per_partnership_per_period",
                violation_error_message=_("The partnership already has an SNA for this period"),
            ),
        ]

    def __str__(self):
        return _("SNA %(period)s") % {"period": self.period}


class AssessmentModule(WelshVersion, TenantModel):
    """A chapter of the SNA with its own owner and progress."""

    WELSH_FIELDS = ("body",)

    class Kind(models.TextChoices):
        EXECUTIVE_SUMMARY = "executive_summary", _("Executive summary")
        LOCAL_CONTEXT = "local_context", _("Local context")
        PROBLEM_PROFILE = "problem_profile", _("Problem profile")
        WHO_IS_AT_RISK = "who_is_at_risk", _("Who is at risk")
        PLACES = "places", _("Places")
        RISK_AND_PROTECTIVE_FACTORS = "risk_protective_factors", _("Risk and protective factors")
        PROVISION_AND_GAPS = "provision_and_gaps", _("Provision and gaps")
        VOICE = "voice", _("Community and young people's voice")
        RECOMMENDATIONS = "recommendations", _("Recommendations")

    @tag_colours(NOT_STARTED="grey", IN_PROGRESS="light-blue", READY="blue", AGREED="green")
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        READY = "ready", _("Ready for review")
        AGREED = "agreed", _("Agreed")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="modules")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    order = models.PositiveSmallIntegerField()
    owner = models.ForeignKey(
        Membership,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown"))
    # The module's text as search reads it, kept by a trigger with a GIN index (see
    # assessments/migrations/0011_module_search_vector.py), on PostgreSQL only.
    search_vector = StoredSearchVector()
    objects = ScopedManager(WithoutSearchVector, partnership="partnership")

    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["assessment", "order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "kind"], name="one_module_of_each_kind"),
        ]

    def __str__(self):
        return self.get_kind_display()
