"""Everyday use (issue 14): a duty partner, the lead, the convener and a newly invited member each
sign in, land on their own home, see the right counts and do the one thing they came for — on a
375 px phone and a 1280 px desktop, with JavaScript on and off, no page scrolling sideways and
axe-core checking every page on the way."""

import csv
import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from assessments import services
from assessments.models import Call, Contribution, Measure
from partnerships import services as partnership_services
from partnerships.models import DutyElement
from tests.browser.test_lead_journey import sign_in
from tests.browser.test_sna_journey import KNIFE, SNA, measures  # noqa: F401 (a fixture)
from tests.factories import ContributionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CALL_TITLE = "Probation figures for the 2026 SNA"


@pytest.fixture(params=[375, 1280], ids=["phone", "desktop"])
def width(request):
    return request.param


@pytest.fixture
def person_page(browser, live_server, catalogue, javascript, width):
    """A fresh browser for one person, at the width under test."""
    context = browser.new_context(
        base_url=live_server.url,
        java_script_enabled=javascript,
        viewport={"width": width, "height": 800},
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def check(page, axe, assert_accessible):
    """Every step: axe-core clean, and nothing wider than the window (WCAG 2.2 reflow)."""
    assert_accessible(page, axe)
    scroll_width, window_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= window_width, f"{page.url} scrolls sideways: {scroll_width}px"


def asked(page):
    """The list of what is asked of the person, on their dashboard."""
    return page.locator("section[aria-labelledby='asked-of-you'] .govuk-task-list")


def banner(page):
    return page.locator(".govuk-notification-banner")


@pytest.fixture
def probation_call(measures, partnership, lead, probation):  # noqa: F811
    """Priya's open call to the probation service for knife crime figures for the SNA."""
    partnership.areas = ["Northshire", "Eastborough"]
    partnership.save()
    with scopes_disabled():
        return services.call_issue(
            partnership=partnership,
            title=CALL_TITLE,
            questions="Quarterly **knife and offensive-weapon offences** by area.",
            elements=[DutyElement.objects.get(slug=SNA)],
            measures=[Measure.objects.get(slug=KNIFE)],
            period="2026/27",
            due_on=timezone.localdate() + datetime.timedelta(days=21),
            audience=Call.Audience.ORGANISATIONS,
            organisations=[probation],
            duty_role="",
            acting_user=lead,
        )


def test_a_partner_answers_a_call_with_the_template_filled_in_as_it_came(
    person_page, axe, assert_accessible, probation_call, partner, partnership, tmp_path
):
    page = person_page
    sign_in(page, "paul@example.org")

    # Paul lands on his partnership's dashboard, which opens with the call, counted.
    expect(page.get_by_role("heading", name=partnership.name, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="What is asked of you (1)")).to_be_visible()
    expect(page.locator(".app-count").first).to_have_text(re.compile(r"^\s*1\b"))
    check(page, axe, assert_accessible)

    asked(page).get_by_role("link", name=CALL_TITLE).click()
    expect(page.get_by_role("heading", name=CALL_TITLE, level=1)).to_be_visible()
    check(page, axe, assert_accessible)

    # He takes the CSV template and fills in each value, changing nothing else.
    with page.expect_download() as download:
        page.get_by_role("link", name="Data return template (CSV)").click()
    template = tmp_path / "template.csv"
    download.value.save_as(template)
    with template.open(newline="", encoding="utf-8-sig") as file:
        rows = list(csv.reader(file))
    header, body = rows[0], rows[1:]
    assert len(body) == 2  # one measure, two areas
    value = header.index("value")
    for number, row in enumerate(body, start=1):
        row[value] = str(number * 10)
    filled = tmp_path / "probation-figures.csv"
    with filled.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows([header, *body])

    # He answers the call with a data return; the form comes with the call's Duty element.
    page.get_by_role("button", name="Answer this call").click()
    expect(page.get_by_role("heading", name="Add a contribution", level=1)).to_be_visible()
    page.get_by_label("Engaged", exact=True).check()
    page.get_by_label("Kind of evidence").select_option(label="Data return")
    page.get_by_label("Title").fill("Probation knife crime figures")
    check(page, axe, assert_accessible)
    page.get_by_role("button", name="Save draft").click()
    expect(banner(page)).to_contain_text("Your draft has been saved")

    page.get_by_role("link", name="Upload figures").click()
    page.get_by_label("Upload a file").set_input_files(filled)
    page.get_by_label(re.compile("I confirm this file holds aggregate figures only")).check()
    check(page, axe, assert_accessible)
    page.get_by_role("button", name="Check and upload").click()
    expect(banner(page)).to_contain_text("2 figures have been saved")
    check(page, axe, assert_accessible)


def test_the_lead_lands_on_what_needs_her_decision_and_accepts_a_contribution(
    person_page, axe, assert_accessible, lead, probation, partnership
):
    ContributionFactory(
        organisation=probation,
        title="Probation caseload insight",
        status=Contribution.Status.SUBMITTED,
        submitted_at=timezone.now() - datetime.timedelta(days=3),
    )
    page = person_page
    sign_in(page, "priya@example.org")

    expect(page.get_by_role("heading", name=partnership.name, level=1)).to_be_visible()
    decisions = page.locator("section[aria-labelledby='needs-your-decision']")
    expect(
        decisions.get_by_role("heading", name=re.compile(r"Needs your decision \(\d+\)"))
    ).to_be_visible()
    expect(decisions).to_contain_text("Probation caseload insight")
    check(page, axe, assert_accessible)

    decisions.get_by_role("link", name="Probation caseload insight").click()
    expect(page.get_by_role("heading", name="Probation caseload insight", level=1)).to_be_visible()
    check(page, axe, assert_accessible)
    page.get_by_role("button", name="Accept").click()
    expect(banner(page)).to_contain_text("accepted")
    check(page, axe, assert_accessible)

    # Back on her dashboard it no longer waits on her.
    page.goto(f"/p/{partnership.slug}/")
    expect(page.locator("section[aria-labelledby='needs-your-decision']")).not_to_contain_text(
        "Probation caseload insight"
    )


def test_the_convener_lands_on_the_overview_and_opens_a_partnerships_checklist(
    person_page, axe, assert_accessible, convener, partnership
):
    page = person_page
    sign_in(page, "grace@example.org")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Partnerships you convene")
    check(page, axe, assert_accessible)

    page.get_by_role("link", name=partnership.name).first.click()
    expect(page.get_by_role("heading", name=partnership.name, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Meeting the Duty")).to_be_visible()
    check(page, axe, assert_accessible)


def test_a_newly_invited_member_joins_and_is_told_what_to_do_first(
    person_page, axe, assert_accessible, probation_call, lead, probation, partnership
):
    with scopes_disabled():
        partnership_services.invitation_create(
            partnership=partnership,
            email="nina@example.org",
            organisation=probation,
            portal_role="partner",
            duty_roles=["responsible"],
            acting_user=lead,
        )
    link = re.search(r"https?://\S+?(/invitations/\S+/)", mail.outbox[-1].body).group(1)

    page = person_page
    page.goto(link)
    check(page, axe, assert_accessible)
    page.get_by_label("Full name").fill("Nina Patel")
    page.get_by_label("Create a password").fill("probation-northshire-2026")
    page.get_by_label("Confirm password").fill("probation-northshire-2026")
    page.get_by_role("button", name="Accept and join").click()
    expect(banner(page)).to_contain_text("You have joined")

    # Her first visit says where she is, who she is here and the first thing to do.
    page.goto(f"/p/{partnership.slug}/")
    expect(page.get_by_text(f"Welcome to {partnership.name}")).to_be_visible()
    expect(page.get_by_role("heading", name="What is asked of you (1)")).to_be_visible()
    check(page, axe, assert_accessible)
    page.get_by_text("Start with").get_by_role("link", name=CALL_TITLE).click()
    expect(page.get_by_role("heading", name=CALL_TITLE, level=1)).to_be_visible()
    check(page, axe, assert_accessible)
