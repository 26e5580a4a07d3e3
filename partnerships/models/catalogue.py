"""The Duty reference catalogue: the guidance's elements, levels, roles, sectors and ways to engage.

Rows keep the table or section of the guidance they came from, so a reader can check them; the
catalogue changes only by migration, when the guidance changes (see partnerships/catalogue/).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """How far a partner contributes to an element (Part 1 of the guidance)."""

    ENGAGED = "engaged", _("Engaged")
    ACTIVELY_PARTICIPATING = "actively_participating", _("Actively participating")


class DutyElement(models.Model):
    """One of the nine elements of the Duty (Table 1): three core, six additional."""

    class Kind(models.TextChoices):
        CORE = "core", _("Core")
        ADDITIONAL = "additional", _("Additional")

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    short_name = models.CharField(max_length=60)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(unique=True)
    description = models.TextField()
    source = models.CharField(max_length=60, help_text=_("Where in the guidance this comes from"))

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.name

    @property
    def is_core(self) -> bool:
        return self.kind == self.Kind.CORE


class Enabler(models.Model):
    """What makes an element achievable, e.g. data inputs and capacity for the SNA (Table 1)."""

    element = models.ForeignKey(DutyElement, on_delete=models.CASCADE, related_name="enablers")
    name = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=60)

    class Meta:
        ordering = ["element__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["element", "order"], name="unique_enabler_order"),
        ]

    def __str__(self):
        return self.name


class ElementAction(models.Model):
    """What a partner does for an element at a level.

    Table 1 gives a short summary per level; Tables 2–10 give the detailed actions.
    """

    class Kind(models.TextChoices):
        SUMMARY = "summary", _("Quick reference")
        ACTION = "action", _("Action")

    element = models.ForeignKey(DutyElement, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    level = models.CharField(max_length=30, choices=Level.choices)
    label = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=60)

    class Meta:
        ordering = ["element__order", "kind", "level", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["element", "kind", "level", "order"], name="unique_element_action_order"
            ),
        ]

    def __str__(self):
        return self.label


class DutyRole(models.Model):
    """A person's role for their organisation: accountable, responsible, data lead, frontline."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=60)
    order = models.PositiveSmallIntegerField(unique=True)
    definition = models.TextField()
    source = models.CharField(max_length=60)

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.name


class Sector(models.Model):
    """A kind of organisation in the Duty: the eight sectors of Part 2, the convener and the
    wider stakeholders."""

    class AuthorityType(models.TextChoices):
        SPECIFIED = "specified", _("Specified authority")
        RELEVANT = "relevant", _("Relevant authority")
        CONVENER = "convener", _("Convener")
        WIDER = "wider", _("Wider stakeholder")

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    short_name = models.CharField(max_length=60)
    authority_type = models.CharField(max_length=20, choices=AuthorityType.choices)
    order = models.PositiveSmallIntegerField(unique=True)
    section = models.CharField(max_length=20, help_text=_("Section of the guidance"))
    description = models.TextField()
    duty_holder = models.CharField(max_length=200, blank=True)
    # Where the body holding the Duty in Wales has another name (health: Local Health Boards,
    # not the Integrated Care Boards of England).
    duty_holder_wales = models.CharField(max_length=200, blank=True)
    benefits_intro = models.TextField(blank=True)
    example_title = models.CharField(max_length=300, blank=True)
    example_text = models.TextField(blank=True)

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.name

    @property
    def has_sector_guidance(self) -> bool:
        """Whether Part 2 of the guidance has a section for it (not the convener or wider)."""
        return self.authority_type in {self.AuthorityType.SPECIFIED, self.AuthorityType.RELEVANT}


class RecommendedPost(models.Model):
    """Who from a sector should hold a Duty role ("who should be involved", Part 2)."""

    sector = models.ForeignKey(Sector, on_delete=models.CASCADE, related_name="recommended_posts")
    roles = models.ManyToManyField(DutyRole, related_name="recommended_posts")
    label = models.CharField(max_length=200)
    post = models.CharField(max_length=300)
    text = models.TextField()
    order = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=60)

    class Meta:
        ordering = ["sector__order", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["sector", "order"], name="unique_recommended_post_order"
            ),
        ]

    def __str__(self):
        return f"{self.sector}: {self.label}"


class WayToEngage(models.Model):
    """One way a sector can contribute to an element (Tables 11–25)."""

    sector = models.ForeignKey(Sector, on_delete=models.CASCADE, related_name="ways_to_engage")
    element = models.ForeignKey(
        DutyElement, on_delete=models.CASCADE, related_name="ways_to_engage"
    )
    label = models.CharField(max_length=200)
    text = models.TextField()
    order = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=60)

    class Meta:
        ordering = ["sector__order", "element__order", "order"]
        verbose_name_plural = "ways to engage"
        constraints = [
            models.UniqueConstraint(
                fields=["sector", "element", "order"], name="unique_way_to_engage_order"
            ),
        ]

    def __str__(self):
        return self.label


class SectorBenefit(models.Model):
    """Why engaging pays off, for the partnership or for the sector itself (Part 2)."""

    class Audience(models.TextChoices):
        PARTNERSHIP = "partnership", _("For Duty partners")
        SECTOR = "sector", _("For the sector")

    sector = models.ForeignKey(Sector, on_delete=models.CASCADE, related_name="benefits")
    audience = models.CharField(max_length=20, choices=Audience.choices)
    title = models.CharField(max_length=200)
    text = models.TextField()
    order = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=60)

    class Meta:
        ordering = ["sector__order", "audience", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["sector", "audience", "order"], name="unique_sector_benefit_order"
            ),
        ]

    def __str__(self):
        return self.title


class ReflectiveQuestion(models.Model):
    """A reflective question the guidance asks, for one purpose: choosing a Duty partner (Part 1,
    the nomination record), a partner's self-assessment (Part 1) or setting up the partnership's
    arrangement (the Context)."""

    class Purpose(models.TextChoices):
        NOMINATION = "nomination", _("Identifying a Duty partner")
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
        ARRANGEMENT = "arrangement", _("Partnership arrangement")

    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.NOMINATION)
    # Numbered within its purpose: answers are kept keyed by it (Membership.nomination,
    # Partnership.arrangement, SelfAssessment.answers).
    order = models.PositiveSmallIntegerField()
    theme = models.CharField(max_length=100)
    question = models.TextField()
    source = models.CharField(max_length=60)

    class Meta:
        ordering = ["purpose", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "order"], name="unique_reflective_question_order"
            ),
        ]

    def __str__(self):
        return self.theme


class EditorialNote(models.Model):
    """What we changed or noticed where the guidance's own text is faulty, shown beside the
    content it concerns (a sector's page, an element's page) so a reader can check us."""

    order = models.PositiveSmallIntegerField(unique=True)
    text = models.TextField()
    source = models.CharField(max_length=60)
    # The pages it is shown on: the sectors and elements whose content it concerns.
    sectors = models.ManyToManyField(Sector, blank=True, related_name="editorial_notes")
    elements = models.ManyToManyField(DutyElement, blank=True, related_name="editorial_notes")

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.source
