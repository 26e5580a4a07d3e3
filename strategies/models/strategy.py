"""The strategy itself, its published versions and its priorities.

A strategy rests on an agreed SNA and covers one or more financial years; its priorities cite
the SNA's findings and recommendations. Publishing freezes the text and plan as a version, and
the Duty's yearly review is counted from the last review or publication.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager
from simple_history.models import HistoricalRecords

from assessments.lifecycles import AGREED_SNA
from assessments.models import Assessment, Finding, Recommendation, validate_period
from common.bilingual import WelshVersion
from common.search import StoredSearchVector, WithoutSearchVector
from common.tags import tag_colours
from partnerships.models import TenantModel

# A strategy rests on an SNA the partnership has agreed (and perhaps since published).
# What a strategy may rest on (assessments.lifecycles says what an agreed SNA is).
AGREED_SNA_STATUSES = AGREED_SNA
# The Duty asks for a review at least once a year.
REVIEW_INTERVAL = relativedelta(months=12)


def next_review_due(since: datetime.date) -> datetime.date:
    return since + REVIEW_INTERVAL


class Strategy(WelshVersion, TenantModel):
    """One partnership's response strategy for a period of one or more financial years."""

    WELSH_FIELDS = ("title", "foreword", "summary", "governance", "engagement", "resources")

    # The words always show with the tag; the colour only helps.
    @tag_colours(
        DRAFT="grey",
        CONSULTATION="light-blue",
        AGREED="green",
        PUBLISHED="purple",
        UNDER_REVIEW="yellow",
        SUPERSEDED="grey",
    )
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONSULTATION = "consultation", _("In consultation")
        AGREED = "agreed", _("Agreed")
        PUBLISHED = "published", _("Published")
        UNDER_REVIEW = "under_review", _("Under review")
        SUPERSEDED = "superseded", _("Superseded")

    title = models.CharField(_("title"), max_length=200)
    start_period = models.CharField(
        _("first year"),
        max_length=7,
        validators=[validate_period],
        help_text=_("For example, 2026/27"),
    )
    end_period = models.CharField(
        _("last year"),
        max_length=7,
        validators=[validate_period],
        help_text=_("For example, 2028/29"),
    )
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("strategic needs assessment"),
        on_delete=models.PROTECT,
        related_name="strategies",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # The version being worked on; published versions are frozen in StrategyVersion.
    version = models.PositiveSmallIntegerField(default=1)
    foreword = models.TextField(_("foreword"), blank=True, help_text=_("Markdown"))
    summary = models.TextField(_("executive summary"), blank=True, help_text=_("Markdown"))
    governance = models.TextField(
        _("partnership arrangements and governance"), blank=True, help_text=_("Markdown")
    )
    engagement = models.TextField(
        _("engagement with the voluntary sector, young people and communities"),
        blank=True,
        help_text=_("Markdown"),
    )
    resources = models.TextField(_("resources and funding"), blank=True, help_text=_("Markdown"))
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Title, summary and foreword for search, kept by a database trigger (with its GIN index:
    # strategies/migrations/0005_search_vectors.py), on PostgreSQL only.
    search_vector = StoredSearchVector()
    objects = ScopedManager(WithoutSearchVector, partnership="partnership")

    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["-start_period"]
        verbose_name_plural = "strategies"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "start_period"],
                name="one_strategy_per_partnership_per_period",
                violation_error_message=_("The partnership already has a strategy for this period"),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.start_period and self.end_period and self.end_period < self.start_period:
            raise ValidationError(
                {"end_period": _("The last year must be the same as or after the first year")}
            )
        if self.assessment_id and self.assessment.partnership_id != self.partnership_id:
            raise ValidationError({"assessment": _("Choose an SNA of this partnership")})

    @property
    def period(self) -> str:
        if self.start_period == self.end_period:
            return self.start_period
        return f"{self.start_period} to {self.end_period}"

    @property
    def is_editable(self) -> bool:
        """Its text and plan change only while being drafted, consulted on or revised."""
        return self.status in {
            self.Status.DRAFT,
            self.Status.CONSULTATION,
            self.Status.UNDER_REVIEW,
        }

    @property
    def is_live(self) -> bool:
        """Published (or being revised after publication): its actions are being delivered,
        and it is reviewed every year."""
        return self.status in LIVE_STATUSES

    @property
    def is_open_for_sign_off(self) -> bool:
        """Decisions are recorded while it is being agreed; once published (or replaced by a
        later strategy) a version's sign-off is settled."""
        return self.status not in {self.Status.PUBLISHED, self.Status.SUPERSEDED}

    @property
    def is_reporting(self) -> bool:
        """Progress is reported on a strategy being delivered: agreed, published or revised."""
        return self.status in {self.Status.AGREED, *LIVE_STATUSES}

    def review_due_from(self) -> datetime.date | None:
        """The latest the next review may happen: a year after the last review or publication."""
        since = self.last_reviewed_on or self.published_on
        return next_review_due(since) if since else None

    def review_due_on(self) -> datetime.date | None:
        """When the next review is due: the date set when it was last reviewed or published,
        and never later than a year after that."""
        dates = [d for d in (self.next_review_due, self.review_due_from()) if d]
        return min(dates) if dates else None


# Published, or being revised after publication: the strategy whose actions are being delivered
# and which the Duty asks to be reviewed every year.
LIVE_STATUSES = (Strategy.Status.PUBLISHED, Strategy.Status.UNDER_REVIEW)


class StrategyVersion(TenantModel):
    """A published version, frozen: the text and plan exactly as they were published."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    published_on = models.DateField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The whole strategy as published (text, priorities, actions, measures), so later edits to
    # the live rows never change what was published.
    snapshot = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    # The snapshot's title, summary and foreword for search, kept by a database trigger (with its
    # GIN index: strategies/migrations/0005_search_vectors.py), on PostgreSQL only.
    search_vector = StoredSearchVector()
    objects = ScopedManager(WithoutSearchVector, partnership="partnership")

    class Meta:
        ordering = ["strategy", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="one_row_per_version"),
        ]

    def __str__(self):
        return _("Version %(number)s") % {"number": self.number}


class Priority(WelshVersion, TenantModel):
    """A priority of the strategy, resting on the SNA's findings and recommendations."""

    WELSH_FIELDS = ("title", "rationale", "problem", "activities", "outputs", "outcomes", "impact")

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(_("title"), max_length=200)
    rationale = models.TextField(_("rationale"), help_text=_("Markdown"))
    findings = models.ManyToManyField(
        Finding, verbose_name=_("SNA findings"), blank=True, related_name="priorities"
    )
    recommendations = models.ManyToManyField(
        Recommendation,
        verbose_name=_("SNA recommendations"),
        blank=True,
        related_name="priorities",
    )
    order = models.PositiveSmallIntegerField(default=0)
    # Theory of change, optional: problem → activities → outputs → outcomes → impact.
    problem = models.TextField(_("problem"), blank=True)
    activities = models.TextField(_("activities"), blank=True)
    outputs = models.TextField(_("outputs"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    impact = models.TextField(_("impact"), blank=True)
    # Left out of the public version of the strategy (operational detail).
    restricted = models.BooleanField(_("restricted"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["strategy", "order", "pk"]
        verbose_name_plural = "priorities"

    def __str__(self):
        return self.title

    @property
    def has_theory_of_change(self) -> bool:
        return any([self.problem, self.activities, self.outputs, self.outcomes, self.impact])


# --- Actions --------------------------------------------------------------------------------------
