"""Reading and checking data return files: every bad file is refused with a message that says
what to fix, nothing ever raises, and good files in every accepted shape come out as clean rows.

The files are built here rather than kept as fixtures, so each case shows exactly what it holds.
"""

import io
import random
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from assessments import uploads
from assessments.uploads import Problem, parse_upload

MEASURES = {"knife-offensive-weapon-offences", "violence-with-injury", "deliberate-fires"}
AREAS = {"Northshire", "Eastborough"}
HEADER = "measure,period,area,value"
KNIFE = "knife-offensive-weapon-offences"
GOOD_ROW = f"{KNIFE},2025-Q1,Northshire,12"


def csv_file(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_file(rows: list[list], *, as_text: set[tuple[int, int]] = frozenset()) -> bytes:
    """A workbook with one sheet; cells in `as_text` (row, column, from 1) are kept as text even
    when they start with "=", as a spreadsheet does for a cell typed with a leading apostrophe."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for row, column in as_text:
        sheet.cell(row=row, column=column).data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_file(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def parse(name: str, data: bytes, *, areas=AREAS):
    return parse_upload(name=name, data=data, measure_slugs=MEASURES, known_areas=set(areas))


def personal(column: str) -> tuple[str, str, bytes, str]:
    return (
        f"a '{column}' column",
        "return.csv",
        csv_file(f"{HEADER},{column}", f"{GOOD_ROW},x"),
        f"This file has a ‘{column}’ column",
    )


HUGE = csv_file(HEADER, *[GOOD_ROW.replace("12", str(n)) for n in range(10)]) + b" " * (
    5 * 1024 * 1024
)
TOO_MANY_ROWS = csv_file(
    HEADER, *[f"{KNIFE},2025-Q1,Northshire,{n}" for n in range(uploads.MAX_ROWS + 1)]
)
TOO_MANY_COLUMNS = csv_file(",".join([HEADER, *[f"extra{n}" for n in range(47)]]), GOOD_ROW)

# (what is wrong, file name, contents, a fragment of the message the person sees)
BAD_FILES = [
    # Whole-file problems
    ("an empty file", "return.csv", b"", "The file is empty"),
    ("only blank lines", "return.csv", b"\r\n,,,\r\n\r\n", "The file is empty"),
    ("headings only", "return.csv", csv_file(HEADER), "headings but no figures"),
    ("an empty workbook", "return.xlsx", xlsx_file([]), "The file is empty"),
    ("a workbook with headings only", "return.xlsx", xlsx_file([HEADER.split(",")]), "no figures"),
    ("a file over 5 MB", "return.csv", HUGE, "larger than 5 MB"),
    ("10,001 rows", "return.csv", TOO_MANY_ROWS, "more than 10,000 rows"),
    ("51 columns", "return.csv", TOO_MANY_COLUMNS, "more than 50 columns"),
    # Wrong kinds of file
    ("a .txt file", "return.txt", csv_file(HEADER, GOOD_ROW), "must be a CSV (.csv) or an Excel"),
    ("no extension", "return", csv_file(HEADER, GOOD_ROW), "must be a CSV (.csv) or an Excel"),
    ("an old .xls", "return.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "97-2003"),
    ("a PDF named .csv", "return.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "is a PDF"),
    ("a workbook named .csv", "return.csv", xlsx_file([[1]]), "is an Excel workbook"),
    ("a CSV named .xlsx", "return.xlsx", csv_file(HEADER, GOOD_ROW), "not an Excel workbook"),
    ("an .xls named .xlsx", "return.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1" + b"\0" * 64, "97-2003"),
    (
        "a Word document named .xlsx",
        "return.xlsx",
        zip_file({"word/document.xml": b"<w:document/>"}),
        "not an Excel workbook",
    ),
    (
        "a broken workbook",
        "return.xlsx",
        zip_file({"xl/workbook.xml": b"not xml", "[Content_Types].xml": b"<"}),
        "not an Excel workbook",
    ),
    # Encodings
    ("UTF-16 with a BOM", "return.csv", csv_file(HEADER, GOOD_ROW, encoding="utf-16"), "UTF-16"),
    ("UTF-16 without a BOM", "return.csv", csv_file(HEADER, encoding="utf-16-le"), "UTF-16"),
    ("UTF-16 big-endian", "return.csv", csv_file(HEADER, encoding="utf-16-be"), "UTF-16"),
    *[
        (
            f"byte {byte:#x}, neither UTF-8 nor Windows-1252",
            "return.csv",
            csv_file(HEADER) + f"{KNIFE},2025-Q1,North".encode() + bytes([byte]) + b",1\r\n",
            "not UTF-8 or Windows-1252",
        )
        for byte in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
    ],
    ("NUL bytes", "return.csv", csv_file(HEADER) + b"knife\x00,2025-Q1,A,1", "NUL bytes"),
    ("binary junk", "return.csv", bytes(range(1, 9)) * 50, "characters that are not text"),
    # Personal data
    *[
        personal(column)
        for column in (
            "name",
            "First name",
            "surname",
            "Date of birth",
            "DOB",
            "address",
            "Address line 1",
            "postcode",
            "Post code",
            "NHS number",
            "PNC ID",
            "PNC number",
            "email",
            "phone",
            "NI number",
        )
    ],
    (
        "a postcode column in a workbook",
        "return.xlsx",
        xlsx_file([["measure", "period", "area", "value", "Postcode"], [KNIFE, "2025-Q1", "X", 1]]),
        "This file has a ‘Postcode’ column",
    ),
    (
        "the reason for refusing personal data",
        "return.csv",
        csv_file(f"{HEADER},postcode", f"{GOOD_ROW},NS1 1AA"),
        "section 16 of the Act does not cover health and social care personal data",
    ),
    # Formulas
    *[
        (
            f"a formula {cell!r}",
            "return.csv",
            csv_file(HEADER, f"{KNIFE},2025-Q1,Northshire,{cell}"),
            "‘value’ looks like a spreadsheet formula",
        )
        for cell in ("=SUM(A1)", "+A1", "-B2", "=1+1", '"=HYPERLINK(""http://x.example"",""go"")"')
    ],
    (
        "a formula '@cmd' in the area",
        "return.csv",
        csv_file(HEADER, f"{KNIFE},2025-Q1,@cmd,1"),
        "‘area’ looks like a spreadsheet formula",
    ),
    (
        "a cell starting with a tab",
        "return.csv",
        csv_file(HEADER, f'{KNIFE},2025-Q1,"\t=1",1'),
        "‘area’ looks like a spreadsheet formula",
    ),
    (
        "a formula kept as text in a workbook",
        "return.xlsx",
        xlsx_file(
            [HEADER.split(","), [KNIFE, "2025-Q1", "Northshire", "=SUM(A1)"]], as_text={(2, 4)}
        ),
        "‘value’ looks like a spreadsheet formula",
    ),
    # Headings
    (
        "no value column",
        "return.csv",
        csv_file("measure,period,area", f"{KNIFE},2025-Q1,Northshire"),
        "The file has no ‘value’ column",
    ),
    (
        "a misspelt heading",
        "return.csv",
        csv_file("Measure,Period,Area,Valu", GOOD_ROW),
        "‘Valu’ is not a column we know: did you mean ‘value’?",
    ),
    (
        "an unknown heading",
        "return.csv",
        csv_file(f"{HEADER},notes", f"{GOOD_ROW},fine"),
        "‘notes’ is not a column we know. The columns are",
    ),
    (
        "a repeated heading",
        "return.csv",
        csv_file(f"{HEADER},area", f"{GOOD_ROW},Northshire"),
        "The ‘area’ column appears twice",
    ),
    (
        "figures under no heading",
        "return.csv",
        csv_file(f"{HEADER},,sex", f"{GOOD_ROW},x,female"),
        "Column 5 has no heading",
    ),
    (
        "semicolons instead of commas",
        "return.csv",
        csv_file("measure;period;area;value", f"{KNIFE};2025-Q1;Northshire;1"),
        "The file has no ‘measure’ column",
    ),
    # Rows
    (
        "a month that does not exist",
        "return.csv",
        csv_file(HEADER, f"{KNIFE},2025-13,Northshire,1"),
        "‘2025-13’ is neither a month (2025-01 to 2025-12) nor a financial year (2025-26). "
        "Use a financial year (2026/27",
    ),
    (
        "a period in words",
        "return.csv",
        csv_file(HEADER, f"{KNIFE},early March 2025,Northshire,1"),
        "‘early March 2025’ is not a period we know",
    ),
    (
        "a financial year that does not add up",
        "return.csv",
        csv_file(HEADER, f"{KNIFE},2025/27,Northshire,1"),
        "‘2025/27’ is not a financial year",
    ),
    (
        "an empty period",
        "return.csv",
        csv_file(HEADER, f"{KNIFE},,Northshire,1"),
        "‘period’ is empty",
    ),
    (
        "a negative value",
        "return.csv",
        csv_file(HEADER, f"{KNIFE},2025-Q1,Northshire,-3"),
        "value cannot be negative",
    ),
    (
        "a value in words",
        "return.csv",
        csv_file(HEADER, f"{KNIFE},2025-Q1,Northshire,twelve"),
        "‘twelve’ is not a number",
    ),
    (
        "a badly grouped number",
        "return.csv",
        csv_file(HEADER, f'{KNIFE},2025-Q1,Northshire,"12,34"'),
        "‘12,34’ is not a number",
    ),
    (
        "an empty value",
        "return.csv",
        csv_file(HEADER, f"{KNIFE},2025-Q1,Northshire,"),
        "‘value’ is empty",
    ),
    (
        "an already suppressed value",
        "return.csv",
        csv_file(HEADER, f"{KNIFE},2025-Q1,Northshire,<5"),
        "looks like a suppressed figure",
    ),
    (
        "three decimal places",
        "return.csv",
        csv_file(HEADER, f"{KNIFE},2025-Q1,Northshire,1.125"),
        "more than 2 decimal places",
    ),
    (
        "a value too large to store",
        "return.csv",
        csv_file(HEADER, f"{KNIFE},2025-Q1,Northshire,1000000000000"),
        "too large",
    ),
    (
        "the same figure twice",
        "return.csv",
        csv_file(
            HEADER, GOOD_ROW, f"{KNIFE},2025-Q2,Northshire,1", f"{KNIFE},2025-Q1,northshire,9"
        ),
        "Rows 2 and 4 are the same figure",
    ),
    (
        "an unknown measure",
        "return.csv",
        csv_file(HEADER, "knife-crime,2025-Q1,Northshire,1"),
        "‘knife-crime’ is not a measure we know: did you mean ‘knife-offensive-weapon-offences’?",
    ),
    (
        "a measure nothing like ours",
        "return.csv",
        csv_file(HEADER, "burglary,2025-Q1,Northshire,1"),
        "The measures are: deliberate-fires, knife-offensive-weapon-offences",
    ),
    (
        "an empty measure",
        "return.csv",
        csv_file(HEADER, ",2025-Q1,Northshire,1"),
        "‘measure’ is empty",
    ),
    (
        "an area outside the partnership",
        "return.csv",
        csv_file(HEADER, f"{KNIFE},2025-Q1,Lowtown,1"),
        "‘Lowtown’ is not one of the partnership's areas. The areas are: Eastborough, Northshire",
    ),
    (
        "a misspelt area",
        "return.csv",
        csv_file(HEADER, f"{KNIFE},2025-Q1,Northshir,1"),
        "did you mean ‘Northshire’?",
    ),
    (
        "an empty area",
        "return.csv",
        csv_file(HEADER, f"{KNIFE},2025-Q1,,1"),
        "‘area’ is empty",
    ),
    (
        "an unknown sex",
        "return.csv",
        csv_file(f"{HEADER},sex", f"{GOOD_ROW},Q"),
        "‘Q’ is not a sex we know",
    ),
    (
        "an age band too long to store",
        "return.csv",
        csv_file(f"{HEADER},age_band", f"{GOOD_ROW},{'ten to seventeen years old'}"),
        "age band must be 20 characters or fewer",
    ),
    (
        "a row longer than the headings",
        "return.csv",
        csv_file(HEADER, f"{GOOD_ROW},extra"),
        "more cells than the file has headings",
    ),
    (
        "quarters and months for one measure",
        "return.csv",
        csv_file(HEADER, GOOD_ROW, f"{KNIFE},2025-04,Northshire,3"),
        "Use one kind of period for each measure",
    ),
    (
        "a total and its breakdown",
        "return.csv",
        csv_file(f"{HEADER},age_band", f"{GOOD_ROW},", f"{GOOD_ROW.replace('12', '5')},10-17"),
        "Give either the total or the breakdown",
    ),
]


def test_the_table_has_at_least_thirty_bad_files():
    assert len(BAD_FILES) >= 30


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [(name, data, expected) for _what, name, data, expected in BAD_FILES],
    ids=[what for what, *_rest in BAD_FILES],
)
def test_a_bad_file_is_refused_with_a_helpful_message(name, data, expected):
    result = parse(name, data)

    assert not result.ok
    messages = [problem.message for problem in result.errors]
    assert any(expected in message for message in messages), messages


def test_row_problems_name_their_row():
    data = csv_file(HEADER, GOOD_ROW, f"{KNIFE},2025-Q2,Northshire,-1", f"{KNIFE},2025-Q3,X,1")

    result = parse("return.csv", data)

    assert [problem.row for problem in result.errors] == [3, 4]


def test_every_problem_in_the_file_is_reported_at_once():
    data = csv_file(HEADER, "knife,2025-Q1,Northshire,1", f"{KNIFE},soon,Northshire,abc")

    result = parse("return.csv", data)

    assert len(result.errors) == 3


def test_a_file_with_thousands_of_problems_reports_the_first_few_hundred():
    data = csv_file(HEADER, *[f"{KNIFE},2025-Q1,Northshire,x{n}" for n in range(1000)])

    result = parse("return.csv", data)

    assert len(result.errors) == uploads.MAX_ERRORS + 1
    assert result.errors[-1] == Problem(
        None, "There are more problems: correct these and upload the file again."
    )


def test_rows_with_several_problems_each_still_stop_at_the_limit():
    # Three problems a row: the limit falls in the middle of a row's problems.
    data = csv_file(HEADER, *[f"knife,soon,Northshire,x{n}" for n in range(100)])

    result = parse("return.csv", data)

    assert len(result.errors) == uploads.MAX_ERRORS + 1
    assert result.errors[-1].message.startswith("There are more problems")


def test_each_problem_in_a_row_names_its_column():
    data = csv_file(HEADER, "knife,soon,Nowhere,x")

    result = parse("return.csv", data)

    assert [(problem.row, problem.column) for problem in result.errors] == [
        (2, "measure"),
        (2, "period"),
        (2, "area"),
        (2, "value"),
    ]


def test_a_formula_in_one_cell_does_not_hide_problems_in_the_others():
    data = csv_file(HEADER, "knife,=TODAY(),Nowhere,1")

    result = parse("return.csv", data)

    assert [(problem.column, problem.message[:30]) for problem in result.errors] == [
        ("measure", "‘knife’ is not a measure we kn"),
        ("period", "‘period’ looks like a spreadsh"),
        ("area", "‘Nowhere’ is not one of the pa"),
    ]


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("name", ["return.csv", "return.xlsx"])
def test_random_bytes_never_raise(seed, name):
    data = random.Random(seed).randbytes(2000)  # noqa: S311 - repeatable junk, not secrets

    result = parse(name, data)

    assert result.errors
    assert not result.rows


def test_an_unexpected_failure_becomes_a_message(monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(uploads.checking, "check_table", explode)

    result = parse("return.csv", csv_file(HEADER, GOOD_ROW))

    assert result.errors == [
        Problem(
            None,
            "We could not read this file. Check it is a CSV or an Excel workbook (.xlsx) and "
            "upload it again.",
        )
    ]


# --- Good files -----------------------------------------------------------------------------------


def test_a_utf8_csv_gives_typed_rows():
    data = csv_file(
        HEADER,
        f'{KNIFE},2025-Q1,Northshire,"1,234"',
        f"{KNIFE},2025-Q2,Eastborough,12.5",
        "violence-with-injury,2025-04,Northshire,0",
        "deliberate-fires,2025/26,northshire,7",
    )

    result = parse("Return.CSV", data)

    assert result.ok, result.errors
    assert [
        (r.row, r.measure, r.period_start, r.period_label, r.area, r.value) for r in result.rows
    ] == [
        (2, KNIFE, date(2025, 1, 1), "2025-Q1", "Northshire", Decimal("1234")),
        (3, KNIFE, date(2025, 4, 1), "2025-Q2", "Eastborough", Decimal("12.5")),
        (4, "violence-with-injury", date(2025, 4, 1), "Apr 2025", "Northshire", Decimal("0")),
        (5, "deliberate-fires", date(2025, 4, 1), "2025/26", "Northshire", Decimal("7")),
    ]


def test_a_utf8_csv_with_a_byte_order_mark():
    data = b"\xef\xbb\xbf" + csv_file("Measure,Period,Area,Value", GOOD_ROW)

    result = parse("return.csv", data)

    assert result.ok, result.errors
    assert result.rows[0].value == Decimal("12")


def test_a_windows_1252_csv_keeps_its_accents_and_pound_signs():
    data = csv_file(HEADER, f"{KNIFE},2025-Q1,Café £ Quarter,3", encoding="cp1252")

    result = parse("return.csv", data, areas={"Café £ Quarter"})

    assert result.ok, result.errors
    assert result.rows[0].area == "Café £ Quarter"


def test_any_area_is_accepted_when_the_partnership_lists_none():
    result = parse("return.csv", csv_file(HEADER, f"{KNIFE},2025-Q1,Anywhere at all,3"), areas=())

    assert result.ok, result.errors
    assert result.rows[0].area == "Anywhere at all"


def test_a_workbook_built_in_a_spreadsheet():
    data = xlsx_file(
        [
            ["Measure", "Period", "Area", "Value", "Age band", "Sex"],
            [KNIFE, "2025-Q1", "Northshire", 12, "10-17", "F"],
            [KNIFE, "2025-Q1", "Northshire", 3.0, "10-17", "Male"],
            ["violence-with-injury", datetime(2025, 4, 1), "Eastborough", 0.1 + 0.2, "", ""],
            [None, None, None, None, None, None],
        ]
    )

    result = parse("return.xlsx", data)

    assert result.ok, result.errors
    assert [(r.period_label, r.value, r.age_band, r.sex) for r in result.rows] == [
        ("2025-Q1", Decimal("12"), "10-17", "female"),
        ("2025-Q1", Decimal("3"), "10-17", "male"),
        ("Apr 2025", Decimal("0.3"), "", ""),
    ]


def test_breakdown_columns_are_optional_and_split_a_figure():
    data = csv_file(
        "measure,period,area,value,age_band,sex",
        f"{KNIFE},2025-Q1,Northshire,4,10-17,female",
        f"{KNIFE},2025-Q1,Northshire,9,10-17,male",
        f"{KNIFE},2025-Q1,Northshire,2,18-24,other",
    )

    result = parse("return.csv", data)

    assert result.ok, result.errors
    assert [(r.age_band, r.sex, r.value) for r in result.rows] == [
        ("10-17", "female", Decimal("4")),
        ("10-17", "male", Decimal("9")),
        ("18-24", "other", Decimal("2")),
    ]


def test_blank_rows_are_skipped_and_rows_keep_their_numbers():
    data = csv_file(HEADER, "", GOOD_ROW, ",,,", "", f"{KNIFE},2025-Q2,Northshire,1")

    result = parse("return.csv", data)

    assert result.ok, result.errors
    assert [row.row for row in result.rows] == [3, 6]


@pytest.mark.parametrize(
    ("text", "start", "label"),
    [
        ("2025-Q1", date(2025, 1, 1), "2025-Q1"),
        ("2025 q4", date(2025, 10, 1), "2025-Q4"),
        ("2025Q2", date(2025, 4, 1), "2025-Q2"),
        ("2025-04", date(2025, 4, 1), "Apr 2025"),
        ("2025-4", date(2025, 4, 1), "Apr 2025"),
        ("2025/26", date(2025, 4, 1), "2025/26"),
        ("2099/00", None, None),
        ("2025-Q5", None, None),
        ("1999-Q1", None, None),
        ("2025-01-01", None, None),
    ],
)
def test_periods(text, start, label):
    expected = (start, label) if start else None

    assert uploads.parse_period(text) == expected
