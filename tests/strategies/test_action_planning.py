"""Planning the actions: the lead adds and changes them under the priorities while the
strategy is being drafted, and everyone who sees the strategy reads each action's page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from partnerships.models import DutyElement, Membership
from strategies import services
from strategies.models import Action, Strategy
from tests.factories import (
    ActionFactory,
    OrganisationFactory,
    PriorityFactory,
    StrategyFactory,
    StrategyMeasureFactory,
)
from tests.strategies.action_stories import TODAY, set_status, url

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")


def date_fields(prefix: str, value: datetime.date | None) -> dict[str, str]:
    if value is None:
        return {f"{prefix}_day": "", f"{prefix}_month": "", f"{prefix}_year": ""}
    return {
        f"{prefix}_day": str(value.day),
        f"{prefix}_month": str(value.month),
        f"{prefix}_year": str(value.year),
    }


def membership_of(user) -> Membership:
    with scopes_disabled():
        return Membership.objects.get(user=user)


@pytest.fixture
def schools(partnership):
    return OrganisationFactory(
        partnership=partnership, name="Northshire Schools Trust", sector_slug="education"
    )


def action_form(priority, lead_organisation, /, **overrides) -> dict:
    return {
        "priority": str(priority.pk),
        "title": "Youth workers in the night-time economy",
        "description": "Six detached youth workers on Friday and Saturday nights.",
        "lead_organisation": str(lead_organisation.pk),
        "element": str(DutyElement.objects.get(slug="response-strategy").pk),
        **date_fields("start_on", datetime.date(2026, 5, 1)),
        **date_fields("due_on", datetime.date(2027, 3, 31)),
        "funding_source": "Violence Reduction Unit grant",
    } | overrides


def service_data(priority, lead_organisation, /, **overrides) -> dict:
    return {
        "priority": priority,
        "title": "Youth workers in the night-time economy",
        "lead_organisation": lead_organisation,
        "element": DutyElement.objects.get(slug="response-strategy"),
        "start_on": datetime.date(2026, 5, 1),
        "due_on": datetime.date(2027, 3, 31),
    } | overrides


def only_action() -> Action:
    with scopes_disabled():
        return Action.objects.select_related("lead_person").get()


# --- The action page ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_action_page_shows_everything_about_it(
    client_for, partner, priority, probation, police, schools
):
    measure = StrategyMeasureFactory(strategy=priority.strategy, name="Knife-enabled offences")
    action = ActionFactory(
        priority=priority,
        lead_organisation=probation,
        lead_person=membership_of(partner),
        title="Youth workers",
        description="Six *detached* youth workers.",
        funding_source="VRU grant",
        relevant_authority=schools,
        relevant_authority_response=Action.Response.PENDING,
    )
    with scopes_disabled():
        action.contributing_organisations.set([police])
        action.measures.set([measure])

    page = client_for(partner).get(url("actions-detail", action.pk)).content.decode()

    for text in [
        "Youth workers",
        "Six <em>detached</em> youth workers.",
        "Paul Reid",
        "Northshire Police",
        "VRU grant",
        "Knife-enabled offences",
        "Northshire Schools Trust",
        "Awaiting their response",
        "No progress updates yet.",
    ]:
        assert text in page
    assert url("actions-edit", action.pk) not in page


# --- Adding and changing actions ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_lead_adds_an_action_under_a_priority(
    client_for, lead, priority, probation, police, schools
):
    response = client_for(lead).post(
        url("actions-new", priority.strategy.pk),
        action_form(
            priority,
            probation,
            lead_person="",
            contributing_organisations=[str(police.pk)],
            relevant_authority=str(schools.pk),
        ),
    )

    assert response.status_code == 302
    action = only_action()
    assert response.url == url("actions-detail", action.pk)
    assert (action.strategy, action.priority, action.lead_organisation) == (
        priority.strategy,
        priority,
        probation,
    )
    assert action.due_on == datetime.date(2027, 3, 31)
    assert action.relevant_authority_response == Action.Response.PENDING
    with scopes_disabled():
        assert list(action.contributing_organisations.all()) == [police]


@pytest.mark.django_db
def test_the_priority_asked_for_is_preselected(client_for, lead, strategy, priority):
    PriorityFactory(strategy=strategy, title="Another priority")

    page = (
        client_for(lead)
        .get(url("actions-new", strategy.pk) + f"?priority={priority.pk}")
        .content.decode()
    )

    assert f'<option value="{priority.pk}" selected>' in page


@pytest.mark.django_db
def test_a_partner_cannot_add_an_action(client_for, partner, strategy, priority, probation):
    client = client_for(partner)

    assert client.get(url("actions-new", strategy.pk)).status_code == 403
    response = client.post(url("actions-new", strategy.pk), action_form(priority, probation))
    assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            date_fields("due_on", datetime.date(2026, 4, 30)),
            "The due date must be the same as or after the start date",
        ),
        (date_fields("due_on", None), "Enter the due date"),
        ({"title": ""}, "Enter the title"),
        ({"priority": ""}, "Select the priority"),
    ],
)
def test_an_action_needs_a_title_priority_and_a_sensible_due_date(
    client_for, lead, priority, probation, overrides, message
):
    response = client_for(lead).post(
        url("actions-new", priority.strategy.pk), action_form(priority, probation, **overrides)
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    with scopes_disabled():
        assert not Action.objects.exists()


@pytest.mark.django_db
def test_the_lead_person_must_belong_to_the_lead_organisation(
    client_for, lead, partner, priority, police
):
    response = client_for(lead).post(
        url("actions-new", priority.strategy.pk),
        action_form(priority, police, lead_person=str(membership_of(partner).pk)),
    )

    assert response.status_code == 200
    assert (
        "Choose an active member of the lead organisation as the lead person"
        in response.content.decode()
    )


@pytest.mark.django_db
def test_the_service_refuses_a_lead_person_from_another_organisation(
    lead, partner, priority, police
):
    data = service_data(priority, police, lead_person=membership_of(partner))

    with scopes_disabled(), pytest.raises(ValidationError) as refused:
        services.action_add(strategy=priority.strategy, data=data, acting_user=lead)

    assert refused.value.message_dict["lead_person"] == [
        "Choose an active member of the lead organisation as the lead person"
    ]


@pytest.mark.django_db
def test_a_removed_member_cannot_be_the_lead_person(lead, partner, priority, probation):
    membership = membership_of(partner)
    with scopes_disabled():
        Membership.objects.filter(pk=membership.pk).update(ended_on=TODAY())
        membership.refresh_from_db()
    data = service_data(priority, probation, lead_person=membership)

    with scopes_disabled(), pytest.raises(ValidationError) as refused:
        services.action_add(strategy=priority.strategy, data=data, acting_user=lead)

    assert "lead_person" in refused.value.message_dict


@pytest.mark.django_db
def test_an_action_is_specified_only_for_a_relevant_authority(lead, priority, probation, police):
    data = service_data(priority, probation, relevant_authority=police)

    with scopes_disabled(), pytest.raises(ValidationError) as refused:
        services.action_add(strategy=priority.strategy, data=data, acting_user=lead)

    assert refused.value.message_dict["relevant_authority"] == [
        "Choose a relevant authority: an education, prison or youth custody body"
    ]


@pytest.mark.django_db
def test_the_form_offers_only_relevant_authorities(client_for, lead, strategy, schools, police):
    page = client_for(lead).get(url("actions-new", strategy.pk)).content.decode()
    start = page.index('name="relevant_authority"')
    select = page[start : page.index("</select>", start)]

    assert "Northshire Schools Trust" in select
    assert "Northshire Police" not in select


@pytest.mark.django_db
def test_an_action_answers_a_priority_of_its_own_strategy(lead, partnership, strategy, probation):
    elsewhere = PriorityFactory(
        strategy=StrategyFactory(partnership=partnership, start_period="2030/31")
    )
    data = service_data(elsewhere, probation)

    with scopes_disabled(), pytest.raises(ValidationError) as refused:
        services.action_add(strategy=strategy, data=data, acting_user=lead)

    assert refused.value.message_dict["priority"] == ["Choose a priority of this strategy"]


@pytest.mark.django_db
def test_the_lead_organisation_is_not_also_a_contributor(lead, priority, probation):
    data = service_data(priority, probation, contributing_organisations=[probation])

    with scopes_disabled(), pytest.raises(ValidationError) as refused:
        services.action_add(strategy=priority.strategy, data=data, acting_user=lead)

    assert refused.value.message_dict["contributing_organisations"] == [
        "The lead organisation cannot also be a contributing organisation"
    ]


@pytest.mark.django_db
def test_measures_come_from_the_same_strategy(lead, partnership, priority, probation):
    other = StrategyMeasureFactory(
        strategy=StrategyFactory(partnership=partnership, start_period="2030/31")
    )
    data = service_data(priority, probation, measures=[other])

    with scopes_disabled(), pytest.raises(ValidationError) as refused:
        services.action_add(strategy=priority.strategy, data=data, acting_user=lead)

    assert refused.value.message_dict["measures"] == ["Choose measures of this strategy"]


@pytest.mark.django_db
def test_a_published_plan_changes_only_through_a_revision(lead, strategy, priority, probation):
    set_status(strategy, Strategy.Status.PUBLISHED)

    with scopes_disabled(), pytest.raises(ValidationError) as refused:
        services.action_add(
            strategy=strategy, data=service_data(priority, probation), acting_user=lead
        )

    assert "only through a revision" in refused.value.messages[0]


@pytest.mark.django_db
def test_the_add_page_explains_a_published_plan_cannot_change(client_for, lead, strategy):
    set_status(strategy, Strategy.Status.PUBLISHED)

    page = client_for(lead).get(url("actions-new", strategy.pk)).content.decode()

    assert "only through a revision" in page
    assert 'name="title"' not in page


@pytest.mark.django_db
def test_the_lead_changes_an_action(client_for, lead, partner, priority, probation):
    action = ActionFactory(priority=priority, lead_organisation=probation, title="Old title")

    response = client_for(lead).post(
        url("actions-edit", action.pk),
        action_form(
            priority, probation, title="New title", lead_person=str(membership_of(partner).pk)
        ),
    )

    assert response.status_code == 302
    changed = only_action()
    assert changed.title == "New title"
    assert changed.lead_person == membership_of(partner)


@pytest.mark.django_db
def test_changing_the_relevant_authority_asks_the_new_one_afresh(
    lead, partnership, priority, probation, schools
):
    prison = OrganisationFactory(
        partnership=partnership, name="HMP Northshire", sector_slug="prisons-and-secure-estate"
    )
    action = ActionFactory(
        priority=priority,
        lead_organisation=probation,
        relevant_authority=schools,
        relevant_authority_response=Action.Response.ACCEPTED,
        relevant_authority_responded_on=TODAY(),
    )
    with scopes_disabled():
        action = Action.objects.get(pk=action.pk)
        services.action_edit(
            action=action,
            data=service_data(priority, probation, relevant_authority=prison),
            acting_user=lead,
        )

    changed = only_action()
    assert changed.relevant_authority == prison
    assert changed.relevant_authority_response == Action.Response.PENDING
    assert changed.relevant_authority_responded_on is None


@pytest.mark.django_db
def test_a_partner_cannot_change_an_action(client_for, partner, priority, probation):
    action = ActionFactory(priority=priority, lead_organisation=probation)

    assert client_for(partner).get(url("actions-edit", action.pk)).status_code == 403
