"""Private files (attachments, evidence, minutes) go to people only through permission-checked
views, never a public media URL: this builds the response those views return. And tables people
take away to their own tools, as CSV or as an Excel workbook, safe to open in either."""

import io
from collections.abc import Collection, Iterable

from defusedcsv import csv
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils.functional import Promise

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What a spreadsheet would run rather than show (defusedcsv neutralises these in CSV).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Pounds and pence, as the funding pages and the Home Office return show them.
MONEY_FORMAT = '"£"#,##0.00'


def choice_labels(choices) -> dict:
    """A field's choices as {stored value: label} in the reader's language, made once for a
    whole download: get_FOO_display() builds the map again, translating every label, for each
    row, which was most of a 10,000-row download's time."""
    return {value: str(label) for value, label in choices}


def private_file_response(file: FieldFile, *, filename: str, content_type: str) -> FileResponse:
    try:
        handle = file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    # The browser must not guess a type and run it, nor keep a copy in a shared cache.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def table_download(
    *,
    filename: str,
    header: list[str],
    rows: Iterable[list],
    spreadsheet: bool = False,
    money: Collection[int] = (),
) -> tuple[HttpResponse, int]:
    """`header` and `rows` as a CSV file (UTF-8 with a byte-order mark, so Excel reads accents
    and "£") or, with `spreadsheet`, an Excel workbook (.xlsx) whose text cells stay text and
    whose `money` columns (their indexes; Decimals to the penny) show pounds and pence. Returns
    the response and how many rows it holds, for the download's audit entry."""
    if spreadsheet:
        return _xlsx(filename=filename, header=header, rows=rows, money=money)
    response = _attachment(HttpResponse(content_type="text/csv; charset=utf-8"), f"{filename}.csv")
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return response, count


def _xlsx(
    *, filename: str, header: list[str], rows: Iterable[list], money: Collection[int]
) -> tuple[HttpResponse, int]:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    bold = Font(bold=True)
    sheet.append([_text_cell(sheet, WriteOnlyCell, name, font=bold) for name in header])
    count = 0
    for row in rows:
        cells = [_text_cell(sheet, WriteOnlyCell, value) for value in row]
        for index in money:
            if index < len(cells) and cells[index].data_type == "n":
                cells[index].number_format = MONEY_FORMAT
        sheet.append(cells)
        count += 1
    content = io.BytesIO()
    workbook.save(content)
    response = _attachment(
        HttpResponse(content.getvalue(), content_type=XLSX_TYPE), f"{filename}.xlsx"
    )
    return response, count


def _text_cell(sheet, cell_class, value, *, font=None):
    if isinstance(value, Promise):
        value = str(value)  # a translated heading
    cell = cell_class(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # shown as typed, never run as a formula
    if font is not None:
        cell.font = font
    return cell


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
