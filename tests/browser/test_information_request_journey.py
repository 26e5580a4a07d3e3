"""The convener's power to require information (s.17), end to end: Grace, the PCC's convener,
requires the police to supply knife crime referrals; Tom, the police data lead, finds it on his
dashboard and answers with a file; Grace sees it answered and downloads the file. On a phone and
a desktop, with JavaScript on and off, axe-core checking every page on the way."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.test_everyday_journeys import banner, check
from tests.browser.test_lead_journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBJECT = "Knife crime referrals to youth diversion"


@pytest.fixture(params=[375, 1280], ids=["phone", "desktop"])
def width(request):
    return request.param


@pytest.fixture
def page_for(browser, live_server, catalogue, javascript, width):
    """A fresh browser for each person, at the width under test."""
    contexts = []

    def open_for(email):
        context = browser.new_context(
            base_url=live_server.url,
            java_script_enabled=javascript,
            viewport={"width": width, "height": 800},
            accept_downloads=True,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in(page, email)
        return page

    yield open_for
    for context in contexts:
        context.close()


def test_the_convener_requires_information_and_the_police_data_lead_answers_it(
    page_for, axe, assert_accessible, convener, data_lead, partnership, tmp_path
):
    due = datetime.date.today() + datetime.timedelta(days=28)
    # Grace lands on her overview: nothing is open yet.
    grace = page_for("grace@example.org")
    expect(grace.get_by_role("heading", name="Information requests")).to_be_visible()
    check(grace, axe, assert_accessible)
    grace.goto(f"/p/{partnership.slug}/information-requests/")
    check(grace, axe, assert_accessible)
    grace.get_by_role("link", name="Require information").click()
    grace.get_by_label("Authority you are asking").select_option(label="Northshire Police")
    grace.get_by_label("Subject").fill(SUBJECT)
    grace.get_by_label("Information required").fill("Referrals by month, 2025 to 2026.")
    grace.get_by_label("Monitoring the response strategy and its delivery").check()
    grace.get_by_label("Day").fill(str(due.day))
    grace.get_by_label("Month").fill(str(due.month))
    grace.get_by_label("Year").fill(str(due.year))
    check(grace, axe, assert_accessible)
    grace.get_by_role("button", name="Send request").click()
    expect(banner(grace)).to_contain_text("You have required Northshire Police")
    expect(grace.get_by_role("heading", name=SUBJECT, level=1)).to_be_visible()
    check(grace, axe, assert_accessible)

    # Tom finds it on his dashboard and answers it with the figures attached.
    figures = tmp_path / "referrals.csv"
    figures.write_text("month,referrals\n2025-04,12\n", encoding="utf-8")
    tom = page_for("tom@example.org")
    expect(
        tom.get_by_role("heading", name="Information required of your organisation")
    ).to_be_visible()
    check(tom, axe, assert_accessible)
    tom.get_by_role("link", name=SUBJECT).click()
    tom.get_by_role("link", name="Respond").click()
    tom.get_by_label("Supply the information").check()
    tom.get_by_label("The information (optional if you attach it)").fill("See the file.")
    tom.get_by_label("Files (optional)").set_input_files(figures)
    check(tom, axe, assert_accessible)
    tom.get_by_role("button", name="Send response").click()
    expect(banner(tom)).to_contain_text("You have answered the request")
    check(tom, axe, assert_accessible)

    # Grace sees it answered, and takes the file.
    grace.goto(f"/p/{partnership.slug}/information-requests/")
    expect(grace.locator("table")).to_contain_text("Answered")
    grace.get_by_role("link", name=SUBJECT).click()
    expect(grace.get_by_role("heading", name="The answer")).to_be_visible()
    check(grace, axe, assert_accessible)
    with grace.expect_download() as download:
        grace.get_by_role("link", name="referrals.csv").click()
    assert download.value.suggested_filename == "referrals.csv"
