"""Data-return workbooks cannot exhaust the service: a small file that unpacks to a huge sheet is
refused before calamine builds the sheet, with a message that says what the limit is and what to
do, and an honest workbook reads exactly as before.

The hostile files are built here with zipfile, so each case shows what it holds. The `reader`
fixture watches calamine: a refused file must never reach it, since calamine builds a sheet's
whole used area (in Rust, where tracemalloc cannot see) before anyone can ask its size.
"""

import io
import random
import struct
import tracemalloc
import zipfile
from datetime import datetime
from decimal import Decimal

import openpyxl
import pytest

from assessments import uploads
from assessments.uploads import parse_upload, workbook

MEASURES = {"knife-offensive-weapon-offences", "violence-with-injury", "deliberate-fires"}
AREAS = {"Northshire", "Eastborough"}
KNIFE = "knife-offensive-weapon-offences"
HEADER = ["measure", "period", "area", "value"]

CONTENT_TYPES = (
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)
PACKAGE_RELS = (
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
WORKBOOK = (
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.'
    b'openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
)
SHEET = "xl/worksheets/sheet1.xml"


def sheet_xml(cells: bytes, *, before: bytes = b"") -> bytes:
    return (
        before + b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + cells + b"</sheetData></worksheet>"
    )


def crafted_xlsx(cells: bytes, *, before: bytes = b"") -> bytes:
    """A workbook of one sheet holding these cells, compressed as tightly as zip can."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr(SHEET, sheet_xml(cells, before=before))
    return buffer.getvalue()


def declaring(data: bytes, member: str, size: int) -> bytes:
    """The same zip, its directory claiming `member` unpacks to `size` bytes."""
    start = zipfile.ZipFile(io.BytesIO(data)).start_dir
    patched = bytearray(data)
    while patched[start : start + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", patched, start + 28)
        name = bytes(patched[start + 46 : start + 46 + name_length]).decode()
        if name == member:
            struct.pack_into("<I", patched, start + 24, size)
        start += 46 + name_length + extra_length + comment_length
    return bytes(patched)


def spreadsheet(*sheets: list[list]) -> bytes:
    """A workbook as a spreadsheet saves it, one sheet per list of rows."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for rows in sheets:
        sheet = book.create_sheet()
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def parse(data: bytes):
    return parse_upload(name="return.xlsx", data=data, measure_slugs=MEASURES, known_areas=AREAS)


def refusal(data: bytes) -> str:
    result = parse(data)
    assert not result.rows
    assert len(result.errors) == 1, result.errors
    return result.errors[0].message


class CalamineSpy:
    """calamine's workbook, counting the sheets it was asked to build and the rows it gave."""

    def __init__(self, real):
        self.real = real
        self.sheets_built = 0
        self.rows_given = 0

    def from_filelike(self, filelike):
        spy = self
        opened = self.real.from_filelike(filelike)

        class Opened:
            sheet_names = opened.sheet_names

            def __enter__(self):
                opened.__enter__()
                return self

            def __exit__(self, *exc):
                return opened.__exit__(*exc)

            def get_sheet_by_index(self, index):
                spy.sheets_built += 1
                sheet = opened.get_sheet_by_index(index)

                class Sheet:
                    end = sheet.end

                    def to_python(self, **kwargs):
                        rows = sheet.to_python(**kwargs)
                        spy.rows_given += len(rows)
                        return rows

                return Sheet()

        return Opened()


@pytest.fixture
def reader(monkeypatch):
    spy = CalamineSpy(workbook.CalamineWorkbook)
    monkeypatch.setattr(workbook, "CalamineWorkbook", spy)
    return spy


# --- Hostile workbooks ----------------------------------------------------------------------------


def test_a_small_workbook_of_700000_rows_is_refused_before_calamine_builds_the_sheet(reader):
    data = crafted_xlsx(b"<row><c><v>1</v></c></row>" * 700_000)
    assert len(data) < 250 * 1024  # it unpacks to 18 MB

    tracemalloc.start()
    try:
        message = refusal(data)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert message == (
        "The sheet goes on past row 20,001. A data return has at most 10,000 rows of figures: "
        "delete anything below them, or split the figures into smaller files and upload each one."
    )
    assert reader.sheets_built == 0
    assert peak < 50 * 1024 * 1024


def test_a_sheet_of_a_million_rows_is_refused_for_its_unpacked_size(reader):
    data = crafted_xlsx(b"<row><c><v>1</v></c></row>" * 1_000_000)

    assert refusal(data) == (
        "A sheet in the workbook unpacks to more than 20 MB. Copy just the figures into a new "
        "workbook, or save them as CSV UTF-8, and upload that."
    )
    assert reader.sheets_built == 0


def test_two_cells_at_opposite_corners_of_the_grid_are_refused(reader):
    # calamine alone would ask for 512 GB to hold the area between them, and abort.
    data = crafted_xlsx(
        b'<row r="1"><c r="A1"><v>1</v></c></row>'
        b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    )

    assert "goes on past row 20,001" in refusal(data)
    assert reader.sheets_built == 0


def test_a_cell_far_to_the_right_is_refused_for_the_columns(reader):
    data = crafted_xlsx(b'<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>1</v></c></row>')

    assert refusal(data) == (
        "The sheet has more than 50 columns. A data return needs only six: delete the other "
        "columns and upload the file again."
    )
    assert reader.sheets_built == 0


def test_cells_without_references_are_placed_as_calamine_places_them(reader):
    # No r attributes: each cell takes the next column, and each row the next row.
    data = crafted_xlsx(b"<row>" + b"<c><v>1</v></c>" * 51 + b"</row>")

    assert "more than 50 columns" in refusal(data)
    assert reader.sheets_built == 0


def test_a_sheet_within_the_rows_and_columns_but_over_the_cells_is_refused(reader):
    row = b"<row>" + b"<c><v>1</v></c>" * uploads.MAX_COLUMNS + b"</row>"
    data = crafted_xlsx(row * (uploads.MAX_CELLS // uploads.MAX_COLUMNS + 1))

    assert refusal(data) == (
        "The sheet uses more than 250,000 cells. A data return needs only six columns and at "
        "most 10,000 rows: copy just the figures into a new workbook, or split them into smaller "
        "files, and upload each one."
    )
    assert reader.sheets_built == 0


def test_a_million_empty_rows_stop_the_walk_early(reader):
    data = crafted_xlsx(b"<row/>" * 1_000_000)

    assert "uses more than 250,000 cells" in refusal(data)
    assert reader.sheets_built == 0


def test_a_zip_directory_that_understates_a_sheet_is_not_believed(reader):
    honest = crafted_xlsx(b"<row><c><v>1</v></c></row>" * 500_000)
    lying = declaring(honest, SHEET, 1024)

    assert "not an Excel workbook" in refusal(lying)
    assert reader.sheets_built == 0


def test_a_workbook_unpacking_to_more_than_100_mb_in_all_is_refused(reader):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", WORKBOOK)
        for n in range(6):
            archive.writestr(f"xl/media/padding{n}.xml", b" " * (18 * 1024 * 1024))

    assert refusal(buffer.getvalue()).startswith("The workbook unpacks to more than 100 MB.")
    assert reader.sheets_built == 0


@pytest.mark.parametrize(
    ("what", "cells", "before"),
    [
        ("a row inside a cell", b'<row r="1"><c r="A1"><row r="5"/><v>1</v></c></row>', b""),
        (
            "a document type with entities",
            b"<row>&far;</row>",
            b"<!DOCTYPE worksheet [<!ENTITY far \"<c r='XFD1'><v>1</v></c>\">]>",
        ),
        ("a cell reference calamine cannot read", b'<row><c r="1A"><v>1</v></c></row>', b""),
    ],
)
def test_sheet_xml_calamine_would_read_differently_is_refused(reader, what, cells, before):
    assert "not an Excel workbook" in refusal(crafted_xlsx(cells, before=before))
    assert reader.sheets_built == 0


def test_a_big_second_sheet_refuses_the_workbook(reader):
    data = spreadsheet([HEADER, [KNIFE, "2025-Q1", "Northshire", 1]], [[1]] * 20_002)

    assert "goes on past row 20,001" in refusal(data)
    assert reader.sheets_built == 0


def test_a_failure_inside_calamine_is_the_not_a_workbook_message(monkeypatch):
    class PanicException(BaseException):
        """What pyo3 raises for a panic in Rust: not an Exception."""

    class Broken:
        @staticmethod
        def from_filelike(filelike):
            raise PanicException("index out of bounds")

    monkeypatch.setattr(workbook, "CalamineWorkbook", Broken)

    assert "not an Excel workbook" in refusal(spreadsheet([HEADER]))


def random_sheet(seed: int) -> bytes:
    """Rows and cells with and without references, empty and filled, in any order."""
    rng = random.Random(seed)  # noqa: S311 - repeatable shapes, not secrets
    rows = []
    for _row in range(rng.randint(0, 12)):
        cells = []
        for _cell in range(rng.randint(0, 6)):
            reference = ""
            if rng.random() < 0.5:
                column = rng.choice(["", "A"]) + rng.choice("ABCDEFGHIJ")  # A to AJ
                reference = f' r="{column}{rng.randint(1, 40)}"'
            cells.append(
                rng.choice(
                    [f"<c{reference}><v>1</v></c>", f"<c{reference}/>", f'<c{reference} s="0"></c>']
                )
            )
        number = f' r="{rng.randint(1, 40)}"' if rng.random() < 0.5 else ""
        rows.append(f"<row{number}>{''.join(cells)}</row>" if cells else f"<row{number}/>")
    return "".join(rows).encode()


@pytest.mark.parametrize("seed", range(40))
def test_the_walk_places_the_last_cell_where_calamine_does(seed):
    cells = random_sheet(seed)

    walk = workbook._walk_sheet([sheet_xml(cells)], budget=workbook.MAX_ELEMENTS)

    with workbook.CalamineWorkbook.from_filelike(io.BytesIO(crafted_xlsx(cells))) as book:
        end = book.get_sheet_by_index(0).end
    assert (walk.last_row, walk.last_column) == (end or (-1, -1)), cells


# --- Honest workbooks -----------------------------------------------------------------------------


def test_cells_read_as_the_person_sees_them(reader):
    data = spreadsheet(
        [
            ["Measure", "Period", "Area", "Value"],
            [KNIFE, "2025-Q1", " Northshire ", 12.0],
            ["violence-with-injury", datetime(2025, 4, 1), "Eastborough", 0.1 + 0.2],
            ["deliberate-fires", "2025/26", "Northshire", 1234567],
        ]
    )

    result = parse(data)

    assert result.ok, result.errors
    assert [(r.period_label, r.area, r.value) for r in result.rows] == [
        ("2025-Q1", "Northshire", Decimal("12")),
        ("Apr 2025", "Eastborough", Decimal("0.3")),
        ("2025/26", "Northshire", Decimal("1234567")),
    ]
    assert reader.sheets_built == 1


def test_a_whole_number_stored_as_a_float_reads_without_a_decimal_point():
    data = spreadsheet([[12.0, 3.5, True, datetime(2025, 4, 1)]])

    assert workbook.read_first_sheet(data)[0][:2] == [12.0, 3.5]
    assert uploads.reading._read_xlsx(data) == [["12", "3.5", "True", "2025-04"]]


def test_blank_rows_above_the_headings_keep_the_row_numbers():
    data = crafted_xlsx(
        b'<row r="3"><c r="A3" t="inlineStr"><is><t>measure</t></is></c>'
        b'<c r="B3" t="inlineStr"><is><t>period</t></is></c>'
        b'<c r="C3" t="inlineStr"><is><t>area</t></is></c>'
        b'<c r="D3" t="inlineStr"><is><t>value</t></is></c></row>'
        b'<row r="4"><c r="A4" t="inlineStr"><is><t>' + KNIFE.encode() + b"</t></is></c>"
        b'<c r="B4" t="inlineStr"><is><t>2025-Q1</t></is></c>'
        b'<c r="C4" t="inlineStr"><is><t>Northshire</t></is></c><c r="D4"><v>7</v></c></row>'
    )

    result = parse(data)

    assert result.ok, result.errors
    assert [(r.row, r.value) for r in result.rows] == [(4, Decimal("7"))]


def test_a_workbook_of_10001_figures_gets_the_rows_message_and_is_read_no_further(reader):
    rows = [[KNIFE, "2025-Q1", "Northshire", n] for n in range(uploads.MAX_ROWS + 1)]

    message = refusal(spreadsheet([HEADER, *rows]))

    assert message == (
        "The file has more than 10,000 rows of figures. Split it into smaller files and upload "
        "each one."
    )
    assert reader.rows_given <= uploads.READ_ROWS
