"""The partnership's funding pages: Grace the convener divides Northshire's allocation, Paul
records probation's spend (and only probation's), Priya the lead records for any allocation, and
the page's totals and flags add up to the penny."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from assessments.models import ProvisionService
from funding.models import Allocation, SpendRecord
from funding.selectors.partnership import partnership_funding, quarter_of, quarters_elapsed
from funding.services import parts as part_services
from partnerships.access import actor_for
from partnerships.models import AuditEntry
from tests.factories import ActionFactory, OrganisationFactory
from tests.funding.spend_stories import allocation_for, part_of, spend_on
from tests.query_counts import cold_cache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("northshire_built_once")]


def url(name, partnership, *args):
    return reverse(f"tenant:{name}", args=[partnership.slug, *args])


@pytest.fixture
def non_labour(partnership):
    return allocation_for(partnership, amount="40000.00")


@pytest.fixture
def action(partnership, probation):
    with scopes_disabled():
        return ActionFactory(
            priority__strategy__partnership=partnership,
            lead_organisation=probation,
            title="Youth workers in the night-time economy",
        )


# --- dividing an allocation -----------------------------------------------------------------------


def test_the_convener_divides_the_non_labour_allocation_for_probation_and_an_action(
    client_for, convener, partnership, non_labour, probation, action
):
    client = client_for(convener)

    for recipient, amount in (
        (f"organisation-{probation.pk}", "25,000"),
        (f"action-{action.pk}", "£5000.50"),
    ):
        response = client.post(
            url("funding-part-new", partnership, non_labour.pk),
            {"recipient": recipient, "amount": amount, "purpose": "Diversion"},
        )
        assert response.status_code == 302, response.content.decode()

    with scopes_disabled():
        parts = list(non_labour.parts.order_by("pk"))
    assert [(p.organisation_id, p.action_id, p.amount) for p in parts] == [
        (probation.pk, None, Decimal("25000.00")),
        (None, action.pk, Decimal("5000.50")),
    ]
    page = client.get(url("funding", partnership)).content.decode()
    assert "Northshire Probation Delivery Unit" in page
    assert "Youth workers in the night-time economy" in page
    assert "left to divide £9,999.50" in page
    with scopes_disabled():
        assert AuditEntry.objects.filter(
            subject_type="allocation", summary="Allocation divided"
        ).count() == 2  # fmt: skip


def test_dividing_beyond_the_allocation_is_refused_with_what_is_left_to_the_penny(
    client_for, convener, partnership, non_labour, probation, police
):
    part_of(non_labour, amount="30000.00", organisation=probation)

    response = client_for(convener).post(
        url("funding-part-new", partnership, non_labour.pk),
        {"recipient": f"organisation-{police.pk}", "amount": "10000.01", "purpose": "Analysts"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "The parts would come to more than the allocation: £10,000.00 is left to divide" in page
    assert 'value="10000.01"' in page  # what was typed is kept
    with scopes_disabled():
        assert non_labour.parts.count() == 1


def test_a_part_must_go_to_one_of_this_partnerships_own(convener, partnership, non_labour):
    elsewhere = OrganisationFactory(name="Southvale Police", sector_slug="police")
    actor = actor_for(convener, partnership)

    with scope(partnership=partnership), pytest.raises(ValidationError) as refusal:
        part_services.part_create(
            allocation=non_labour,
            data={"organisation": elsewhere, "amount": Decimal("1.00"), "purpose": "x"},
            actor=actor,
        )

    assert "Choose one of this partnership's own" in str(refusal.value)


def test_a_part_with_spend_recorded_is_not_changed_or_removed(
    client_for, convener, partnership, non_labour, probation
):
    part = part_of(non_labour, amount="1000.00", organisation=probation)
    spend_on(part, quarter=1, actual="100.00")
    client = client_for(convener)

    edited = client.post(
        url("funding-part-edit", partnership, part.pk),
        {"recipient": f"organisation-{probation.pk}", "amount": "900", "purpose": "Less"},
    )
    removed = client.post(url("funding-part-remove", partnership, part.pk))

    assert "can no longer be changed" in edited.content.decode()
    assert "can no longer be changed" in removed.content.decode()
    with scopes_disabled():
        assert Allocation.objects.get(pk=part.pk).amount == Decimal("1000.00")


def test_only_the_convener_divides(client_for, lead, partner, partnership, non_labour):
    for person in (lead, partner):
        response = client_for(person).get(url("funding-part-new", partnership, non_labour.pk))
        assert response.status_code == 403


# --- recording spend ------------------------------------------------------------------------------


def test_paul_records_probations_q1_spend_and_a_correction_keeps_its_history(
    client_for, partner, partnership, non_labour, probation
):
    part = part_of(non_labour, amount="12000.00", organisation=probation)
    client = client_for(partner)
    form = client.get(url("funding-spend", partnership, part.pk) + "?quarter=1").content.decode()
    assert 'class="govuk-input__prefix" aria-hidden="true">£</div>' in form

    first = client.post(
        url("funding-spend", partnership, part.pk),
        {"year": "2026/27", "quarter": "1", "actual": "2,999.99", "forecast": "12000",
         "outputs": "40 young people referred"},
    )  # fmt: skip
    with scopes_disabled():
        record = SpendRecord.objects.get(allocation=part)
    corrected = client.post(
        url("funding-spend-edit", partnership, record.pk),
        {"year": "2026/27", "quarter": "1", "actual": "3000.00", "forecast": "11000",
         "variance_reason": "A contract started late"},
    )  # fmt: skip

    assert (first.status_code, corrected.status_code) == (302, 302)
    with scopes_disabled():
        record.refresh_from_db()
        assert (record.actual, record.forecast) == (Decimal("3000.00"), Decimal("11000.00"))
        assert [h.actual for h in record.history.order_by("history_date")] == [
            Decimal("2999.99"),
            Decimal("3000.00"),
        ]
        entries = AuditEntry.objects.filter(subject_type="spendrecord", subject_id=record.pk)
        assert sorted(entries.values_list("summary", flat=True)) == [
            "Spend for Q1 corrected",
            "Spend recorded for Q1",
        ]
    history = client.get(url("funding-spend-edit", partnership, record.pk)).content.decode()
    assert "£2,999.99" in history and "Paul Reid" in history


def test_paul_cannot_record_the_polices_spend(client_for, partner, partnership, non_labour, police):
    part = part_of(non_labour, amount="5000.00", organisation=police)
    record = spend_on(part, quarter=1, actual="10.00")
    client = client_for(partner)

    assert client.get(url("funding-spend", partnership, part.pk)).status_code == 403
    posted = client.post(
        url("funding-spend", partnership, part.pk),
        {"year": "2026/27", "quarter": "2", "actual": "1"},
    )
    assert posted.status_code == 403
    assert client.get(url("funding-spend-edit", partnership, record.pk)).status_code == 403
    # Nor the partnership's allocation itself: that is the lead's.
    assert client.get(url("funding-spend", partnership, non_labour.pk)).status_code == 403


def test_paul_records_for_an_action_and_an_intervention_probation_runs_and_no_others(
    client_for, partner, partnership, non_labour, action, probation, police
):
    with scopes_disabled():
        polices_action = ActionFactory(priority=action.priority, lead_organisation=police)
        mentoring = ProvisionService.objects.create(
            partnership=partnership,
            provider="Northshire Probation",
            name="Mentoring",
            description="One to one",
            area="Northshire",
            tier=ProvisionService.Tier.TERTIARY,
            added_by_organisation=probation,
        )
    ours = [
        part_of(non_labour, amount="5000.00", action=action),
        part_of(non_labour, amount="2000.00", service=mentoring),
    ]
    theirs = part_of(non_labour, amount="3000.00", action=polices_action)
    client = client_for(partner)

    for part in ours:
        posted = client.post(
            url("funding-spend", partnership, part.pk),
            {"year": "2026/27", "quarter": "1", "actual": "250.00"},
        )
        assert posted.status_code == 302
    assert client.get(url("funding-spend", partnership, theirs.pk)).status_code == 403
    with scopes_disabled():
        assert SpendRecord.objects.filter(allocation__in=ours).count() == 2


def test_the_lead_records_spend_for_any_allocation(client_for, lead, partnership, non_labour):
    response = client_for(lead).post(
        url("funding-spend", partnership, non_labour.pk),
        {"year": "2026/27", "quarter": "2", "actual": "0"},
    )

    assert response.status_code == 302
    with scopes_disabled():
        assert SpendRecord.objects.get(allocation=non_labour).quarter == 2


def test_a_bad_amount_is_refused_and_what_was_typed_is_kept(
    client_for, lead, partnership, non_labour
):
    response = client_for(lead).post(
        url("funding-spend", partnership, non_labour.pk),
        {"year": "2025/26", "quarter": "5", "actual": "12.345", "forecast": "-5",
         "outputs": "Kept as typed"},
    )  # fmt: skip

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "no more than two decimal places" in page
    assert "Enter an amount of £0 or more" in page
    assert "Select a valid choice" in page or "Choose" in page
    assert 'value="12.345"' in page and "Kept as typed" in page
    with scopes_disabled():
        assert not SpendRecord.objects.exists()


# --- who sees the page ----------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["lead", "partner", "data_lead", "convener"])
def test_those_who_record_or_allocate_see_the_funding_page(
    request, client_for, partnership, non_labour, person
):
    response = client_for(request.getfixturevalue(person)).get(url("funding", partnership))

    assert response.status_code == 200
    assert f"A-{non_labour.pk}" in response.content.decode()


def test_an_observer_gets_403_and_an_outsider_404(
    client_for, observer, outsider, partnership, non_labour
):
    assert client_for(observer).get(url("funding", partnership)).status_code == 403
    outside = client_for(outsider)
    assert outside.get(url("funding", partnership)).status_code == 404
    assert outside.get(url("funding-spend", partnership, non_labour.pk)).status_code == 404


# --- totals and flags -----------------------------------------------------------------------------


def test_totals_reconcile_to_the_penny(client_for, lead, partnership, probation, police, vcs):
    pennies = allocation_for(partnership, amount="0.03", purpose="Three pennies")
    for organisation in (probation, police, vcs):
        spend_on(part_of(pennies, amount="0.01", organisation=organisation), quarter=1,
                 actual="0.01", forecast="0.01")  # fmt: skip
    other = allocation_for(partnership, kind="labour", amount="10000.01", grant=pennies.line.grant)
    spend_on(other, quarter=1, actual="3333.33", forecast="10000.01")
    spend_on(other, quarter=2, actual="3333.34")

    with scope(partnership=partnership):
        funding = partnership_funding(
            partnership=partnership,
            actor=actor_for(lead, partnership),
            today=datetime.date(2026, 10, 1),
        )
    page = client_for(lead).get(url("funding", partnership)).content.decode()

    assert funding.allocated == Decimal("10000.04")
    assert funding.spent == Decimal("6666.70")
    assert funding.forecast == Decimal("10000.04")
    (three, labour) = sorted(funding.allocations, key=lambda e: e.allocation.amount)
    assert (three.spent, three.quarter_totals[0], three.variance) == (
        Decimal("0.03"), Decimal("0.03"), Decimal("0.00"),
    )  # fmt: skip
    assert not three.flags and not labour.flags
    assert "£10,000.04" in page and "£6,666.70" in page and "£0.03" in page


def test_underspend_slippage_and_reason_needed_flags(
    lead, partnership, non_labour, probation, council
):
    on_track = part_of(non_labour, amount="20000.00", organisation=probation)
    spend_on(on_track, quarter=1, actual="4000.00", forecast="18500.00", variance_reason="Late")
    spend_on(on_track, quarter=2, actual="4000.00", forecast="18500.00", variance_reason="Late")
    behind = part_of(non_labour, amount="20000.00", organisation=council)
    spend_on(behind, quarter=1, actual="1000.00", forecast="15000.00")
    spend_on(behind, quarter=2, actual="2000.00", forecast="15000.00")

    with scope(partnership=partnership):
        funding = partnership_funding(
            partnership=partnership,
            actor=actor_for(lead, partnership),
            today=datetime.date(2026, 10, 15),  # two quarters of 2026/27 have ended
        )

    (entry,) = funding.allocations
    rows = {row.allocation.pk: row for row in entry.rows}
    # 7.5% below its allocation, and £8,000 of an even £10,000 (20% behind): within both limits.
    assert not rows[on_track.pk].flags
    # 25% below, £3,000 of £10,000 (70% behind), and no reason given.
    flags = rows[behind.pk].flags
    assert (flags.underspend, flags.slippage, flags.reason_needed) == (True, True, True)
    assert rows[behind.pk].variance == Decimal("5000.00")
    assert entry.flags.underspend and entry.flags.slippage and entry.flags.reason_needed


def test_quarters_of_the_grant_year():
    assert quarters_elapsed("2026/27", datetime.date(2026, 3, 31)) == 0
    assert quarters_elapsed("2026/27", datetime.date(2026, 7, 1)) == 1
    assert quarters_elapsed("2026/27", datetime.date(2027, 4, 1)) == 4
    assert quarter_of("2026/27", datetime.date(2026, 6, 30)) == 1
    assert quarter_of("2026/27", datetime.date(2027, 2, 1)) == 4
    assert quarter_of("2026/27", datetime.date(2028, 1, 1)) == 4


def test_the_page_asks_the_same_number_of_queries_for_2_or_10_allocations(
    client_for, lead, partnership, probation
):
    def allocations(count):
        for _n in range(count):
            allocation = allocation_for(partnership, amount="1000.00")
            part = part_of(allocation, amount="500.00", organisation=probation)
            spend_on(part, quarter=1, actual="100.00", forecast="500.00")
            spend_on(allocation, quarter=1, actual="50.00")

    client = client_for(lead)
    allocations(2)
    client.get(url("funding", partnership))  # warm the session
    cold_cache()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("funding", partnership)).status_code == 200

    allocations(8)
    cold_cache()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url("funding", partnership))

    assert len(response.context["funding"].allocations) == 10
    assert len(many) == len(few)
