"""Partnerships (the tenants) and the Duty reference catalogue they are built on.

Catalogue rows keep the table or section of the guidance they came from, so a reader can check
them; the catalogue changes only by migration, when the guidance changes. Tenant-owned rows carry
a `partnership` and a scoped manager that refuses queries made outside a partnership's scope.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from .roles import CUSTOM_PERMISSIONS, DUTY_ROLE_CHOICES, PortalRole


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
    """A question for choosing the right person to act as a Duty partner (Part 1)."""

    order = models.PositiveSmallIntegerField(unique=True)
    theme = models.CharField(max_length=100)
    question = models.TextField()
    source = models.CharField(max_length=60)

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.theme


# --- Tenancy -------------------------------------------------------------------------------------


class Partnership(models.Model):
    """A Serious Violence Duty partnership: the tenant everything else belongs to."""

    class Nation(models.TextChoices):
        ENGLAND = "england", _("England")
        WALES = "wales", _("Wales")

    class Model(models.TextChoices):
        COMMUNITY_SAFETY_PARTNERSHIP = "csp", _("Community safety partnership")
        VIOLENCE_REDUCTION_UNIT = "vru", _("Violence reduction unit")
        DEDICATED_BOARD = "dedicated", _("Dedicated serious violence board")
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
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        permissions = CUSTOM_PERMISSIONS

    def __str__(self):
        return self.name

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


class Membership(DutyRoles):
    """A person's place in one partnership: their organisation and their roles there."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
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


INVITATION_LIFETIME = timedelta(days=14)
_TOKEN_SALT = "partnerships.invitation"  # noqa: S105 (a signing namespace, not a secret)


def new_invitation_nonce() -> str:
    return secrets.token_urlsafe(16)


class Invitation(DutyRoles):
    """An emailed, single-use invitation to join a partnership with given roles."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")
        # Never stored: a pending invitation past its expiry shows as expired.
        EXPIRED = "expired", _("Expired")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    portal_role = models.CharField(_("portal role"), max_length=20, choices=PortalRole.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    # Rotated on every resend, so only the newest emailed link works.
    nonce = models.CharField(max_length=32, default=new_invitation_nonce)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(partnership="partnership")
    history = HistoricalRecords(excluded_fields=["nonce"])

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                "partnership",
                Lower("email"),
                condition=models.Q(status="pending"),
                name="one_pending_invitation_per_email",
                violation_error_message=_("This person already has a pending invitation"),
            ),
        ]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        if not self.expires_at:
            self.expires_at = self.sent_at + INVITATION_LIFETIME
        super().save(*args, **kwargs)

    @property
    def state(self) -> str:
        """Pending, accepted, revoked, or expired (pending but past its date)."""
        if self.status == self.Status.PENDING and self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.status

    def get_state_display(self) -> str:
        return str(self.Status(self.state).label)

    def make_token(self) -> str:
        return signing.dumps({"i": self.pk, "n": self.nonce}, salt=_TOKEN_SALT, compress=True)

    @classmethod
    def from_token(cls, token: str) -> "Invitation | None":
        """The invitation a link names, or None if the link was tampered with or replaced.

        Expiry is the invitation's own date (a resend extends it), not the signature's age.
        """
        try:
            data = signing.loads(token, salt=_TOKEN_SALT)
        except signing.BadSignature:
            return None
        invitation = (
            cls.objects.with_scopes_disabled()
            .select_related("partnership", "organisation")
            .filter(pk=data.get("i"))
            .first()
        )
        if invitation is None or not secrets.compare_digest(invitation.nonce, str(data.get("n"))):
            return None
        return invitation


class AuditEntry(models.Model):
    """One change to a partnership's data, for the partnership's activity timeline.

    django-simple-history keeps full snapshots of each row; this is the partnership-scoped
    index of them, with what changed worked out when the change was made.
    """

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
