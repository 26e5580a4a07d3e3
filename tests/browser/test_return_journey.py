"""A Home Office return in the browser (issue 18): Grace starts this period's return for the
Northshire grant from the published template, finds the spend filled in from what partners
recorded, answers the one question the portal cannot (a wrong answer first), signs it off and
downloads the workbook, whose figures match to the penny. JavaScript on and off, axe-core at
each step."""

import datetime
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled
from openpyxl import load_workbook
from playwright.sync_api import expect

from funding.models import Allocation, Grant, GrantLine, ReturnQuestion, SpendRecord
from funding.services import returns as return_services
from tests.browser.test_export_journey import grace_page  # noqa: F401 (a fixture)
from tests.browser.test_lead_journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Kind, Scope, Prefill = ReturnQuestion.Kind, ReturnQuestion.Scope, ReturnQuestion.Prefill


@pytest.fixture
def grant(partnership, convener):
    """Northshire's 2026/27 grant, with £1,234.55 of labour spend recorded over two quarters."""
    grant = Grant.objects.create(
        title="Serious Violence Duty grant: Northshire",
        grant_year="2026/27",
        amount=Decimal("100000.00"),
        awarded_on=datetime.date(2026, 3, 1),
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
    )
    grant.partnerships.add(partnership)
    labour = GrantLine.objects.create(grant=grant, kind="labour", amount=Decimal("40000"))
    with scopes_disabled():
        allocation = Allocation.objects.create(
            partnership=partnership, line=labour, amount=Decimal("40000"), purpose="Analysts"
        )
        for quarter, actual in ((1, "1000.10"), (2, "234.45")):
            SpendRecord.objects.create(
                partnership=partnership,
                allocation=allocation,
                year="2026/27",
                quarter=quarter,
                actual=Decimal(actual),
            )
    return grant


@pytest.fixture
def template():
    """The administrator's template: labour spend filled from the portal, and a yes-or-no
    question only the convener can answer."""
    template = return_services.ReturnTemplate.objects.create(name="Duty grant return")
    ReturnQuestion.objects.create(
        template=template,
        order=1,
        key="labour",
        section="Spend",
        label="Labour spend this year",
        kind=Kind.MONEY,
        prefill=Prefill.SPEND_LABOUR,
    )
    ReturnQuestion.objects.create(
        template=template,
        order=2,
        key="on-track",
        section="Delivery",
        label="Is delivery on track",
        kind=Kind.YES_NO,
        scope=Scope.GRANT,
    )
    return return_services.return_template_publish(template=template, user=None)


def test_the_convener_completes_a_prefilled_return_and_exports_it(
    grace_page,  # noqa: F811
    axe,
    assert_accessible,
    partnership,
    grant,
    template,
    tmp_path,
):
    page = grace_page
    sign_in(page, "grace@example.org")
    page.goto(f"/convener/funding/{grant.pk}/")
    expect(page.get_by_role("heading", name=grant.title, level=1)).to_be_visible()
    page.get_by_role("link", name="See and complete this grant's returns").click()
    expect(page.get_by_role("heading", name="Home Office returns", level=1)).to_be_visible()
    assert_accessible(page, axe)

    page.get_by_role("button", name="Start a return").click()
    page.get_by_label("Period").fill("2026/27 Q2")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("10")
    page.get_by_label("Year").fill("2026")
    assert_accessible(page, axe)
    page.get_by_role("button", name="Start the return").click()

    # The spend partners recorded is there already, to the penny.
    main = page.locator("main")
    expect(main).to_contain_text("£1,234.55")
    assert_accessible(page, axe)

    # Signing off too soon names what is still to answer; nothing is lost.
    page.get_by_role("button", name="Sign off the return").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Answer “Is delivery on track”")
    assert_accessible(page, axe)

    page.get_by_role("link", name="Change Is delivery on track").click()
    page.get_by_label("Yes", exact=True).check()
    assert_accessible(page, axe)
    page.get_by_role("button", name="Save answer").click()
    page.get_by_role("button", name="Sign off the return").click()
    expect(page.locator("main")).to_contain_text("Record the submission")
    assert_accessible(page, axe)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the return as a spreadsheet (XLSX)").click()
    saved = tmp_path / "return.xlsx"
    download.value.save_as(saved)
    rows = list(load_workbook(saved).active.iter_rows(values_only=True))
    cells = [cell for row in rows for cell in row if cell is not None]
    assert Decimal(str(next(c for c in cells if isinstance(c, (int, float))))) == Decimal("1234.55")
    assert "Is delivery on track" in cells
