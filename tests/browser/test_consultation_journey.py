"""Consultation on the draft strategy in the portal (s.8(4)): Sam, from a school outside the
partnership invited as a consultee, reads the draft, comments on two sections and submits the
school's response; Priya answers each comment. With JavaScript on (htmx saves a section in
place) and off (plain POSTs), axe-core checking every page on the way."""

import datetime

import pytest
from django.utils import timezone
from django_scopes import scope
from playwright.sync_api import expect

from partnerships.access import actor_for
from strategies import services
from tests.browser.test_everyday_journeys import banner, check
from tests.browser.test_lead_journey import sign_in
from tests.conftest import make_consultee
from tests.factories import PriorityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def person_page(browser, live_server, catalogue, javascript):
    context = browser.new_context(
        base_url=live_server.url,
        java_script_enabled=javascript,
        viewport={"width": 1280, "height": 800},
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def open_draft(lead, partnership, strategy):
    """Priya's draft, with one priority, open for comment for a fortnight."""
    PriorityFactory(strategy=strategy, title="Knife crime in the town centre")
    with scope(partnership=partnership):
        services.consultation_period_open(
            strategy=strategy,
            closes_on=timezone.localdate() + datetime.timedelta(days=14),
            actor=actor_for(lead, partnership),
        )
    return strategy


def test_a_consultee_comments_and_submits_and_the_lead_answers(
    person_page, axe, assert_accessible, javascript, partnership, lead, open_draft
):
    make_consultee(partnership, invited_by=lead)
    page = person_page
    address = f"/p/{partnership.slug}/strategy/{open_draft.pk}/consultation/"
    sign_in(page, "sam@example.org")
    page.goto(address)
    expect(page.get_by_role("heading", name="Consultation on the draft strategy")).to_be_visible()
    check(page, axe, assert_accessible)

    for section, text in (
        ("Executive summary", "Name the schools' part in prevention."),
        ("Priority 1: Knife crime in the town centre", "Add after-school provision."),
    ):
        form = page.locator("section").filter(
            has=page.get_by_role("heading", name=section, exact=True)
        )
        form.get_by_label("Your comment on this section").fill(text)
        form.get_by_role("button", name="Save comment").click()
        if javascript:
            expect(form.get_by_text("Your draft comment has been saved")).to_be_visible()
        else:
            expect(banner(page)).to_contain_text("Your draft comment has been saved")
        check(page, axe, assert_accessible)

    page.get_by_label("Overall remarks (optional)").fill("We welcome the draft.")
    page.get_by_role("button", name="Submit response").click()
    expect(banner(page)).to_contain_text("St Aidan's Academy has been submitted")
    check(page, axe, assert_accessible)
    page.context.clear_cookies()

    sign_in(page, "priya@example.org")
    page.goto(f"/p/{partnership.slug}/strategy/{open_draft.pk}/consultation/answers/")
    expect(page.get_by_text("Name the schools' part in prevention.")).to_be_visible()
    check(page, axe, assert_accessible)
    first = page.locator("[id^=comment-]").first
    first.get_by_label("Your answer").fill("Agreed: the summary now names schools.")
    first.get_by_label("Changed the draft").check()
    first.get_by_label("What changed (if it did)").fill("The summary names schools.")
    first.get_by_role("button", name="Save answer").click()
    if javascript:
        expect(page.get_by_text("Your answer has been saved")).to_be_visible()
    else:
        expect(banner(page)).to_contain_text("Your answer to St Aidan's Academy has been saved")
    check(page, axe, assert_accessible)
