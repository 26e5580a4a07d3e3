"""The demo a newcomer signs in to: two partnerships with every sector, role and state in them."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_scopes import scopes_disabled
from guardian.core import ObjectPermissionChecker

from assessments import selectors
from assessments.models import (
    Assessment,
    AssessmentModule,
    Call,
    Contribution,
    DataPoint,
    DefinitionAmendment,
    Finding,
    LocalDefinition,
    Measure,
    ProvisionService,
    Recommendation,
    ReviewComment,
)
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


# --- The SNA demo ---


NORTHSHIRE_MEASURES = [
    "knife-offensive-weapon-offences",
    "violence-with-injury",
    "hospital-admissions-sharp-object",
    "deliberate-fires",
]


def contributions(slug) -> list[Contribution]:
    with scopes_disabled():
        return list(
            Contribution.objects.filter(partnership__slug=slug).select_related(
                "organisation__sector", "element", "call"
            )
        )


@pytest.mark.parametrize("slug", ["northshire", "southvale"])
def test_each_partnership_has_a_local_definition_agreed_on_1_april_2025(seeded, slug):
    with scopes_disabled():
        agreed = LocalDefinition.objects.get(partnership__slug=slug, status="agreed")
        agreed_by = {o.sector.slug for o in agreed.agreed_by.select_related("sector")}

    assert (agreed.version, agreed.agreed_on) == (1, date(2025, 4, 1))
    assert agreed.created_at.date() < agreed.agreed_on
    assert {"police", "fire-and-rescue", "health", "local-authority"} <= agreed_by
    assert {"youth-justice", "probation"} <= agreed_by


def test_northshire_has_a_draft_version_2_with_a_partners_open_amendment(seeded):
    with scopes_disabled():
        draft = LocalDefinition.objects.get(partnership__slug="northshire", status="draft")
        amendment = DefinitionAmendment.objects.select_related("proposed_by__user").get(
            definition=draft
        )

    assert draft.version == 2
    assert len(draft.violence_types) > 6
    assert amendment.status == "open"
    assert amendment.proposed_by.portal_role == PortalRole.PARTNER
    assert amendment.reason


@pytest.mark.parametrize("slug", ["northshire", "southvale"])
def test_each_partnership_has_a_draft_sna_for_2026_27_with_its_modules(seeded, slug):
    with scopes_disabled():
        assessment = Assessment.objects.get(partnership__slug=slug)
        modules = list(assessment.modules.all())

    assert (assessment.period, assessment.status) == ("2026/27", "draft")
    assert len(modules) == len(AssessmentModule.Kind.values)
    assert any(m.owner_id and m.body for m in modules)


def test_northshires_sna_has_modules_ready_in_progress_and_not_started(seeded):
    with scopes_disabled():
        statuses = [
            m.status for m in AssessmentModule.objects.filter(partnership__slug="northshire")
        ]

    assert statuses.count("ready") >= 2
    assert {"in_progress", "not_started"} <= set(statuses)


def test_northshire_has_an_open_call_for_data_leads_and_a_closed_call_past_due(seeded):
    today = timezone.localdate()
    with scopes_disabled():
        calls = {c.status: c for c in Call.objects.filter(partnership__slug="northshire")}
        open_measures = set(calls["open"].measures.values_list("slug", flat=True))
        completeness = selectors.calls_completeness(
            calls=Call.objects.filter(pk=calls["closed"].pk).prefetch_related("organisations"),
            today=today,
        )[calls["closed"].pk]

    assert calls["open"].due_on > today
    assert (calls["open"].audience, calls["open"].duty_role) == ("duty_role", "data_lead")
    assert open_measures == {"knife-offensive-weapon-offences", "violence-with-injury"}
    assert calls["closed"].due_on < today
    assert calls["closed"].issued_at.date() < calls["closed"].due_on
    # Answered on time, answered late, and not answered at all.
    assert completeness.on_time >= 3
    assert completeness.submitted > completeness.on_time
    assert completeness.overdue >= 1


def test_northshire_has_contributions_in_every_state_across_sectors_and_elements(seeded):
    items = contributions("northshire")

    assert {c.status for c in items} == set(Contribution.Status.values)
    assert any(c.changed_since_accepted for c in items)
    assert len({c.organisation.sector.slug for c in items}) >= 5
    assert len({c.element.slug for c in items}) >= 4
    with scopes_disabled():
        returned = [c for c in items if c.status == "returned"]
        assert all(c.comments.exists() for c in returned)


def test_southvale_has_a_smaller_set_of_contributions_and_an_open_call(seeded):
    items = contributions("southvale")
    with scopes_disabled():
        call = Call.objects.get(partnership__slug="southvale")

    assert {"draft", "submitted", "accepted"} <= {c.status for c in items}
    assert call.status == "open" and call.due_on > timezone.localdate()


def test_northshire_has_three_years_of_quarterly_figures_for_four_measures(seeded):
    with scopes_disabled():
        points = list(
            DataPoint.objects.filter(partnership__slug="northshire").select_related(
                "measure", "contribution"
            )
        )

    for slug in NORTHSHIRE_MEASURES:
        figures = [p for p in points if p.measure.slug == slug]
        assert len(figures) >= 48, slug
        quarters = sorted({p.period_label for p in figures})
        assert (len(quarters), quarters[0], quarters[-1]) == (12, "2023-Q2", "2026-Q1")
    assert {p.area for p in points} == {"Northshire"}
    assert {p.contribution.kind for p in points} == {"data_return"}
    assert {p.contribution.status for p in points} == {"accepted"}


@pytest.mark.parametrize("slug", ["northshire", "southvale"])
def test_some_quarterly_totals_are_small_enough_to_be_suppressed(seeded, slug):
    partnership = Partnership.objects.get(slug=slug)
    with scopes_disabled():
        measure = Measure.objects.get(slug="hospital-admissions-sharp-object")
        trend = selectors.data_measure_trend(partnership=partnership, measure=measure)

    assert len(trend) == 12
    assert any(1 <= total <= 4 for _label, total in trend)


def test_northshire_has_findings_of_several_kinds_resting_on_evidence(seeded):
    with scopes_disabled():
        findings = list(
            Finding.objects.filter(partnership__slug="northshire").prefetch_related(
                "contributions", "measures"
            )
        )
        recommendations = list(
            Recommendation.objects.filter(partnership__slug="northshire").prefetch_related(
                "findings"
            )
        )

        assert len({f.kind for f in findings}) >= 4
        for finding in findings:
            cited = list(finding.contributions.all())
            assert cited or finding.measures.exists(), finding.title
            # Accepted when cited; one has changed since.
            assert all(c.accepted_revision for c in cited), finding.title
        assert any(c.changed_since_accepted for f in findings for c in f.contributions.all())
        assert len(recommendations) == 2
        assert all(r.findings.exists() for r in recommendations)


def test_northshire_has_a_curated_provision_map_with_mixed_tiers(seeded):
    with scopes_disabled():
        services = list(ProvisionService.objects.filter(partnership__slug="northshire"))

    assert 4 <= len(services) <= 6
    assert len({s.tier for s in services}) == 3
    assert {s.curated for s in services} == {True, False}
    for service in services:
        assert service.provider and service.description and service.area, service.name
        assert service.age_min is not None and service.age_max is not None, service.name
