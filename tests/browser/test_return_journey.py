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


# A yes-or-no question only the convener can answer, once for the whole grant.
ON_TRACK = {
    "key": "on-track",
    "section": "Delivery",
    "label": "Is delivery on track",
    "kind": Kind.YES_NO,
    "scope": Scope.GRANT,
}


def published_template(name: str, *questions: dict) -> return_services.ReturnTemplate:
    """A return template as an administrator sets it up (templates are data the admin defines,
    not pages of the journey) and publishes it: each question's fields, in order."""
    template = return_services.ReturnTemplate.objects.create(name=name)
    for order, question in enumerate(questions, start=1):
        ReturnQuestion.objects.create(template=template, order=order, **question)
    return return_services.return_template_publish(template=template, user=None)


def fill_new_return(page, *, period: str, due: datetime.date) -> None:
    """The Start a return form (the only published template is chosen already)."""
    page.get_by_label("Period").fill(period)
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))


def answer_yes(page, label: str, *, check=lambda: None) -> None:
    """From the return's page, answer a yes-or-no question "Yes" (calling `check` on the
    answer's page before saving) and come back."""
    page.get_by_role("link", name=f"Change {label}").click()
    page.get_by_label("Yes", exact=True).check()
    check()
    page.get_by_role("button", name="Save answer").click()


def download_return_xlsx(page, path) -> list[tuple]:
    """Download the return's workbook from its page to `path`: its rows, as values."""
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the return as a spreadsheet (XLSX)").click()
    download.value.save_as(path)
    return list(load_workbook(path).active.iter_rows(values_only=True))


@pytest.fixture
def template():
    """The administrator's template: labour spend filled from the portal, and a yes-or-no
    question only the convener can answer."""
    labour = {
        "key": "labour",
        "section": "Spend",
        "label": "Labour spend this year",
        "kind": Kind.MONEY,
        "prefill": Prefill.SPEND_LABOUR,
    }
    return published_template("Duty grant return", labour, ON_TRACK)


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
    fill_new_return(page, period="2026/27 Q2", due=datetime.date(2026, 10, 31))
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

    answer_yes(page, "Is delivery on track", check=lambda: assert_accessible(page, axe))
    page.get_by_role("button", name="Sign off the return").click()
    expect(page.locator("main")).to_contain_text("Record the submission")
    assert_accessible(page, axe)

    rows = download_return_xlsx(page, tmp_path / "return.xlsx")
    cells = [cell for row in rows for cell in row if cell is not None]
    assert Decimal(str(next(c for c in cells if isinstance(c, (int, float))))) == Decimal("1234.55")
    assert "Is delivery on track" in cells
