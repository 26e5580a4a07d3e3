"""Grace, who convenes Northshire and Southvale for the local policing body, records the Duty
grant awarded to her for both, splits it into its labour and non-labour lines, allocates them
to the two partnerships and records the decision that agreed it; the grant page sums award,
allocation and spend to the penny. A grant is hers only if she convenes every partnership it
covers: to anyone else it is not there."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from funding.access import convened_partnership_ids, grants_for
from funding.models import Allocation, GrantLine, SpendRecord
from funding.selectors import grants as selectors
from funding.services import grants as services
from partnerships.access import actor_for
from partnerships.models import AuditEntry
from partnerships.roles import Permission
from tests.factories import MembershipFactory, OrganisationFactory, PartnershipFactory
from tests.query_counts import cold_cache

LIST = reverse("funding:grants")
NEW = reverse("funding:grants-new")


@pytest.fixture
def grace(convener, other_partnership):
    """Grace convenes Northshire (the `convener` persona) and Southvale too."""
    office = OrganisationFactory(
        partnership=other_partnership, name="Southvale PCC", sector_slug="local-policing-body"
    )
    MembershipFactory(user=convener, organisation=office, portal_role="convener")
    return convener


def award(user, partnerships, amount="200000.00", **changes):
    data = {
        "title": "Serious Violence Duty grant",
        "grant_year": "2026/27",
        "awarded_by": "Home Office",
        "reference": "SVD-26-001",
        "amount": Decimal(amount),
        "conditions": "",
        "awarded_on": datetime.date(2026, 3, 20),
        "starts_on": datetime.date(2026, 4, 1),
        "ends_on": datetime.date(2027, 3, 31),
        "partnerships": list(partnerships),
    }
    return services.grant_create(user=user, data=data | changes)


def lines_of(grant) -> dict[str, GrantLine]:
    return {line.kind: line for line in grant.lines.all()}


@pytest.fixture
def grant(grace, partnership, other_partnership):
    """£200,000 for both: £100,000 labour, £100,000 non-labour."""
    grant = award(grace, [partnership, other_partnership])
    services.grant_lines_set(
        grant=grant, user=grace, labour=Decimal("100000"), non_labour=Decimal("100000")
    )
    return grant


def detail(grant) -> str:
    return reverse("funding:grants-detail", args=[grant.pk])


def date_fields(name: str, day: datetime.date) -> dict:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


# --- Recording the award ---


def test_grace_records_an_award_for_both_partnerships_she_convenes(
    client_for, grace, partnership, other_partnership
):
    response = client_for(grace).post(
        NEW,
        {
            "title": "Serious Violence Duty grant",
            "grant_year": "2026/27",
            "awarded_by": "Home Office",
            "amount": "£250,000.50",
            "partnerships": [partnership.pk, other_partnership.pk],
            **date_fields("awarded_on", datetime.date(2026, 3, 20)),
            **date_fields("starts_on", datetime.date(2026, 4, 1)),
            **date_fields("ends_on", datetime.date(2027, 3, 31)),
        },
    )

    [grant] = grants_for(grace)
    assert response.status_code == 302 and response.url == detail(grant)
    assert grant.amount == Decimal("250000.50")
    assert set(grant.partnerships.all()) == {partnership, other_partnership}
    assert grant.created_by == grace


def test_a_refused_award_keeps_what_was_typed(client_for, grace, partnership):
    response = client_for(grace).post(
        NEW, {"title": "Duty grant 2026", "amount": "12.345", "partnerships": [partnership.pk]}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter an amount in pounds and pence" in html
    assert 'value="Duty grant 2026"' in html and 'value="12.345"' in html
    assert 'class="govuk-input__prefix" aria-hidden="true">£' in html


def test_an_award_may_fund_only_partnerships_she_convenes(grace, partnership, outsider):
    southvale_only_for_oscar = PartnershipFactory(name="Eastmoor", slug="eastmoor")

    with pytest.raises(ValidationError) as refused:
        award(grace, [partnership, southvale_only_for_oscar])

    assert refused.value.message_dict["partnerships"] == ["Select partnerships you convene"]


# --- The lines ---


def test_lines_beyond_the_award_are_refused_saying_by_how_much(grace, partnership):
    grant = award(grace, [partnership], amount="150000")

    with pytest.raises(ValidationError) as refused:
        services.grant_lines_set(
            grant=grant, user=grace, labour=Decimal("100000"), non_labour=Decimal("50000.01")
        )

    [message] = refused.value.messages
    assert "£150,000.01, £0.01 more than the £150,000.00 awarded" in message
    assert not grant.lines.exists()


def test_a_line_cannot_fall_below_what_is_allocated_from_it(grace, grant, partnership):
    services.allocation_create(
        grant=grant,
        line=lines_of(grant)["labour"],
        partnership=partnership,
        amount=Decimal("60000"),
        purpose="Analyst",
        user=grace,
    )

    with pytest.raises(ValidationError) as refused:
        services.grant_lines_set(
            grant=grant, user=grace, labour=Decimal("50000"), non_labour=Decimal("100000")
        )

    assert refused.value.message_dict["labour"] == [
        "£60,000.00 of this line is allocated already: enter £60,000.00 or more"
    ]


# --- Allocations ---


def test_grace_allocates_labour_and_non_labour_to_both_partnerships(
    client_for, grace, grant, partnership, other_partnership
):
    client = client_for(grace)
    url = reverse("funding:allocations-new", args=[grant.pk])
    for line, place, amount in [
        ("labour", partnership, "60,000"),
        ("non_labour", partnership, "25000.50"),
        ("labour", other_partnership, "40000"),
        ("non_labour", other_partnership, "30000"),
    ]:
        response = client.post(
            url, {"line": line, "partnership": place.pk, "amount": amount, "purpose": "Delivery"}
        )
        assert response.status_code == 302, response.context["form"].errors

    summary = selectors.grant_summary(grant, today=datetime.date(2026, 5, 1))
    northshire, southvale = summary.partnerships
    assert northshire.partnership == partnership
    assert [f.allocated for f in northshire.by_line] == [Decimal("60000.00"), Decimal("25000.50")]
    assert southvale.overall.allocated == Decimal("70000.00")
    assert [f.unallocated for f in summary.by_line] == [Decimal("0.00"), Decimal("44999.50")]
    page = client.get(detail(grant)).content.decode()
    assert "£85,000.50" in page and "£44,999.50" in page


def test_over_allocation_is_refused_with_the_amount_left_and_keeps_what_was_typed(
    client_for, grace, grant, partnership, other_partnership
):
    services.allocation_create(
        grant=grant,
        line=lines_of(grant)["labour"],
        partnership=partnership,
        amount=Decimal("60000"),
        purpose="Programme lead",
        user=grace,
    )

    response = client_for(grace).post(
        reverse("funding:allocations-new", args=[grant.pk]),
        {
            "line": "labour",
            "partnership": other_partnership.pk,
            "amount": "40,000.01",
            "purpose": "Analyst",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "That is £0.01 more than the labour line has left: £40,000.00 is left to allocate" in html
    )
    assert 'value="40,000.01"' in html and 'value="Analyst"' in html
    assert Allocation.objects.with_scopes_disabled().count() == 1


def test_three_thirds_of_a_line_leave_a_penny(grace, grant, partnership, other_partnership):
    labour = lines_of(grant)["labour"]
    for place in [partnership, other_partnership, partnership]:
        services.allocation_create(
            grant=grant,
            line=labour,
            partnership=place,
            amount=Decimal("33333.33"),
            purpose="A third",
            user=grace,
        )

    summary = selectors.grant_summary(grant)
    assert summary.by_line[0].allocated == Decimal("99999.99")
    assert summary.by_line[0].unallocated == Decimal("0.01")
    assert sum(row.overall.allocated for row in summary.partnerships) == Decimal("99999.99")
    with pytest.raises(ValidationError, match=r"£0\.01 is left to allocate"):
        services.allocation_create(
            grant=grant,
            line=labour,
            partnership=partnership,
            amount=Decimal("0.02"),
            purpose="Too much",
            user=grace,
        )


def test_only_a_partnership_the_grant_funds_may_be_allocated_to(grace, partnership):
    grant = award(grace, [partnership])
    services.grant_lines_set(
        grant=grant, user=grace, labour=Decimal("1000"), non_labour=Decimal("1000")
    )
    eastmoor = PartnershipFactory(name="Eastmoor", slug="eastmoor")

    with pytest.raises(ValidationError) as refused:
        services.allocation_create(
            grant=grant,
            line=lines_of(grant)["labour"],
            partnership=eastmoor,
            amount=Decimal("10"),
            purpose="",
            user=grace,
        )

    assert set(refused.value.message_dict) == {"partnership", "purpose"}  # every error at once


@pytest.fixture
def allocated(grace, grant, partnership):
    return services.allocation_create(
        grant=grant,
        line=lines_of(grant)["non_labour"],
        partnership=partnership,
        amount=Decimal("50000"),
        purpose="Interventions",
        user=grace,
    )


def test_an_allocation_cannot_fall_below_the_parts_it_is_divided_into(
    grace, allocated, partnership, police
):
    with scopes_disabled():
        Allocation.objects.create(
            partnership=partnership,
            line=allocated.line,
            parent=allocated,
            organisation=police,
            amount=Decimal("20000"),
            purpose="Police diversion",
        )

    with pytest.raises(ValidationError, match=r"divided £20,000\.00 of it into parts"):
        services.allocation_edit(
            allocation=allocated, user=grace, amount=Decimal("19999.99"), purpose="Interventions"
        )
    with pytest.raises(ValidationError, match="divided it into parts"):
        services.allocation_remove(allocation=allocated, user=grace)


def test_once_spend_is_recorded_an_allocation_is_neither_reduced_nor_removed(
    grace, allocated, partnership
):
    with scopes_disabled():
        SpendRecord.objects.create(
            partnership=partnership,
            allocation=allocated,
            year="2026/27",
            quarter=1,
            actual=Decimal("100"),
        )

    with pytest.raises(ValidationError, match="Spend is recorded against it"):
        services.allocation_edit(
            allocation=allocated, user=grace, amount=Decimal("40000"), purpose="Interventions"
        )
    with pytest.raises(ValidationError, match="cannot be removed"):
        services.allocation_remove(allocation=allocated, user=grace)
    services.allocation_edit(
        allocation=allocated, user=grace, amount=Decimal("55000"), purpose="Interventions"
    )  # raising it is fine


def test_grace_removes_an_allocation_and_its_money_goes_back_to_the_line(
    client_for, grace, grant, allocated
):
    url = reverse("funding:allocations-remove", args=[grant.pk, allocated.pk])

    response = client_for(grace).post(url)

    assert response.status_code == 302
    assert not Allocation.objects.with_scopes_disabled().exists()
    assert selectors.grant_summary(grant).by_line[1].unallocated == Decimal("100000.00")


def test_a_partnership_with_allocations_stays_on_the_grant(
    grace, grant, allocated, other_partnership
):
    data = {name: getattr(grant, name) for name in services.GRANT_FIELDS}

    with pytest.raises(ValidationError) as refused:
        services.grant_edit(
            grant=grant, user=grace, data=data | {"partnerships": [other_partnership]}
        )

    assert refused.value.message_dict["partnerships"] == [
        "Northshire Serious Violence Partnership has allocations from this grant: remove them first"
    ]


# --- The summary ---


def test_spend_of_an_allocation_and_its_parts_is_summed_and_underspend_flagged(
    grace, grant, allocated, partnership, police
):
    with scopes_disabled():
        part = Allocation.objects.create(
            partnership=partnership,
            line=allocated.line,
            parent=allocated,
            organisation=police,
            amount=Decimal("10000"),
            purpose="Police diversion",
        )
        for allocation, actual in [(allocated, "5000.10"), (part, "2499.95")]:
            SpendRecord.objects.create(
                partnership=partnership,
                allocation=allocation,
                year="2026/27",
                quarter=1,
                actual=Decimal(actual),
            )

    # Two quarters ended: an even share of £50,000 is £25,000, and £7,500.05 is under ¾ of it.
    summary = selectors.grant_summary(grant, today=datetime.date(2026, 10, 1))

    northshire = summary.partnerships[0]
    assert northshire.overall.spent == Decimal("7500.05")
    assert northshire.overall.expected == Decimal("25000.00")
    assert northshire.overall.underspent
    assert summary.underspending == [northshire]
    assert not summary.partnerships[1].overall.underspent  # nothing allocated, nothing expected
    assert selectors.grant_summary(grant, today=datetime.date(2026, 6, 30)).underspending == []


def test_the_grant_list_shows_award_allocated_and_spent(client_for, grace, grant, allocated):
    response = client_for(grace).get(LIST)

    [listed] = response.context["grants"]
    assert (listed.amount, listed.allocated, listed.spent) == (
        Decimal("200000.00"),
        Decimal("50000.00"),
        Decimal("0.00"),
    )


# --- Who may reach it ---


def test_a_convener_of_only_one_of_its_partnerships_neither_sees_nor_reaches_it(
    client_for, convener, partnership, other_partnership
):
    """Grace convenes only Northshire here: a grant that also funds Southvale is not hers."""
    rival = OrganisationFactory(
        partnership=other_partnership, name="Southvale PCC", sector_slug="local-policing-body"
    )
    other_convener = MembershipFactory(organisation=rival, portal_role="convener").user
    MembershipFactory(
        user=other_convener,
        organisation=OrganisationFactory(
            partnership=partnership, name="Northshire PCC deputy", sector_slug="local-policing-body"
        ),
        portal_role="convener",
    )
    grant = award(other_convener, [partnership, other_partnership])
    client = client_for(convener)

    assert client.get(LIST).context["grants"] == []
    assert client.get(detail(grant)).status_code == 404
    for url in [
        reverse("funding:grants-edit", args=[grant.pk]),
        reverse("funding:grants-lines", args=[grant.pk]),
        reverse("funding:allocations-new", args=[grant.pk]),
        reverse("funding:decisions-new", args=[grant.pk]),
    ]:
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url


def test_a_missing_grant_is_the_same_404(client_for, grace):
    assert client_for(grace).get(reverse("funding:grants-detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("persona", ["lead", "partner", "data_lead", "observer", "outsider"])
def test_no_one_but_a_convener_reaches_the_grant_pages(
    request, client_for, grant, partnership, persona
):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(LIST).status_code == 404
    assert client.get(detail(grant)).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(LIST)

    assert response.status_code == 302 and "sign-in" in response.url


def test_the_services_refuse_someone_who_may_not_reach_the_grant(grant, lead):
    with pytest.raises(PermissionDenied):
        services.decision_record(grant=grant, user=lead, data={})


def test_convened_partnerships_agree_with_the_actor_check(grace, partnership, other_partnership):
    expected = {
        p.pk
        for p in (partnership, other_partnership)
        if actor_for(grace, p).may(Permission.MANAGE_FUNDING)
    }

    assert convened_partnership_ids(grace) == expected == {partnership.pk, other_partnership.pk}


def test_the_convener_overview_links_to_the_duty_grant(client_for, convener):
    assert LIST in client_for(convener).get(reverse("convener-overview")).content.decode()


# --- The activity timelines ---


def entries(partnership, subject_type):
    return list(
        AuditEntry.objects.with_scopes_disabled()
        .filter(partnership=partnership, subject_type=subject_type)
        .values_list("summary", "actor_id")
    )


def test_changes_to_the_grant_are_on_every_covered_partnerships_timeline(
    grace, grant, partnership, other_partnership
):
    services.decision_record(
        grant=grant,
        user=grace,
        data={
            "decided_on": datetime.date(2026, 4, 10),
            "decided_by": "Northshire PCC, at the partnership board",
            "reference": "PCC-D-2026-14",
            "summary": "Agreed the allocations.",
        },
    )

    for place in (partnership, other_partnership):
        assert entries(place, "grant") == [
            ("Grant lines set", grace.pk),
            ("Grant of £200,000.00 awarded by Home Office", grace.pk),
        ]
        assert entries(place, "grantdecision") == [
            ("Decision recorded: Northshire PCC, at the partnership board", grace.pk)
        ]


def test_an_allocation_is_on_its_own_partnerships_timeline_only(
    grace, allocated, partnership, other_partnership
):
    assert entries(partnership, "allocation") == [
        (
            "£50,000.00 allocated from the non-labour line of "
            "Serious Violence Duty grant (2026/27)",
            grace.pk,
        )
    ]
    assert entries(other_partnership, "allocation") == []


def test_a_changed_award_says_what_changed(grace, grant, partnership):
    data = {name: getattr(grant, name) for name in services.GRANT_FIELDS}
    services.grant_edit(
        grant=grant,
        user=grace,
        data=data | {"amount": Decimal("210000"), "partnerships": list(grant.partnerships.all())},
    )

    entry = (
        AuditEntry.objects.with_scopes_disabled()
        .filter(partnership=partnership, summary="Grant changed")
        .get()
    )
    assert entry.changes == [
        {"field": "amount awarded", "old": "£200,000.00", "new": "£210,000.00"}
    ]


def test_a_decision_cannot_be_dated_in_the_future(grace, grant):
    with pytest.raises(ValidationError) as refused:
        services.decision_record(
            grant=grant,
            user=grace,
            data={"decided_on": datetime.date(2999, 1, 1), "decided_by": "", "summary": ""},
        )

    assert set(refused.value.message_dict) == {"decided_on", "decided_by", "summary"}


# --- Query counts ---


def convene(user, count: int) -> list:
    places = []
    for number in range(count):
        place = PartnershipFactory(name=f"Partnership {number:02}", slug=f"place-{number}")
        office = OrganisationFactory(
            partnership=place, name=f"PCC {number}", sector_slug="local-policing-body"
        )
        MembershipFactory(user=user, organisation=office, portal_role="convener")
        places.append(place)
    return places


def allocate_each(user, grant, places) -> None:
    for line in grant.lines.all():
        for place in places:
            allocation = services.allocation_create(
                grant=grant,
                line=line,
                partnership=place,
                amount=Decimal("100"),
                purpose="Delivery",
                user=user,
            )
            with scopes_disabled():
                SpendRecord.objects.create(
                    partnership=place,
                    allocation=allocation,
                    year="2026/27",
                    quarter=1,
                    actual=Decimal("10"),
                )


def queries_for(client, url) -> int:
    cold_cache()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_grant_page_asks_as_many_queries_for_2_allocations_as_for_10(
    client_for, grace, partnership
):
    client = client_for(grace)
    small = award(grace, [partnership], amount="1000")
    services.grant_lines_set(
        grant=small, user=grace, labour=Decimal("500"), non_labour=Decimal("500")
    )
    allocate_each(grace, small, [partnership])  # 2 allocations
    list_of_one = queries_for(client, LIST)
    places = convene(grace, 4)
    large = award(grace, [partnership, *places], amount="5000")
    services.grant_lines_set(
        grant=large, user=grace, labour=Decimal("2500"), non_labour=Decimal("2500")
    )
    allocate_each(grace, large, [partnership, *places])  # 10 allocations

    assert queries_for(client, detail(small)) == queries_for(client, detail(large))
    assert queries_for(client, LIST) == list_of_one


def test_the_summary_is_four_queries_however_many_partnerships(
    django_assert_num_queries, grace, grant
):
    with django_assert_num_queries(4):
        selectors.grant_summary(grant)
