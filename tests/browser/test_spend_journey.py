"""Paul, probation's duty partner, reports a quarter's spend on the Duty grant: he downloads
nothing he need not, uploads a file with a mistake first — every bad row is listed and nothing
is saved — then the corrected file, and sees the partnership's totals to the penny. With
JavaScript on and off, and axe-core checking every page on the way."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_lead_journey import sign_in
from tests.funding.spend_stories import allocation_for, csv_file, part_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def paul_page(browser, live_server, catalogue, javascript):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def probation_parts(partnership, partner, probation, police):
    """Northshire's non-labour allocation, divided for probation (twice) and the police."""
    allocation = allocation_for(partnership, amount="40000.00")
    return (
        part_of(allocation, amount="12000.00", organisation=probation),
        part_of(allocation, amount="8000.00", organisation=probation),
        part_of(allocation, amount="10000.00", organisation=police),
    )


def upload_spend(page, path) -> None:
    """Choose the file on the Upload spend page and send it to be checked."""
    page.get_by_label("Upload a file").set_input_files(path)
    page.get_by_role("button", name="Check and upload").click()


def test_a_partner_uploads_quarterly_spend_and_sees_the_totals(
    paul_page, axe, assert_accessible, partnership, probation_parts, tmp_path
):
    paul = paul_page
    mentoring, housing, police = (f"A-{part.pk}" for part in probation_parts)

    sign_in(paul, "paul@example.org")
    paul.get_by_role("link", name="Funding", exact=True).click()
    expect(paul.get_by_role("heading", name="Funding", level=1)).to_be_visible()
    # He may record probation's parts, not the police's.
    expect(paul.get_by_role("link", name=f"Record spend {mentoring}")).to_be_visible()
    expect(paul.get_by_role("link", name=f"Record spend {police}")).to_have_count(0)
    assert_accessible(paul, axe)

    paul.get_by_role("link", name="Upload spend").click()
    expect(paul.get_by_role("heading", name="Upload spend", level=1)).to_be_visible()
    assert_accessible(paul, axe)

    # His first file has a third decimal place and a fifth quarter: both rows are listed.
    bad = tmp_path / "spend.csv"
    bad.write_bytes(
        csv_file(
            f"{mentoring},2026/27,1,2500.005,12000,40 referred,,",
            f"{housing},2026/27,5,1000,,,,",
        )
    )
    upload_spend(paul, bad)
    expect(paul.locator(".govuk-error-summary")).to_contain_text("2 problems in the file’s rows")
    errors = paul.locator("#upload-errors")
    expect(errors).to_contain_text("has more than two decimal places")
    expect(errors).to_contain_text("‘quarter’ is 5")
    expect(paul.get_by_text("Nothing from spend.csv has been saved.")).to_be_visible()
    assert_accessible(paul, axe)

    # The corrected file goes in whole, and the funding page adds it up.
    good = tmp_path / "spend-corrected.csv"
    good.write_bytes(
        csv_file(
            f"{mentoring},2026/27,1,2500.01,12000,40 referred,,",
            f"{housing},2026/27,1,1000.00,,,,",
        )
    )
    upload_spend(paul, good)
    expect(paul.locator(".govuk-notification-banner")).to_contain_text(
        "2 quarters of spend have been saved"
    )
    expect(paul.get_by_role("heading", name="Funding", level=1)).to_be_visible()
    expect(paul.locator("#funding-totals")).to_contain_text("£3,500.01")
    expect(paul.locator("#funding-totals")).to_contain_text("£40,000.00")
    assert_accessible(paul, axe)
