"""The strategic needs assessment (SNA) and the evidence it is built on.

Partners contribute evidence and aggregate data against the Duty's elements; leads and data
leads review it; accepted evidence supports the SNA's findings, which the response strategy's
priorities later cite. Every row belongs to one partnership and refuses unscoped queries.
"""

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager
from simple_history.models import HistoricalRecords

from partnerships.models import DutyElement, Level, Membership, Organisation, Partnership, Sector

# Financial years, as partnerships plan: "2026/27".
PERIOD_PATTERN = re.compile(r"^(?P<start>20\d\d)/(?P<end>\d\d)$")


def validate_period(value: str) -> None:
    match = PERIOD_PATTERN.match(value or "")
    if not match or (int(match["start"]) + 1) % 100 != int(match["end"]):
        raise ValidationError(
            _("Enter a financial year like 2026/27"), code="invalid_period", params={"value": value}
        )


class TenantModel(models.Model):
    """A row that belongs to one partnership, reachable only within its scope."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")

    objects = ScopedManager(partnership="partnership")

    class Meta:
        abstract = True


# --- The SNA --------------------------------------------------------------------------------------


class Assessment(TenantModel):
    """One partnership's strategic needs assessment for one period."""

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


class AssessmentModule(TenantModel):
    """A chapter of the SNA with its own owner and progress."""

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

    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "kind"], name="one_module_of_each_kind"),
        ]

    def __str__(self):
        return self.get_kind_display()


# --- The local definition of serious violence -----------------------------------------------------


class ViolenceType(models.TextChoices):
    HOMICIDE = "homicide", _("Homicide")
    KNIFE_CRIME = "knife_crime", _("Knife and sharp-object crime")
    GUN_CRIME = "gun_crime", _("Gun crime")
    VIOLENCE_WITH_INJURY = "violence_with_injury", _("Violence with injury")
    ROBBERY = "robbery", _("Robbery")
    DOMESTIC_ABUSE = "domestic_abuse", _("Domestic abuse")
    SEXUAL_VIOLENCE = "sexual_violence", _("Sexual violence and rape")
    VAWG = "vawg", _("Violence against women and girls")
    EXPLOITATION = "exploitation", _("Criminal exploitation and county lines")
    ALCOHOL_RELATED = "alcohol_related", _("Alcohol-related violence")
    ARSON = "arson", _("Arson endangering life")
    MODERN_SLAVERY = "modern_slavery", _("Modern slavery")


class LocalDefinition(TenantModel):
    """A version of the partnership's local definition of serious violence.

    The Act excludes terrorism, and asks partnerships to weigh four factors: the maximum
    penalty, the impact on the victim, prevalence in the area, and the impact on the community.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AGREED = "agreed", _("Agreed")
        SUPERSEDED = "superseded", _("Superseded")

    version = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(_("definition"), help_text=_("The definition in plain words"))
    violence_types = models.JSONField(_("violence types included"), default=list)
    age_scope = models.CharField(_("age scope"), max_length=200, blank=True)
    maximum_penalty = models.TextField(_("maximum penalty"), blank=True)
    impact_on_victim = models.TextField(_("impact on the victim"), blank=True)
    prevalence = models.TextField(_("prevalence in the area"), blank=True)
    impact_on_community = models.TextField(_("impact on the community"), blank=True)
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    agreed_by = models.ManyToManyField(
        Organisation, verbose_name=_("organisations that agreed"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "version"], name="one_definition_per_version"
            ),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=models.Q(status="agreed"),
                name="one_agreed_definition",
            ),
        ]

    def __str__(self):
        return _("Local definition, version %(version)s") % {"version": self.version}

    def get_violence_types_display(self) -> list[str]:
        labels = dict(ViolenceType.choices)
        return [str(labels.get(value, value)) for value in self.violence_types]


class DefinitionAmendment(TenantModel):
    """A partner's proposed change to the local definition, with their reasons."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ADOPTED = "adopted", _("Adopted")
        DECLINED = "declined", _("Declined")

    definition = models.ForeignKey(
        LocalDefinition, on_delete=models.CASCADE, related_name="amendments"
    )
    proposed_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    proposal = models.TextField(_("proposed change"))
    reason = models.TextField(_("reason"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    response = models.TextField(_("response"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.proposal[:80]


# --- Measures and calls ---------------------------------------------------------------------------


class Measure(models.Model):
    """A named aggregate measure partners return figures for (reference data, shared)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=60)
    sector = models.ForeignKey(
        Sector, verbose_name=_("owning sector"), on_delete=models.PROTECT, related_name="+"
    )
    definition = models.TextField()
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Call(TenantModel):
    """A request for contributions (a DHIS2-style data call) with a due date."""

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


# --- Contributions and their review ---------------------------------------------------------------


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

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["partnership", "status"])]

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


# --- Data returns ---------------------------------------------------------------------------------

area_name = RegexValidator(r"^[^\x00-\x1f]{1,120}$")


class DataPoint(TenantModel):
    """One aggregate figure from a data return: a measure, for a period and area."""

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other or not known")

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="data_points"
    )
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_label = models.CharField(max_length=20)
    area = models.CharField(max_length=120, validators=[area_name])
    value = models.DecimalField(max_digits=14, decimal_places=2)
    age_band = models.CharField(max_length=20, blank=True)
    sex = models.CharField(max_length=10, choices=Sex.choices, blank=True)

    class Meta:
        ordering = ["measure", "period_start", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "measure", "period_start", "area", "age_band", "sex"],
                name="one_figure_per_breakdown",
            ),
        ]

    def __str__(self):
        return f"{self.measure_id} {self.period_label} {self.area}: {self.value}"


# --- Findings -------------------------------------------------------------------------------------


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

    history = HistoricalRecords()

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


# --- The provision map ----------------------------------------------------------------------------


class ProvisionService(TenantModel):
    """A service in the area, described with Open Referral UK's fields plus the Duty's own.

    Partners add what their organisations run or know of; the lead curates the map, and gaps in
    it link to the SNA's findings.
    """

    class Tier(models.TextChoices):
        PRIMARY = "primary", _("Primary prevention (everyone)")
        SECONDARY = "secondary", _("Secondary prevention (people at risk)")
        TERTIARY = "tertiary", _("Tertiary prevention (people already involved)")

    class Evidence(models.TextChoices):
        NOT_EVALUATED = "not_evaluated", _("Not evaluated")
        UNDER_WAY = "under_way", _("Evaluation under way")
        PROMISING = "promising", _("Evaluated: promising")
        EFFECTIVE = "effective", _("Evaluated: effective")

    # Open Referral UK: organisation, service, location, eligibility, funding.
    provider = models.CharField(_("organisation running it"), max_length=200)
    name = models.CharField(_("service name"), max_length=200)
    description = models.TextField(_("description"))
    area = models.CharField(_("location or area"), max_length=200)
    eligibility = models.TextField(_("eligibility"), blank=True)
    cohort = models.CharField(_("cohort"), max_length=200, blank=True)
    age_min = models.PositiveSmallIntegerField(_("youngest age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("oldest age"), null=True, blank=True)
    referral_route = models.TextField(_("how to refer"), blank=True)
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    funding_ends_on = models.DateField(_("funding ends"), null=True, blank=True)
    commissioned_by = models.CharField(_("commissioned by"), max_length=200, blank=True)
    # The Duty's own fields.
    tier = models.CharField(_("prevention tier"), max_length=20, choices=Tier.choices)
    risk_factors = models.TextField(_("risk factors addressed"), blank=True)
    evidence = models.CharField(
        _("evidence and evaluation"),
        max_length=20,
        choices=Evidence.choices,
        default=Evidence.NOT_EVALUATED,
    )
    findings = models.ManyToManyField(
        Finding, verbose_name=_("gaps and findings"), blank=True, related_name="provision"
    )
    added_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", blank=True
    )
    curated = models.BooleanField(_("checked by the lead"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValidationError(
                {"age_max": _("The oldest age must be the same as or more than the youngest")}
            )
