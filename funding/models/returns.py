"""Home Office returns as data an administrator defines, not code (issue 18).

A return template is a versioned list of questions; once published it is frozen, so a return
always shows the questions it was answered against, and a change makes a new version. The
convener starts a return for a grant from a published version: every question gets an answer row
(one per partnership the grant covers for a per-partnership question), filled from what the portal
already holds where the question names a source (funding/prefill.py), then completed, checked with
the leads, signed off and recorded as submitted.

Answers are stored as text in one canonical form whatever the kind (money and numbers as Decimal
strings, dates in ISO form, yes/no as "yes"/"no"), so a pre-filled value compares exactly with
what a person typed, and the export turns each back into its type.

A per-partnership answer carries the partnership in a column named `partnership`, so
partnerships/row_security.py walls it like any tenant row: inside a partnership's transaction
only that partnership's answers are visible. The return is the convener's, read on /convener/
pages outside any tenant transaction, so the whole return shows there. The rows are plain models
(no scoped manager): a return is reached only through funding.access.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.models import Partnership

from .grants import Grant


class ReturnTemplate(models.Model):
    """One version of a return's questions, as the Home Office asks them."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "version"],
                name="one_return_template_per_version",
                violation_error_message=_("A template with this name and version exists"),
            ),
        ]

    def __str__(self):
        return _("%(name)s, version %(version)s") % {"name": self.name, "version": self.version}

    @property
    def is_frozen(self) -> bool:
        """Published (or retired) versions never change: returns were answered against them."""
        return self.status != self.Status.DRAFT


class ReturnQuestion(models.Model):
    """One question of a return template: what is asked, of what kind, and where the portal can
    find the answer already."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")
        MONEY = "money", _("Money")
        DATE = "date", _("Date")
        YES_NO = "yes_no", _("Yes or no")
        CHOICE = "choice", _("One of a list")

    class Scope(models.TextChoices):
        PARTNERSHIP = "partnership", _("Answered for each partnership")
        GRANT = "grant", _("Answered once for the grant")

    # The sources funding/prefill.py can read; blank for a question the convener answers.
    class Prefill(models.TextChoices):
        ARRANGEMENT = "arrangement", _("Partnership arrangement")
        DEFINITION_AGREED_ON = "definition_agreed_on", _("Local definition agreed on")
        SNA_AGREED_ON = "sna_agreed_on", _("SNA for the grant year agreed on")
        STRATEGY_PUBLISHED_ON = "strategy_published_on", _("Strategy published on")
        STRATEGY_ADDRESS = "strategy_address", _("Strategy's public address")
        STRATEGY_REVIEW_DUE = "strategy_review_due", _("Strategy's next review due")
        SPEND_LABOUR = "spend_labour", _("Labour spend in the grant year")
        SPEND_NON_LABOUR = "spend_non_labour", _("Non-labour spend in the grant year")
        INTERVENTIONS_FUNDED = "interventions_funded", _("Interventions funded")
        DATA_SHARING = "data_sharing", _("Data sharing status")
        ENGAGEMENT = "engagement", _("Duty checklist lines met")

    template = models.ForeignKey(ReturnTemplate, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    key = models.SlugField(_("key"), max_length=60)
    section = models.CharField(_("section"), max_length=200)
    label = models.CharField(_("question"), max_length=500)
    help = models.TextField(_("help"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TEXT)
    choices = models.JSONField(
        _("choices"), default=list, blank=True, help_text=_("For a choice: the options")
    )
    required = models.BooleanField(_("required"), default=True)
    scope = models.CharField(
        _("answered"), max_length=20, choices=Scope.choices, default=Scope.PARTNERSHIP
    )
    prefill = models.CharField(_("filled from"), max_length=40, choices=Prefill.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["template", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "key"],
                name="one_return_question_per_key",
                violation_error_message=_("The template already has a question with this key"),
            ),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        if self.kind == self.Kind.CHOICE:
            if (
                not isinstance(self.choices, list)
                or not self.choices
                or not all(isinstance(option, str) and option.strip() for option in self.choices)
            ):
                raise ValidationError({"choices": _('List the options, like ["Yes", "No"]')})
        elif self.choices:
            raise ValidationError({"choices": _("Only a choice question has options")})


def return_pdf_key(submission_id: int, revision: int) -> str:
    """One key per rendering of a return's PDF (funding/documents.py keeps the latest)."""
    return f"funding/returns/{submission_id}/{revision}.pdf"


def _pdf_upload_to(instance, filename: str) -> str:
    # Files are written at return_pdf_key() by funding.documents; this is only Django's fallback.
    return return_pdf_key(instance.pk, instance.pdf_revision)


class PdfStatus(models.TextChoices):
    PREPARING = "preparing", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Could not be made")


PDF_FIELDS = ["pdf", "pdf_status", "pdf_revision", "pdf_error", "pdf_pages", "pdf_rendered_at"]


class ReturnSubmission(models.Model):
    """One return for a grant and period, answered against one template version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being completed")
        CHECKING = "checking", _("With the leads to check")
        SIGNED_OFF = "signed_off", _("Signed off")
        SUBMITTED = "submitted", _("Submitted")

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="returns")
    template = models.ForeignKey(
        ReturnTemplate, on_delete=models.PROTECT, related_name="submissions"
    )
    # As the Home Office names it: "2026/27 Q2", "2026/27 end of year".
    period = models.CharField(_("period"), max_length=60)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    reference = models.CharField(_("submission reference"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    # The signed-off return as a PDF, rendered by the documents worker (funding/documents.py)
    # when it is signed off and again when its submission is recorded. Each request bumps the
    # revision, and a render is kept only if no later request came while it ran, so a slow
    # render never overwrites a newer one.
    pdf = models.FileField(upload_to=_pdf_upload_to, blank=True, max_length=200)
    pdf_status = models.CharField(max_length=20, choices=PdfStatus.choices, blank=True)
    pdf_revision = models.PositiveIntegerField(default=0)
    pdf_error = models.CharField(max_length=500, blank=True)
    pdf_pages = models.PositiveIntegerField(null=True, blank=True)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)

    # The PDF's bookkeeping is the worker's, not a change anyone made to the return.
    history = HistoricalRecords(excluded_fields=PDF_FIELDS)

    class Meta:
        ordering = ["grant", "-due_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["grant", "template", "period"],
                name="one_return_per_grant_template_period",
                violation_error_message=_("A return for this period has already been started"),
            ),
        ]

    def __str__(self):
        return f"{self.template.name}: {self.period}"

    @property
    def is_locked(self) -> bool:
        """Signed off: the answers are what the convener vouched for."""
        return self.status in {self.Status.SIGNED_OFF, self.Status.SUBMITTED}


class ReturnAnswer(models.Model):
    """The answer to one question of a return, for one partnership or for the whole grant."""

    submission = models.ForeignKey(
        ReturnSubmission, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(ReturnQuestion, on_delete=models.PROTECT, related_name="+")
    # Set for a per-partnership question; walled by row security (see the module docstring).
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    value = models.TextField(_("answer"), blank=True)
    # What the portal found, and where: a value still equal to it was never changed by a person.
    prefilled_value = models.TextField(blank=True)
    prefilled_from = models.CharField(max_length=40, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["submission_id", "question_id", "partnership_id"]
        constraints = [
            # Two constraints, since a unique constraint treats every NULL partnership as new.
            models.UniqueConstraint(
                fields=["submission", "question", "partnership"],
                condition=models.Q(partnership__isnull=False),
                name="one_return_answer_per_partnership",
            ),
            models.UniqueConstraint(
                fields=["submission", "question"],
                condition=models.Q(partnership__isnull=True),
                name="one_return_answer_per_grant",
            ),
        ]

    def __str__(self):
        return f"{self.question.key}: {self.value}"

    @property
    def is_changed(self) -> bool:
        """A person answered differently from what the portal found."""
        return self.value != self.prefilled_value
