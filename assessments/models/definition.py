"""The local definition of serious violence: numbered versions (one draft, one agreed, the rest
superseded) and the amendments partners propose to them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.bilingual import WelshVersion
from common.tags import tag_colours
from partnerships.models import Membership, Organisation, TenantModel


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


class LocalDefinition(WelshVersion, TenantModel):
    """A version of the partnership's local definition of serious violence.

    The Act excludes terrorism, and asks partnerships to weigh four factors: the maximum
    penalty, the impact on the victim, prevalence in the area, and the impact on the community.
    """

    WELSH_FIELDS = (
        "summary",
        "age_scope",
        "maximum_penalty",
        "impact_on_victim",
        "prevalence",
        "impact_on_community",
    )

    @tag_colours(DRAFT="grey", AGREED="green", SUPERSEDED="grey")
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

    @tag_colours(OPEN="blue", ADOPTED="green", DECLINED="grey")
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
