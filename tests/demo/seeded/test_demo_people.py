"""The demo a newcomer signs in to: two partnerships with every sector, role and state in them."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_scopes import scopes_disabled
from guardian.core import ObjectPermissionChecker

from assessments.models import (
    Assessment,
    AssessmentModule,
    Call,
    Contribution,
    DataPoint,
    DefinitionAmendment,
    Finding,
    LocalDefinition,
    ProvisionService,
    Recommendation,
    ReviewComment,
)
from demo.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERS
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
from strategies.models import (
    Action,
    ActionUpdate,
    Commission,
    Consultation,
    MeasureCommentary,
    Meeting,
    Priority,
    Review,
    SignOff,
    Strategy,
    StrategyMeasure,
    StrategyVersion,
)

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
            "definitions": LocalDefinition.objects.count(),
            "definition history": LocalDefinition.history.count(),
            "amendments": DefinitionAmendment.objects.count(),
            "assessments": Assessment.objects.count(),
            "module history": AssessmentModule.history.count(),
            "calls": Call.objects.count(),
            "call history": Call.history.count(),
            "contributions": Contribution.objects.count(),
            "contribution history": Contribution.history.count(),
            "review comments": ReviewComment.objects.count(),
            "data points": DataPoint.objects.count(),
            "findings": Finding.objects.count(),
            "recommendations": Recommendation.objects.count(),
            "provision": ProvisionService.objects.count(),
            "provision history": ProvisionService.history.count(),
            "strategies": Strategy.objects.count(),
            "strategy history": Strategy.history.count(),
            "strategy versions": StrategyVersion.objects.count(),
            "priorities": Priority.objects.count(),
            "actions": Action.objects.count(),
            "action history": Action.history.count(),
            "action updates": ActionUpdate.objects.count(),
            "strategy measures": StrategyMeasure.objects.count(),
            "measure commentaries": MeasureCommentary.objects.count(),
            "sign-offs": SignOff.objects.count(),
            "consultations": Consultation.objects.count(),
            "meetings": Meeting.objects.count(),
            "commissions": Commission.objects.count(),
            "reviews": Review.objects.count(),
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


def test_running_seed_demo_twice_changes_nothing(seeded):
    before = counts()

    call_command("seed_demo")

    assert counts() == before


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

    # A consultee only where a draft strategy is out for consultation: Southvale's.
    wanted = set(PortalRole.values) - ({PortalRole.CONSULTEE} if slug == "northshire" else set())
    assert {m.portal_role for m in members} == wanted
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
        states = [
            i.state
            for i in Invitation.objects.filter(partnership__slug=slug).exclude(
                status=Invitation.Status.ACCEPTED
            )
        ]

    assert sorted(states) == ["expired", "pending", "pending"]
