"""A partnership lead sets up an organisation, invites its representative, who accepts from the
emailed link, then changes their Duty roles and removes them — with JavaScript on and off, and
axe-core checking every page on the way."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email, password=PASSWORD):
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def lead_page(browser, live_server, catalogue, javascript):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def invitee_page(browser, live_server, javascript):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_a_lead_brings_in_a_new_organisation_and_its_representative(
    lead_page, invitee_page, axe, assert_accessible, lead, partnership, javascript
):
    page = lead_page
    sign_in(page, "priya@example.org")
    expect(page.get_by_role("heading", name=partnership.name, level=1)).to_be_visible()
    assert_accessible(page, axe)

    # Add an organisation; the guidance's recommended posts follow the chosen sector.
    page.get_by_role("link", name="Organisations", exact=True).click()
    assert_accessible(page, axe)
    page.get_by_role("button", name=re.compile("Add an? ?organisation")).click()
    page.get_by_label("Organisation name").fill("Northshire Fire and Rescue Service")
    page.get_by_label("Sector").select_option(label="Fire and rescue")
    if javascript:
        expect(page.get_by_text("Principal Officer", exact=False).first).to_be_visible()
    assert_accessible(page, axe)
    page.get_by_role("button", name="Add organisation").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Northshire Fire and Rescue Service"
    )
    assert_accessible(page, axe)

    # Invite its representative.
    page.get_by_role("link", name="Invitations", exact=True).click()
    assert_accessible(page, axe)
    page.get_by_role("button", name="Invite someone").click()
    page.get_by_label("Email address").fill("fay@example.org")
    page.get_by_label("Organisation").select_option(label="Northshire Fire and Rescue Service")
    page.get_by_label("Duty partner").check()
    page.get_by_label("Responsible").check()
    assert_accessible(page, axe)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("fay@example.org")

    # Fay opens the emailed link in her own browser and joins.
    link = re.search(r"https?://\S+?(/invitations/\S+/)", mail.outbox[-1].body).group(1)
    invitee = invitee_page
    invitee.goto(link)
    assert_accessible(invitee, axe)
    invitee.get_by_label("Full name").fill("Fay Morgan")
    invitee.get_by_label("Create a password").fill("fire-and-rescue-2026")
    invitee.get_by_label("Confirm password").fill("fire-and-rescue-2026")
    invitee.get_by_role("button", name="Accept and join").click()
    expect(invitee.locator(".govuk-notification-banner")).to_contain_text("You have joined")
    assert_accessible(invitee, axe)

    # The lead gives Fay the data lead role too.
    page.get_by_role("link", name="Members", exact=True).click()
    assert_accessible(page, axe)
    row = page.get_by_role("row").filter(has_text="Fay Morgan")
    row.get_by_role("link", name=re.compile("Change roles")).click()
    # With JavaScript the row opens its form in place; without, the member's roles page opens.
    form = row if javascript else page
    if javascript:
        expect(row.locator("summary")).to_be_focused()
    form.get_by_label("Data lead").check()
    form.get_by_role("button", name=re.compile("Save roles")).click()
    if not javascript:
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "roles have been changed"
        )
        page.get_by_role("navigation", name="Breadcrumb").get_by_role(
            "link", name="Members"
        ).click()
    row = page.get_by_role("row").filter(has_text="Fay Morgan")
    expect(row).to_contain_text("Data lead")
    expect(row).to_contain_text("Responsible")
    if javascript:
        # htmx swapped the row, and the button with it: focus is on what the save did.
        expect(row.get_by_role("status")).to_contain_text("roles have been changed")
        expect(row.get_by_role("status")).to_be_focused()
    assert_accessible(page, axe)

    # …and later removes her, after confirming.
    row.get_by_role("link", name=re.compile("Remove")).click()
    assert_accessible(page, axe)
    page.get_by_role("button", name="Remove from partnership").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Fay Morgan")
    expect(page.get_by_role("row").filter(has_text="Fay Morgan")).to_have_count(0)
    assert_accessible(page, axe)
