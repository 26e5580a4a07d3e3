"""The strategy's actions list: everyone who sees the strategy reads it, and actions that are
overdue or have had no update for 90 days stand out. Planning them is in
test_action_planning.py."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from strategies.models import Action, ActionUpdate, Strategy
from tests.factories import ActionFactory, PriorityFactory, StrategyFactory
from tests.strategies.action_stories import TODAY, set_status, url

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")


# --- The list -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_partners_see_the_current_strategys_actions_with_status_in_words(
    client_for, partner, priority, probation, police, council
):
    youth_workers = ActionFactory(
        priority=priority, lead_organisation=probation, title="Youth workers"
    )
    with scopes_disabled():
        youth_workers.contributing_organisations.set([council, police])
    ActionFactory(
        priority=priority,
        lead_organisation=police,
        title="Knife arches",
        status="at_risk",
        progress=35,
    )

    response = client_for(partner).get(url("actions"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Youth workers" in page and "Knife arches" in page
    assert "Reduce knife crime in the town centre" in page
    assert "Northshire Police" in page
    assert '<strong class="govuk-tag govuk-tag--yellow">At risk</strong>' in page
    assert "35%" in page
    assert "2 actions" in page
    assert "With Northshire County Council, Northshire Police" in page


@pytest.mark.django_db
def test_the_list_follows_the_plan_order(client_for, partner, strategy, probation):
    second = PriorityFactory(strategy=strategy, title="Second priority", order=2)
    first = PriorityFactory(strategy=strategy, title="First priority", order=1)
    ActionFactory(priority=second, lead_organisation=probation, title="Action C", order=0)
    ActionFactory(priority=first, lead_organisation=probation, title="Action B", order=1)
    ActionFactory(priority=first, lead_organisation=probation, title="Action A", order=0)

    page = client_for(partner).get(url("actions")).content.decode()

    assert page.index("Action A") < page.index("Action B") < page.index("Action C")


@pytest.mark.django_db
def test_the_list_shows_the_strategy_asked_for(
    client_for, partner, partnership, strategy, priority, probation
):
    older = StrategyFactory(partnership=partnership, start_period="2023/24", end_period="2025/26")
    ActionFactory(
        priority=PriorityFactory(strategy=older), lead_organisation=probation, title="Old"
    )
    ActionFactory(priority=priority, lead_organisation=probation, title="Current")
    client = client_for(partner)

    current = client.get(url("actions")).content.decode()
    asked = client.get(url("actions") + f"?strategy={older.pk}").content.decode()

    assert "Current" in current and ">Old<" not in current
    assert ">Old<" in asked and "Current</a>" not in asked


@pytest.mark.django_db
def test_a_superseded_strategy_is_not_the_current_one(
    client_for, partner, partnership, strategy, priority, probation
):
    newer = StrategyFactory(partnership=partnership, start_period="2029/30", end_period="2029/30")
    set_status(newer, Strategy.Status.SUPERSEDED)
    ActionFactory(priority=priority, lead_organisation=probation, title="Still current")

    page = client_for(partner).get(url("actions")).content.decode()

    assert "Still current" in page


@pytest.mark.django_db
def test_another_partnerships_strategy_is_a_404(client_for, partner, other_partnership):
    theirs = StrategyFactory(partnership=other_partnership)

    response = client_for(partner).get(url("actions") + f"?strategy={theirs.pk}")

    assert response.status_code == 404


@pytest.mark.django_db
def test_with_no_strategy_the_list_says_so_and_points_to_the_strategy(client_for, partner):
    response = client_for(partner).get(url("actions"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is no response strategy yet" in page
    assert "Add an action" not in page


@pytest.mark.django_db
def test_the_lead_is_offered_add_an_action_while_the_strategy_is_a_draft(
    client_for, lead, strategy
):
    page = client_for(lead).get(url("actions")).content.decode()

    assert url("actions-new", strategy.pk) in page


@pytest.mark.django_db
def test_add_an_action_is_not_offered_once_the_strategy_is_published(client_for, lead, strategy):
    set_status(strategy, Strategy.Status.PUBLISHED)

    page = client_for(lead).get(url("actions")).content.decode()

    assert url("actions-new", strategy.pk) not in page


@pytest.mark.django_db
def test_partners_are_not_offered_add_an_action(client_for, partner, strategy):
    page = client_for(partner).get(url("actions")).content.decode()

    assert url("actions-new", strategy.pk) not in page


# --- Overdue and stale ----------------------------------------------------------------------------


@pytest.fixture
def flagged(priority, probation, police, council):
    """An overdue action, a stale one (no update for 91 days), a fresh one, and a finished one
    that is past due and long unreported but flagged as neither."""
    long_ago = TODAY() - datetime.timedelta(days=91)
    overdue = ActionFactory(
        priority=priority,
        lead_organisation=probation,
        title="Overdue action",
        due_on=TODAY() - datetime.timedelta(days=1),
        last_update_on=TODAY() - datetime.timedelta(days=5),
    )
    stale = ActionFactory(
        priority=priority, lead_organisation=police, title="Stale action", last_update_on=long_ago
    )
    fresh = ActionFactory(
        priority=priority,
        lead_organisation=council,
        title="Fresh action",
        last_update_on=TODAY() - datetime.timedelta(days=90),
    )
    finished = ActionFactory(
        priority=priority,
        lead_organisation=council,
        title="Finished action",
        status="complete",
        due_on=TODAY() - datetime.timedelta(days=200),
        last_update_on=long_ago,
    )
    return {"overdue": overdue, "stale": stale, "fresh": fresh, "finished": finished}


def listed(page: str) -> set[str]:
    names = {"Overdue action", "Stale action", "Fresh action", "Finished action"}
    return {name for name in names if f">{name}</a>" in page}


@pytest.mark.django_db
def test_overdue_and_stale_actions_are_flagged(flagged):
    assert flagged["overdue"].is_overdue() and not flagged["overdue"].is_stale()
    assert flagged["stale"].is_stale() and not flagged["stale"].is_overdue()
    assert not flagged["fresh"].is_stale() and not flagged["fresh"].is_overdue()
    assert not flagged["finished"].is_stale() and not flagged["finished"].is_overdue()


@pytest.mark.django_db
def test_the_list_tags_overdue_and_stale_actions(client_for, partner, flagged):
    page = client_for(partner).get(url("actions")).content.decode()

    assert page.count('<strong class="govuk-tag govuk-tag--red">Overdue</strong>') == 1
    assert page.count("No update for 90 days</strong>") == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("flag", "expected"), [("overdue", {"Overdue action"}), ("stale", {"Stale action"})]
)
def test_the_list_filters_actions_needing_attention(client_for, partner, flagged, flag, expected):
    page = client_for(partner).get(url("actions") + f"?flag={flag}").content.decode()

    assert listed(page) == expected


@pytest.mark.django_db
def test_an_action_never_updated_is_stale_90_days_after_it_was_added(
    client_for, partner, priority, probation
):
    action = ActionFactory(priority=priority, lead_organisation=probation, title="Forgotten")
    with scopes_disabled():
        Action.objects.filter(pk=action.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=100)
        )

    page = client_for(partner).get(url("actions") + "?flag=stale").content.decode()

    assert ">Forgotten</a>" in page


@pytest.mark.django_db
def test_the_list_filters_by_status_and_lead_organisation(
    client_for, partner, flagged, police, council
):
    client = client_for(partner)

    by_status = client.get(url("actions") + "?status=complete").content.decode()
    by_lead = client.get(url("actions") + f"?organisation={council.pk}").content.decode()

    assert listed(by_status) == {"Finished action"}
    assert listed(by_lead) == {"Fresh action", "Finished action"}


@pytest.mark.django_db
def test_an_unknown_filter_value_is_shown_as_an_error_and_the_other_filters_still_apply(
    client_for, partner, flagged, council
):
    response = client_for(partner).get(
        url("actions") + f"?status=nonsense&organisation={council.pk}"
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Choose a status from the list" in page
    assert listed(page) == {"Fresh action", "Finished action"}


@pytest.mark.django_db
def test_the_list_uses_the_same_queries_for_3_and_12_actions(
    client_for, lead, priority, probation, police, council
):
    client = client_for(lead)
    counts = []
    for total in (3, 12):
        with scopes_disabled():
            existing = Action.objects.count()
        for n in range(existing, total):
            action = ActionFactory(priority=priority, lead_organisation=probation, title=f"A{n}")
            with scopes_disabled():
                action.contributing_organisations.set([police, council])
                ActionUpdate.objects.create(
                    partnership=action.partnership,
                    action=action,
                    organisation=probation,
                    updated_on=TODAY(),
                    note="Going well.",
                    status="on_track",
                    progress=50,
                )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("actions"))
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
