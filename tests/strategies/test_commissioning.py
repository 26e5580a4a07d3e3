"""Commissioning: the lead records commissioned services and opportunities to commission,
each linked to the priorities it answers and the provision map; partners read them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from assessments.models import ProvisionService
from strategies import services
from strategies.models import Commission, Strategy
from tests.factories import OrganisationFactory, PriorityFactory, StrategyFactory

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

GOOD = {
    "kind": "service",
    "title": "Youth workers in A&E",
    "description": "Reachable-moment youth work at the county hospital.",
    "value": "£25,000",
    "starts_on_day": "1",
    "starts_on_month": "4",
    "starts_on_year": "2026",
    "ends_on_day": "31",
    "ends_on_month": "3",
    "ends_on_year": "2028",
    "status": "live",
}


def url(name, partnership, *args):
    return reverse(f"tenant:{name}", args=[partnership.slug, *args])


def provision_service(partnership, organisation, name="Hospital navigators") -> ProvisionService:
    with scopes_disabled():
        return ProvisionService.objects.create(
            partnership=partnership,
            added_by_organisation=organisation,
            provider=organisation.name,
            name=name,
            description="Youth workers at the hospital.",
            area="Northshire",
            tier="secondary",
        )


def commission(partnership, commissioner, **fields) -> Commission:
    values = {
        "kind": Commission.Kind.SERVICE,
        "title": "Detached youth work",
        "status": Commission.Status.LIVE,
    } | fields
    with scopes_disabled():
        return Commission.objects.create(
            partnership=partnership, commissioner=commissioner, **values
        )


def refusal(partnership, lead, **changes) -> dict[str, list[str]]:
    data = {
        "kind": "service",
        "title": "Youth workers in A&E",
        "description": "",
        "status": "live",
    } | changes
    with scope(partnership=partnership), pytest.raises(ValidationError) as refused:
        services.commission_add(partnership=partnership, data=data, acting_user=lead)
    return refused.value.message_dict


# --- Adding and changing --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_lead_adds_a_commissioned_service_linked_to_a_priority_and_the_provision_map(
    client_for, lead, strategy, opcc, police
):
    priority = PriorityFactory(strategy=strategy, title="Knife crime in the town centre")
    service = provision_service(strategy.partnership, police)

    response = client_for(lead).post(
        url("commissioning-new", strategy.partnership),
        GOOD | {"commissioner": opcc.pk, "priorities": [priority.pk], "provision": [service.pk]},
        follow=True,
    )

    html = response.content.decode()
    assert "“Youth workers in A&amp;E” has been added" in html
    assert "£25,000" in html
    assert "1 Apr 2026 to 31 Mar 2028" in html
    assert "Knife crime in the town centre" in html
    assert reverse("tenant:provision-detail", args=["northshire", service.pk]) in html
    with scopes_disabled():
        added = Commission.objects.get()
        assert (added.value, added.starts_on, added.commissioner, added.created_by) == (
            Decimal(25000),
            datetime.date(2026, 4, 1),
            opcc,
            lead,
        )
        assert list(added.priorities.all()) == [priority]
        assert list(added.provision.all()) == [service]


@pytest.mark.django_db
def test_the_value_shows_in_pounds_with_pence_only_when_there_are_some(
    client_for, lead, partnership, opcc
):
    commission(partnership, opcc, title="Mentoring", value=Decimal("1234.50"))
    commission(partnership, opcc, title="Outreach", value=Decimal("1500000"))

    html = client_for(lead).get(url("commissioning", partnership)).content.decode()

    assert "£1,234.50" in html
    assert "£1,500,000" in html


@pytest.mark.django_db
def test_the_lead_changes_a_commissions_status_and_links(client_for, lead, strategy, opcc):
    priority = PriorityFactory(strategy=strategy)
    tender = commission(strategy.partnership, opcc, status=Commission.Status.OUT_TO_TENDER)

    response = client_for(lead).post(
        url("commissioning-edit", strategy.partnership, tender.pk),
        GOOD | {"commissioner": opcc.pk, "status": "ended", "priorities": [priority.pk]},
        follow=True,
    )

    assert "“Youth workers in A&amp;E” has been updated" in response.content.decode()
    with scopes_disabled():
        tender.refresh_from_db()
        assert (tender.status, tender.title) == ("ended", "Youth workers in A&E")
        assert list(tender.priorities.all()) == [priority]


@pytest.mark.django_db
def test_an_end_date_before_the_start_is_refused_and_what_was_typed_is_kept(
    client_for, lead, partnership, opcc
):
    response = client_for(lead).post(
        url("commissioning-new", partnership),
        GOOD | {"commissioner": opcc.pk, "ends_on_year": "2025"},
    )

    html = response.content.decode()
    assert "The end date must be the same as or after the start date" in html
    assert 'value="Youth workers in A&amp;E"' in html
    assert 'value="£25,000"' in html
    with scopes_disabled():
        assert not Commission.objects.exists()


@pytest.mark.django_db
def test_a_negative_value_is_refused(client_for, lead, partnership, opcc):
    response = client_for(lead).post(
        url("commissioning-new", partnership), GOOD | {"commissioner": opcc.pk, "value": "-5"}
    )

    assert "The value must be £0 or more" in response.content.decode()
    with scopes_disabled():
        assert not Commission.objects.exists()


@pytest.mark.django_db
def test_the_service_refuses_a_negative_value_and_an_end_before_the_start(lead, partnership, opcc):
    errors = refusal(
        partnership,
        lead,
        commissioner=opcc,
        value=Decimal(-1),
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2026, 3, 31),
    )

    assert set(errors) == {"value", "ends_on"}


@pytest.mark.django_db
def test_missing_answers_are_explained(client_for, lead, partnership):
    response = client_for(lead).post(url("commissioning-new", partnership), {})

    html = response.content.decode()
    for message in (
        "Select whether it is a commissioned service or an opportunity",
        "Enter the title",
        "Select the commissioner",
        "Select the status",
    ):
        assert message in html


@pytest.mark.django_db
def test_a_priority_of_a_superseded_strategy_is_not_offered_nor_accepted(
    client_for, lead, strategy, opcc
):
    old = StrategyFactory(
        partnership=strategy.partnership,
        start_period="2023/24",
        end_period="2025/26",
        status=Strategy.Status.SUPERSEDED,
    )
    stale = PriorityFactory(strategy=old, title="An old priority")
    PriorityFactory(strategy=strategy, title="A current priority")

    form = client_for(lead).get(url("commissioning-new", strategy.partnership))
    errors = refusal(strategy.partnership, lead, commissioner=opcc, priorities=[stale])

    assert "A current priority" in form.content.decode()
    assert "An old priority" not in form.content.decode()
    assert errors == {"priorities": ["Choose priorities of this partnership's current strategies"]}


@pytest.mark.django_db
def test_a_link_made_before_its_strategy_was_superseded_survives_an_edit(
    client_for, lead, strategy, opcc
):
    old = StrategyFactory(
        partnership=strategy.partnership, start_period="2023/24", end_period="2025/26"
    )
    stale = PriorityFactory(strategy=old, title="An old priority")
    existing = commission(strategy.partnership, opcc)
    with scopes_disabled():
        existing.priorities.set([stale])
        Strategy.objects.filter(pk=old.pk).update(status=Strategy.Status.SUPERSEDED)

    response = client_for(lead).post(
        url("commissioning-edit", strategy.partnership, existing.pk),
        GOOD | {"commissioner": opcc.pk, "status": "ended", "priorities": [stale.pk]},
    )

    assert response.status_code == 302
    with scopes_disabled():
        existing.refresh_from_db()
        assert existing.status == "ended"
        assert list(existing.priorities.all()) == [stale]


@pytest.mark.django_db
def test_a_retired_commissioner_is_refused(lead, partnership, opcc):
    with scopes_disabled():
        opcc.retired_at = timezone.now()
        opcc.save()

    errors = refusal(partnership, lead, commissioner=opcc)

    assert errors == {"commissioner": ["Choose an organisation still in the partnership"]}


@pytest.mark.django_db
def test_links_to_another_partnership_are_refused(lead, partnership, opcc, other_partnership):
    foreign = OrganisationFactory(partnership=other_partnership, sector_slug="police")
    foreign_service = provision_service(other_partnership, foreign)
    foreign_priority = PriorityFactory(strategy=StrategyFactory(partnership=other_partnership))

    errors = refusal(
        partnership,
        lead,
        commissioner=foreign,
        priorities=[foreign_priority],
        provision=[foreign_service],
    )

    assert set(errors) == {"commissioner", "priorities", "provision"}


# --- Reading and filtering ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_filters_by_kind(client_for, partner, partnership, opcc):
    commission(partnership, opcc, title="Detached youth work", kind=Commission.Kind.SERVICE)
    commission(partnership, opcc, title="Trauma-informed schools", kind=Commission.Kind.OPPORTUNITY)

    response = client_for(partner).get(url("commissioning", partnership), {"kind": "opportunity"})

    html = response.content.decode()
    assert "Trauma-informed schools" in html
    assert "Detached youth work" not in html
    assert "1 commissioned service or opportunity" in html


@pytest.mark.django_db
def test_the_list_filters_by_status(client_for, partner, partnership, opcc):
    commission(partnership, opcc, title="Detached youth work", status=Commission.Status.LIVE)
    commission(partnership, opcc, title="Street triage", status=Commission.Status.PLANNED)

    response = client_for(partner).get(url("commissioning", partnership), {"status": "planned"})

    html = response.content.decode()
    assert "Street triage" in html
    assert "Detached youth work" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["partner", "data_lead", "convener"])
def test_partners_read_commissioning_but_may_not_add_or_change_it(
    request, client_for, partnership, opcc, persona
):
    existing = commission(partnership, opcc)
    client = client_for(request.getfixturevalue(persona))

    listing = client.get(url("commissioning", partnership))
    add = client.get(url("commissioning-new", partnership))
    post = client.post(url("commissioning-new", partnership), GOOD | {"commissioner": opcc.pk})
    change = client.post(url("commissioning-edit", partnership, existing.pk), GOOD)

    assert listing.status_code == 200
    assert "Detached youth work" in listing.content.decode()
    assert "Add a service or opportunity" not in listing.content.decode()
    assert (add.status_code, post.status_code, change.status_code) == (403, 403, 403)
    with scopes_disabled():
        assert Commission.objects.count() == 1


@pytest.mark.django_db
def test_an_observer_does_not_see_commissioning(client_for, observer, partnership):
    response = client_for(observer).get(url("commissioning", partnership))

    assert response.status_code == 403


@pytest.mark.django_db
def test_the_list_uses_the_same_queries_for_3_and_12_commissions(
    client_for, lead, strategy, opcc, police
):
    priorities = [PriorityFactory(strategy=strategy) for _ in range(3)]
    provision = [provision_service(strategy.partnership, police, f"Service {n}") for n in range(3)]
    client = client_for(lead)
    counts = []
    made = 0
    for total in (3, 12):
        while made < total:
            row = commission(strategy.partnership, opcc, title=f"Commission {made:02}")
            with scopes_disabled():
                row.priorities.set(priorities[: 1 + made % 3])
                row.provision.set(provision[: 1 + made % 3])
            made += 1
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("commissioning", strategy.partnership))
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
