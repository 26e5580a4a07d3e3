"""Grace convenes Northshire and Southvale for the local policing body. She records the Duty
grant awarded to her for both, splits it into labour and non-labour, and allocates each line to
the two partnerships: one allocation asks for more than the labour line has left, and the page
says how much is left without losing anything she typed. The grant page then shows award,
allocation and spend for each partnership. With JavaScript on and off, and axe-core checking
each page on the way."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import test_strategy_journey as strategy_journey
from tests.browser.test_lead_journey import sign_in
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NORTHSHIRE = "Northshire Serious Violence Partnership"
SOUTHVALE = "Southvale Community Safety Partnership"


@pytest.fixture
def grace_page(browser, live_server, catalogue, javascript):
    context, page = strategy_journey._new_page(browser, live_server, javascript)
    yield page
    context.close()


@pytest.fixture
def grace(convener, other_partnership):
    """The convener of Northshire also convenes Southvale."""
    office = OrganisationFactory(
        partnership=other_partnership, name="Southvale PCC", sector_slug="local-policing-body"
    )
    MembershipFactory(user=convener, organisation=office, portal_role="convener")
    return convener


def fill_date(page, legend: str, day: int, month: int, year: int) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day))
    group.get_by_label("Month").fill(str(month))
    group.get_by_label("Year").fill(str(year))


def fill_award(page, *, title: str, year: str, amount: str, partnerships: list[str]) -> None:
    """The award form, filled in for a grant year that runs April to March."""
    start = int(year[:4])
    page.get_by_label("Title").fill(title)
    page.get_by_label("Grant year").fill(year)
    expect(page.get_by_label("Awarded by")).to_have_value("Home Office")
    page.get_by_label("Amount awarded").fill(amount)
    fill_date(page, "Awarded on", 20, 3, start)
    fill_date(page, "Funding starts on", 1, 4, start)
    fill_date(page, "Funding ends on", 31, 3, start + 1)
    for name in partnerships:
        page.get_by_label(name).check()


def fill_lines(page, *, labour: str, non_labour: str) -> None:
    page.get_by_label("Labour", exact=True).fill(labour)
    page.get_by_label("Non-labour", exact=True).fill(non_labour)


def allocate(page, line: str, partnership: str, amount: str, purpose: str) -> None:
    page.get_by_role("radio", name=re.compile(f"^{line} \\(")).check()
    page.get_by_label("Partnership").select_option(label=partnership)
    page.get_by_label("Amount").fill(amount)
    page.get_by_label("What it pays for").fill(purpose)
    page.get_by_role("button", name="Allocate").click()


def test_grace_records_the_grant_and_allocates_it_to_both_partnerships(
    grace_page, axe, assert_accessible, grace, partnership, other_partnership
):
    page = grace_page
    sign_in(page, "grace@example.org")
    expect(page.get_by_role("heading", name="Partnerships you convene")).to_be_visible()
    page.get_by_role("link", name="Duty grant").click()
    expect(page.get_by_role("heading", name="Duty grant")).to_be_visible()
    assert_accessible(page, axe)

    # The award.
    page.get_by_role("button", name="Record an award").click()
    assert_accessible(page, axe)
    fill_award(
        page,
        title="Serious Violence Duty grant",
        year="2026/27",
        amount="200,000",
        partnerships=[NORTHSHIRE, SOUTHVALE],
    )
    page.get_by_role("button", name="Record award").click()
    expect(page.get_by_role("heading", name="Serious Violence Duty grant")).to_be_visible()
    expect(page.get_by_text("£200,000.00").first).to_be_visible()
    assert_accessible(page, axe)

    # The lines.
    page.get_by_role("button", name="Set the lines").click()
    fill_lines(page, labour="120000", non_labour="80000")
    assert_accessible(page, axe)
    page.get_by_role("button", name="Save lines").click()
    expect(page.get_by_text("You have set the grant’s lines")).to_be_visible()

    # Labour to both partnerships: the second asks for more than is left.
    page.get_by_role("button", name="Allocate to a partnership").click()
    allocate(page, "Labour", NORTHSHIRE, "70,000", "Programme lead and analyst")
    expect(page.get_by_text("You have allocated £70,000.00 to " + NORTHSHIRE)).to_be_visible()
    page.get_by_role("button", name="Allocate to a partnership").click()
    allocate(page, "Labour", SOUTHVALE, "60,000", "Analyst")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "That is £10,000.00 more than the labour line has left: £50,000.00 is left to allocate"
    )
    assert_accessible(page, axe)
    # Nothing typed is lost.
    expect(page.get_by_role("radio", name=re.compile(r"^Labour \("))).to_be_checked()
    expect(page.get_by_label("Partnership")).to_have_value(str(other_partnership.pk))
    expect(page.get_by_label("Amount")).to_have_value("60,000")
    expect(page.get_by_label("What it pays for")).to_have_value("Analyst")
    page.get_by_label("Amount").fill("50,000")
    page.get_by_role("button", name="Allocate").click()
    expect(page.get_by_text("You have allocated £50,000.00 to " + SOUTHVALE)).to_be_visible()

    # Non-labour to both.
    for place, amount in [(NORTHSHIRE, "45,000.50"), (SOUTHVALE, "34,999.50")]:
        page.get_by_role("button", name="Allocate to a partnership").click()
        allocate(page, "Non-labour", place, amount, "Interventions")

    # The summary: everything allocated, nothing spent yet.
    table = page.get_by_role("table", name="Allocated and spent, by partnership and line")
    northshire_row = table.get_by_role("row", name=re.compile(NORTHSHIRE))
    expect(northshire_row).to_contain_text("£70,000.00")
    expect(northshire_row).to_contain_text("£45,000.50")
    expect(northshire_row).to_contain_text("£115,000.50")
    expect(table.get_by_role("row", name=re.compile("All partnerships"))).to_contain_text(
        "£200,000.00"
    )
    expect(table.get_by_role("row", name=re.compile("Left to allocate"))).to_contain_text("£0.00")
    assert_accessible(page, axe)
