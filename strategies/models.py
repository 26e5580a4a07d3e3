"""The response strategy: what the partnership will do about the needs its SNA found.

A strategy rests on an agreed SNA; its priorities cite the SNA's findings and recommendations;
its actions are owned by organisations who keep their progress up to date; its measures draw on
the SNA's data returns. Member bodies sign it off through their own governance, relevant
authorities are consulted, and it is reviewed at least once a year. Publishing freezes a version
exactly as published. Every row belongs to one partnership and refuses unscoped queries.
"""

import datetime
import uuid
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.models import (
    Assessment,
    Finding,
    Measure,
    ProvisionService,
    Recommendation,
    TenantModel,
    validate_period,
)
from partnerships.models import DutyElement, Membership, Organisation, Sector

# The Duty asks for a review at least once a year.
REVIEW_INTERVAL = relativedelta(months=12)
# An action nobody has reported on for this long is flagged as stale.
STALE_AFTER = datetime.timedelta(days=90)
# Relevant authorities the Act says must be consulted on the strategy (education, prisons and
# youth custody), by catalogue sector.
CONSULTEE_SECTORS = ("education", "prisons-and-secure-estate")


def next_review_due(since: datetime.date) -> datetime.date:
    return since + REVIEW_INTERVAL


def _private_key(instance, kind: str) -> str:
    # Never the uploaded name on disk: a random key under the partnership, served by a view.
    return f"partnerships/{instance.partnership_id}/{kind}/{uuid.uuid4().hex}"


def action_evidence_path(instance, filename: str) -> str:
    return _private_key(instance, "action-evidence")


def meeting_minutes_path(instance, filename: str) -> str:
    return _private_key(instance, "minutes")


# --- The strategy ---------------------------------------------------------------------------------


class Strategy(TenantModel):
    """One partnership's response strategy for a period of one or more financial years."""

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

    history = HistoricalRecords()

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
        """Published (or being revised after publication): its actions are being delivered."""
        return self.status in {self.Status.PUBLISHED, self.Status.UNDER_REVIEW}

    def review_due_from(self) -> datetime.date | None:
        """The latest the next review may happen: a year after the last review or publication."""
        since = self.last_reviewed_on or self.published_on
        return next_review_due(since) if since else None


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

    class Meta:
        ordering = ["strategy", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="one_row_per_version"),
        ]

    def __str__(self):
        return _("Version %(number)s") % {"number": self.number}


class Priority(TenantModel):
    """A priority of the strategy, resting on the SNA's findings and recommendations."""

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


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    COMPLETE = "complete", _("Complete")
    CANCELLED = "cancelled", _("Cancelled")


# RAG colour for each status, as a GOV.UK tag modifier: shown with the status text, never alone.
RAG_TAG = {
    ActionStatus.NOT_STARTED: "govuk-tag--grey",
    ActionStatus.ON_TRACK: "govuk-tag--green",
    ActionStatus.AT_RISK: "govuk-tag--yellow",
    ActionStatus.OFF_TRACK: "govuk-tag--red",
    ActionStatus.COMPLETE: "govuk-tag--blue",
    ActionStatus.CANCELLED: "govuk-tag--grey",
}
FINISHED = {ActionStatus.COMPLETE, ActionStatus.CANCELLED}


class Action(TenantModel):
    """Something an organisation will do under a priority, and how it is going."""

    class Response(models.TextChoices):
        PENDING = "pending", _("Awaiting their response")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    Status = ActionStatus

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="actions")
    priority = models.ForeignKey(
        Priority, verbose_name=_("priority"), on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown"))
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead_person = models.ForeignKey(
        Membership,
        verbose_name=_("lead person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    contributing_organisations = models.ManyToManyField(
        Organisation, verbose_name=_("contributing organisations"), blank=True, related_name="+"
    )
    element = models.ForeignKey(
        DutyElement, verbose_name=_("Duty element"), on_delete=models.PROTECT, related_name="+"
    )
    start_on = models.DateField(_("start date"), null=True, blank=True)
    due_on = models.DateField(_("due date"))
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    # The Act lets a strategy give actions to a relevant authority (education, prison or youth
    # custody), which must then co-operate; their acceptance is recorded.
    relevant_authority = models.ForeignKey(
        Organisation,
        verbose_name=_("specified for a relevant authority"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    relevant_authority_response = models.CharField(
        _("relevant authority's response"),
        max_length=20,
        choices=Response.choices,
        blank=True,
    )
    relevant_authority_responded_on = models.DateField(null=True, blank=True)
    measures = models.ManyToManyField(
        "StrategyMeasure", verbose_name=_("measures"), blank=True, related_name="actions"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    restricted = models.BooleanField(_("restricted"), default=False)
    order = models.PositiveSmallIntegerField(default=0)
    last_update_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(m2m_fields=[contributing_organisations])

    class Meta:
        ordering = ["strategy", "priority__order", "order", "pk"]
        indexes = [models.Index(fields=["partnership", "status"])]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.start_on and self.due_on and self.due_on < self.start_on:
            errors["due_on"] = _("The due date must be the same as or after the start date")
        if self.priority_id and self.strategy_id and self.priority.strategy_id != self.strategy_id:
            errors["priority"] = _("Choose a priority of this strategy")
        if self.relevant_authority_id:
            sector = self.relevant_authority.sector
            if sector.authority_type != Sector.AuthorityType.RELEVANT:
                errors["relevant_authority"] = _(
                    "Choose a relevant authority: an education, prison or youth custody body"
                )
        elif self.relevant_authority_response:
            errors["relevant_authority_response"] = _(
                "Only an action specified for a relevant authority has their response"
            )
        for field in ("lead_organisation", "relevant_authority"):
            organisation = getattr(self, field) if getattr(self, f"{field}_id") else None
            if organisation is not None and organisation.partnership_id != self.partnership_id:
                errors[field] = _("Choose an organisation in this partnership")
        if errors:
            raise ValidationError(errors)

    @property
    def rag_tag(self) -> str:
        return RAG_TAG[self.status]

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return not self.is_finished and self.due_on < (today or timezone.localdate())

    def is_stale(self, today: datetime.date | None = None) -> bool:
        """Still open with no progress update for 90 days (counting from its creation)."""
        if self.is_finished:
            return False
        since = self.last_update_on or self.created_at.date()
        return (today or timezone.localdate()) - since > STALE_AFTER


class ActionUpdate(TenantModel):
    """A progress update by the owning organisation: together they form the action's timeline."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_on = models.DateField(_("date of the update"))
    note = models.TextField(_("what has happened"), help_text=_("Markdown"))
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MaxValueValidator(100)]
    )
    evidence = models.FileField(upload_to=action_evidence_path, max_length=300, blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    evidence_content_type = models.CharField(max_length=100, blank=True)
    evidence_size = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_on", "-created_at"]

    def __str__(self):
        return self.note[:80]

    @property
    def rag_tag(self) -> str:
        return RAG_TAG[self.status]


# --- Measures -------------------------------------------------------------------------------------


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


# --- Governance -----------------------------------------------------------------------------------


class SignOff(TenantModel):
    """A member organisation's own governance decision on a version of the strategy, or the
    lead's record of why it has not signed off."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        APPROVED_WITH_CHANGES = "approved_with_changes", _("Approved with changes")
        NOT_APPROVED = "not_approved", _("Not approved")
        NOT_SIGNED = "not_signed", _("Not signed off (reason recorded by the lead)")

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="sign_offs")
    version = models.PositiveSmallIntegerField()
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=30, choices=Decision.choices)
    body = models.CharField(
        _("governance body"), max_length=200, blank=True, help_text=_("For example, Cabinet")
    )
    decided_on = models.DateField(_("date of the decision"), null=True, blank=True)
    minute_reference = models.CharField(_("minute reference"), max_length=100, blank=True)
    reason = models.TextField(_("why it has not signed off"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["strategy", "-version", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "version", "organisation"],
                name="one_sign_off_per_organisation_per_version",
                violation_error_message=_(
                    "This organisation's decision on this version is already recorded"
                ),
            ),
        ]

    def __str__(self):
        return f"{self.organisation}: {self.get_decision_display()}"

    @property
    def counts_as_signed(self) -> bool:
        """Whether it satisfies the rule for agreeing the strategy."""
        return self.decision in {
            self.Decision.APPROVED,
            self.Decision.APPROVED_WITH_CHANGES,
            self.Decision.NOT_SIGNED,
        }

    def clean(self):
        super().clean()
        if self.decision == self.Decision.NOT_SIGNED:
            if not self.reason.strip():
                raise ValidationError({"reason": _("Say why the organisation has not signed off")})
        else:
            errors = {}
            if not self.body.strip():
                errors["body"] = _("Enter the governance body that made the decision")
            if not self.decided_on:
                errors["decided_on"] = _("Enter the date of the decision")
            if errors:
                raise ValidationError(errors)


class Consultation(TenantModel):
    """The Act's duty to consult education, prison and youth custody authorities."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="consultations")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    invited_on = models.DateField(_("invited on"))
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    response = models.TextField(_("their response"), blank=True)
    taken_into_account = models.TextField(_("how it was taken into account"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["strategy", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "organisation"],
                name="one_consultation_per_organisation",
                violation_error_message=_("This organisation's consultation is already recorded"),
            ),
        ]

    def __str__(self):
        return str(self.organisation)

    @property
    def has_responded(self) -> bool:
        return self.responded_on is not None

    def clean(self):
        super().clean()
        if self.responded_on and self.invited_on and self.responded_on < self.invited_on:
            raise ValidationError(
                {"responded_on": _("The response date must be the same as or after the invitation")}
            )


class Meeting(TenantModel):
    """A meeting of the partnership board or one of its groups, with who attended."""

    class Kind(models.TextChoices):
        BOARD = "board", _("Partnership board")
        EXTRAORDINARY = "extraordinary", _("Extraordinary board meeting")
        DELIVERY_GROUP = "delivery_group", _("Delivery group")
        TASK_AND_FINISH = "task_and_finish", _("Task and finish group")

    held_on = models.DateField(_("date"))
    kind = models.CharField(_("type of meeting"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    attendees = models.ManyToManyField(
        Organisation, verbose_name=_("organisations that attended"), blank=True, related_name="+"
    )
    decisions = models.TextField(_("decisions"), blank=True, help_text=_("Markdown"))
    minutes = models.FileField(upload_to=meeting_minutes_path, max_length=300, blank=True)
    minutes_name = models.CharField(max_length=255, blank=True)
    minutes_content_type = models.CharField(max_length=100, blank=True)
    minutes_size = models.PositiveIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return self.title


# --- Commissioning --------------------------------------------------------------------------------


class Commission(TenantModel):
    """A commissioned service, or an opportunity to commission one, answering priorities."""

    class Kind(models.TextChoices):
        SERVICE = "service", _("Commissioned service")
        OPPORTUNITY = "opportunity", _("Commissioning opportunity")

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


# --- The annual review ----------------------------------------------------------------------------


class Review(TenantModel):
    """The partnership's review of its strategy: what works, what doesn't, what changes."""

    class Decision(models.TextChoices):
        NO_CHANGE = "no_change", _("No change")
        REVISE = "revise", _("Revise the strategy")
        REFRESH_SNA = "refresh_sna", _("Refresh the SNA")

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


# --- Document exports -----------------------------------------------------------------------------


def export_file_key(job: "ExportJob") -> str:
    """One fixed key per job, so a re-run overwrites its file instead of leaving a second one."""
    return f"partnerships/{job.partnership_id}/exports/{job.pk}.pdf"


def _export_upload_to(instance, filename: str) -> str:
    # Files are written at export_file_key() by strategies.exports; this is only Django's fallback.
    return export_file_key(instance)


class ExportJob(TenantModel):
    """One request to render the SNA or the strategy as a PDF, rendered by the documents worker."""

    class Kind(models.TextChoices):
        SNA = "sna", _("Strategic needs assessment")
        STRATEGY = "strategy", _("Response strategy")

    class Variant(models.TextChoices):
        FULL = "full", _("Full")
        PUBLIC = "public", _("Public")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RENDERING = "rendering", _("Rendering")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, null=True, blank=True, related_name="exports"
    )
    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, null=True, blank=True, related_name="exports"
    )
    # What was rendered: the published StrategyVersion number (or the version being drafted),
    # or the SNA's revision (how many times it has been saved).
    source_version = models.PositiveIntegerField()
    variant = models.CharField(max_length=20, choices=Variant.choices, default=Variant.FULL)
    draft = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The Celery node rendering the current attempt, so that node, started again after dying,
    # knows the job was left half done.
    rendered_by = models.CharField(max_length=200, blank=True)
    # Shown to the person who asked, in plain words: never a traceback.
    error = models.TextField(blank=True)
    file = models.FileField(upload_to=_export_upload_to, max_length=200, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status", "started_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="sna", assessment__isnull=False, strategy__isnull=True)
                    | models.Q(kind="strategy", assessment__isnull=True, strategy__isnull=False)
                ),
                name="export_has_exactly_one_source_of_its_kind",
                violation_error_message=_("An export is of one SNA or one strategy"),
            ),
        ]

    def __str__(self):
        return _("%(kind)s export %(pk)s") % {"kind": self.get_kind_display(), "pk": self.pk}

    def clean(self):
        super().clean()
        source = self.assessment if self.kind == self.Kind.SNA else self.strategy
        other = self.strategy_id if self.kind == self.Kind.SNA else self.assessment_id
        if source is None or other is not None:
            raise ValidationError(_("An export is of one SNA or one strategy"))
        if source.partnership_id != self.partnership_id:
            raise ValidationError(_("Choose a document of this partnership"))

    @property
    def source(self):
        """The SNA or strategy rendered."""
        return self.assessment if self.kind == self.Kind.SNA else self.strategy

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.READY, self.Status.FAILED}
