"""Publishing freezes the strategy exactly as published; later revisions make new versions, and
anyone who reads the strategy can see what changed between them."""

import datetime
import json
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from strategies import selectors, services
from strategies.models import Action, Priority, SignOff, Strategy, StrategyVersion
from tests.factories import ActionFactory, PriorityFactory, StrategyMeasureFactory

S = Strategy.Status


def url(name, partnership, *args, query=""):
    return reverse(f"tenant:{name}", args=[partnership.slug, *args]) + query


def with_status(strategy, status):
    with scopes_disabled():
        Strategy.objects.filter(pk=strategy.pk).update(status=status)
    strategy.refresh_from_db()


def move(strategy, status, user):
    with scopes_disabled():
        return services.strategy_transition(strategy=strategy, status=status, acting_user=user)


def publish(strategy, user):
    with_status(strategy, S.AGREED)
    return move(strategy, S.PUBLISHED, user)


def snapshot_of(strategy, number=1) -> dict:
    with scopes_disabled():
        return StrategyVersion.objects.get(strategy=strategy, number=number).snapshot


@pytest.fixture
def plan(strategy, council, police):
    """The draft strategy with one priority citing a finding, an action and a measure."""
    priority = PriorityFactory(
        strategy=strategy, title="Make the town centre safe at night", rationale="Knives."
    )
    with scopes_disabled():
        priority.findings.set(
            strategy.assessment.findings.filter(title="Knife crime in the town centre at night")
        )
    action = ActionFactory(
        priority=priority,
        lead_organisation=police,
        title="Put youth workers in the night-time economy",
        due_on=datetime.date(2027, 3, 31),
        funding_source="Serious Violence Duty grant",
    )
    with scopes_disabled():
        action.contributing_organisations.set([council])
    StrategyMeasureFactory(strategy=strategy, priority=priority, name="Knife offences")
    return strategy


def revise(strategy, user):
    """Start a revision of the published strategy (version 2)."""
    return move(strategy, S.UNDER_REVIEW, user)


# --- Freezing ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_publishing_freezes_the_strategy_as_version_1(lead, plan):
    publish(plan, lead)

    snapshot = snapshot_of(plan)
    priority = snapshot["priorities"][0]
    action = priority["actions"][0]
    assert snapshot["title"] == "Northshire Serious Violence Strategy"
    assert priority["title"] == "Make the town centre safe at night"
    assert priority["findings"] == ["Knife crime in the town centre at night"]
    assert (action["title"], action["lead_organisation"], action["due_on"]) == (
        "Put youth workers in the night-time economy",
        "Northshire Police",
        "2027-03-31",
    )
    assert action["contributing_organisations"] == ["Northshire County Council"]
    assert snapshot["measures"][0] | {"id": None} == {
        "id": None,
        "name": "Knife offences",
        "priority": "Make the town centre safe at night",
        "kind": "Outcome",
        "data_measure": "",
        "baseline": "100",
        "baseline_period": "2025/26",
        "target": "80",
        "target_period": "2028/29",
        "direction": "Lower is better",
        "frequency": "Quarterly",
        "restricted": False,
    }


@pytest.mark.django_db
def test_the_version_records_who_published_it_and_when(lead, plan, time_machine):
    time_machine.move_to(
        datetime.datetime(2026, 7, 1, 12, tzinfo=zoneinfo.ZoneInfo("Europe/London")), tick=False
    )

    publish(plan, lead)

    with scopes_disabled():
        version = StrategyVersion.objects.get(strategy=plan)
    assert (version.published_on, version.published_by) == (datetime.date(2026, 7, 1), lead)


@pytest.mark.django_db
def test_the_snapshot_is_plain_json(lead, plan):
    with scopes_disabled():
        snapshot = services.strategy_snapshot(plan)

    assert json.loads(json.dumps(snapshot)) == snapshot


@pytest.mark.django_db
def test_later_edits_to_priorities_and_actions_leave_the_published_version_alone(lead, plan):
    publish(plan, lead)
    revise(plan, lead)
    with scopes_disabled():
        priority = Priority.objects.get(strategy=plan)
        services.priority_edit(
            priority=priority, data={"title": "Safer streets after dark"}, acting_user=lead
        )
        Action.objects.filter(strategy=plan).update(title="Street pastors", progress=60)

    snapshot = snapshot_of(plan)
    assert snapshot["priorities"][0]["title"] == "Make the town centre safe at night"
    assert snapshot["priorities"][0]["actions"][0]["title"] == (
        "Put youth workers in the night-time economy"
    )
    assert snapshot["priorities"][0]["actions"][0]["progress"] == 0


@pytest.mark.django_db
def test_the_version_page_still_shows_the_text_as_published(client_for, lead, partnership, plan):
    publish(plan, lead)
    revise(plan, lead)
    with scopes_disabled():
        priority = Priority.objects.get(strategy=plan)
        services.priority_edit(
            priority=priority, data={"title": "Safer streets after dark"}, acting_user=lead
        )
        Action.objects.filter(strategy=plan).update(title="Street pastors")
        version = StrategyVersion.objects.get(strategy=plan)

    html = (
        client_for(lead)
        .get(url("strategies-version", partnership, plan.pk, version.pk))
        .content.decode()
    )

    assert "Make the town centre safe at night" in html
    assert "Put youth workers in the night-time economy" in html
    assert "31 March 2027" in html
    assert "Safer streets after dark" not in html
    assert "Street pastors" not in html


@pytest.mark.django_db
def test_the_version_page_is_drawn_from_the_snapshot_alone(client_for, lead, partnership, plan):
    with scopes_disabled():
        version = StrategyVersion.objects.create(
            partnership=partnership,
            strategy=plan,
            number=1,
            published_on=datetime.date(2026, 4, 1),
            snapshot={
                "title": "A strategy that once was",
                "period": "2026/27",
                "priorities": [{"title": "A priority since removed", "rationale": "Once."}],
            },
        )

    html = (
        client_for(lead)
        .get(url("strategies-version", partnership, plan.pk, version.pk))
        .content.decode()
    )

    assert "A strategy that once was, version 1" in html
    assert "A priority since removed" in html
    assert "Make the town centre safe at night" not in html


@pytest.mark.django_db
def test_a_version_of_another_strategy_is_not_found_under_this_one(
    client_for, lead, partnership, plan, sna
):
    publish(plan, lead)
    with scopes_disabled():
        version = StrategyVersion.objects.get(strategy=plan)
    other = PriorityFactory(
        strategy__partnership=partnership,
        strategy__assessment=sna,
        strategy__start_period="2029/30",
    ).strategy

    response = client_for(lead).get(url("strategies-version", partnership, other.pk, version.pk))

    assert response.status_code == 404


# --- Comparing --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_comparing_versions_shows_a_changed_priority_title_and_an_added_action(
    client_for, lead, partnership, plan, council, police
):
    publish(plan, lead)
    revise(plan, lead)
    with scopes_disabled():
        priority = Priority.objects.get(strategy=plan)
        services.priority_edit(
            priority=priority, data={"title": "Safer streets after dark"}, acting_user=lead
        )
        for organisation in (council, police):
            SignOff.objects.create(
                partnership=partnership,
                strategy=plan,
                version=2,
                organisation=organisation,
                decision=SignOff.Decision.APPROVED,
                body="Board",
                decided_on=datetime.date(2027, 1, 5),
            )
    ActionFactory(priority=priority, lead_organisation=council, title="Open a youth hub")
    move(plan, S.AGREED, lead)
    move(plan, S.PUBLISHED, lead)

    html = (
        client_for(lead)
        .get(url("strategies-versions", partnership, plan.pk, query="?old=1&new=2"))
        .content.decode()
    )

    assert "What changed from version 1 to version 2" in html
    assert "<del>Make the town centre safe at night</del>" in html
    assert "<ins>Safer streets after dark</ins>" in html
    added = html.split('id="action-changes"')[1].split("Removed")[0]
    assert "Open a youth hub" in added


@pytest.mark.django_db
def test_the_versions_page_shows_what_changed_since_publication(
    client_for, lead, partnership, plan
):
    publish(plan, lead)
    revise(plan, lead)
    with scopes_disabled():
        services.strategy_edit(
            strategy=plan, data={"summary": "Fewer young people hurt by knives."}, acting_user=lead
        )

    html = client_for(lead).get(url("strategies-versions", partnership, plan.pk)).content.decode()

    assert "What has changed since version 1" in html
    assert "Fewer young people hurt by knives." in html


@pytest.mark.django_db
def test_nothing_changed_since_publication_is_said_plainly(client_for, lead, partnership, plan):
    publish(plan, lead)

    html = client_for(lead).get(url("strategies-versions", partnership, plan.pk)).content.decode()

    assert "Nothing has changed." in html


@pytest.mark.django_db
def test_comparing_a_version_with_itself_is_explained(client_for, lead, partnership, plan):
    publish(plan, lead)

    html = (
        client_for(lead)
        .get(url("strategies-versions", partnership, plan.pk, query="?old=1&new=1"))
        .content.decode()
    )

    assert "Select a different version to compare with" in html
    assert "govuk-error-summary" in html


@pytest.mark.django_db
def test_a_strategy_not_yet_published_has_no_versions(client_for, lead, partnership, strategy):
    html = (
        client_for(lead).get(url("strategies-versions", partnership, strategy.pk)).content.decode()
    )

    assert "The strategy has not been published yet." in html


def test_text_is_compared_word_by_word():
    assert selectors.word_diff("Reduce knife crime", "Reduce violent knife crime") == [
        ("same", "Reduce"),
        ("added", " violent"),
        ("same", " knife crime"),
    ]


def test_a_changed_word_is_removed_then_added():
    assert selectors.word_diff("Reduce knife crime", "Reduce gun crime") == [
        ("same", "Reduce "),
        ("removed", "knife"),
        ("added", "gun"),
        ("same", " crime"),
    ]


def test_version_changes_list_removed_priorities_and_changed_measure_fields():
    old = {
        "title": "Strategy",
        "priorities": [
            {"id": 1, "title": "Knife crime", "actions": []},
            {"id": 2, "title": "Exclusion", "actions": []},
        ],
        "measures": [{"id": 5, "name": "Knife offences", "target": "80", "priority": ""}],
    }
    new = {
        "title": "Strategy",
        "priorities": [{"id": 1, "title": "Knife crime", "actions": []}],
        "measures": [{"id": 5, "name": "Knife offences", "target": "70", "priority": ""}],
    }

    changes = selectors.version_changes(old=old, new=new)

    assert [item.title for item in changes.priorities.removed] == ["Exclusion"]
    assert not changes.priorities.added
    (measure,) = changes.measures.changed
    assert [(f.label, f.old, f.new) for f in measure.fields] == [("Target", "80", "70")]


def test_an_action_moved_to_another_priority_is_a_change_not_an_addition():
    action = {"id": 9, "title": "Youth hub", "status_label": "On track"}
    old = {
        "priorities": [
            {"id": 1, "title": "Knife crime", "actions": [action]},
            {"id": 2, "title": "Exclusion", "actions": []},
        ]
    }
    new = {
        "priorities": [
            {"id": 1, "title": "Knife crime", "actions": []},
            {"id": 2, "title": "Exclusion", "actions": [action]},
        ]
    }

    changes = selectors.version_changes(old=old, new=new)

    assert not changes.actions.added and not changes.actions.removed
    (moved,) = changes.actions.changed
    assert [(f.label, f.old, f.new) for f in moved.fields] == [
        ("Priority", "Knife crime", "Exclusion")
    ]


def test_renaming_a_priority_does_not_show_its_actions_as_moved():
    action = {"id": 9, "title": "Youth hub", "status_label": "On track"}
    old = {"priorities": [{"id": 1, "title": "Knife crime", "actions": [action]}]}
    new = {"priorities": [{"id": 1, "title": "Safer streets", "actions": [action]}]}

    changes = selectors.version_changes(old=old, new=new)

    assert not changes.actions
    assert [f.label for f in changes.priorities.changed[0].fields] == ["Title"]


@pytest.mark.django_db
def test_typed_markup_in_a_comparison_is_shown_as_text(client_for, lead, partnership, plan):
    publish(plan, lead)
    revise(plan, lead)
    with scopes_disabled():
        services.strategy_edit(
            strategy=plan,
            data={"foreword": 'We <script>alert("x")</script> will act.'},
            acting_user=lead,
        )

    html = client_for(lead).get(url("strategies-versions", partnership, plan.pk)).content.decode()

    assert '<script>alert("x")' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


# --- Who may see --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_partners_read_the_versions(client_for, partner, lead, partnership, plan):
    publish(plan, lead)
    with scopes_disabled():
        version = StrategyVersion.objects.get(strategy=plan)
    client = client_for(partner)

    assert client.get(url("strategies-versions", partnership, plan.pk)).status_code == 200
    assert (
        client.get(url("strategies-version", partnership, plan.pk, version.pk)).status_code == 200
    )


@pytest.mark.django_db
def test_observers_do_not_see_the_versions(client_for, observer, partnership, strategy):
    response = client_for(observer).get(url("strategies-versions", partnership, strategy.pk))

    assert response.status_code == 403


@pytest.mark.django_db
def test_a_version_number_is_published_once(lead, plan):
    publish(plan, lead)
    with_status(plan, S.AGREED)

    with pytest.raises(ValidationError) as refused:
        move(plan, S.PUBLISHED, lead)

    assert "Version 1 has already been published" in str(refused.value)


# --- Constant queries -------------------------------------------------------------------------


def _grow(strategy, organisation, count):
    with scopes_disabled():
        findings = list(strategy.assessment.findings.all())
    for _number in range(count):
        priority = PriorityFactory(strategy=strategy)
        with scopes_disabled():
            priority.findings.set(findings)
        action = ActionFactory(priority=priority, lead_organisation=organisation)
        with scopes_disabled():
            action.contributing_organisations.set([organisation])
        StrategyMeasureFactory(strategy=strategy, priority=priority)


@pytest.mark.django_db
def test_the_snapshot_takes_the_same_queries_for_3_or_12_priorities(lead, strategy, council):
    counts = []
    for count in (3, 9):
        _grow(strategy, council, count)
        with CaptureQueriesContext(connection) as queries, scopes_disabled():
            snapshot = services.strategy_snapshot(strategy)
        counts.append(len(queries))

    assert len(snapshot["priorities"]) == 12
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_the_versions_page_takes_the_same_queries_for_3_or_12_priorities(
    client_for, lead, partnership, strategy, council
):
    publish(strategy, lead)
    revise(strategy, lead)
    client = client_for(lead)
    counts = []
    for count in (3, 9):
        _grow(strategy, council, count)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("strategies-versions", partnership, strategy.pk))
        assert response.status_code == 200
        counts.append(len(queries))

    assert "What has changed since version 1" in response.content.decode()
    assert counts[0] == counts[1]
