"""The partnership's navigation on a phone: folded behind "Partnership menu" where JavaScript
runs, every link showing where it does not, and the page never wider than the phone."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.accessibility import NARROW
from tests.browser.test_lead_journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser, live_server, catalogue, javascript):
    context = browser.new_context(
        base_url=live_server.url,
        java_script_enabled=javascript,
        viewport={"width": NARROW, "height": 640},
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_on_a_phone_the_stages_fold_behind_a_menu_that_works_without_javascript(
    phone, javascript, lead, partnership
):
    sign_in(phone, "priya@example.org")
    phone.goto(reverse("tenant:members", args=[partnership.slug]))
    navigation = phone.get_by_role("navigation", name="Partnership sections")
    actions = navigation.get_by_role("link", name="Actions", exact=True)
    menu = navigation.get_by_role("button", name="Partnership menu")

    if javascript:
        expect(actions).to_be_hidden()
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")
    else:
        expect(menu).to_be_hidden()
    expect(actions).to_be_visible()
    expect(navigation.get_by_role("link", name="Members")).to_have_attribute("aria-current", "page")
    # The members table scrolls in its own region; the page itself stays as wide as the phone.
    expect(phone.get_by_role("region", name="Members of")).to_be_visible()
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= NARROW
