"""The convener's power to require information (s.17 of the Police, Crime, Sentencing and Courts
Act 2022): the local policing body may require a specified authority, or an educational, prison
or youth custody authority in its area, to supply information for monitoring the Duty.

A request is addressed to one member organisation, whose data lead or accountable person answers
it in the portal, or to one body outside the partnership, whose reply (received outside the
portal) the convener records on its behalf. The answer's files are kept privately, under random
keys, and leave only through a permission-checked, audited download.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.models import OutsideBody
from common.tags import tag_colours
from partnerships.models import Organisation, TenantModel

# The Duty roles whose holders answer a request for their organisation: the data lead holds
# the figures, the accountable person answers for the organisation (Part 2 of the guidance).
RESPONDING_DUTY_ROLES = ("data_lead", "accountable")


class RefusalGround(models.TextChoices):
    """Why an authority need not supply what was asked: the Act's exceptions (s.17), in brief,
    and that the information is not held."""

    DATA_PROTECTION = (
        "data_protection",
        _("Disclosure would contravene the data protection legislation"),
    )
    INVESTIGATORY_POWERS = (
        "investigatory_powers",
        _(
            "Disclosure is prohibited by any of Parts 1 to 7 or Chapter 1 of Part 9 of the "
            "Investigatory Powers Act 2016"
        ),
    )
    DEVOLVED_WELSH = (
        "devolved_welsh",
        _(
            "A devolved Welsh authority: compliance would be incompatible with a duty imposed "
            "by an enactment, or would otherwise have an adverse effect on the exercise of its "
            "functions"
        ),
    )
    NOT_HELD = "not_held", _("The information is not held")


class InformationRequest(TenantModel):
    """A request for information the convener made of one authority, and its answer."""

    @tag_colours(OPEN="blue", ANSWERED="green", REFUSED="orange", WITHDRAWN="grey")
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Purpose(models.TextChoices):
        """Which part of the Duty the convener is monitoring with it."""

        NEEDS_ASSESSMENT = "needs_assessment", _("Monitoring the strategic needs assessment")
        STRATEGY = "strategy", _("Monitoring the response strategy and its delivery")
        REVIEW = "review", _("Monitoring the review and revision of the strategy")
        COLLABORATION = "collaboration", _("Monitoring how the authorities work together")
        OTHER = "other", _("Other monitoring of the Duty")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("member organisation asked"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    outside_body = models.ForeignKey(
        OutsideBody,
        verbose_name=_("body outside the partnership asked"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=200)
    asked = models.TextField(_("information required"))
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    due_on = models.DateField(_("due by"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    response = models.TextField(_("response"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    refusal_ground = models.CharField(
        _("ground for refusal"), max_length=30, choices=RefusalGround.choices, blank=True
    )
    refusal_explanation = models.TextField(_("explanation of the refusal"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["partnership", "status", "due_on"], name="info_request_by_status"),
            models.Index(
                fields=["partnership", "organisation", "status"],
                name="info_request_by_organisation",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False, outside_body__isnull=True)
                | models.Q(organisation__isnull=True, outside_body__isnull=False),
                name="info_request_asks_exactly_one",
                violation_error_message=_(
                    "Ask either a member organisation or a body outside the partnership"
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(refusal_ground=""),
                name="info_request_refusal_has_a_ground",
            ),
        ]

    def __str__(self):
        return self.subject

    @property
    def addressee(self) -> Organisation | OutsideBody:
        return self.organisation or self.outside_body

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def asks_outside_body(self) -> bool:
        """Nobody in the portal speaks for the body: the convener records its reply."""
        return self.outside_body_id is not None

    def is_overdue(self, today: datetime.date) -> bool:
        return self.is_open and today > self.due_on


def request_attachment_path(instance, filename: str) -> str:
    # Never the uploaded name on disk: a random key under the partnership, served by a view.
    return f"partnerships/{instance.partnership_id}/information-requests/{uuid.uuid4().hex}"


class RequestAttachment(TenantModel):
    """A file sent with the answer to a request, kept privately and served only to the convener
    and to those who answer for the organisation asked."""

    information_request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=request_attachment_path, max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["information_request", "pk"]
        indexes = [
            models.Index(
                fields=["partnership", "information_request"], name="info_request_attachments"
            )
        ]

    def __str__(self):
        return self.name


class InformationRequestReminder(TenantModel):
    """A reminder already sent, so each threshold is told once for each due date."""

    information_request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="reminders"
    )
    due_on = models.DateField()
    threshold = models.CharField(max_length=20)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(
                fields=["partnership", "information_request"], name="info_request_reminders"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["information_request", "due_on", "threshold"],
                name="one_info_request_reminder_per_threshold",
            ),
        ]

    def __str__(self):
        return f"{self.information_request}: {self.threshold} ({self.due_on})"
