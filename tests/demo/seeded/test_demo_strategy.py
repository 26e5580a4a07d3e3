"""The demo's response strategy: published and revised in Northshire, out for consultation in
Southvale, with actions, measures, sign-offs, consultation, a review, meetings and commissions."""

from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from assessments.models import (
    Assessment,
    Finding,
)
from oversight import selectors as oversight_selectors
from partnerships.models import (
    AuditEntry,
    Membership,
    Organisation,
    Partnership,
    Sector,
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
from tests.demo.seeded import NORTHSHIRE_MEASURES

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
