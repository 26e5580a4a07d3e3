"""The strategy's actions and their progress.

Each action sits under a priority and is owned by a lead organisation, which keeps it up to
date through a timeline of progress updates (with evidence files kept privately); the latest
update by date sets the action's status. The Act lets a strategy specify an action for a
relevant authority, whose acceptance is recorded.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager
from simple_history.models import HistoricalRecords

from common.bilingual import WelshVersion
from common.search import StoredSearchVector, WithoutSearchVector
from common.tags import tag_colours
from partnerships.models import DutyElement, Membership, Organisation, Sector, TenantModel

from ._common import private_key
from .strategy import Priority, Strategy

# An action nobody has reported on for this long is flagged as stale.
STALE_AFTER = datetime.timedelta(days=90)


def action_evidence_path(instance, filename: str) -> str:
    return private_key(instance, "action-evidence")


# RAG colour for each status: shown with the status in words, never alone.
@tag_colours(
    NOT_STARTED="grey",
    ON_TRACK="green",
    AT_RISK="yellow",
    OFF_TRACK="red",
    COMPLETE="blue",
    CANCELLED="grey",
)
class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    COMPLETE = "complete", _("Complete")
    CANCELLED = "cancelled", _("Cancelled")


FINISHED = {ActionStatus.COMPLETE, ActionStatus.CANCELLED}


class Action(WelshVersion, TenantModel):
    """Something an organisation will do under a priority, and how it is going."""

    WELSH_FIELDS = ("title", "description")

    @tag_colours(PENDING="grey", ACCEPTED="green", DECLINED="red")
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
    # Title, description and lead organisation's name for search, kept by a database trigger
    # (with its GIN index: strategies/migrations/0005_search_vectors.py), on PostgreSQL only.
    search_vector = StoredSearchVector()
    objects = ScopedManager(WithoutSearchVector, partnership="partnership")

    history = HistoricalRecords(
        m2m_fields=[contributing_organisations], excluded_fields=["search_vector"]
    )

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
