"""A police data lead answers a call for the SNA with a data return — first a file with a mistake,
then the corrected one — the partnership lead returns it with a comment, he changes and resubmits
it, she accepts it, and the engagement matrix shows the police engaged in the SNA. With
JavaScript on and off, and axe-core checking every page on the way."""

import datetime
import importlib
import re

import pytest
from django.apps import apps
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from assessments import services
from assessments.models import Call, Measure
from partnerships.models import DutyElement
from tests.browser.test_lead_journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


KNIFE = "knife-offensive-weapon-offences"
SNA = "strategic-needs-assessment"
CALL_TITLE = "Knife crime figures for the 2026 SNA"
TITLE = "Police knife crime figures"
COMMENT = "Please add a line on how the figures were counted."


@pytest.fixture
def measures(catalogue):
    """The seeded measures, which transactional tests flush along with the catalogue."""
    if not Measure.objects.exists():
        importlib.import_module("assessments.migrations.0002_seed_measures").add_measures(
            apps, None
        )


@pytest.fixture
def open_call(measures, partnership, lead, data_lead, police):
    """Priya's open call to Northshire Police for knife crime figures for the SNA."""
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
            due_on=timezone.localdate() + datetime.timedelta(days=30),
            audience=Call.Audience.ORGANISATIONS,
            organisations=[police],
            duty_role="",
            acting_user=lead,
        )


def _new_page(browser, live_server, javascript):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


@pytest.fixture
def tom_page(browser, live_server, catalogue, javascript):
    context, page = _new_page(browser, live_server, javascript)
    yield page
    context.close()


@pytest.fixture
def priya_page(browser, live_server, catalogue, javascript):
    context, page = _new_page(browser, live_server, javascript)
    yield page
    context.close()


def _banner(page):
    return page.locator(".govuk-notification-banner")


def _csv(tmp_path, name: str, *rows: str):
    path = tmp_path / name
    path.write_text("\n".join(["measure,period,area,value", *rows]) + "\n", encoding="utf-8")
    return path


def _upload(page, path):
    page.get_by_label("Upload a file").set_input_files(path)
    page.get_by_label(re.compile("I confirm this file holds aggregate figures only")).check()
    page.get_by_role("button", name="Check and upload").click()


def test_a_partner_answers_a_call_and_the_lead_reviews_it_into_the_matrix(
    tom_page, priya_page, axe, assert_accessible, open_call, partnership, javascript, tmp_path
):
    element = DutyElement.objects.get(slug=SNA)
    tom, priya = tom_page, priya_page

    # Tom, the police data lead, finds the call on his to-do list.
    sign_in(tom, "tom@example.org")
    expect(tom.get_by_role("heading", name=partnership.name, level=1)).to_be_visible()
    tom.get_by_role("link", name="To do", exact=True).click()
    expect(tom.get_by_role("heading", name="Your to-do list", level=1)).to_be_visible()
    call_link = tom.get_by_role("link", name=CALL_TITLE, exact=True)
    expect(call_link).to_be_visible()
    assert_accessible(tom, axe)
    call_link.click()
    expect(tom.get_by_role("heading", name=CALL_TITLE, level=1)).to_be_visible()
    assert_accessible(tom, axe)

    # He answers it with a data return for the SNA; the form already names the call.
    tom.get_by_role("button", name="Answer this call").click()
    expect(tom.get_by_role("heading", name="Add a contribution", level=1)).to_be_visible()
    expect(tom.get_by_label("Answering a call for contributions (optional)")).to_have_value(
        str(open_call.pk)
    )
    tom.get_by_label("Duty element").select_option(label=element.name)
    if javascript:
        # The guidance for the police and the chosen element swaps in.
        expect(tom.locator("#contribution-guidance")).to_contain_text(element.name)
    tom.get_by_label("Engaged", exact=True).check()
    tom.get_by_label("Kind of evidence").select_option(label="Data return")
    tom.get_by_label("Title").fill(TITLE)
    assert_accessible(tom, axe)
    tom.get_by_role("button", name="Save draft").click()
    expect(_banner(tom)).to_contain_text("Your draft has been saved")
    expect(tom.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(tom.get_by_text("No figures uploaded yet.")).to_be_visible()
    assert_accessible(tom, axe)

    # His first file has a negative figure: every problem is listed and nothing is saved.
    tom.get_by_role("link", name="Upload figures").click()
    expect(tom.get_by_role("heading", name="Upload figures", level=1)).to_be_visible()
    assert_accessible(tom, axe)
    _upload(
        tom,
        _csv(
            tmp_path,
            "knife.csv",
            f"{KNIFE},2025-Q1,Northshire,-12",
            f"{KNIFE},2025-Q1,Eastborough,7",
        ),
    )
    expect(tom.locator(".govuk-error-summary")).to_contain_text("1 problem in the file’s rows")
    errors = tom.locator("#upload-errors")
    expect(errors).to_contain_text("The value cannot be negative")
    expect(tom.get_by_text("Nothing from knife.csv has been saved.")).to_be_visible()
    assert_accessible(tom, axe)

    # The corrected file goes in whole.
    _upload(
        tom,
        _csv(
            tmp_path,
            "knife-corrected.csv",
            f"{KNIFE},2025-Q1,Northshire,12",
            f"{KNIFE},2025-Q1,Eastborough,7",
        ),
    )
    expect(_banner(tom)).to_contain_text("2 figures have been saved")
    assert_accessible(tom, axe)

    # Back on the return he sees the figures and submits it.
    tom.get_by_role("link", name="Back to the data return").click()
    figures = tom.get_by_role("table").filter(has_text="Knife and offensive-weapon offences")
    expect(figures.get_by_role("row").filter(has_text="Eastborough")).to_contain_text("7")
    expect(tom.get_by_role("link", name="Replace figures")).to_be_visible()
    tom.get_by_role("button", name="Submit for review").click()
    # He checks his answers before submitting: each one can be changed from here.
    expect(
        tom.get_by_role("heading", name="Check your answers before submitting", level=1)
    ).to_be_visible()
    expect(tom.locator("#answers")).to_contain_text(TITLE)
    expect(tom.locator("#answers")).to_contain_text("2 figures uploaded")
    assert_accessible(tom, axe)
    tom.get_by_role("button", name="Submit for review").click()
    expect(_banner(tom)).to_contain_text(f"“{TITLE}” has been submitted for review")
    expect(tom.locator("main .govuk-tag").first).to_have_text("Submitted")
    assert_accessible(tom, axe)

    # Priya, the lead, finds it waiting for review; the matrix does not count it yet.
    sign_in(priya, "priya@example.org")
    expect(priya.get_by_role("heading", name=partnership.name, level=1)).to_be_visible()
    priya.get_by_role("link", name="Engagement", exact=True).click()
    police_row = priya.get_by_role("row").filter(has_text="Northshire Police")
    police_sna = police_row.get_by_role(
        "link", name=re.compile(f"evidence from Northshire Police for {element.name}")
    )
    expect(police_row).to_be_visible()
    expect(police_sna).to_have_count(0)
    priya.get_by_role("link", name="To do", exact=True).click()
    expect(priya.get_by_role("heading", name="Waiting for review")).to_be_visible()
    priya.get_by_role("link", name=TITLE).click()
    expect(priya.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    assert_accessible(priya, axe)

    # She returns it with a comment.
    priya.get_by_role("button", name="Return for changes").click()
    assert_accessible(priya, axe)
    priya.get_by_label("What needs to change").fill(COMMENT)
    priya.get_by_role("button", name="Return with comments").click()
    expect(_banner(priya)).to_contain_text("has been returned to Northshire Police")
    assert_accessible(priya, axe)

    # Tom sees it returned, with her comment, among his things to do.
    tom.get_by_role("link", name="To do", exact=True).click()
    expect(tom.get_by_role("heading", name="Returned for changes")).to_be_visible()
    tom.get_by_role("link", name=TITLE).click()
    expect(tom.locator("main .govuk-tag").first).to_have_text("Returned")
    expect(tom.locator(".govuk-inset-text").filter(has_text=COMMENT)).to_be_visible()
    assert_accessible(tom, axe)

    # He adds the line she asked for and submits it again.
    tom.get_by_role("button", name="Edit").click()
    expect(tom.get_by_role("heading", name="Edit contribution", level=1)).to_be_visible()
    tom.get_by_label("Details (optional)").fill(
        "Recorded offences, counted by the area where the offence took place."
    )
    assert_accessible(tom, axe)
    tom.get_by_role("button", name="Continue").click()
    expect(_banner(tom)).to_contain_text("Your changes have been saved")
    expect(
        tom.get_by_role("heading", name="Check your answers before submitting", level=1)
    ).to_be_visible()
    tom.get_by_role("button", name="Submit again for review").click()
    expect(_banner(tom)).to_contain_text(f"“{TITLE}” has been submitted for review")
    assert_accessible(tom, axe)

    # Priya accepts it, and the matrix shows the police engaged in the SNA.
    priya.reload()
    expect(priya.get_by_text("Recorded offences, counted by the area")).to_be_visible()
    priya.get_by_role("button", name="Accept").click()
    expect(_banner(priya)).to_contain_text(f"“{TITLE}” has been accepted")
    expect(priya.locator("main .govuk-tag").first).to_have_text("Accepted")
    assert_accessible(priya, axe)
    priya.get_by_role("link", name="Engagement", exact=True).click()
    expect(police_sna).to_have_text(re.compile(r"^\s*Engaged\b"))
    assert_accessible(priya, axe)

    # The evidence behind the cell is Tom's return.
    police_sna.click()
    expect(priya.get_by_role("link", name=TITLE)).to_be_visible()
    assert_accessible(priya, axe)
