"""Uploading quarterly spend: Paul's file is checked whole, every bad row is listed with what is
wrong, nothing is saved unless every row is good, and hostile files are refused with messages
that say why. The file to fill in holds his own allocations only, safe to open in a spreadsheet."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from common.downloads import XLSX_TYPE
from funding.models import SpendRecord
from funding.selectors.partnership import quarter_of
from funding.services.spend import SpendRow, spend_upload
from funding.uploads import parse_spend_upload
from partnerships.access import actor_for
from tests.funding.spend_stories import allocation_for, csv_file, part_of, spend_on, xlsx_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("northshire_built_once")]


@pytest.fixture
def parts(partnership, probation, police):
    """Northshire's non-labour allocation divided for probation (two parts) and the police."""
    allocation = allocation_for(partnership, amount="40000.00")
    return {
        "mentoring": part_of(allocation, amount="12000.00", organisation=probation),
        "housing": part_of(allocation, amount="8000.00", organisation=probation),
        "police": part_of(allocation, amount="10000.00", organisation=police),
    }


def upload_url(partnership):
    return reverse("tenant:funding-upload", args=[partnership.slug])


def post(client, partnership, name, data):
    return client.post(upload_url(partnership), {"file": SimpleUploadedFile(name, data)})


def problems(response) -> str:
    return response.content.decode()


def saved():
    with scopes_disabled():
        return SpendRecord.objects.count()


def test_a_file_with_bad_rows_lists_every_one_and_saves_nothing_then_the_corrected_file_saves_all(
    client_for, partner, partnership, parts
):
    client = client_for(partner)
    mentoring, housing = parts["mentoring"].pk, parts["housing"].pk

    rejected = post(
        client,
        partnership,
        "spend.csv",
        csv_file(
            f"A-{mentoring},2026/27,1,2500.00,12000,40 referred,,",
            f"A-{housing},2026/27,1,12.345,,,,",
            f"A-{housing},2026/27,5,-5,,,,",
            f"A-{mentoring},2026/27,2,=SUM(A1),,,,",
        ),
    )

    page = problems(rejected)
    assert rejected.status_code == 200
    assert "There are 4 problems in the file’s rows, listed below" in page
    assert "Nothing from spend.csv has been saved." in page
    assert "‘actual’ £12.345 has more than two decimal places: round it to the penny." in page
    assert "‘quarter’ is 5: use 1, 2, 3 or 4" in page
    assert "‘actual’ is -£5: an amount cannot be negative" in page
    assert "‘actual’ looks like a spreadsheet formula" in page
    rows = [cell for cell in page.split('govuk-table__cell--numeric">')[1:]]
    assert [row.split("<")[0] for row in rows] == ["3", "4", "4", "5"]
    assert saved() == 0

    accepted = post(
        client,
        partnership,
        "spend-corrected.csv",
        csv_file(
            f"A-{mentoring},2026/27,1,2500.00,12000,40 referred,,",
            f"A-{housing},2026/27,1,12.35,,,,",
            f"A-{housing},2026/27,Q2,5,8000,,,",
            f'a{mentoring},2026-27,2,"£1,000.01",,,,',
        ),
    )

    assert accepted.status_code == 302
    with scopes_disabled():
        records = {
            (r.allocation_id, r.quarter): r.actual for r in SpendRecord.objects.all()
        }  # fmt: skip
    assert records == {
        (mentoring, 1): Decimal("2500.00"),
        (housing, 1): Decimal("12.35"),
        (housing, 2): Decimal("5.00"),
        (mentoring, 2): Decimal("1000.01"),
    }
    page = client.get(reverse("tenant:funding", args=[partnership.slug])).content.decode()
    assert "4 quarters of spend have been saved" in page
    assert "£3,517.36" in page  # spent to date, to the penny


def test_an_xlsx_file_is_read_and_checked_the_same_way(client_for, partner, partnership, parts):
    client = client_for(partner)
    mentoring = parts["mentoring"].pk

    rejected = post(
        client,
        partnership,
        "spend.xlsx",
        xlsx_file(
            [
                [f"A-{mentoring}", "2026/27", 1, 12.345, None],
                [f"A-{mentoring}", "2026/27", 2, "=1+1", None],
            ],
            as_text={(3, 4)},
        ),
    )
    assert "has more than two decimal places" in problems(rejected)
    assert "‘actual’ looks like a spreadsheet formula" in problems(rejected)
    assert saved() == 0

    accepted = post(
        client,
        partnership,
        "spend.xlsx",
        xlsx_file(
            [
                [f"A-{mentoring}", "2026/27", 1, 1250.5, 12000],
                [f"A-{mentoring}", "2026/27", 2, 0.1, None],
            ]
        ),
    )
    assert accepted.status_code == 302
    with scopes_disabled():
        assert sorted(SpendRecord.objects.values_list("actual", flat=True)) == [
            Decimal("0.10"),
            Decimal("1250.50"),
        ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("spend.csv", b"x" * (5 * 1024 * 1024 + 1), "The file is larger than 5 MB"),
        ("spend.pdf", b"%PDF-1.7", "The file must be a CSV (.csv) or an Excel workbook (.xlsx)"),
        ("spend.csv", b"%PDF-1.7\n", "The file is a PDF, not a CSV"),
        ("spend.xlsx", b"allocation_reference\n", "The file is not an Excel workbook"),
        ("spend.csv", b"", "The selected file is empty"),
        ("spend.csv", b"\r\n\r\n", "The file is empty"),
        ("spend.csv", b"measure,period,area,value\r\n", "‘measure’ is not a column we know"),
        ("spend.csv", csv_file(), "The file has headings but no rows of spend"),
    ],
    ids=["huge", "wrong type", "a pdf named csv", "not a workbook", "empty", "blank",
         "wrong columns", "no rows"],
)  # fmt: skip
def test_hostile_or_wrong_files_are_refused_with_a_clear_message(
    client_for, partner, partnership, parts, name, data, message
):
    response = post(client_for(partner), partnership, name, data)

    assert response.status_code == 200
    assert message in problems(response)
    assert saved() == 0


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("{police},2026/27,1,10,,,,", "is not an allocation you can record spend for"),
        ("A-999999,2026/27,1,10,,,,", "is not an allocation you can record spend for"),
        ("{mentoring},2025/26,1,10,,,,", "‘year’ is 2025/26, but A-"),
        ("{mentoring},2026/28,1,10,,,,", "a financial year runs from one year to the next"),
        ("{mentoring},2026/27,0,10,,,,", "‘quarter’ is 0"),
        ("{mentoring},2026/27,1,,,,,", "‘actual’ is empty"),
        ("{mentoring},2026/27,1,ten pounds,,,,", "‘actual’ is ten pounds"),
        ("{mentoring},2026/27,1,10,-1,,,", "‘forecast’ is -£1: an amount cannot be negative"),
        ("{mentoring},2026/27,1,10,,@cmd,,", "‘outputs’ looks like a spreadsheet formula"),
        ("{mentoring},2026/27,1,10,,,,,extra", "more cells than the file has headings"),
    ],
    ids=["someone else's", "unknown", "wrong year", "no such year", "quarter 0", "no amount",
         "words", "negative forecast", "formula text", "extra cell"],
)  # fmt: skip
def test_each_bad_row_says_what_is_wrong(partner, partnership, parts, row, message):
    actor = actor_for(partner, partnership)
    refs = {key: f"A-{part.pk}" for key, part in parts.items()}
    with scope(partnership=partnership):
        from funding.selectors.partnership import recordable_allocations

        result = parse_spend_upload(
            name="spend.csv",
            data=csv_file(row.format(**refs)),
            allocations=recordable_allocations(actor=actor),
        )

    assert [problem.row for problem in result.errors] == [2]
    assert message in result.errors[0].message


def test_the_same_quarter_twice_in_a_file_is_refused(partner, partnership, parts):
    mentoring = f"A-{parts['mentoring'].pk}"
    with scope(partnership=partnership):
        from funding.selectors.partnership import recordable_allocations

        result = parse_spend_upload(
            name="spend.csv",
            data=csv_file(f"{mentoring},2026/27,1,10,,,,", f"{mentoring},2026/27,Q1,11,,,,"),
            allocations=recordable_allocations(actor=actor_for(partner, partnership)),
        )

    assert [(p.row, p.message) for p in result.errors] == [
        (3, f"Rows 2 and 3 are both for {mentoring} in Q1: keep one of them.")
    ]


def test_the_service_saves_nothing_if_any_row_is_refused(partner, partnership, parts):
    rows = [
        SpendRow(allocation_pk=parts["mentoring"].pk, year="2026/27", quarter=1,
                 actual=Decimal("1.00"), row=2),
        SpendRow(allocation_pk=parts["police"].pk, year="2026/27", quarter=1,
                 actual=Decimal("1.00"), row=3),
    ]  # fmt: skip

    with scope(partnership=partnership), pytest.raises(ValidationError) as refusal:
        spend_upload(partnership=partnership, rows=rows, actor=actor_for(partner, partnership))

    assert "Row 3:" in str(refusal.value) and "Nothing has been saved." in str(refusal.value)
    assert saved() == 0


def test_an_upload_corrects_a_quarter_already_recorded_and_keeps_its_history(
    client_for, partner, partnership, parts
):
    mentoring = parts["mentoring"]
    spend_on(mentoring, quarter=1, actual="100.00")

    post(client_for(partner), partnership, "spend.csv",
         csv_file(f"A-{mentoring.pk},2026/27,1,150.00,,,,"))  # fmt: skip

    with scopes_disabled():
        record = SpendRecord.objects.get()
        assert record.actual == Decimal("150.00")
        assert record.history.count() == 2


def test_the_file_to_fill_in_holds_paul_s_own_allocations_for_this_quarter(
    client_for, partner, partnership, parts
):
    with scopes_disabled():
        parts["housing"].purpose = '=HYPERLINK("http://x.example")'
        parts["housing"].save()
    spend_on(parts["mentoring"], quarter=quarter_of("2026/27", timezone.localdate()),
             actual="42.00", forecast="12000.00")  # fmt: skip

    response = client_for(partner).get(reverse("tenant:funding-template", args=[partnership.slug]))

    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(",") == [
        "allocation_reference", "purpose", "year", "quarter",
        *("actual", "forecast", "outputs", "evidence", "variance_reason"),
    ]  # fmt: skip
    references = [line.split(",")[0] for line in lines[1:]]
    assert references == [f"A-{parts['mentoring'].pk}", f"A-{parts['housing'].pk}"]
    assert ",42.00,12000.00," in lines[1]
    # A purpose that looks like a formula is written so a spreadsheet shows it, never runs it.
    assert "'=HYPERLINK" in lines[2]


def test_paul_fills_in_the_excel_spend_file_and_uploads_it_as_it_is(
    client_for, partner, partnership, parts
):
    client = client_for(partner)
    response = client.get(reverse("tenant:funding-template-xlsx", args=[partnership.slug]))
    assert response["Content-Type"].startswith(XLSX_TYPE)
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        row[header.index("actual")].value = 1250.5  # typed as a number in Excel
        row[header.index("outputs")].value = "12 sessions"
    filled = io.BytesIO()
    workbook.save(filled)

    uploaded = post(client, partnership, "spend.xlsx", filled.getvalue())

    assert uploaded.status_code == 302, problems(uploaded)
    with scopes_disabled():
        records = SpendRecord.objects.filter(allocation__in=[parts["mentoring"], parts["housing"]])
        assert [r.actual for r in records] == [Decimal("1250.50"), Decimal("1250.50")]


def test_an_observer_gets_403_and_an_outsider_404(client_for, observer, outsider, partnership):
    for name in ("funding-upload", "funding-template", "funding-template-xlsx"):
        url = reverse(f"tenant:{name}", args=[partnership.slug])
        assert client_for(observer).get(url).status_code == 403
        assert client_for(outsider).get(url).status_code == 404
