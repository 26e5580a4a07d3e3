"""Data sharing in the browser (issue 17): Tom, the police data lead, registers the ISA his
knife crime figures rely on, with its signed copy, and the data return he then uploads says it
was shared under it — with JavaScript on and off, axe-core checking each page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Contribution
from tests.browser.test_lead_journey import sign_in
from tests.browser.test_sna_journey import (  # noqa: F401 (measures is a fixture)
    KNIFE,
    _banner,
    _csv,
    _upload,
    measures,
    tom_page,
)
from tests.factories import ContributionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ISA = "Northshire knife crime ISA"


@pytest.fixture
def police_return(measures, partnership, data_lead, police):  # noqa: F811
    """Tom's draft data return of the police's knife crime figures."""
    partnership.areas = ["Northshire"]
    partnership.save()
    return ContributionFactory(
        organisation=police,
        created_by=data_lead,
        kind=Contribution.Kind.DATA_RETURN,
        title="Police knife crime figures",
    )


def test_the_data_lead_registers_an_isa_and_a_data_return_cites_it(
    tom_page,  # noqa: F811
    axe,
    assert_accessible,
    police_return,
    partnership,
    probation,
    tmp_path,
):
    tom = tom_page
    sign_in(tom, "tom@example.org")
    expect(tom.get_by_role("heading", name=partnership.name, level=1)).to_be_visible()

    # The register, from the menu: nothing yet, and the police party to nothing.
    tom.get_by_role("link", name="Data sharing", exact=True).first.click()
    expect(tom.get_by_role("heading", level=1)).to_contain_text("Data sharing")
    assert_accessible(tom, axe)

    tom.get_by_role("button", name="Register an agreement").click()
    expect(tom.get_by_role("heading", name="Register an agreement", level=1)).to_be_visible()
    assert_accessible(tom, axe)

    # He forgets the purpose: every problem is listed and what he typed stays.
    tom.get_by_label("Information sharing agreement", exact=True).check()
    tom.get_by_label("Title", exact=True).fill(ISA)
    tom.get_by_label("Data sets shared").fill("Quarterly counts of knife crime by area.")
    tom.get_by_role("button", name="Register agreement").click()
    expect(tom.locator(".govuk-error-summary")).to_contain_text("Enter the purpose of the sharing")
    expect(tom.get_by_label("Title", exact=True)).to_have_value(ISA)
    assert_accessible(tom, axe)

    tom.get_by_label("Purpose").fill("Aggregate figures for the strategic needs assessment.")
    tom.get_by_label(re.compile(r"Section 16 of the Police, Crime, Sentencing")).check()
    tom.get_by_label("Knife and offensive-weapon offences").check()
    form = tom.locator("form")
    form.get_by_label("Northshire Police", exact=True).check()
    form.get_by_label("Northshire Probation Delivery Unit", exact=True).check()
    tom.get_by_label("Owning organisation").select_option(label="Northshire Police")
    tom.get_by_label("OFFICIAL-SENSITIVE").check()
    in_force = timezone.localdate() - datetime.timedelta(days=30)
    tom.get_by_label("Day").fill(str(in_force.day))
    tom.get_by_label("Month").fill(str(in_force.month))
    tom.get_by_label("Year").fill(str(in_force.year))
    signed = tmp_path / "knife-isa-signed.pdf"
    signed.write_bytes(b"%PDF-1.4\n%%EOF\n")
    tom.get_by_label("Signed copy (optional)").set_input_files(signed)
    tom.get_by_role("button", name="Register agreement").click()

    expect(tom.get_by_role("heading", name=ISA, level=1)).to_be_visible()
    expect(tom.locator("main")).to_contain_text("In date")
    expect(tom.get_by_role("link", name="Download the signed copy of version 1")).to_be_visible()
    assert_accessible(tom, axe)

    # His data return's figures go in, shared under the agreement.
    tom.goto(f"/p/{partnership.slug}/contributions/{police_return.pk}/")
    expect(tom.get_by_role("heading", name="Police knife crime figures", level=1)).to_be_visible()
    tom.get_by_role("link", name="Upload figures").click()
    _upload(tom, _csv(tmp_path, "knife.csv", f"{KNIFE},2025-Q1,Northshire,12"))
    expect(_banner(tom)).to_contain_text("1 figure has been saved")
    assert_accessible(tom, axe)
    tom.get_by_role("link", name="Back to the data return").click()
    shared = tom.locator("#shared-under ~ ul").first
    expect(shared).to_contain_text(ISA)
    assert_accessible(tom, axe)

    shared.get_by_role("link", name=ISA).click()
    expect(tom.get_by_role("heading", name=ISA, level=1)).to_be_visible()
