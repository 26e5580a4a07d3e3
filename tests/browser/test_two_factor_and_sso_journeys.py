"""Signing in as an information-governance officer would have it: a lead sets up an
authenticator app the first time they sign in and signs in with it after; a recovery code
stands in for a lost phone; a partner whose lead asks it of everyone is made to set it up; and
a new member accepts their invitation by signing in with their organisation's account at a real
OpenID Connect provider. axe-core checks each new page."""

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from partnerships import services
from partnerships.models import Membership
from partnerships.roles import PortalRole
from tests.accounts.two_factor_stories import half_a_minute_later, totp
from tests.browser.accessibility import assert_accessible as assert_page_accessible
from tests.factories import PASSWORD
from tests.oidc_provider import (
    PROVIDER_NAME,
    configure_portal,
    person_at_provider,
    running_provider,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_factor_required(settings):
    settings.TWO_FACTOR_REQUIRED = True


@pytest.fixture
def person_page(browser, live_server, catalogue, javascript):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def sign_in(page, email, password=PASSWORD):
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def set_up_authenticator_app(page, axe, assert_accessible) -> tuple[str, list[str]]:
    """From the "Set up an authenticator app" page: returns the secret and the recovery codes."""
    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    assert_accessible(page, axe)
    secret = page.locator("#setup-key").inner_text().strip()
    page.get_by_label("Authenticator code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, axe)
    page.get_by_label("Authenticator code").fill(totp(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    assert_accessible(page, axe)
    codes = re.findall(r"\b[0-9a-f]{8}\b", page.locator(".app-recovery-codes").inner_text())
    assert len(codes) == 10
    return secret, codes


def test_a_lead_sets_up_two_factor_on_first_sign_in_and_signs_in_with_it(
    person_page, axe, assert_accessible, two_factor_required, lead, partnership
):
    page = person_page
    sign_in(page, lead.email)
    secret, _codes = set_up_authenticator_app(page, axe, assert_accessible)
    page.get_by_role("button", name="I have saved my codes: continue").click()
    expect(page.get_by_role("heading", name=partnership.name, level=1)).to_be_visible()
    sign_out(page)

    # The code used to set up is spent: the next comes half a minute later.
    with half_a_minute_later():
        sign_in(page, lead.email)
        expect(page.get_by_role("heading", name="Enter your security code")).to_be_visible()
        assert_accessible(page, axe)
        page.get_by_label("Code").fill("999999")
        page.get_by_role("button", name="Sign in", exact=True).click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        page.get_by_label("Code").fill(totp(secret))
        page.get_by_role("button", name="Sign in", exact=True).click()
        expect(page.get_by_role("heading", name=partnership.name, level=1)).to_be_visible()


def test_a_recovery_code_signs_in_a_lead_without_their_phone(
    person_page, axe, assert_accessible, two_factor_required, lead, partnership
):
    page = person_page
    sign_in(page, lead.email)
    _secret, codes = set_up_authenticator_app(page, axe, assert_accessible)
    page.get_by_role("button", name="I have saved my codes: continue").click()
    sign_out(page)

    sign_in(page, lead.email)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Sign in", exact=True).click()

    expect(page.get_by_role("heading", name=partnership.name, level=1)).to_be_visible()


def test_a_partner_is_made_to_set_up_two_factor_when_their_lead_asks_everyone(
    person_page, axe, assert_accessible, partner, partnership
):
    partnership.two_factor_for_everyone = True
    partnership.save()
    page = person_page

    sign_in(page, partner.email)
    page.goto(f"/p/{partnership.slug}/")

    expect(page.get_by_text("Your role asks for a second step")).to_be_visible()
    set_up_authenticator_app(page, axe, assert_accessible)


def test_a_new_member_accepts_their_invitation_with_their_organisations_account(
    person_page, axe, assert_accessible, settings, partnership, lead, police
):
    page = person_page
    invitation = services.invitation_create(
        partnership=partnership,
        email="ana@example.org",
        organisation=police,
        portal_role=PortalRole.PARTNER,
        duty_roles=["frontline"],
        acting_user=lead,
    )
    with running_provider() as provider:
        configure_portal(settings, provider)
        person_at_provider(provider, "ana@example.org", name="Ana Costa")

        page.goto(f"/invitations/{invitation.make_token()}/")
        assert_accessible(page, axe)
        page.get_by_role("button", name=f"Sign in with {PROVIDER_NAME}").click()
        # At the provider's own sign-in page.
        page.locator("#subject-input").fill("ana@example.org")
        page.get_by_role("button", name="Authorize", exact=True).click()

        expect(page.get_by_role("button", name="Join")).to_be_visible()
        page.get_by_role("button", name="Join").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have joined")
    with scopes_disabled():
        assert Membership.objects.get(user__email="ana@example.org").partnership == partnership


def test_the_timeout_warning_appears_before_the_session_ends_and_keeps_it(
    page, axe, settings, priya
):
    # Warned two seconds after the page loads, rather than after 28 minutes.
    settings.SESSION_IDLE_TIMEOUT = 122
    settings.SESSION_TIMEOUT_WARNING = 120
    sign_in(page, priya.email)
    page.goto("/accounts/")

    warning = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(warning).to_be_visible(timeout=10_000)
    expect(warning).to_contain_text("we will sign you out in")
    assert_page_accessible(page, axe)
    warning.get_by_role("button", name="Stay signed in").click()

    expect(warning).to_be_hidden()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()


def test_the_pages_that_look_after_signing_in_are_accessible(page, axe, priya):
    sign_in(page, priya.email)

    for path, heading in [
        ("/accounts/", "Your account"),
        ("/accounts/2fa/", "Two-factor authentication"),
        ("/accounts/2fa/totp/activate/", "Set up an authenticator app"),
        ("/accounts/2fa/webauthn/add/", None),
        ("/accounts/2fa/webauthn/", None),
        ("/accounts/sessions/", "Where you are signed in"),
        ("/accounts/reauthenticate/", "Confirm it is you"),
    ]:
        page.goto(path)
        if heading:
            expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        assert_page_accessible(page, axe)
