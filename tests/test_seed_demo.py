"""The demo a newcomer signs in to: two partnerships with every sector, role and state in them."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled
from guardian.core import ObjectPermissionChecker

from partnerships.models import (
    AuditEntry,
    Invitation,
    Membership,
    Organisation,
    Partnership,
    Sector,
)
from partnerships.roles import (
    DUTY_ROLE_CHOICES,
    DUTY_ROLE_PERMISSIONS,
    ROLE_PERMISSIONS,
    PortalRole,
)
from svd_portal.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERS

GUIDANCE_SECTORS = {
    "fire-and-rescue",
    "police",
    "health",
    "prisons-and-secure-estate",
    "youth-justice",
    "probation",
    "local-authority",
    "education",
}


@pytest.fixture
def seeded(db):
    call_command("seed_demo")


def memberships(slug):
    with scopes_disabled():
        return list(
            Membership.objects.filter(partnership__slug=slug)
            .active()
            .select_related("user", "organisation__sector")
        )


def counts() -> dict[str, int]:
    with scopes_disabled():
        return {
            "users": get_user_model().objects.count(),
            "partnerships": Partnership.objects.count(),
            "organisations": Organisation.objects.count(),
            "memberships": Membership.objects.count(),
            "invitations": Invitation.objects.count(),
            "audit entries": AuditEntry.objects.count(),
            "membership history": Membership.history.count(),
            "invitation history": Invitation.history.count(),
        }


@pytest.mark.django_db
def test_seed_demo_creates_the_accounts_the_readme_lists(seeded):
    lead = get_user_model().objects.get(email="lead@example.org")
    assert lead.check_password(DEMO_PASSWORD)
    assert get_user_model().objects.count() == len(DEMO_USERS)


def test_every_demo_account_signs_in_with_the_shared_password(seeded):
    for user in get_user_model().objects.all():
        assert user.check_password(DEMO_PASSWORD), user.email


def test_every_demo_account_is_in_the_readme(seeded, settings):
    text = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")

    for email, *_rest in DEMO_USERS:
        assert f"`{email}`" in text, email


@pytest.mark.django_db
def test_seed_demo_can_run_again_and_converges():
    call_command("seed_demo")
    lead = get_user_model().objects.get(email="lead@example.org")
    lead.set_password("changed-by-someone")
    lead.save()

    call_command("seed_demo")

    assert get_user_model().objects.count() == len(DEMO_USERS)
    lead.refresh_from_db()
    assert lead.check_password(DEMO_PASSWORD)


def test_running_seed_demo_twice_changes_nothing(seeded):
    before = counts()

    call_command("seed_demo")

    assert counts() == before


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="not in production"):
        call_command("seed_demo")

    assert not get_user_model().objects.exists()


def test_the_demo_has_northshire_in_england_and_southvale_in_wales(seeded):
    northshire = Partnership.objects.get(slug="northshire")
    southvale = Partnership.objects.get(slug="southvale")

    assert northshire.name == "Northshire Serious Violence Partnership"
    assert (northshire.nation, northshire.model, northshire.area_type) == (
        "england",
        "vru",
        "police_force",
    )
    assert northshire.areas == ["Northshire"]
    assert southvale.name == "Southvale Community Safety Partnership"
    assert (southvale.nation, southvale.model, southvale.area_type) == (
        "wales",
        "csp",
        "local_authority",
    )
    assert southvale.areas == ["Southvale County Borough"]


@pytest.mark.parametrize("slug", ["northshire", "southvale"])
def test_each_partnership_has_an_organisation_for_every_sector_a_convener_and_a_charity(
    seeded, slug
):
    with scopes_disabled():
        sectors = set(
            Organisation.objects.filter(partnership__slug=slug).values_list(
                "sector__slug", flat=True
            )
        )
        partnership = Partnership.objects.select_related("convener_organisation__sector").get(
            slug=slug
        )

    assert sectors >= GUIDANCE_SECTORS
    assert "voluntary-and-community-sector" in sectors
    assert partnership.convener_organisation.sector.slug == "local-policing-body"


def test_the_health_body_is_an_icb_in_england_and_a_health_board_in_wales(seeded):
    health = Sector.objects.get(slug="health")
    with scopes_disabled():
        names = dict(
            Organisation.objects.filter(sector=health).values_list("partnership__slug", "name")
        )

    assert names["northshire"].endswith("ICB")
    assert names["southvale"].endswith("Health Board")


@pytest.mark.parametrize("slug", ["northshire", "southvale"])
def test_each_partnership_has_every_portal_role_and_every_duty_role(seeded, slug):
    members = memberships(slug)

    assert {m.portal_role for m in members} == set(PortalRole.values)
    held = {role for m in members for role in m.duty_roles}
    assert held == {key for key, _label in DUTY_ROLE_CHOICES}


@pytest.mark.parametrize("slug", ["northshire", "southvale"])
def test_demo_members_hold_their_roles_permissions(seeded, slug):
    partnership = Partnership.objects.get(slug=slug)

    for membership in memberships(slug):
        perms = set(ObjectPermissionChecker(membership.user).get_perms(partnership))
        expected = set(ROLE_PERMISSIONS[membership.portal_role])
        for duty_role, granted in DUTY_ROLE_PERMISSIONS.items():
            if getattr(membership, duty_role):
                expected |= granted
        assert perms == expected, membership.user.email


def test_the_demo_data_lead_belongs_to_both_partnerships(seeded):
    tom = get_user_model().objects.get(email="partner@example.org")

    for slug in ["northshire", "southvale"]:
        membership = next(m for m in memberships(slug) if m.user == tom)
        assert membership.data_lead
        assert membership.organisation.sector.slug == "police"


def test_the_demo_convener_convenes_both_partnerships(seeded):
    for slug in ["northshire", "southvale"]:
        roles = {m.user.email: m.portal_role for m in memberships(slug)}
        assert roles["convener@example.org"] == PortalRole.CONVENER


def test_the_demo_leads_lead_their_partnerships(seeded):
    northshire = {m.user.email: m.portal_role for m in memberships("northshire")}
    southvale = {m.user.email: m.portal_role for m in memberships("southvale")}

    assert northshire["lead@example.org"] == PortalRole.LEAD
    assert southvale["southvale.lead@example.org"] == PortalRole.LEAD
    assert "lead@example.org" not in southvale


def test_the_demo_leaves_representation_gaps_to_show(seeded):
    members = memberships("northshire")

    assert not any(m.organisation.sector.slug == "education" for m in members)
    probation = [m for m in members if m.organisation.sector.slug == "probation"]
    assert probation
    assert not any(m.accountable for m in probation)


@pytest.mark.parametrize("slug", ["northshire", "southvale"])
def test_each_partnership_has_two_pending_invitations_and_one_expired(seeded, slug):
    with scopes_disabled():
        states = [i.state for i in Invitation.objects.filter(partnership__slug=slug)]

    assert sorted(states) == ["expired", "pending", "pending"]


def test_seeding_queues_the_invitation_emails_once_it_commits(
    db, django_capture_on_commit_callbacks
):
    # Celery runs eagerly in tests, so the queued emails arrive in the outbox at once.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")

    recipients = {address for email in mail.outbox for address in email.to}
    assert {"amelia.hart@example.org", "mari.jones@example.org"} <= recipients
