"""Every change to a partnership, its organisations, members and invitations.

Each function takes keyword arguments and the person acting, runs in one transaction, and is
audited: django-simple-history records the acting person and the row before and after, and
partnerships/audit.py indexes it on the partnership's timeline. Rules a user can break are
refused with a ValidationError whose message is fit to show them.

An organisation's yearly self-assessment has its own module (self_assessment.py), offered here.
"""

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.contrib.auth.models import Permission as AuthPermission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_scopes import scopes_disabled

from accounts.models import User, normalise_email
from outbox import services as outbox

from .. import tasks
from ..audit import save_with_history
from ..models import (
    INVITATION_LIFETIME,
    Invitation,
    Membership,
    Organisation,
    Partnership,
    PartnershipGroupObjectPermission,
    Sector,
)
from ..roles import DUTY_ROLE_PERMISSIONS, ROLE_PERMISSIONS, PortalRole, group_name
from ._answers import answered as _answered
from .self_assessment import self_assessment_record as self_assessment_record

# --- Partnerships ---------------------------------------------------------------------------------


def partnership_sync_permissions(*, partnership: Partnership) -> None:
    """Make the partnership's role groups hold exactly the permissions roles.py gives them.

    In a few queries whatever the number of roles and permissions: guardian's `assign_perm`
    takes three queries a grant, and every new partnership grants some sixty.
    """
    wanted = {
        group_name(partnership.pk, role): permissions
        for role, permissions in (ROLE_PERMISSIONS | DUTY_ROLE_PERMISSIONS).items()
    }
    existing = set(Group.objects.filter(name__in=wanted).values_list("name", flat=True))
    Group.objects.bulk_create([Group(name=name) for name in wanted if name not in existing])
    groups = {group.name: group for group in Group.objects.filter(name__in=wanted)}
    by_codename = {
        permission.codename: permission
        for permission in AuthPermission.objects.filter(
            content_type=ContentType.objects.get_for_model(Partnership)
        )
    }
    grants = PartnershipGroupObjectPermission.objects.filter(
        content_object=partnership, group__in=groups.values()
    )
    held = set(grants.values_list("group__name", "permission__codename"))
    should = {(name, codename) for name, codenames in wanted.items() for codename in codenames}
    PartnershipGroupObjectPermission.objects.bulk_create(
        [
            PartnershipGroupObjectPermission(
                group=groups[name], permission=by_codename[codename], content_object=partnership
            )
            for name, codename in sorted(should - held)
        ]
    )
    for name, codename in held - should:
        grants.filter(group__name=name, permission__codename=codename).delete()


@transaction.atomic
def partnership_create(
    *,
    name: str,
    slug: str,
    nation: str,
    model: str,
    area_type: str,
    areas: Iterable[str],
    lead_user: User,
    lead_organisation_name: str,
    lead_sector: Sector,
    acting_user: User | None,
    protective_marking: str = Partnership.ProtectiveMarking.OFFICIAL,
) -> Partnership:
    """A new partnership with its role groups, the lead's organisation and its first lead."""
    partnership = Partnership(
        name=name,
        slug=slug,
        nation=nation,
        model=model,
        area_type=area_type,
        areas=list(areas),
        protective_marking=protective_marking,
    )
    partnership.full_clean()
    save_with_history(partnership, acting_user=acting_user, reason=_("Partnership created"))
    partnership_sync_permissions(partnership=partnership)
    organisation = organisation_add(
        partnership=partnership,
        name=lead_organisation_name,
        sector=lead_sector,
        acting_user=acting_user,
    )
    _membership_join(
        partnership=partnership,
        user=lead_user,
        organisation=organisation,
        portal_role=PortalRole.LEAD,
        duty_roles=[],
        acting_user=acting_user,
    )
    return partnership


@transaction.atomic
def partnership_update(
    *,
    partnership: Partnership,
    name: str,
    nation: str,
    model: str,
    area_type: str,
    areas: Iterable[str],
    convener_organisation: Organisation | None,
    protective_marking: str,
    two_factor_for_everyone: bool = False,
    default_language: str | None = None,
    arrangement: dict[str, str] | None = None,
    acting_user: User,
) -> Partnership:
    """Change the partnership's details. Its web address stays, so links people hold still work.
    The protective marking is the default printed on every page of its documents."""
    if convener_organisation and convener_organisation.partnership_id != partnership.pk:
        raise ValidationError(
            {"convener_organisation": _("Choose an organisation in this partnership")}
        )
    partnership.name = name.strip()
    partnership.nation = nation
    partnership.model = model
    partnership.area_type = area_type
    # One entry per area, in the order given, without blanks or repeats.
    partnership.areas = list(dict.fromkeys(area.strip() for area in areas if area.strip()))
    partnership.convener_organisation = convener_organisation
    partnership.protective_marking = protective_marking
    partnership.two_factor_for_everyone = two_factor_for_everyone
    if default_language is not None:
        partnership.default_language = default_language
    if arrangement is not None:
        # The lead's answers to the guidance's arrangement questions, by question number.
        partnership.arrangement = _answered(arrangement)
    partnership.full_clean()
    save_with_history(partnership, acting_user=acting_user, reason=_("Partnership details changed"))
    return partnership


@transaction.atomic
def partnership_set_convener(
    *, partnership: Partnership, organisation: Organisation | None, acting_user: User
) -> None:
    if organisation and organisation.partnership_id != partnership.pk:
        raise ValidationError(_("Choose an organisation in this partnership"))
    partnership.convener_organisation = organisation
    save_with_history(
        partnership, acting_user=acting_user, reason=_("Convener organisation changed")
    )


# --- Organisations --------------------------------------------------------------------------------


def _check_unique_name(*, partnership: Partnership, name: str, exclude_pk=None) -> None:
    with scopes_disabled():
        clash = Organisation.objects.filter(partnership=partnership, name__iexact=name.strip())
        if exclude_pk:
            clash = clash.exclude(pk=exclude_pk)
        if clash.exists():
            raise ValidationError(
                _("The partnership already has an organisation called %(name)s") % {"name": name}
            )


@transaction.atomic
def organisation_add(
    *, partnership: Partnership, name: str, sector: Sector, acting_user: User | None
) -> Organisation:
    _check_unique_name(partnership=partnership, name=name)
    organisation = Organisation(partnership=partnership, name=name.strip(), sector=sector)
    save_with_history(organisation, acting_user=acting_user, reason=_("Organisation added"))
    return organisation


@transaction.atomic
def organisation_edit(
    *, organisation: Organisation, name: str, sector: Sector, acting_user: User
) -> Organisation:
    _check_unique_name(partnership=organisation.partnership, name=name, exclude_pk=organisation.pk)
    organisation.name = name.strip()
    organisation.sector = sector
    save_with_history(organisation, acting_user=acting_user)
    return organisation


@transaction.atomic
def organisation_retire(*, organisation: Organisation, acting_user: User) -> None:
    """Retire rather than delete: its history, and the evidence it gave, stay."""
    with scopes_disabled():
        members = Membership.objects.filter(organisation=organisation).active().count()
    if members:
        raise ValidationError(
            ngettext(
                "%(name)s still has %(count)s active member. Remove them or move them to "
                "another organisation first.",
                "%(name)s still has %(count)s active members. Remove them or move them to "
                "another organisation first.",
                members,
            )
            % {"name": organisation.name, "count": members}
        )
    organisation.retired_at = timezone.now()
    save_with_history(organisation, acting_user=acting_user, reason=_("Organisation retired"))


@transaction.atomic
def organisation_reinstate(*, organisation: Organisation, acting_user: User) -> None:
    organisation.retired_at = None
    save_with_history(organisation, acting_user=acting_user, reason=_("Organisation reinstated"))


# --- Memberships ----------------------------------------------------------------------------------


def _sync_groups(membership: Membership) -> None:
    """Put the person in exactly the groups for their portal role and the Duty roles that carry
    permissions in this partnership (none once the membership has ended)."""
    roles = [*PortalRole.values, *DUTY_ROLE_PERMISSIONS]
    membership.user.groups.remove(
        *Group.objects.filter(name__in=[group_name(membership.partnership_id, r) for r in roles])
    )
    if membership.is_active:
        held = [
            membership.portal_role,
            *(r for r in DUTY_ROLE_PERMISSIONS if getattr(membership, r)),
        ]
        membership.user.groups.add(
            *Group.objects.filter(name__in=[group_name(membership.partnership_id, r) for r in held])
        )


def _other_active_leads(membership: Membership) -> int:
    with scopes_disabled():
        return (
            Membership.objects.filter(
                partnership_id=membership.partnership_id, portal_role=PortalRole.LEAD
            )
            .active()
            .exclude(pk=membership.pk)
            .count()
        )


def _refuse_losing_last_lead(membership: Membership, message: str) -> None:
    if membership.is_lead and membership.is_active and not _other_active_leads(membership):
        raise ValidationError(message)


def _refuse_organisation_for_role(*, organisation: Organisation | None, portal_role: str) -> None:
    """A consultee belongs to no organisation, and everyone else to one (the models' check
    constraint, said here in words a person can act on)."""
    if portal_role == PortalRole.CONSULTEE and organisation is not None:
        raise ValidationError(_("A consultee does not belong to an organisation"))
    if portal_role != PortalRole.CONSULTEE and organisation is None:
        raise ValidationError(_("Choose an organisation"))


def _membership_join(
    *,
    partnership: Partnership,
    user: User,
    organisation: Organisation | None,
    portal_role: str,
    duty_roles: Iterable[str],
    acting_user: User | None,
    job_title: str = "",
) -> Membership:
    """Add a person, or bring back someone removed before: one membership row per person.
    A consultee joins with no organisation and no Duty roles (they hold them for none)."""
    _refuse_organisation_for_role(organisation=organisation, portal_role=portal_role)
    if portal_role == PortalRole.CONSULTEE:
        duty_roles = []
    with scopes_disabled():
        membership = Membership.objects.filter(partnership=partnership, user=user).first()
    if membership and membership.is_active:
        raise ValidationError(_("%(name)s is already a member") % {"name": user})
    if membership is None:
        membership = Membership(partnership=partnership, user=user)
        reason = _("Joined the partnership")
    else:
        reason = _("Rejoined the partnership")
        membership.started_on = timezone.localdate()
        membership.ended_on = None
        # Agreement to be named was given for the earlier membership: they give it again.
        membership.named_in_documents = False
        membership.named_since = None
    membership.organisation = organisation
    membership.portal_role = portal_role
    membership.duty_roles = list(duty_roles)
    membership.job_title = job_title or user.job_title
    save_with_history(membership, acting_user=acting_user, reason=reason)
    _sync_groups(membership)
    return membership


@transaction.atomic
def membership_change_roles(
    *,
    membership: Membership,
    portal_role: str,
    duty_roles: Iterable[str],
    acting_user: User,
    organisation: Organisation | None = None,
) -> Membership:
    if PortalRole.CONSULTEE in {portal_role, membership.portal_role} and (
        portal_role != membership.portal_role
    ):
        # A consultee speaks for a body outside the partnership; a member for one of its
        # organisations. Neither becomes the other by a change of role: invite them afresh.
        raise ValidationError(_("A consultee cannot become a member, nor a member a consultee"))
    if portal_role != PortalRole.LEAD:
        _refuse_losing_last_lead(
            membership,
            _(
                "%(name)s is the partnership's only lead. Make someone else a lead before "
                "changing their role."
            )
            % {"name": membership.user},
        )
    if organisation is not None:
        if organisation.partnership_id != membership.partnership_id or organisation.is_retired:
            raise ValidationError(_("Choose a current organisation in this partnership"))
        membership.organisation = organisation
    membership.portal_role = portal_role
    membership.duty_roles = list(duty_roles)
    save_with_history(membership, acting_user=acting_user, reason=_("Roles changed"))
    _sync_groups(membership)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, acting_user: User) -> None:
    """End the membership; the row and its history stay."""
    _refuse_losing_last_lead(
        membership,
        _("%(name)s is the partnership's only lead. Make someone else a lead before removing them.")
        % {"name": membership.user},
    )
    membership.ended_on = timezone.localdate()
    save_with_history(membership, acting_user=acting_user, reason=_("Removed from the partnership"))
    _sync_groups(membership)


@transaction.atomic
def membership_transfer_lead(
    *, from_membership: Membership, to_membership: Membership, acting_user: User
) -> None:
    """Hand the lead role to another member; the previous lead becomes a duty partner."""
    if (
        to_membership.partnership_id != from_membership.partnership_id
        or not to_membership.is_active
        or to_membership.is_consultee
    ):
        raise ValidationError(_("Choose a current member of this partnership"))
    if to_membership.pk == from_membership.pk:
        raise ValidationError(_("Choose someone other than yourself"))
    to_membership.portal_role = PortalRole.LEAD
    save_with_history(to_membership, acting_user=acting_user, reason=_("Became partnership lead"))
    _sync_groups(to_membership)
    from_membership.portal_role = PortalRole.PARTNER
    save_with_history(
        from_membership, acting_user=acting_user, reason=_("Handed over the lead role")
    )
    _sync_groups(from_membership)


@transaction.atomic
def membership_record_nomination(
    *, membership: Membership, answers: dict[str, str], acting_user: User
) -> None:
    """Keep the lead's answers to the guidance's reflective questions about this person."""
    membership.nomination = _answered(answers)
    membership.nominated_at = timezone.now()
    membership.nominated_by = acting_user
    save_with_history(membership, acting_user=acting_user, reason=_("Nomination recorded"))


@transaction.atomic
def membership_set_named(*, membership: Membership, named: bool, acting_user: User) -> Membership:
    """Give or withdraw a member's agreement to be named in the partnership's documents. Only
    the person themselves decides: nobody agrees or withdraws for them."""
    if acting_user is None or membership.user_id != acting_user.pk:
        raise ValidationError(
            _("Only %(name)s can change whether they are named") % {"name": membership.user}
        )
    if not membership.is_active:
        raise ValidationError(_("You are no longer a member of this partnership"))
    if membership.named_in_documents == named:
        return membership
    membership.named_in_documents = named
    membership.named_since = timezone.now() if named else None
    save_with_history(
        membership,
        acting_user=acting_user,
        reason=_("Agreed to be named in documents")
        if named
        else _("Withdrew agreement to be named in documents"),
    )
    return membership


# --- Invitations ----------------------------------------------------------------------------------


def _send_invitation(invitation: Invitation) -> None:
    outbox.send(tasks.send_invitation_email, invitation.pk)


@transaction.atomic
def invitation_create(
    *,
    partnership: Partnership,
    email: str,
    organisation: Organisation | None,
    portal_role: str,
    duty_roles: Iterable[str],
    acting_user: User,
) -> Invitation:
    """Invite someone to join with the roles given, and email them the link. A consultee is
    invited with no organisation (assessments' `consultee_invite` records the body they come
    from); every other role needs a current organisation of the partnership."""
    email = normalise_email(email)
    _refuse_organisation_for_role(organisation=organisation, portal_role=portal_role)
    if organisation is not None and (
        organisation.partnership_id != partnership.pk or organisation.is_retired
    ):
        raise ValidationError(_("Choose a current organisation in this partnership"))
    if portal_role == PortalRole.CONSULTEE:
        duty_roles = []
    with scopes_disabled():
        if Membership.objects.filter(partnership=partnership, user__email=email).active().exists():
            raise ValidationError(_("%(email)s is already a member") % {"email": email})
        pending = Invitation.objects.filter(
            partnership=partnership, email=email, status=Invitation.Status.PENDING
        ).first()
    if pending and pending.state == Invitation.Status.PENDING:
        raise ValidationError(
            _("%(email)s has already been invited. Resend that invitation instead.")
            % {"email": email}
        )
    if pending:
        # An expired invitation gives way to the new one.
        pending.status = Invitation.Status.REVOKED
        pending.revoked_at = timezone.now()
        save_with_history(
            pending, acting_user=acting_user, reason=_("Replaced by a new invitation")
        )
    invitation = Invitation(
        partnership=partnership,
        email=email,
        organisation=organisation,
        portal_role=portal_role,
        invited_by=acting_user,
    )
    invitation.duty_roles = list(duty_roles)
    save_with_history(invitation, acting_user=acting_user, reason=_("Invitation sent"))
    _send_invitation(invitation)
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, acting_user: User) -> Invitation:
    """Send a fresh link with a fresh 14 days; earlier links stop working."""
    if invitation.state not in {Invitation.Status.PENDING, Invitation.Status.EXPIRED}:
        raise ValidationError(
            _("This invitation was %(state)s, so it cannot be resent.")
            % {"state": invitation.get_state_display().lower()}
        )
    invitation.nonce = Invitation._meta.get_field("nonce").get_default()
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation.sent_at + INVITATION_LIFETIME
    save_with_history(invitation, acting_user=acting_user, reason=_("Invitation resent"))
    _send_invitation(invitation)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, acting_user: User) -> None:
    if invitation.state not in {Invitation.Status.PENDING, Invitation.Status.EXPIRED}:
        raise ValidationError(
            _("This invitation was %(state)s, so it cannot be revoked.")
            % {"state": invitation.get_state_display().lower()}
        )
    invitation.status = Invitation.Status.REVOKED
    invitation.revoked_at = timezone.now()
    save_with_history(invitation, acting_user=acting_user, reason=_("Invitation revoked"))


def invitation_problem(*, invitation: Invitation | None, user: User | None) -> str | None:
    """Why this person cannot accept this invitation now, or None if they can."""
    if invitation is None:
        return "invalid"
    if invitation.state != Invitation.Status.PENDING:
        return invitation.state
    if user is not None and user.is_authenticated and user.email != invitation.email:
        return "wrong_account"
    return None


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Join the partnership the invitation is for, with the roles it offers."""
    with scopes_disabled():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    problem = invitation_problem(invitation=invitation, user=user)
    if problem:
        raise ValidationError(_("This invitation cannot be accepted"), code=problem)
    organisation = invitation.organisation
    membership = _membership_join(
        partnership=invitation.partnership,
        user=user,
        organisation=organisation,
        portal_role=invitation.portal_role,
        duty_roles=invitation.duty_roles,
        acting_user=user,
    )
    invitation.status = Invitation.Status.ACCEPTED
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    save_with_history(invitation, acting_user=user, reason=_("Invitation accepted"))
    return membership


@transaction.atomic
def invitation_accept_as_new_person(
    *, invitation: Invitation, full_name: str, password: str
) -> Membership:
    """Create the invited person's account and join them up in one step."""
    if User.objects.filter(email=invitation.email).exists():
        raise ValidationError(_("An account already uses this email address. Sign in instead."))
    user = User.objects.create_user(invitation.email, password, full_name=full_name.strip())
    return invitation_accept(invitation=invitation, user=user)


# --- Demo data and admin --------------------------------------------------------------------------


@transaction.atomic
def membership_add(
    *,
    partnership: Partnership,
    user: User,
    organisation: Organisation,
    portal_role: str,
    duty_roles: Iterable[str],
    acting_user: User | None,
    job_title: str = "",
) -> Membership:
    """Add a person directly, without an invitation (demo data, operators' commands)."""
    if organisation.partnership_id != partnership.pk or organisation.is_retired:
        raise ValidationError(_("Choose a current organisation in this partnership"))
    return _membership_join(
        partnership=partnership,
        user=user,
        organisation=organisation,
        portal_role=portal_role,
        duty_roles=duty_roles,
        acting_user=acting_user,
        job_title=job_title,
    )


def membership_sync_permissions(*, membership: Membership) -> None:
    """Put the person back in their role's group after an edit made outside these services
    (the Django admin saves the row itself)."""
    _sync_groups(membership)
