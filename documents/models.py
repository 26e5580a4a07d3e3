"""Document exports: one job per request to render the SNA or the strategy as a PDF.

A job is committed before its task is queued; the documents worker claims it conditionally,
renders it, and stores the file at a fixed private key, so a redelivered or retried job never
leaves a second file.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.models import Assessment
from common.tags import tag_colours
from partnerships.models import TenantModel
from strategies.models import Strategy


def export_file_key(job: "ExportJob") -> str:
    """One fixed key per job, so a re-run overwrites its file instead of leaving a second one."""
    return f"partnerships/{job.partnership_id}/exports/{job.pk}.pdf"


def _export_upload_to(instance, filename: str) -> str:
    # Files are written at export_file_key() by documents.services; this is only Django's fallback.
    return export_file_key(instance)


# Welsh first, then English, in one file (the Welsh Language Standards ask for Welsh first).
BILINGUAL = "cy-en"
EXPORT_LANGUAGES = [*settings.LANGUAGES, (BILINGUAL, "Cymraeg a Saesneg (Welsh and English)")]


class ExportJob(TenantModel):
    """One request to render the SNA or the strategy as a PDF, rendered by the documents worker."""

    # Many at a time, and nothing derived from the partnership's records reads them
    # (partnerships/changes.py).
    quiet_changes = True

    class Kind(models.TextChoices):
        SNA = "sna", _("Strategic needs assessment")
        STRATEGY = "strategy", _("Response strategy")

    class Variant(models.TextChoices):
        FULL = "full", _("Full")
        PUBLIC = "public", _("Public")

    @tag_colours(QUEUED="blue", RENDERING="blue", READY="green", FAILED="red")
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
    # The language the document is written in: its headings, labels, dates and the Duty
    # catalogue's words (a Welsh partnership's PDFs may be English, Welsh, or both: the Welsh
    # document, then the English, in one file).
    language = models.CharField(
        _("language"), max_length=8, choices=EXPORT_LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # How big the render is, counted when the job is asked for: the actions in the strategy's
    # delivery plan (0 for the SNA). It decides the queue and time limits (documents/sizing.py).
    action_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    # When it was last handed to the queue: a job no worker claims soon after is handed again.
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Beaten every few seconds while it renders: a render that stops beating lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
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
            # A double click, or two people at once, make one job of the same document: the
            # second request is given the job already on its way.
            models.UniqueConstraint(
                fields=["assessment", "source_version", "variant", "draft", "language"],
                condition=models.Q(kind="sna", status__in=["queued", "rendering"]),
                name="one_sna_export_on_its_way",
            ),
            models.UniqueConstraint(
                fields=["strategy", "source_version", "variant", "draft", "language"],
                condition=models.Q(kind="strategy", status__in=["queued", "rendering"]),
                name="one_strategy_export_on_its_way",
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


class PublicPage(TenantModel):
    """A published strategy's public page: readable by anyone, without signing in, at an address
    the lead chose (/published/<partnership>/<address>/), in each language the partnership works
    in, with a plain-language summary beside it. It shows the public version of what was
    published (no restricted priority, action or measure, nobody's name, small numbers as "<5")
    and its PDF. Withdrawn, every one of its addresses is gone."""

    strategy = models.OneToOneField(Strategy, on_delete=models.CASCADE, related_name="public_page")
    address = models.SlugField(
        _("address"),
        max_length=60,
        help_text=_("Lowercase letters, numbers and hyphens, like serious-violence-strategy"),
    )
    plain_summary = models.TextField(_("plain-language summary"), blank=True, max_length=6000)
    plain_summary_welsh = models.TextField(
        _("plain-language summary in Welsh"), blank=True, max_length=6000
    )
    # Where the public writes to: a team's mailbox, never a person (the page names nobody).
    contact_email = models.EmailField(_("contact email"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            # The address is the partnership's to choose, so it is unique within it.
            models.UniqueConstraint(
                fields=["partnership", "address"], name="one_public_page_per_address"
            ),
        ]

    def __str__(self):
        return self.address

    @property
    def is_live(self) -> bool:
        return self.published_at is not None and self.withdrawn_at is None
