"""The Duty grant from award to signed-off return, as one journey in the browser (issue 18).

Grace convenes Northshire and Southvale for the local policing body. She records the grant
awarded for both, splits it into labour and non-labour lines, allocates each line to the two
partnerships, and divides Northshire's non-labour allocation into two parts paid to probation.
Paul, probation's duty partner, downloads the spend file the portal made for those parts,
uploads it with two bad rows first (both listed, nothing saved), then corrected. Grace starts
the period's return from the published template, finds Paul's spend filled in to the penny,
answers the rest and signs it off; she downloads the workbook, and the PDF the worker makes of
the signed-off return, and both hold the same figures.

Nothing behind the browser's back but the people and the return template (an administrator's
data, not a page of this journey). The three journeys this one strings together
(test_grant_journey, test_spend_journey, test_return_journey) keep the detail it leaves out.
With JavaScript on and off; axe-core checks each kind of page on the way.
"""

import re
from datetime import date
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from funding.models import ReturnQuestion, SpendRecord
from outbox import services as outbox
from tests.browser.test_grant_journey import (
    NORTHSHIRE,
    SOUTHVALE,
    allocate,
    fill_award,
    fill_lines,
    grace,  # noqa: F401 (a fixture: she convenes Southvale too)
    grace_page,  # noqa: F401 (a fixture)
)
from tests.browser.test_lead_journey import sign_in
from tests.browser.test_return_journey import (
    ON_TRACK,
    answer_yes,
    download_return_xlsx,
    fill_new_return,
    published_template,
)
from tests.browser.test_spend_journey import paul_page, upload_spend  # noqa: F401 (a fixture)
from tests.documents.conftest import words_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Serious Violence Duty grant"
PROBATION = "Northshire Probation Delivery Unit"
NON_LABOUR_SPEND = "Non-labour spend this year"


@pytest.fixture
def template():
    """The administrator's published template: each partnership's non-labour spend, filled
    from what partners recorded, and a question only the convener can answer."""
    non_labour = {
        "key": "non-labour",
        "section": "Spend",
        "label": NON_LABOUR_SPEND,
        "kind": ReturnQuestion.Kind.MONEY,
        "prefill": ReturnQuestion.Prefill.SPEND_NON_LABOUR,
    }
    return published_template("Duty grant return", non_labour, ON_TRACK)


def divide(page, *, reference: str, amount: str, purpose: str, check=lambda: None) -> None:
    """On the partnership's funding page, give probation a part of allocation `reference`
    (calling `check` on the part's page before saving)."""
    page.get_by_role("link", name=f"Divide into parts {reference}").click()
    expect(page.get_by_role("heading", name="Divide an allocation", level=1)).to_be_visible()
    page.get_by_label("Who or what it pays for").select_option(label=PROBATION)
    page.get_by_label("Amount").fill(amount)
    page.get_by_role("textbox", name="What it pays for").fill(purpose)
    check()
    page.get_by_role("button", name="Save part").click()
    expect(page.get_by_text("The part has been added")).to_be_visible()


def spend_file(template_path, path, fill: dict[str, dict]) -> None:
    """The spend file the portal offered, filled in: `fill` maps each row's purpose to the
    columns to write (left as downloaded otherwise)."""
    workbook = load_workbook(template_path)
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        purpose = row[header.index("purpose")].value
        for column, value in fill.get(purpose, {}).items():
            row[header.index(column)].value = value
    workbook.save(path)


def spend_recorded() -> int:
    with scopes_disabled():
        return SpendRecord.objects.count()


@pytest.mark.usefixtures("grace", "partner")
def test_the_duty_grant_from_award_to_a_signed_off_return(
    grace_page,  # noqa: F811
    paul_page,  # noqa: F811
    axe,
    assert_accessible,
    javascript,
    template,
    monkeypatch,
    tmp_path,
):
    page = grace_page

    # --- Grace records the award, sets its lines and allocates both to both partnerships ---
    sign_in(page, "grace@example.org")
    expect(page.get_by_role("heading", name="Partnerships you convene")).to_be_visible()
    page.get_by_role("link", name="Duty grant", exact=True).click()
    expect(page.get_by_role("heading", name="Duty grant", level=1)).to_be_visible()
    assert_accessible(page, axe)
    page.get_by_role("button", name="Record an award").click()
    assert_accessible(page, axe)
    fill_award(
        page, title=TITLE, year="2026/27", amount="200,000", partnerships=[NORTHSHIRE, SOUTHVALE]
    )
    page.get_by_role("button", name="Record award").click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    assert_accessible(page, axe)

    page.get_by_role("button", name="Set the lines").click()
    fill_lines(page, labour="120,000", non_labour="80,000")
    assert_accessible(page, axe)
    page.get_by_role("button", name="Save lines").click()
    expect(page.get_by_text("You have set the grant’s lines")).to_be_visible()

    allocations = [
        ("Labour", NORTHSHIRE, "70,000", "£70,000.00", "Programme lead and analyst"),
        ("Labour", SOUTHVALE, "50,000", "£50,000.00", "Analyst"),
        ("Non-labour", NORTHSHIRE, "45,000.50", "£45,000.50", "Interventions"),
        ("Non-labour", SOUTHVALE, "34,999.50", "£34,999.50", "Interventions"),
    ]
    for number, (line, place, amount, pounds, purpose) in enumerate(allocations):
        page.get_by_role("button", name="Allocate to a partnership").click()
        if number == 0:
            assert_accessible(page, axe)
        allocate(page, line, place, amount, purpose)
        expect(page.get_by_text(f"You have allocated {pounds} to {place}")).to_be_visible()
    table = page.get_by_role("table", name="Allocated and spent, by partnership and line")
    expect(table.get_by_role("row", name=re.compile("Left to allocate"))).to_contain_text("£0.00")

    # --- She divides Northshire's non-labour allocation: two parts paid to probation ---
    page.goto("/")
    page.get_by_role("link", name=NORTHSHIRE).first.click()
    page.get_by_role("link", name="Funding", exact=True).click()
    expect(page.get_by_role("heading", name="Funding", level=1)).to_be_visible()
    assert_accessible(page, axe)
    heading = page.get_by_role("heading", name=re.compile(r"^A-\d+: Interventions$"))
    non_labour = heading.inner_text().split(":")[0]
    divide(
        page,
        reference=non_labour,
        amount="12,000",
        purpose="Mentoring on licence",
        check=lambda: assert_accessible(page, axe),
    )
    divide(page, reference=non_labour, amount="8,000", purpose="Housing support")
    expect(page.locator("main")).to_contain_text(
        "Allocated £45,000.50; divided into parts £20,000.00; left to divide £25,000.50."
    )

    # --- Paul downloads the spend file, uploads it with two bad rows, then corrected ---
    paul = paul_page
    sign_in(paul, "paul@example.org")
    paul.get_by_role("link", name="Funding", exact=True).click()
    expect(paul.get_by_role("heading", name="Funding", level=1)).to_be_visible()
    assert_accessible(paul, axe)
    paul.get_by_role("link", name="Upload spend").click()
    expect(paul.get_by_role("heading", name="Upload spend", level=1)).to_be_visible()
    assert_accessible(paul, axe)
    with paul.expect_download() as download:
        paul.get_by_role("link", name="Spend file (Excel, .xlsx)").click()
    offered = tmp_path / download.value.suggested_filename
    download.value.save_as(offered)
    assert offered.suffix == ".xlsx"
    rows = list(load_workbook(offered).active.iter_rows(values_only=True))
    # A row for each of his parts, and none for anything he may not record spend for.
    assert sorted(row[1] for row in rows[1:]) == ["Housing support", "Mentoring on licence"]
    assert {row[2] for row in rows[1:]} == {"2026/27"}

    # A third decimal place, and a fifth quarter: both rows are listed, and nothing is saved.
    bad = tmp_path / "spend.xlsx"
    spend_file(
        offered,
        bad,
        {
            "Mentoring on licence": {"actual": "2500.005", "forecast": "12000"},
            "Housing support": {"actual": "1000", "quarter": 5},
        },
    )
    upload_spend(paul, bad)
    expect(paul.locator(".govuk-error-summary")).to_contain_text("2 problems in the file’s rows")
    errors = paul.locator("#upload-errors")
    expect(errors).to_contain_text("has more than two decimal places")
    expect(errors).to_contain_text("‘quarter’ is 5")
    expect(paul.get_by_text("Nothing from spend.xlsx has been saved.")).to_be_visible()
    assert_accessible(paul, axe)
    assert spend_recorded() == 0

    good = tmp_path / "spend-corrected.xlsx"
    spend_file(
        offered,
        good,
        {
            "Mentoring on licence": {
                "actual": "2500.01",
                "forecast": "12000",
                "outputs": "40 referred",
            },
            "Housing support": {"actual": "1000.00"},
        },
    )
    upload_spend(paul, good)
    expect(paul.locator(".govuk-notification-banner")).to_contain_text(
        "2 quarters of spend have been saved"
    )
    expect(paul.locator("#funding-totals")).to_contain_text("£3,500.01")
    assert spend_recorded() == 2

    # --- Grace sees the spend on the grant, and starts the period's return ---
    page.goto("/")
    page.get_by_role("link", name="Duty grant", exact=True).click()
    page.get_by_role("link", name=f"{TITLE} (2026/27)").click()
    table = page.get_by_role("table", name="Allocated and spent, by partnership and line")
    expect(table.get_by_role("row", name=re.compile(NORTHSHIRE))).to_contain_text("£3,500.01")
    page.get_by_role("link", name="See and complete this grant's returns").click()
    expect(page.get_by_role("heading", name="Home Office returns", level=1)).to_be_visible()
    assert_accessible(page, axe)
    page.get_by_role("button", name="Start a return").click()
    fill_new_return(page, period="2026/27 Q3", due=date(2027, 1, 31))
    assert_accessible(page, axe)
    page.get_by_role("button", name="Start the return").click()

    # Paul's spend is there already, to the penny; Southvale recorded none.
    answers = page.locator(".govuk-summary-list__row").filter(has_text=NON_LABOUR_SPEND)
    northshire = answers.filter(has_text=NORTHSHIRE)
    expect(northshire).to_contain_text("£3,500.01")
    expect(northshire).to_contain_text("Filled from the portal")
    expect(answers.filter(has_text=SOUTHVALE)).to_contain_text("£0.00")
    assert_accessible(page, axe)

    answer_yes(page, ON_TRACK["label"], check=lambda: assert_accessible(page, axe))

    # The worker is busy when she signs off: the page says the PDF is being made, and only
    # without JavaScript asks her to refresh it. (Tasks run in this process as they are handed
    # over, tests/conftest.py; here the hand-over waits until the worker's turn below.)
    held = []
    with monkeypatch.context() as busy:
        busy.setattr(outbox, "publish", held.append)
        page.get_by_role("button", name="Sign off the return").click()
        expect(page.locator("main")).to_contain_text("Record the submission")
        expect(page.locator("#return-pdf")).to_contain_text("is being made")
        refresh = page.get_by_role("link", name="Refresh this page to see if it is ready")
        expect(refresh).to_have_count(0 if javascript else 1)
        assert_accessible(page, axe)
    assert held, "signing off asked for no PDF"
    for message_id in held:
        outbox.publish(message_id)  # the worker's turn: it renders the return

    pdf_link = page.get_by_role(
        "link", name=re.compile(r"^Download the signed-off return as a PDF \(\d+ pages?\)$")
    )
    if not javascript:
        refresh.click()
    # With JavaScript the block asks again every 2 seconds and brings the link in by itself.
    expect(pdf_link).to_be_visible()

    # The workbook and the PDF hold the same figure, to the penny.
    rows = download_return_xlsx(page, tmp_path / "return.xlsx")
    (figure,) = [row[4] for row in rows if row[1] == "non-labour" and row[3] == NORTHSHIRE]
    spent = Decimal(str(figure))
    assert spent == Decimal("3500.01")
    assert [row[4] for row in rows if row[1] == "on-track"] == ["Yes"]

    with page.expect_download() as download:
        pdf_link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as file:
        reader = PdfReader(file)
        pages = len(reader.pages)
        words = words_of(reader)
    assert pdf_link.inner_text().endswith(f"({pages} page{'' if pages == 1 else 's'})")
    assert f"£{spent:,.2f}" in words
    assert NORTHSHIRE in words and "Grace Okafor" in words
