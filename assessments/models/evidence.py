"""The evidence the SNA is built on: calls asking for it, the contributions organisations give
(each reviewed, and revised once accepted), the reviewers' comments, and the files attached.
The moves a contribution and a call make are in assessments/lifecycles.py."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager
from simple_history.models import HistoricalRecords

from common.search import StoredSearchVector, WithoutSearchVector
from common.tags import tag_colours
from partnerships.models import DutyElement, Level, Organisation, TenantModel

from .data import Measure
from .periods import validate_period


class Call(TenantModel):
    """A request for contributions (a DHIS2-style data call) with a due date."""

    # An open call shows no tag; a closed one says so in grey.
    @tag_colours(OPEN="blue", CLOSED="grey")
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Audience(models.TextChoices):
        ORGANISATIONS = "organisations", _("Chosen organisations")
        DUTY_ROLE = "duty_role", _("Everyone holding a Duty role")

    title = models.CharField(_("title"), max_length=200)
    questions = models.TextField(_("what we are asking for"), help_text=_("Markdown"))
    elements = models.ManyToManyField(
        DutyElement, verbose_name=_("Duty elements"), related_name="+"
    )
    measures = models.ManyToManyField(
        Measure, verbose_name=_("measures"), blank=True, related_name="calls"
    )
    period = models.CharField(_("period"), max_length=7, validators=[validate_period])
    due_on = models.DateField(_("due date"))
    audience = models.CharField(max_length=20, choices=Audience.choices)
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations"), blank=True, related_name="+"
    )
    duty_role = models.CharField(_("Duty role"), max_length=20, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(m2m_fields=[organisations])

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self):
        return self.title


class CallReminder(TenantModel):
    """A reminder already sent, so each threshold is emailed once, whatever restarts."""

    # Many at a time, and nothing derived from the partnership's records reads them
    # (partnerships/changes.py).
    quiet_changes = True

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reminders")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    threshold = models.CharField(max_length=20)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organisation", "threshold"], name="one_reminder_per_threshold"
            ),
        ]

    def __str__(self):
        return f"{self.call}: {self.threshold}"


class Contribution(TenantModel):
    """Evidence an organisation gives the partnership for one Duty element."""

    class Kind(models.TextChoices):
        DATA_RETURN = "data_return", _("Data return")
        INSIGHT = "insight", _("Qualitative insight")
        ANALYSIS = "analysis", _("Existing analysis or product")
        PROVISION = "provision", _("Provision mapping")
        CASE_STUDY = "case_study", _("Case study")
        COMMUNITY_VOICE = "community_voice", _("Community voice")
        OTHER = "other", _("Other")

    @tag_colours(DRAFT="grey", SUBMITTED="blue", RETURNED="orange", ACCEPTED="green")
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    element = models.ForeignKey(
        DutyElement, verbose_name=_("Duty element"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("level"), max_length=30, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("details"), blank=True, help_text=_("Markdown"))
    period = models.CharField(_("period"), max_length=7, validators=[validate_period])
    call = models.ForeignKey(
        Call,
        verbose_name=_("answering the call"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Each edit after acceptance starts a new revision that needs review again.
    revision = models.PositiveSmallIntegerField(default=1)
    accepted_revision = models.PositiveSmallIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The agreements in force for its organisation and measures when a data return's figures
    # were uploaded, so "under which agreement was this shared?" keeps its answer after they end.
    agreements = models.ManyToManyField(
        "SharingAgreement", verbose_name=_("shared under"), blank=True, related_name="+"
    )
    # Title, details and organisation name for search, kept by a database trigger (with its GIN
    # index: assessments/migrations/0008_search_vectors.py), on PostgreSQL only.
    search_vector = StoredSearchVector()
    objects = ScopedManager(WithoutSearchVector, partnership="partnership")

    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # What waits for review, longest waiting first (a lead's dashboard, the to-do
            # count on every page), read in order rather than sorted whole; and any status.
            models.Index(
                fields=["partnership", "status", "submitted_at", "id"],
                name="contribution_by_status",
            ),
            # The list, newest first: read in order a page at a time, not sorted whole.
            models.Index(fields=["partnership", "-created_at", "-id"], name="contribution_newest"),
        ]

    def __str__(self):
        return self.title

    @property
    def changed_since_accepted(self) -> bool:
        return self.accepted_revision is not None and self.revision > self.accepted_revision

    @property
    def is_editable(self) -> bool:
        """Only drafts and returned items change in place; accepted ones get a new revision."""
        return self.status in {self.Status.DRAFT, self.Status.RETURNED}


class ReviewComment(TenantModel):
    """What a reviewer (or the contributor replying) said about a contribution."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("comment"))
    revision = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return self.body[:80]


def attachment_path(instance, filename: str) -> str:
    # Never the uploaded name on disk: a random key under the partnership, served by a view.
    return f"partnerships/{instance.partnership_id}/attachments/{uuid.uuid4().hex}"


class Attachment(TenantModel):
    """A file given with a contribution, stored privately."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name
