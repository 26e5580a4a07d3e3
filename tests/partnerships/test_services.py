"""The rules every change to a partnership obeys, whoever makes it and from wherever."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled
from guardian.core import ObjectPermissionChecker

from partnerships import services
from partnerships.models import AuditEntry, Invitation, Membership, Sector
from partnerships.roles import ROLE_PERMISSIONS, PortalRole

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")


def perms(user, partnership) -> set[str]:
    return set(ObjectPermissionChecker(user).get_perms(partnership))


def membership_of(user, partnership) -> Membership:
    with scopes_disabled():
        return Membership.objects.get(user=user, partnership=partnership)


@pytest.mark.django_db
def test_creating_a_partnership_makes_its_first_lead(priya):
    partnership = services.partnership_create(
        name="Eastmarsh Violence Reduction Partnership",
        slug="eastmarsh",
        nation="england",
        model="vru",
        area_type="police_force",
        areas=["Eastmarsh"],
        lead_user=priya,
        lead_organisation_name="Eastmarsh VRU",
        lead_sector=Sector.objects.get(slug="local-policing-body"),
        acting_user=None,
    )

    assert membership_of(priya, partnership).portal_role == PortalRole.LEAD
    assert perms(priya, partnership) == ROLE_PERMISSIONS[PortalRole.LEAD]


@pytest.mark.django_db
def test_each_role_holds_exactly_its_permissions(
    partnership, lead, partner, data_lead, convener, observer
):
    for user, role in [(partner, "partner"), (convener, "convener"), (observer, "observer")]:
        assert perms(user, partnership) == ROLE_PERMISSIONS[role]


@pytest.mark.django_db
def test_a_role_change_moves_the_person_between_permission_groups(partnership, lead, partner):
    services.membership_change_roles(
        membership=membership_of(partner, partnership),
        portal_role=PortalRole.OBSERVER,
        duty_roles=["frontline"],
        acting_user=lead,
    )

    assert perms(partner, partnership) == ROLE_PERMISSIONS[PortalRole.OBSERVER]
    assert membership_of(partner, partnership).duty_roles == ["frontline"]


@pytest.mark.django_db
def test_the_last_lead_cannot_be_demoted(partnership, lead):
    with pytest.raises(ValidationError, match="only lead"):
        services.membership_change_roles(
            membership=membership_of(lead, partnership),
            portal_role=PortalRole.PARTNER,
            duty_roles=[],
            acting_user=lead,
        )

    assert membership_of(lead, partnership).portal_role == PortalRole.LEAD


@pytest.mark.django_db
def test_the_last_lead_cannot_be_removed(partnership, lead):
    with pytest.raises(ValidationError, match="only lead"):
        services.membership_remove(membership=membership_of(lead, partnership), acting_user=lead)


@pytest.mark.django_db
def test_transferring_the_lead_lets_the_old_lead_step_down(partnership, lead, partner):
    services.membership_transfer_lead(
        from_membership=membership_of(lead, partnership),
        to_membership=membership_of(partner, partnership),
        acting_user=lead,
    )

    assert membership_of(partner, partnership).portal_role == PortalRole.LEAD
    assert membership_of(lead, partnership).portal_role == PortalRole.PARTNER
    assert "manage_members" not in perms(lead, partnership)


@pytest.mark.django_db
def test_removal_ends_the_membership_keeps_the_row_and_drops_permissions(
    partnership, lead, partner
):
    services.membership_remove(membership=membership_of(partner, partnership), acting_user=lead)

    membership = membership_of(partner, partnership)
    assert membership.ended_on is not None
    assert perms(partner, partnership) == set()


@pytest.mark.django_db
def test_an_invitation_is_emailed_with_a_working_link(
    partnership, lead, police, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            partnership=partnership,
            email="New.Analyst@Example.org",
            organisation=police,
            portal_role=PortalRole.PARTNER,
            duty_roles=["data_lead"],
            acting_user=lead,
        )

    assert invitation.email == "new.analyst@example.org"
    assert mail.outbox[0].to == ["new.analyst@example.org"]
    assert "Northshire Serious Violence Partnership" in mail.outbox[0].subject
    assert Invitation.from_token(mail.outbox[0].body.split("/invitations/")[1].split("/")[0])


@pytest.mark.django_db
def test_accepting_makes_a_member_with_the_offered_roles(partnership, lead, police):
    invitation = services.invitation_create(
        partnership=partnership,
        email="ana@example.org",
        organisation=police,
        portal_role=PortalRole.PARTNER,
        duty_roles=["data_lead", "frontline"],
        acting_user=lead,
    )

    membership = services.invitation_accept_as_new_person(
        invitation=invitation, full_name="Ana Costa", password="a-long-passphrase"
    )

    assert membership.organisation == police
    assert membership.duty_roles == ["data_lead", "frontline"]
    invitation.refresh_from_db()
    assert invitation.state == Invitation.Status.ACCEPTED
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, user=membership.user)


@pytest.mark.django_db
def test_a_resend_replaces_the_link(partnership, lead, police):
    invitation = services.invitation_create(
        partnership=partnership,
        email="ana@example.org",
        organisation=police,
        portal_role="partner",
        duty_roles=[],
        acting_user=lead,
    )
    old_token = invitation.make_token()

    services.invitation_resend(invitation=invitation, acting_user=lead)

    assert Invitation.from_token(old_token) is None
    assert Invitation.from_token(invitation.make_token()) == invitation


@pytest.mark.django_db
def test_changes_are_audited_with_who_and_before_and_after(partnership, lead, partner):
    services.membership_change_roles(
        membership=membership_of(partner, partnership),
        portal_role=PortalRole.OBSERVER,
        duty_roles=[],
        acting_user=lead,
    )

    with scopes_disabled():
        entry = AuditEntry.objects.filter(partnership=partnership).first()
    assert entry.actor == lead
    assert entry.summary == "Roles changed"
    assert {"field": "portal role", "old": "Duty partner", "new": "Observer"} in entry.changes
    assert {"field": "responsible", "old": "Yes", "new": "No"} in entry.changes


@pytest.mark.django_db
def test_an_organisation_with_members_cannot_be_retired(partnership, lead, probation, partner):
    with pytest.raises(ValidationError, match="still has 1 active member"):
        services.organisation_retire(organisation=probation, acting_user=lead)


@pytest.mark.django_db
def test_tenant_rows_refuse_queries_outside_a_partnership_scope(partnership, lead):
    from django_scopes import ScopeError

    with pytest.raises(ScopeError):
        list(Membership.objects.all())
