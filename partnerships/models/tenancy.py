"""Tenancy: partnerships (the tenants), their organisations and members, and the activity
timeline. Tenant-owned rows carry a `partnership` and a scoped manager that refuses queries made
outside a partnership's scope.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from ..roles import CUSTOM_PERMISSIONS, DUTY_ROLE_CHOICES, PortalRole
from .catalogue import Sector


class Partnership(models.Model):
    """A Serious Violence Duty partnership: the tenant everything else belongs to."""

    class Nation(models.TextChoices):
        ENGLAND = "england", _("England")
        WALES = "wales", _("Wales")

    class Model(models.TextChoices):
        COMMUNITY_SAFETY_PARTNERSHIP = "csp", _("Community safety partnership")
        VIOLENCE_REDUCTION_UNIT = "vru", _("Violence reduction unit")
        DEDICATED_BOARD = "dedicated", _("Dedicated serious violence board")
        # Some areas govern the Duty at both levels (the guidance's Context).
        HYBRID = (
            "hybrid",
            _("Hybrid: governance at both police force area and local authority level"),
        )
        OTHER = "other", _("Other arrangement")

    class AreaType(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", _("One or more local authority areas")
        POLICE_FORCE = "police_force", _("A police force area")

    class ProtectiveMarking(models.TextChoices):
        OFFICIAL = "official", _("OFFICIAL")
        OFFICIAL_SENSITIVE = "official_sensitive", _("OFFICIAL-SENSITIVE")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("web address"), unique=True, max_length=60)
    nation = models.CharField(_("nation"), max_length=20, choices=Nation.choices)
    model = models.CharField(_("partnership model"), max_length=20, choices=Model.choices)
    area_type = models.CharField(_("area covered"), max_length=20, choices=AreaType.choices)
    areas = models.JSONField(_("areas"), default=list, blank=True)
    convener_organisation = models.ForeignKey(
        "Organisation",
        verbose_name=_("convener organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    protective_marking = models.CharField(
        _("default protective marking"),
        max_length=30,
        choices=ProtectiveMarking.choices,
        default=ProtectiveMarking.OFFICIAL,
    )
    # Leads, data leads and conveners always sign in with two factors (partnerships/two_factor.py);
    # a lead may ask it of every member.
    two_factor_for_everyone = models.BooleanField(
        _("two-factor authentication for every member"), default=False
    )
    # The language its pages open in for members who have not chosen one: a Welsh partnership
    # offers its services in Welsh first (the Welsh Language Standards).
    default_language = models.CharField(
        _("language its pages open in"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    # The lead's answers to the guidance's two questions on the partnership arrangement (an
    # existing arrangement or a new one; other partnerships to align with), keyed by question
    # number (ReflectiveQuestion, purpose "arrangement").
    arrangement = models.JSONField(_("partnership arrangement"), default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        permissions = CUSTOM_PERMISSIONS

    def __str__(self):
        return self.name

    @property
    def works_in_welsh(self) -> bool:
        """Whether it publishes in Welsh as well as English: it is in Wales, or asks for Welsh
        (its documents, public pages and published texts then come in both)."""
        return self.nation == self.Nation.WALES or self.default_language == "cy"

    def clean(self):
        super().clean()
        convener = self.convener_organisation
        if convener and convener.partnership_id != self.pk:
            raise ValidationError(
                {"convener_organisation": _("Choose an organisation in this partnership")}
            )


class PartnershipUserObjectPermission(UserObjectPermissionBase):
    """Guardian's one-off grants on a partnership, with a real foreign key for fast joins."""

    content_object = models.ForeignKey(Partnership, on_delete=models.CASCADE)


class PartnershipGroupObjectPermission(GroupObjectPermissionBase):
    """Guardian's grants to a partnership's role groups, with a real foreign key."""

    content_object = models.ForeignKey(Partnership, on_delete=models.CASCADE)


class TenantModel(models.Model):
    """A row that belongs to one partnership, reachable only within its scope."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")

    objects = ScopedManager(partnership="partnership")

    class Meta:
        abstract = True


class Organisation(models.Model):
    """A body taking part in a partnership; its statutory role follows from its sector."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="organisations"
    )
    name = models.CharField(_("name"), max_length=200)
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+"
    )
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(partnership="partnership")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "partnership",
                Lower("name"),
                name="unique_organisation_name_per_partnership",
                violation_error_message=_(
                    "The partnership already has an organisation with this name"
                ),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def statutory_role(self) -> str:
        return self.sector.get_authority_type_display()

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class DutyRoles(models.Model):
    """The four Duty roles a person may hold for their organisation; any combination."""

    accountable = models.BooleanField(_("accountable"), default=False)
    responsible = models.BooleanField(_("responsible"), default=False)
    data_lead = models.BooleanField(_("data lead"), default=False)
    frontline = models.BooleanField(_("frontline"), default=False)

    class Meta:
        abstract = True

    @property
    def duty_roles(self) -> list[str]:
        return [key for key, _label in DUTY_ROLE_CHOICES if getattr(self, key)]

    @duty_roles.setter
    def duty_roles(self, keys) -> None:
        for key, _label in DUTY_ROLE_CHOICES:
            setattr(self, key, key in keys)

    def get_duty_roles_display(self) -> list[str]:
        return [str(label) for key, label in DUTY_ROLE_CHOICES if getattr(self, key)]


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_on__isnull=True)

    def members(self):
        """Members of the partnership: not the consultees, who belong to no organisation and
        are invited only to respond to the strategy's consultation. Member lists, counts,
        representation and "who to tell" fan-outs read this, so consultees never distort them."""
        return self.exclude(portal_role=PortalRole.CONSULTEE)

    def consultees(self):
        return self.filter(portal_role=PortalRole.CONSULTEE)


# Organisation is null exactly for consultees: everyone else acts for an organisation, and a
# consultee speaks for a body outside the partnership (assessments.BodyContact), never for one
# of its organisations. Shared by Membership and Invitation.
ORGANISATION_IFF_NOT_CONSULTEE = models.Q(
    organisation__isnull=True, portal_role=PortalRole.CONSULTEE
) | (models.Q(organisation__isnull=False) & ~models.Q(portal_role=PortalRole.CONSULTEE))


class Membership(DutyRoles):
    """A person's place in one partnership: their organisation and their roles there."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    # None for a consultee alone (the constraint below).
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
    )
    portal_role = models.CharField(_("portal role"), max_length=20, choices=PortalRole.choices)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    started_on = models.DateField(_("member since"), default=timezone.localdate)
    ended_on = models.DateField(_("removed on"), null=True, blank=True)
    # Answers to the guidance's seven reflective questions, keyed by question number, recorded
    # when a lead nominates an accountable or responsible representative.
    nomination = models.JSONField(_("nomination record"), default=dict, blank=True)
    nominated_at = models.DateTimeField(null=True, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Documents (the SNA and the response strategy) print a member's job title and organisation;
    # their name only if they have agreed, themselves, to be named.
    named_in_documents = models.BooleanField(_("named in documents"), default=False)
    named_since = models.DateTimeField(_("agreed to be named on"), null=True, blank=True)

    objects = ScopedManager(
        models.Manager.from_queryset(MembershipQuerySet), partnership="partnership"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "partnership"], name="one_membership_per_person_per_partnership"
            ),
            models.CheckConstraint(
                condition=ORGANISATION_IFF_NOT_CONSULTEE,
                name="membership_organisation_unless_consultee",
                violation_error_message=_(
                    "A consultee belongs to no organisation; everyone else belongs to one"
                ),
            ),
        ]

    def __str__(self):
        return str(self.user)

    def clean(self):
        super().clean()
        if self.organisation_id and self.organisation.partnership_id != self.partnership_id:
            raise ValidationError({"organisation": _("Choose an organisation in this partnership")})

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    @property
    def is_lead(self) -> bool:
        return self.portal_role == PortalRole.LEAD

    @property
    def is_consultee(self) -> bool:
        return self.portal_role == PortalRole.CONSULTEE

    @property
    def name_in_documents(self) -> str:
        """The name a document may print: theirs if they agreed to be named, else none."""
        return self.user.full_name if self.named_in_documents else ""


class AuditEntry(models.Model):
    """One change to a partnership's data, for the partnership's activity timeline.

    django-simple-history keeps full snapshots of each row; this is the partnership-scoped
    index of them, with what changed worked out when the change was made.
    """

    # Written beside every change, which is told already (partnerships/changes.py).
    quiet_changes = True

    class Action(models.TextChoices):
        CREATED = "+", _("created")
        CHANGED = "~", _("changed")
        DELETED = "-", _("deleted")
        DOWNLOADED = "d", _("downloaded")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="audit_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    occurred_at = models.DateTimeField(db_index=True)
    action = models.CharField(max_length=1, choices=Action.choices)
    subject_type = models.CharField(max_length=40)
    subject_id = models.PositiveBigIntegerField()
    subject_label = models.CharField(max_length=300)
    summary = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=list)

    objects = ScopedManager(partnership="partnership")

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["partnership", "-occurred_at"])]

    def __str__(self):
        return f"{self.subject_type} {self.subject_label} {self.get_action_display()}"
