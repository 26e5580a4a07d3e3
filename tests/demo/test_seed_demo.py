"""The demo a newcomer signs in to: two partnerships with every sector, role and state in them."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
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
from demo.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERS
from oversight import selectors as oversight_selectors
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
from strategies import selectors as strategy_selectors
from strategies.models import (
    Action,
    ActionStatus,
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


@pytest.fixture(scope="module")
def _seeded_once(django_db_setup, django_db_blocker):
    # Seeding takes seconds; these tests only read the demo, so it is built once for the module
    # inside a transaction rolled back at the end. Each test still runs in its own savepoint.
    # Made before any test's settings apply, so with the same fast hasher the tests check with.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast:
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(db, _seeded_once):
    """The demo as `seed_demo` leaves it."""


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
        assessment = Assessment.objects.get(partnership__slug=slug, period="2026/27")
        modules = list(assessment.modules.all())

    assert (assessment.period, assessment.status) == ("2026/27", "draft")
    assert len(modules) == len(AssessmentModule.Kind.values)
    assert any(m.owner_id and m.body for m in modules)


def test_northshires_sna_has_modules_ready_in_progress_and_not_started(seeded):
    with scopes_disabled():
        statuses = [
            m.status
            for m in AssessmentModule.objects.filter(
                partnership__slug="northshire", assessment__period="2026/27"
            )
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
            Finding.objects.filter(
                partnership__slug="northshire", assessment__period="2026/27"
            ).prefetch_related("contributions", "measures")
        )
        recommendations = list(
            Recommendation.objects.filter(
                partnership__slug="northshire", assessment__period="2026/27"
            ).prefetch_related("findings")
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


# --- The response strategy demo ---


def northshire_strategy() -> Strategy:
    with scopes_disabled():
        return Strategy.objects.select_related("assessment", "partnership").get(
            partnership__slug="northshire"
        )


def northshire_actions() -> list[Action]:
    with scopes_disabled():
        return list(
            Action.objects.filter(partnership__slug="northshire").select_related(
                "lead_organisation__sector", "relevant_authority__sector"
            )
        )


def specified_authorities(slug) -> list[Organisation]:
    with scopes_disabled():
        return list(
            Organisation.objects.filter(
                partnership__slug=slug, sector__authority_type=Sector.AuthorityType.SPECIFIED
            )
        )


def test_northshire_has_a_published_strategy_resting_on_its_agreed_2025_26_sna(seeded):
    strategy = northshire_strategy()
    assessment = strategy.assessment
    with scopes_disabled():
        modules = set(assessment.modules.values_list("status", flat=True))
        findings = list(Finding.objects.filter(assessment=assessment))
        priorities = list(
            Priority.objects.filter(strategy=strategy).prefetch_related(
                "findings", "recommendations"
            )
        )
        cited = [
            item
            for priority in priorities
            for item in [*priority.findings.all(), *priority.recommendations.all()]
        ]
        findings_measured = all(f.measures.exists() for f in findings)

    assert strategy.title == "Northshire Serious Violence Strategy 2025 to 2028"
    assert (strategy.status, strategy.start_period, strategy.end_period) == (
        "published",
        "2025/26",
        "2027/28",
    )
    assert (assessment.period, assessment.status) == ("2025/26", "published")
    assert assessment.agreed_on < strategy.created_at.date()
    assert modules == {"agreed"}
    assert len(findings) >= 5 and findings_measured
    assert 4 <= len(priorities) <= 5
    assert all(p.findings.all() or p.recommendations.all() for p in priorities)
    assert {item.assessment_id for item in cited} == {assessment.pk}
    assert sum(p.has_theory_of_change for p in priorities) >= 2


def test_the_demos_2026_27_snas_are_still_drafts_beside_the_agreed_2025_26_ones(seeded):
    with scopes_disabled():
        statuses = dict(
            Assessment.objects.filter(partnership__slug="northshire").values_list(
                "period", "status"
            )
        )

    assert statuses == {"2025/26": "published", "2026/27": "draft"}


def test_northshires_strategy_was_published_13_months_ago_and_revised_as_version_2(seeded):
    strategy = northshire_strategy()
    today = timezone.localdate()
    with scopes_disabled():
        versions = {v.number: v for v in StrategyVersion.objects.filter(strategy=strategy)}

    assert set(versions) == {1, 2} and strategy.version == 2
    assert 380 <= (today - versions[1].published_on).days <= 410
    assert versions[1].published_on < versions[2].published_on == strategy.published_on
    changes = strategy_selectors.version_changes(old=versions[1].snapshot, new=versions[2].snapshot)
    assert [item.title for item in changes.actions.added] == [
        "A safe space on Market Street on Friday and Saturday nights"
    ]
    assert changes.text and changes.priorities.changed and changes.measures.changed


def test_northshires_strategy_has_over_twenty_actions_in_every_status(seeded):
    actions = northshire_actions()

    assert len(actions) >= 20
    assert {a.status for a in actions} == set(ActionStatus.values)
    assert {a.lead_organisation.sector.slug for a in actions} >= {
        "local-authority",
        "police",
        "fire-and-rescue",
        "health",
        "youth-justice",
        "probation",
    }


def test_some_northshire_actions_are_overdue_and_some_stale(seeded):
    actions = northshire_actions()
    overdue = [a for a in actions if a.is_overdue()]
    stale = [a for a in actions if a.is_stale()]

    assert overdue and stale
    # Stale for want of a recent update, not only for never having started.
    assert any(a.last_update_on for a in stale)


def test_every_started_northshire_action_has_a_timeline_by_its_own_organisation(seeded):
    strategy = northshire_strategy()
    with scopes_disabled():
        first_published = StrategyVersion.objects.get(strategy=strategy, number=1).published_on
        members = {
            (m.user_id, m.organisation_id)
            for m in Membership.objects.filter(partnership__slug="northshire").active()
        }
        started = [
            (action, list(action.updates.order_by("updated_on")))
            for action in northshire_actions()
            if action.status != "not_started"
        ]

    assert started
    for action, updates in started:
        assert 1 <= len(updates) <= 4, action.title
        assert {u.organisation_id for u in updates} == {action.lead_organisation_id}
        assert all((u.author_id, u.organisation_id) in members for u in updates), action.title
        assert all(u.updated_on >= first_published for u in updates), action.title
        assert action.last_update_on == updates[-1].updated_on
        assert (action.status, action.progress) == (updates[-1].status, updates[-1].progress)
    updated_on = sorted(u.updated_on for _action, updates in started for u in updates)
    assert (updated_on[-1] - updated_on[0]).days > 300


def test_northshire_actions_are_specified_for_the_education_trust_and_the_prison(seeded):
    specified = {
        a.relevant_authority.sector.slug: a for a in northshire_actions() if a.relevant_authority
    }

    assert set(specified) == {"education", "prisons-and-secure-estate"}
    for action in specified.values():
        assert action.relevant_authority_response == "accepted"
        assert action.relevant_authority_responded_on < timezone.localdate()


def test_northshires_measures_show_trends_from_accepted_figures_with_commentary(seeded):
    strategy = northshire_strategy()
    with scopes_disabled():
        progress = strategy_selectors.measure_list(strategy=strategy)
        commented = {
            measure.pk: MeasureCommentary.objects.filter(measure=measure).count()
            for measure in StrategyMeasure.objects.filter(strategy=strategy)
        }
        linked = [p for p in progress if p.measure.data_measure_id]
        slugs = {p.measure.data_measure.slug for p in linked}

    assert 4 <= len(progress) <= 6
    assert slugs == set(NORTHSHIRE_MEASURES)
    for item in linked:
        assert item.latest_value is not None and len(item.trend) >= 8, item.measure.name
    assert {item.progress for item in linked} >= {"improving", "worse"}
    assert sum(1 for count in commented.values() if count) >= 2
    assert max(commented.values()) >= 2


def test_every_specified_authority_signed_off_each_version_before_it_was_agreed(seeded):
    strategy = northshire_strategy()
    specified = {o.pk for o in specified_authorities("northshire")}
    with scopes_disabled():
        sign_offs = list(
            SignOff.objects.filter(strategy=strategy).select_related("organisation", "recorded_by")
        )
        versions = {v.number: v for v in StrategyVersion.objects.filter(strategy=strategy)}
        members = {
            (m.user_id, m.organisation_id)
            for m in Membership.objects.filter(partnership__slug="northshire").active()
        }
        outstanding = strategy_selectors.sign_offs_outstanding(strategy=strategy)

    assert outstanding == []
    for number, version in versions.items():
        signed = [s for s in sign_offs if s.version == number]
        assert {s.organisation_id for s in signed} == specified, number
        for sign_off in signed:
            assert sign_off.counts_as_signed and sign_off.body and sign_off.minute_reference
            assert sign_off.decided_on < version.published_on
            # Each body's own representative recorded it.
            assert (sign_off.recorded_by_id, sign_off.organisation_id) in members
    assert min(s.decided_on for s in sign_offs if s.version == 2) > versions[1].published_on
    assert len({s.body for s in sign_offs}) >= 6


def test_the_education_trust_and_the_prison_were_consulted_on_northshires_strategy(seeded):
    strategy = northshire_strategy()
    with scopes_disabled():
        consultations = list(
            Consultation.objects.filter(strategy=strategy).select_related("organisation__sector")
        )
        first_agreed = StrategyVersion.objects.get(strategy=strategy, number=1).published_on

    assert {c.organisation.sector.slug for c in consultations} == {
        "education",
        "prisons-and-secure-estate",
    }
    for consultation in consultations:
        assert consultation.invited_on < consultation.responded_on < first_agreed
        assert consultation.response and consultation.taken_into_account


def test_northshire_completed_an_annual_review_and_the_next_is_due_soon(seeded):
    strategy = northshire_strategy()
    today = timezone.localdate()
    with scopes_disabled():
        review = Review.objects.get(strategy=strategy)
        participants = review.participants.count()
        compliance = oversight_selectors.compliance(partnership=strategy.partnership, today=today)
    lines = {line.key: line for line in compliance.lines}

    assert review.is_complete and review.decision == "revise" and review.changes_agreed
    assert review.completed_at.date() == review.reviewed_on == strategy.last_reviewed_on
    assert 320 <= (today - review.reviewed_on).days <= 350
    assert participants >= 6
    assert lines["review"].status == "due_soon"
    assert 0 < compliance.review.days <= 60
    assert lines["strategy"].status == "met"
    assert lines["consulted"].status == "met"
    assert compliance.action_total >= 20


def test_northshires_board_meetings_count_towards_collaboration(seeded):
    partnership = Partnership.objects.get(slug="northshire")
    a_year_ago = timezone.localdate() - timedelta(days=365)
    with scopes_disabled():
        boards = Meeting.objects.filter(
            partnership=partnership, kind="board", held_on__gte=a_year_ago
        )
        participation = strategy_selectors.strategy_participation(partnership_ids=[partnership.pk])
        decided = all(meeting.decisions for meeting in boards)
        board_count = boards.count()

    assert 3 <= board_count <= 4 and decided
    attended = {organisation for organisation, kind in participation if kind == "board"}
    assert {o.pk for o in specified_authorities("northshire")} <= attended


def test_northshire_commissions_a_live_service_and_has_an_opportunity_out_to_tender(seeded):
    with scopes_disabled():
        commissions = {
            c.status: c
            for c in Commission.objects.filter(partnership__slug="northshire").prefetch_related(
                "priorities", "provision"
            )
        }
        live = commissions["live"]
        live_links = (live.priorities.exists(), live.provision.exists())
        tender = commissions["out_to_tender"]

    assert live.kind == "service" and live_links == (True, True)
    assert tender.kind == "opportunity"
    assert tender.starts_on > timezone.localdate()


def test_the_activity_timeline_tells_the_strategy_story_on_the_days_it_happened(seeded):
    strategy = northshire_strategy()
    today = timezone.localdate()
    with scopes_disabled():
        entries = list(
            AuditEntry.objects.filter(
                partnership=strategy.partnership, subject_type="strategy", subject_id=strategy.pk
            ).order_by("occurred_at")
        )
        published = sorted(
            StrategyVersion.objects.filter(strategy=strategy).values_list("published_on", flat=True)
        )
        updates = {
            u.pk: u.updated_on for u in ActionUpdate.objects.filter(action__strategy=strategy)
        }
        update_entries = AuditEntry.objects.filter(
            partnership=strategy.partnership, subject_type="actionupdate"
        )
        update_days = {
            e.subject_id: timezone.localtime(e.occurred_at).date() for e in update_entries
        }

    publishing = [e for e in entries if e.summary == "Strategy published"]
    assert [timezone.localtime(e.occurred_at).date() for e in publishing] == published
    noted = [c["new"] for e in publishing for c in e.changes if c["field"] == "published on"]
    assert noted == [day.isoformat() for day in published]
    assert timezone.localtime(entries[0].occurred_at).date() == strategy.created_at.date()
    assert all(timezone.localtime(e.occurred_at).date() < today for e in entries)
    assert update_days == updates


def test_southvales_first_strategy_is_out_for_consultation_with_sign_offs_to_come(seeded):
    today = timezone.localdate()
    with scopes_disabled():
        strategy = Strategy.objects.select_related("assessment", "partnership").get(
            partnership__slug="southvale"
        )
        outstanding = strategy_selectors.sign_offs_outstanding(strategy=strategy)
        consultations = list(Consultation.objects.filter(strategy=strategy))
        statuses = set(Action.objects.filter(strategy=strategy).values_list("status", flat=True))
        compliance = oversight_selectors.compliance(partnership=strategy.partnership, today=today)
    lines = {line.key: line for line in compliance.lines}

    assert (strategy.status, strategy.start_period) == ("consultation", "2026/27")
    assert strategy.assessment.status == "agreed"
    assert 0 < len(outstanding) < len(specified_authorities("southvale"))
    assert sorted(c.has_responded for c in consultations) == [False, True]
    assert statuses == {"not_started"}
    assert lines["strategy"].status == "not_met"
