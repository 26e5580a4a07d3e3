"""Tom, Northshire's police data lead, connects his Power BI dashboard: from the Data page he
makes an API token, forgets to say what it may read and is told so with his name kept, makes it,
copies it from the page that shows it once, and it reads the partnership's actions; then he
revokes it and it stops working. With JavaScript on and off, axe-core on every page, and the
tokens list fitting a phone."""

import pytest
from django.test import Client
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.browser.accessibility import NARROW, assert_reflows, resize
from tests.browser.test_lead_journey import sign_in
from tests.factories import ActionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tom_page(browser, live_server, catalogue, javascript):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _actions(token: str, slug: str):
    return Client().get(
        f"/api/v1/partnerships/{slug}/actions/", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def test_a_data_lead_makes_a_token_reads_with_it_and_revokes_it(
    tom_page, axe, assert_accessible, partnership, data_lead, strategy, police, javascript
):
    with scopes_disabled():
        ActionFactory(priority__strategy=strategy, lead_organisation=police, title="Patrols")
    page = tom_page

    sign_in(page, "tom@example.org")
    page.get_by_role("link", name="Data", exact=True).click()
    page.get_by_role("link", name="API token").click()
    expect(page.get_by_role("heading", name="API tokens", level=1)).to_be_visible()
    assert_accessible(page, axe)

    page.get_by_role("link", name="Make a token").click()
    page.get_by_role("textbox", name="Name").fill("Power BI dashboard")
    page.get_by_role("button", name="Make the token").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose at least one thing the token may read"
    )
    expect(page.get_by_role("textbox", name="Name")).to_have_value("Power BI dashboard")
    assert_accessible(page, axe)

    page.get_by_label("The strategy: priorities, actions and progress updates").check()
    page.get_by_label("30 days").check()
    page.get_by_role("button", name="Make the token").click()
    expect(page.get_by_role("heading", name="Token made")).to_be_visible()
    assert_accessible(page, axe)
    token = page.get_by_role("textbox", name="Token").input_value()
    assert token.startswith("svd_")

    response = _actions(token, partnership.slug)
    assert response.status_code == 200
    assert [action["title"] for action in response.json()["results"]] == ["Patrols"]

    page.get_by_role("link", name="Done").click()
    expect(page.get_by_text(token)).to_have_count(0)  # shown once, never again
    page.get_by_role("button", name="Revoke Power BI dashboard").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("revoked")
    expect(page.get_by_text("Revoked", exact=True)).to_be_visible()
    assert_accessible(page, axe)
    if javascript:  # the width is measured in the page, by script
        resize(page, NARROW)  # the tokens' columns scroll in their own region on a phone
        assert_reflows(page)
        assert_accessible(page, axe)
    assert _actions(token, partnership.slug).status_code == 401
