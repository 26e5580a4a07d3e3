"""Reads that pages need, with their related rows fetched up front."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User, normalise_email

from . import consultees as consultees_module
from .models import (
    AuditEntry,
    DutyElement,
    DutyRole,
    EditorialNote,
    ElementAction,
    Invitation,
    Membership,
    Organisation,
    Partnership,
    RecommendedPost,
    ReflectiveQuestion,
    Sector,
    SelfAssessment,
    WayToEngage,
)
from .roles import DUTY_ROLE_CHOICES, DUTY_ROLES, MEMBER_ROLE_CHOICES, PortalRole


def element_list() -> QuerySet[DutyElement]:
    return DutyElement.objects.prefetch_related("enablers")


def element_detail(*, slug: str) -> DutyElement:
    """An element with its enablers, actions and every sector's ways to engage with it."""
    queryset = DutyElement.objects.prefetch_related(
        "enablers",
        "actions",
        "editorial_notes",
        Prefetch(
            "ways_to_engage",
            queryset=WayToEngage.objects.select_related("sector").order_by(
                "sector__order", "order"
            ),
        ),
    )
    return get_object_or_404(queryset, slug=slug)


def sector_list() -> QuerySet[Sector]:
    return Sector.objects.prefetch_related(
        Prefetch("recommended_posts", queryset=RecommendedPost.objects.prefetch_related("roles"))
    )


def sector_detail(*, slug: str) -> Sector:
    """A sector with who should be involved, its ways to engage by element, and its benefits."""
    queryset = Sector.objects.prefetch_related(
        Prefetch("recommended_posts", queryset=RecommendedPost.objects.prefetch_related("roles")),
        Prefetch(
            "ways_to_engage",
            queryset=WayToEngage.objects.select_related("element").order_by(
                "element__order", "order"
            ),
        ),
        "benefits",
        "editorial_notes",
    )
    return get_object_or_404(queryset, slug=slug)


def duty_roles() -> QuerySet[DutyRole]:
    return DutyRole.objects.all()


def reflective_questions(
    purpose: str = ReflectiveQuestion.Purpose.NOMINATION,
) -> QuerySet[ReflectiveQuestion]:
    """The guidance's reflective questions for one purpose, in its order (by default those for
    choosing a Duty partner, which the nomination record answers)."""
    return ReflectiveQuestion.objects.filter(purpose=purpose).order_by("order")


def editorial_notes() -> QuerySet[EditorialNote]:
    """Every note on the guidance's faults, with the sector and element pages each concerns."""
    return EditorialNote.objects.prefetch_related("sectors", "elements")


def actions_by_level(element: DutyElement, *, kind: str) -> dict[str, list[ElementAction]]:
    """The element's prefetched actions of one kind, grouped engaged → actively participating."""
    grouped: dict[str, list[ElementAction]] = {}
    for action in element.actions.all():
        if action.kind == kind:
            grouped.setdefault(action.level, []).append(action)
    return grouped


# --- organisations and activity ---


def organisation_list(*, partnership: Partnership) -> QuerySet[Organisation]:
    """The partnership's organisations (retired too) with their sector and active member count."""
    return (
        Organisation.objects.filter(partnership=partnership)
        .select_related("sector")
        .annotate(
            active_member_count=Count("memberships", filter=Q(memberships__ended_on__isnull=True))
        )
        .order_by("name")
    )


def organisation_detail(*, partnership: Partnership, organisation_pk: int) -> Organisation:
    """One of the partnership's organisations, current or retired (404 for any other id)."""
    return get_object_or_404(
        Organisation.objects.filter(partnership=partnership).select_related("sector"),
        pk=organisation_pk,
    )


def self_assessments(*, organisation: Organisation) -> QuerySet[SelfAssessment]:
    """An organisation's self-assessments, newest year first, with who last wrote each."""
    return (
        SelfAssessment.objects.filter(
            partnership_id=organisation.partnership_id, organisation=organisation
        )
        .select_related("recorded_by")
        .order_by("-year")
    )


def organisations_by_statutory_role(
    *, partnership: Partnership
) -> tuple[list[tuple[str, str, list[Organisation]]], list[Organisation]]:
    """Current organisations grouped by statutory role (in the guidance's order), and the
    retired ones: ([(authority type, label, organisations), …], retired)."""
    current: dict[str, list[Organisation]] = {value: [] for value in Sector.AuthorityType.values}
    retired = []
    for organisation in organisation_list(partnership=partnership):
        if organisation.is_retired:
            retired.append(organisation)
        else:
            current[organisation.sector.authority_type].append(organisation)
    groups = [(value, label, current[value]) for value, label in Sector.AuthorityType.choices]
    return groups, retired


def sector_choices() -> QuerySet[Sector]:
    return Sector.objects.order_by("order")


def sector_for_posts(*, key: str | None) -> Sector | None:
    """A catalogue sector by slug or id, with its recommended posts; None if there is none."""
    if not key:
        return None
    lookup = Q(slug=key)
    if key.isascii() and key.isdigit() and len(key) < 10:  # a bigger number is no sector's id
        lookup |= Q(pk=int(key))
    return (
        Sector.objects.filter(lookup)
        .prefetch_related(
            Prefetch(
                "recommended_posts", queryset=RecommendedPost.objects.prefetch_related("roles")
            )
        )
        .first()
    )


def audit_entries(*, partnership: Partnership, subject_type: str = "") -> QuerySet[AuditEntry]:
    """The partnership's activity, newest first, optionally of one kind of subject."""
    entries = AuditEntry.objects.filter(partnership=partnership).select_related("actor")
    if subject_type:
        entries = entries.filter(subject_type=subject_type)
    return entries.order_by("-occurred_at", "-pk")


# --- invitations ---

# The order the lead's list offers the states in; "expired" is never stored (see Invitation.state).
INVITATION_STATES = [
    Invitation.Status.PENDING,
    Invitation.Status.EXPIRED,
    Invitation.Status.ACCEPTED,
    Invitation.Status.REVOKED,
]
_INVITATION_ORDER = {
    Invitation.Status.PENDING: ["-sent_at"],
    Invitation.Status.EXPIRED: ["-expires_at"],
    Invitation.Status.ACCEPTED: ["-accepted_at"],
    Invitation.Status.REVOKED: ["-revoked_at"],
}


def _invitation_state_q(state: str, *, now) -> Q:
    """The rows in a state, matching Invitation.state: pending past its expiry is expired."""
    if state == Invitation.Status.PENDING:
        return Q(status=Invitation.Status.PENDING, expires_at__gt=now)
    if state == Invitation.Status.EXPIRED:
        return Q(status=Invitation.Status.PENDING, expires_at__lte=now)
    return Q(status=state)


def invitation_list(*, partnership: Partnership, state: str) -> QuerySet[Invitation]:
    """The partnership's invitations in one state, newest first, with what each row shows."""
    return (
        Invitation.objects.filter(partnership=partnership)
        .filter(_invitation_state_q(state, now=timezone.now()))
        .select_related("organisation", "invited_by")
        .order_by(*_INVITATION_ORDER[state], "-pk")
    )


def invitation_counts(*, partnership: Partnership) -> dict[str, int]:
    """How many of the partnership's invitations are in each state, in one query."""
    now = timezone.now()
    return Invitation.objects.filter(partnership=partnership).aggregate(
        **{
            state: Count("pk", filter=_invitation_state_q(state, now=now))
            for state in INVITATION_STATES
        }
    )


def account_exists(*, email: str) -> bool:
    """Whether someone has already signed up with this address (they sign in to accept)."""
    return User.objects.filter(email=normalise_email(email)).exists()


# --- dashboard, representation, partnership chooser and convener overview ---

# The Duty roles a specified authority is checked for. Frontline is left out on purpose: the
# guidance asks for frontline involvement, not one named representative.
CHECKED_DUTY_ROLES = ("accountable", "responsible", "data_lead")
# Every specified authority needs these whatever the catalogue lists; the data lead only where
# the guidance recommends a data-lead post for the sector.
ALWAYS_NEEDED_DUTY_ROLES = frozenset({"accountable", "responsible"})


@dataclass
class RoleCover:
    """Who holds one Duty role for an organisation, and whether someone should."""

    role: str
    label: str
    needed: bool
    recommended_post: str
    holders: list[Membership] = field(default_factory=list)
    # Pending invitations that would fill the role once accepted.
    invited: list[Invitation] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return self.needed and not self.holders


@dataclass
class AuthorityRepresentation:
    """A specified authority and its cover for each checked Duty role."""

    organisation: Organisation
    roles: list[RoleCover]

    @property
    def missing(self) -> list[RoleCover]:
        return [cover for cover in self.roles if cover.missing]

    @property
    def lacks_accountable(self) -> bool:
        return any(cover.role == "accountable" for cover in self.missing)


@dataclass
class RelevantEngagement:
    """A relevant authority: engaged once it has an active member, else not yet engaged. (Its
    consultation on the strategy, s.8(4), is a separate record: strategies.Consultation.)"""

    organisation: Organisation
    member_count: int

    @property
    def has_member(self) -> bool:
        return self.member_count > 0


@dataclass
class RepresentationGaps:
    """What a partnership's specified and relevant authorities still lack."""

    specified: list[AuthorityRepresentation] = field(default_factory=list)
    relevant: list[RelevantEngagement] = field(default_factory=list)

    @property
    def missing_count(self) -> int:
        return sum(len(authority.missing) for authority in self.specified)

    @property
    def lacking_accountable(self) -> list[Organisation]:
        return [a.organisation for a in self.specified if a.lacks_accountable]

    @property
    def not_engaged_count(self) -> int:
        return sum(1 for engagement in self.relevant if not engagement.has_member)


def _recommended_posts() -> dict[tuple[int, str], str]:
    """The catalogue's first recommended post per (sector id, Duty role field), in one query."""
    through = RecommendedPost.roles.through.objects.select_related(
        "recommendedpost", "dutyrole"
    ).order_by("recommendedpost__sector_id", "recommendedpost__order")
    field_for_slug = {slug: key for key, slug in DUTY_ROLES.items()}
    posts: dict[tuple[int, str], str] = {}
    for row in through:
        role = field_for_slug.get(row.dutyrole.slug)
        if role:
            posts.setdefault((row.recommendedpost.sector_id, role), row.recommendedpost.post)
    return posts


def representation_gaps_for(
    *, partnerships: Iterable[Partnership]
) -> dict[int, RepresentationGaps]:
    """Representation gaps for many partnerships at once, keyed by partnership id.

    Four queries however many partnerships, organisations, members and invitations there are
    (pending invitations show against the gaps they would fill). The caller
    chooses the partnerships (a tenant view passes its own; the convener overview the ones the
    person convenes), and the reads are scoped to exactly those.
    """
    ids = [p.pk for p in partnerships]
    gaps = {pk: RepresentationGaps() for pk in ids}
    if not ids:
        return gaps
    checked_types = [Sector.AuthorityType.SPECIFIED, Sector.AuthorityType.RELEVANT]
    organisations = list(
        Organisation.objects.with_scope(partnership=ids)
        .filter(retired_at__isnull=True, sector__authority_type__in=checked_types)
        .select_related("sector")
    )
    members: dict[int, list[Membership]] = {}
    for membership in (
        Membership.objects.with_scope(partnership=ids)
        .active()
        .filter(
            organisation__retired_at__isnull=True,
            organisation__sector__authority_type__in=checked_types,
        )
        .select_related("user")
    ):
        members.setdefault(membership.organisation_id, []).append(membership)
    invited: dict[int, list[Invitation]] = {}
    for invitation in (
        Invitation.objects.with_scope(partnership=ids)
        .filter(status=Invitation.Status.PENDING, expires_at__gt=timezone.now())
        .order_by("sent_at")
    ):
        invited.setdefault(invitation.organisation_id, []).append(invitation)
    posts = _recommended_posts()
    labels = dict(DUTY_ROLE_CHOICES)
    for organisation in organisations:
        people = members.get(organisation.pk, [])
        partnership_gaps = gaps[organisation.partnership_id]
        if organisation.sector.authority_type == Sector.AuthorityType.RELEVANT:
            partnership_gaps.relevant.append(RelevantEngagement(organisation, len(people)))
            continue
        covers = []
        for role in CHECKED_DUTY_ROLES:
            post = posts.get((organisation.sector_id, role), "")
            covers.append(
                RoleCover(
                    role=role,
                    label=str(labels[role]),
                    needed=role in ALWAYS_NEEDED_DUTY_ROLES or bool(post),
                    recommended_post=post,
                    holders=[m for m in people if getattr(m, role)],
                    invited=[i for i in invited.get(organisation.pk, []) if getattr(i, role)],
                )
            )
        partnership_gaps.specified.append(AuthorityRepresentation(organisation, covers))
    return gaps


def representation_gaps(*, partnership: Partnership) -> RepresentationGaps:
    return representation_gaps_for(partnerships=[partnership])[partnership.pk]


def organisation_counts(*, partnership: Partnership) -> list[tuple[str, str, int]]:
    """Active organisations by statutory role: (authority type, label, count), catalogue order."""
    counts = dict(
        Organisation.objects.filter(partnership=partnership, retired_at__isnull=True)
        .order_by()
        .values_list("sector__authority_type")
        .annotate(count=Count("pk"))
    )
    return [
        (value, str(label), counts.get(value, 0)) for value, label in Sector.AuthorityType.choices
    ]


def member_counts(*, partnership: Partnership) -> list[tuple[str, str, int]]:
    """Active members by portal role: (role, label, count). Consultees are no members."""
    counts = dict(
        Membership.objects.filter(partnership=partnership)
        .active()
        .members()
        .order_by()
        .values_list("portal_role")
        .annotate(count=Count("pk"))
    )
    return [(value, str(label), counts.get(value, 0)) for value, label in MEMBER_ROLE_CHOICES]


def memberships_for_user(*, user) -> QuerySet[Membership]:
    """A person's active memberships, across partnerships, for choosing one.

    Cross-partnership by design: this is how a person finds the partnerships they belong to, so
    it cannot run inside one partnership's scope. It reads only the person's own memberships.
    """
    return (
        Membership.objects.with_scopes_disabled()
        .filter(user=user)
        .active()
        .select_related("partnership", "organisation")
        .order_by("partnership__name")
    )


def convened_partnerships(*, user) -> QuerySet[Partnership]:
    """Partnerships the person convenes, with their active organisation and member counts.

    Cross-partnership by design, like `memberships_for_user`: the convener overview spans every
    partnership where the person holds an active convener membership, and only those.
    """
    convened = (
        Membership.objects.with_scopes_disabled()
        .filter(user=user, portal_role=PortalRole.CONVENER)
        .active()
        .values("partnership")
    )
    organisations = Organisation.objects.with_scopes_disabled().filter(
        partnership=OuterRef("pk"), retired_at__isnull=True
    )
    members = (
        Membership.objects.with_scopes_disabled()
        .filter(partnership=OuterRef("pk"), ended_on__isnull=True)
        .members()
    )
    return (
        Partnership.objects.filter(pk__in=convened)
        .annotate(
            organisation_count=_count_of(organisations),
            member_count=_count_of(members),
        )
        .order_by("name")
    )


def _count_of(queryset: QuerySet) -> Coalesce:
    """A correlated subquery counting the rows of `queryset` for each outer partnership."""
    counted = queryset.order_by().values("partnership").annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# --- members ---


def member_list(
    *,
    partnership: Partnership,
    organisation: Organisation | None = None,
    portal_role: str = "",
    duty_role: str = "",
    include_removed: bool = False,
) -> QuerySet[Membership]:
    """The partnership's members, filtered, with the user and organisation of each row (not
    its consultees: `consultee_list`)."""
    members = (
        Membership.objects.filter(partnership=partnership)
        .members()
        .select_related("user", "organisation__sector")
    )
    if not include_removed:
        members = members.active()
    if organisation is not None:
        members = members.filter(organisation=organisation)
    if portal_role:
        members = members.filter(portal_role=portal_role)
    if duty_role in dict(DUTY_ROLE_CHOICES):
        members = members.filter(**{duty_role: True})
    return members.order_by("user__full_name", "user__email", "pk")


def member_detail(
    *, partnership: Partnership, membership_pk: int, consultees: bool = False
) -> Membership:
    """One membership, current or ended: a removed member's page keeps their history. A
    consultee's only when asked for (their removal): the member pages are for members."""
    memberships = Membership.objects.filter(partnership=partnership)
    if not consultees:
        memberships = memberships.members()
    return get_object_or_404(
        memberships.select_related("user", "organisation__sector", "nominated_by"),
        pk=membership_pk,
    )


def consultee_list(*, partnership: Partnership) -> list[Membership]:
    """The partnership's current consultees, each with `body_name` (the body outside the
    partnership they speak for) and `invited_by` (who invited them), in three queries."""
    consultees = list(
        Membership.objects.filter(partnership=partnership)
        .active()
        .consultees()
        .select_related("user")
        .order_by("user__full_name", "user__email", "pk")
    )
    user_ids = [consultee.user_id for consultee in consultees]
    invited_by = {
        invitation.accepted_by_id: invitation.invited_by
        for invitation in Invitation.objects.filter(
            partnership=partnership,
            portal_role=PortalRole.CONSULTEE,
            status=Invitation.Status.ACCEPTED,
            accepted_by__in=user_ids,
        )
        .select_related("invited_by")
        .order_by("accepted_at")  # the newest acceptance wins
    }
    names = (
        consultees_module.body_names(partnership_id=partnership.pk, user_ids=user_ids)
        if consultees
        else {}
    )
    for consultee in consultees:
        consultee.body_name = names.get(consultee.user_id, "")
        consultee.invited_by = invited_by.get(consultee.user_id)
    return consultees


def member_organisations(*, partnership: Partnership, current: bool) -> QuerySet[Organisation]:
    """Organisations to choose from: every one for filtering, current ones for assigning."""
    organisations = Organisation.objects.filter(partnership=partnership)
    if current:
        organisations = organisations.filter(retired_at__isnull=True)
    return organisations.order_by("name")


def member_recommended_posts(*, membership: Membership) -> list[tuple[str, list[RecommendedPost]]]:
    """For each Duty role the member holds, the posts the guidance recommends in their sector."""
    posts = list(
        RecommendedPost.objects.filter(sector_id=membership.organisation.sector_id)
        .prefetch_related("roles")
        .order_by("order")
    )
    held = set(membership.duty_roles)
    return [
        (
            str(label),
            [p for p in posts if DUTY_ROLES[key] in {r.slug for r in p.roles.all()}],
        )
        for key, label in DUTY_ROLE_CHOICES
        if key in held
    ]
