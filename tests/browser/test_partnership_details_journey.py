"""Priya, the lead, renames the partnership and raises its protective marking from the
dashboard: a mistake first (the name left empty), then the change, with JavaScript on and off
and axe-core checking the form, its error state and the dashboard."""

import pytest
from playwright.sync_api import expect

from tests.browser import test_strategy_journey as strategy_journey
from tests.browser.test_lead_journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lead_page(browser, live_server, catalogue, javascript):
    context, page = strategy_journey._new_page(browser, live_server, javascript)
    yield page
    context.close()


def test_the_lead_changes_the_partnerships_name_and_marking(
    lead_page, axe, assert_accessible, lead, partnership, opcc
):
    page = lead_page
    sign_in(page, "priya@example.org")
    page.get_by_role("link", name="Change the partnership's details").click()
    expect(page.get_by_role("heading", name="Partnership details", level=1)).to_be_visible()
    assert_accessible(page, axe)

    page.get_by_label("Partnership name").fill("")
    page.get_by_label("Areas", exact=True).fill("Northshire\nEastmarsh")
    page.get_by_role("button", name="Save changes").click()

    expect(page.get_by_role("alert")).to_contain_text("Enter the partnership's name")
    expect(page.get_by_label("Areas", exact=True)).to_have_value("Northshire\nEastmarsh")
    assert_accessible(page, axe)

    page.get_by_label("Partnership name").fill("Northshire Violence Reduction Partnership")
    page.get_by_label("OFFICIAL-SENSITIVE").check()
    page.get_by_label("Convener organisation").select_option(label=opcc.name)
    page.get_by_role("button", name="Save changes").click()

    expect(
        page.get_by_role("heading", name="Northshire Violence Reduction Partnership", level=1)
    ).to_be_visible()
    expect(page.get_by_text("OFFICIAL-SENSITIVE")).to_be_visible()
    expect(page.get_by_text("Eastmarsh")).to_be_visible()
    assert_accessible(page, axe)
