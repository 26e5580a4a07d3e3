"""A partnership lead signs in and reads the guidance, with keyboard and screen reader in mind.

Each page is checked by axe-core: no serious or critical accessibility violations.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_the_sign_in_page_starts_with_a_skip_link_for_keyboard_users(page, axe):
    page.goto("/accounts/sign-in/")

    page.keyboard.press("Tab")

    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    assert_accessible(page, axe)


def test_a_failed_sign_in_moves_focus_to_an_accessible_error_summary(page, axe):
    page.goto("/accounts/sign-in/")

    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.title().startswith("Error:")
    assert_accessible(page, axe)


def test_a_lead_signs_in_and_reads_the_guidance(page, axe):
    UserFactory(email="priya@example.org", full_name="Priya Shah")
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill("priya@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("heading", name="Serious Violence Duty").wait_for()
    assert_accessible(page, axe)

    page.get_by_role("link", name="Guidance", exact=True).click()
    page.get_by_role("heading", name="Engaging as a partner in the Duty").wait_for()
    assert_accessible(page, axe)

    page.get_by_role("link", name="Elements of the Duty").first.click()
    expect(page.locator("tbody tr")).to_have_count(9)
    assert_accessible(page, axe)

    page.get_by_role("link", name="Strategic needs assessment").click()
    page.get_by_role("heading", name="Actions at each level").wait_for()
    assert_accessible(page, axe)

    page.get_by_role("link", name="Police", exact=True).click()
    page.get_by_role("heading", name="Who should be involved").wait_for()
    page.get_by_text("What the guidance says").first.click()
    assert_accessible(page, axe)

    page.goto("/guidance/roles/")
    expect(page.locator("ol.govuk-list--number > li")).to_have_count(7)
    assert_accessible(page, axe)

    page.goto("/accounts/")
    assert_accessible(page, axe)

    page.get_by_role("button", name="Sign out").click()
    page.get_by_text("You have signed out.").wait_for()


def test_the_public_pages_are_accessible(page, axe):
    for path in [
        "/",
        "/accessibility/",
        "/cookies/",
        "/accounts/password-reset/",
        "/accounts/password-reset/sent/",
        "/accounts/password-reset/MQ/not-a-token/",
        "/no-such-page/",
    ]:
        page.goto(path)
        assert_accessible(page, axe)


def test_the_remaining_signed_in_pages_are_accessible(page, axe):
    UserFactory(email="priya@example.org")
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill("priya@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Serious Violence Duty").wait_for()

    for path in ["/guidance/sectors/", "/guidance/sectors/voluntary-and-community-sector/"]:
        page.goto(path)
        assert_accessible(page, axe)

    page.goto("/accounts/password/")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, axe)


def test_too_many_attempts_are_explained_accessibly(page, axe):
    UserFactory(email="priya@example.org")
    page.goto("/accounts/sign-in/")
    # The sixth attempt at one account within 15 minutes is refused before its password is read.
    for _ in range(6):
        page.get_by_label("Email address").fill("priya@example.org")
        page.get_by_label("Password", exact=True).fill("a wrong guess")
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.wait_for_load_state()

    expect(page.locator(".govuk-error-summary")).to_contain_text("too many attempts to sign in")
    assert_accessible(page, axe)
