"""Information governance: the bodies outside the partnership it works with, and the register of
its information sharing agreements (ISAs) and data protection impact assessments (DPIAs).

Data sharing is one of the Duty's nine elements (Table 6), and partners' governance asks "under
which agreement was this shared?" before anyone returns a figure: each data return records the
agreements in force for its organisation and measures when its figures were uploaded, and the
partnership chooses whether a return no in-date agreement covers is warned or refused.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.tags import tag_colours
from partnerships.models import Organisation, Partnership, TenantModel

from .data import Measure

# The first review of a new agreement comes after six months, then one every year: a new
# agreement is where its gaps show first.
FIRST_REVIEW_MONTHS = 6
LATER_REVIEW_MONTHS = 12
# How long before its review date an agreement shows as due for review (and its parties are
# reminded).
REVIEW_DUE_SOON_DAYS = 30


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day where it has no such day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")


def signed_copy_path(instance, filename: str) -> str:
    # Never the uploaded name on disk: a random key under the partnership, served by a view.
    return f"partnerships/{instance.partnership_id}/agreements/{uuid.uuid4().hex}"


class OutsideBody(TenantModel):
    """A body in the partnership's area that is not one of its member organisations: a school
    or academy trust, a prison or youth custody establishment, a charity. Recorded so it can be
    consulted on the strategy (s.8(4) of the Act) and be party to a data sharing agreement."""

    class Kind(models.TextChoices):
        EDUCATIONAL = "educational", _("Educational authority (a school, college or trust)")
        PRISON = "prison", _("Prison authority")
        YOUTH_CUSTODY = "youth_custody", _("Youth custody authority")
        OTHER = "other", _("Other body")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type of body"), max_length=20, choices=Kind.choices)
    # A team mailbox for consultations and agreements: the register names no person.
    contact_email = models.EmailField(_("team email address"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    retired_at = models.DateTimeField(_("removed from the register"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "partnership",
                Lower("name"),
                name="unique_outside_body_name_per_partnership",
                violation_error_message=_("The register already has a body with this name"),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_consultee(self) -> bool:
        """Whether the Act says it must be consulted on the strategy (s.8(4))."""
        return self.kind in CONSULTEE_KINDS


CONSULTEE_KINDS = (
    OutsideBody.Kind.EDUCATIONAL,
    OutsideBody.Kind.PRISON,
    OutsideBody.Kind.YOUTH_CUSTODY,
)


class LegalBasis(models.TextChoices):
    """The lawful bases partnerships most often rely on to share data for the Duty."""

    PCSC_S16 = "pcsc_s16", _("Section 16 of the Police, Crime, Sentencing and Courts Act 2022")
    GDPR_6_1_C = "gdpr_6_1_c", _("UK GDPR Article 6(1)(c): legal obligation")
    GDPR_6_1_E = "gdpr_6_1_e", _("UK GDPR Article 6(1)(e): public task")
    GDPR_9_2_G = "gdpr_9_2_g", _("UK GDPR Article 9(2)(g): substantial public interest")
    GDPR_9_2_H = "gdpr_9_2_h", _("UK GDPR Article 9(2)(h): health or social care")
    DPA_PART_3 = "dpa_part_3", _("Data Protection Act 2018 Part 3: law enforcement processing")
    GDPR_10 = "gdpr_10", _("UK GDPR Article 10 with DPA 2018 Schedule 1: criminal offence data")


class SharingAgreement(TenantModel):
    """An information sharing agreement or a DPIA: who shares what, why, on which legal basis,
    under which marking, from when, and when it is next reviewed."""

    class Kind(models.TextChoices):
        ISA = "isa", _("Information sharing agreement")
        DPIA = "dpia", _("Data protection impact assessment")

    @tag_colours(DRAFT="grey", IN_FORCE="green", ENDED="red")
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_FORCE = "in_force", _("In force")
        ENDED = "ended", _("Ended")

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.ISA)
    title = models.CharField(_("title"), max_length=200)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    purpose = models.TextField(_("purpose"))
    legal_bases = models.JSONField(_("legal basis"), default=list)
    legal_basis_notes = models.TextField(_("more about the legal basis"), blank=True)
    data_sets = models.TextField(_("data sets shared"))
    measures = models.ManyToManyField(
        Measure, verbose_name=_("measures covered"), blank=True, related_name="+"
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("member organisations party to it"), related_name="+"
    )
    outside_bodies = models.ManyToManyField(
        OutsideBody,
        verbose_name=_("bodies outside the partnership party to it"),
        blank=True,
        related_name="agreements",
    )
    protective_marking = models.CharField(
        _("protective marking"),
        max_length=30,
        choices=Partnership.ProtectiveMarking.choices,
        default=Partnership.ProtectiveMarking.OFFICIAL_SENSITIVE,
    )
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owning organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    review_due_on = models.DateField(_("next review due by"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    version = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(m2m_fields=[measures, organisations, outside_bodies])

    class Meta:
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["partnership", "status"], name="agreement_by_status")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="in_force") | models.Q(in_force_from__isnull=False),
                name="agreement_in_force_has_a_date",
            ),
        ]

    def __str__(self):
        return self.title

    def in_date(self, today: datetime.date) -> bool:
        """Whether data may be shared under it today: in force, started, and not past its
        review date (an agreement nobody has reviewed is not one to rely on)."""
        return (
            self.status == self.Status.IN_FORCE
            and self.in_force_from is not None
            and self.in_force_from <= today
            and (self.review_due_on is None or today <= self.review_due_on)
        )

    def standing(self, today: datetime.date) -> str:
        """In date, due for review soon, review overdue, not yet in force, draft or ended."""
        if self.status == self.Status.DRAFT:
            return Standing.DRAFT
        if self.status == self.Status.ENDED:
            return Standing.ENDED
        if self.in_force_from and self.in_force_from > today:
            return Standing.NOT_YET
        if self.review_due_on and today > self.review_due_on:
            return Standing.REVIEW_OVERDUE
        if self.review_due_on and (self.review_due_on - today).days <= REVIEW_DUE_SOON_DAYS:
            return Standing.REVIEW_DUE
        return Standing.IN_DATE

    def clean(self):
        super().clean()
        bases = set(self.legal_bases or [])
        if not bases:
            raise ValidationError({"legal_bases": _("Select at least one legal basis")})
        if not bases <= set(LegalBasis.values):
            raise ValidationError({"legal_bases": _("Select legal bases from the list")})
        if self.owner_id and self.owner.partnership_id != self.partnership_id:
            raise ValidationError({"owner": _("Choose an organisation in this partnership")})


@tag_colours(
    IN_DATE="green",
    REVIEW_DUE="yellow",
    REVIEW_OVERDUE="red",
    NOT_YET="blue",
    DRAFT="grey",
    ENDED="grey",
)
class Standing(models.TextChoices):
    """Where an agreement stands on a given day, for its tag."""

    IN_DATE = "in_date", _("In date")
    REVIEW_DUE = "review_due", _("Review due soon")
    REVIEW_OVERDUE = "review_overdue", _("Review overdue")
    NOT_YET = "not_yet", _("Not yet in force")
    DRAFT = "draft", _("Draft")
    ENDED = "ended", _("Ended")


class AgreementVersion(TenantModel):
    """One signed version of an agreement: from when it applies, what changed, and the signed
    copy, kept privately and served only to members who may see the register."""

    agreement = models.ForeignKey(
        SharingAgreement, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField()
    in_force_from = models.DateField(_("in force from"))
    changes = models.TextField(_("what changed"), blank=True)
    signed_copy = models.FileField(upload_to=signed_copy_path, max_length=300, blank=True)
    signed_copy_name = models.CharField(max_length=255, blank=True)
    signed_copy_content_type = models.CharField(max_length=100, blank=True)
    signed_copy_size = models.PositiveIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="one_agreement_version_per_number"
            ),
        ]

    def __str__(self):
        return f"{self.agreement} v{self.number}"


class AgreementReminder(TenantModel):
    """A review reminder already sent, so each threshold is told once for each due date."""

    agreement = models.ForeignKey(
        SharingAgreement, on_delete=models.CASCADE, related_name="reminders"
    )
    due_on = models.DateField()
    threshold = models.CharField(max_length=20)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "due_on", "threshold"],
                name="one_agreement_reminder_per_threshold",
            ),
        ]

    def __str__(self):
        return f"{self.agreement}: {self.threshold} ({self.due_on})"


class SharingPolicy(TenantModel):
    """What the partnership does with a data return no in-date agreement covers."""

    class WithoutAgreement(models.TextChoices):
        WARN = "warn", _("Accept it with a warning")
        REFUSE = "refuse", _("Refuse it until an agreement covers it")

    without_agreement = models.CharField(
        _("a data return with no in-date agreement"),
        max_length=10,
        choices=WithoutAgreement.choices,
        default=WithoutAgreement.WARN,
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "sharing policies"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"], name="one_sharing_policy_per_partnership"
            )
        ]

    def __str__(self):
        return self.get_without_agreement_display()
