"""Reading the first sheet of a data return's workbook (.xlsx) without letting the file decide
how much work that is.

calamine reads a sheet quickly, but it builds the sheet's whole used area in memory before
anyone can ask how big it is: a 1.5 KB file with one cell in A1 and one in XFD1048576 asks it
for 512 GB, and the process aborts. So calamine sees a workbook only once we have checked it:

- every part of the zip is unpacked from its own compressed bytes and must come to exactly the
  size the zip's directory declares (a directory can lie), each part within
  MAX_PART_UNPACKED_BYTES and all of them within MAX_UNPACKED_BYTES;
- every sheet is walked with expat, each cell placed where calamine will place it, and refused
  at the first filled cell past READ_ROWS, MAX_COLUMNS or MAX_CELLS, or once the walk has met
  MAX_ELEMENTS elements. Every sheet, not only the first: that leaves which part calamine takes
  for the first sheet to calamine, and a data return has no use for a big second sheet.

Then calamine reads the first sheet and hands back at most READ_ROWS rows.
"""

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from xml.parsers import expat

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from ._shared import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_PART_UNPACKED_BYTES,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    READ_ROWS,
    Refused,
)

# Elements walked across all the sheets, filled or not: a bound on the walk's own work (well
# under a second). 10,000 figures in six columns are about 130,000.
MAX_ELEMENTS = MAX_CELLS * 4
CHUNK = 64 * 1024
SHEET_DATA = b"sheetData"
# A cell or row reference as calamine reads it: letters (a row's are ignored), then the row.
REFERENCE = re.compile(r"([A-Za-z]*)([0-9]+)")
# A reference longer than this is past every limit, whatever it says.
BEYOND = 10**9
LOCAL_HEADER = struct.Struct("<4s22xHH")


def not_a_workbook() -> Refused:
    return Refused(
        _(
            "The file is not an Excel workbook (.xlsx): it may be a CSV or another file renamed. "
            "Save it from your spreadsheet as .xlsx or as CSV UTF-8."
        )
    )


def _megabytes(size: int) -> str:
    return f"{size // (1024 * 1024):,}"


def _too_long() -> Refused:
    return Refused(
        _(
            "The sheet goes on past row %(last)s. A data return has at most %(max)s rows of "
            "figures: delete anything below them, or split the figures into smaller files and "
            "upload each one."
        )
        % {"last": f"{READ_ROWS:,}", "max": f"{MAX_ROWS:,}"}
    )


def _too_wide() -> Refused:
    return Refused(
        _(
            "The sheet has more than %(max)s columns. A data return needs only six: delete the "
            "other columns and upload the file again."
        )
        % {"max": MAX_COLUMNS}
    )


def _too_many_cells() -> Refused:
    return Refused(
        _(
            "The sheet uses more than %(max)s cells. A data return needs only six columns and "
            "at most %(rows)s rows: copy just the figures into a new workbook, or split them "
            "into smaller files, and upload each one."
        )
        % {"max": f"{MAX_CELLS:,}", "rows": f"{MAX_ROWS:,}"}
    )


def read_first_sheet(data: bytes) -> list[list]:
    """The first sheet's rows as calamine reads them (at most READ_ROWS, padded from A1), once
    the workbook has passed every check; Refused, saying what to do, when it has not."""
    budget = MAX_ELEMENTS
    for part in _checked_sheet_parts(data):
        budget = _walk_sheet(_unpacked(data, part), budget=budget).budget
    try:
        with CalamineWorkbook.from_filelike(io.BytesIO(data)) as workbook:
            if not workbook.sheet_names:
                return []
            sheet = workbook.get_sheet_by_index(0)
            # The walk placed every filled cell first; this only guards against it and calamine
            # ever disagreeing.
            if sheet.end and (sheet.end[0] >= READ_ROWS or sheet.end[1] >= MAX_COLUMNS):
                raise _too_many_cells()
            return sheet.to_python(skip_empty_area=False, nrows=READ_ROWS)
    except Refused:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    # Whatever calamine meets in a damaged file (pyo3 reports a Rust panic as a BaseException)
    # is the person's file, not our fault: say so rather than fail the request.
    except BaseException:
        raise not_a_workbook() from None


def _checked_sheet_parts(data: bytes) -> list[zipfile.ZipInfo]:
    """The parts holding sheet data, once every part has unpacked within the limits to exactly
    the size the zip's directory declares."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise not_a_workbook() from None
    if not any(part.filename == "xl/workbook.xml" for part in parts):
        raise not_a_workbook()
    if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise Refused(
            _(
                "The workbook unpacks to more than %(max)s MB. Copy just the figures into a new "
                "workbook, or save them as CSV UTF-8, and upload that."
            )
            % {"max": _megabytes(MAX_UNPACKED_BYTES)}
        )
    if any(part.file_size > MAX_PART_UNPACKED_BYTES for part in parts):
        raise Refused(
            _(
                "A sheet in the workbook unpacks to more than %(max)s MB. Copy just the figures "
                "into a new workbook, or save them as CSV UTF-8, and upload that."
            )
            % {"max": _megabytes(MAX_PART_UNPACKED_BYTES)}
        )
    sheets = []
    for part in parts:
        tail = b""
        holds_sheet = False
        for chunk in _unpacked(data, part):
            window = tail + chunk
            holds_sheet = holds_sheet or SHEET_DATA in window
            tail = window[-len(SHEET_DATA) :]
        if holds_sheet:
            sheets.append(part)
    return sheets


def _unpacked(data: bytes, part: zipfile.ZipInfo) -> Iterator[bytes]:
    """A part's bytes, unpacked from its own compressed stream in chunks: refused unless they
    come to exactly the size the directory declares, which every check before this trusted."""
    start = part.header_offset
    try:
        signature, name_length, extra_length = LOCAL_HEADER.unpack_from(data, start)
    except struct.error:
        raise not_a_workbook() from None
    if signature != b"PK\x03\x04" or part.flag_bits & 0x1:  # 0x1: encrypted
        raise not_a_workbook()
    begin = start + LOCAL_HEADER.size + name_length + extra_length
    packed = memoryview(data)[begin : begin + part.compress_size]
    if len(packed) != part.compress_size:
        raise not_a_workbook()
    if part.compress_type == zipfile.ZIP_STORED:
        if part.compress_size != part.file_size:
            raise not_a_workbook()
        for offset in range(0, len(packed), CHUNK):
            yield bytes(packed[offset : offset + CHUNK])
        return
    if part.compress_type != zipfile.ZIP_DEFLATED:
        raise not_a_workbook()
    if not packed and part.file_size == 0:
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    size = 0
    try:
        for offset in range(0, len(packed), CHUNK):
            pending = packed[offset : offset + CHUNK]
            # Never more than CHUNK at a time, however well the part compresses.
            while not inflater.eof:
                chunk = inflater.decompress(pending, CHUNK)
                pending = inflater.unconsumed_tail
                if not chunk:
                    break
                size += len(chunk)
                if size > part.file_size:
                    raise not_a_workbook()
                yield chunk
            if inflater.eof:
                break
    except zlib.error:
        raise not_a_workbook() from None
    if not inflater.eof or size != part.file_size:
        raise not_a_workbook()


class _SheetDone(Exception):
    """The walk has reached the end of the sheet's cells; calamine reads no further."""


def _refuse_doctype(*args) -> None:
    # No spreadsheet writes one, and its entities could show expat markup calamine never sees.
    raise not_a_workbook()


def _walk_sheet(chunks: Iterable[bytes], *, budget: int) -> "_SheetWalk":
    """Walk one sheet's XML, refusing it at the first cell past the limits; the walk says where
    the last filled cell is and how much of the budget is left."""
    walk = _SheetWalk(budget)
    # Read as UTF-8 whatever the file declares, as calamine does, so both see the same tags.
    parser = expat.ParserCreate(encoding="UTF-8")
    parser.StartElementHandler = walk.start
    parser.EndElementHandler = walk.end
    parser.StartDoctypeDeclHandler = _refuse_doctype
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _SheetDone:
        pass
    except expat.ExpatError:
        raise not_a_workbook() from None
    return walk


def _number(digits: str) -> int:
    return int(digits) if len(digits) <= 9 else BEYOND


def _column(letters: str) -> int:
    if len(letters) > 6:
        return BEYOND
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    return column


def _reference(text: str, *, needs_column: bool) -> tuple[int, int]:
    """A reference's (row, column), from 0, as calamine reads it; a malformed one, which
    calamine would refuse too, is not a workbook."""
    match = REFERENCE.fullmatch(text)
    if match is None or (needs_column and not match[1]) or _number(match[2]) == 0:
        raise not_a_workbook()
    return _number(match[2]) - 1, _column(match[1]) - 1


class _SheetWalk:
    """Places a sheet's cells as calamine's cell reader does (with empty elements expanded):
    a <row r> sets the row and each </row> moves to the next, resetting the column; a <c r>
    sets its own place and the column, a <c> without one takes the current place; each </c>
    moves the column on. Only cells with content count, as calamine keeps only those."""

    def __init__(self, budget: int):
        self.budget = budget
        self.in_sheet_data = False
        self.row = 0
        self.column = 0
        self.cell: tuple[int, int] | None = None
        self.cell_filled = False
        self.filled = 0
        self.last_row = -1
        self.last_column = -1

    def start(self, name: str, attributes: dict) -> None:
        self.budget -= 1
        if self.budget < 0:
            raise _too_many_cells()
        # calamine compares local names: what follows the first colon.
        local = name[name.find(":") + 1 :]
        if not self.in_sheet_data:
            self.in_sheet_data = local == "sheetData"
        elif self.cell is not None:
            if local in {"c", "row"}:
                # calamine reads a cell's content differently; nothing honest nests these.
                raise not_a_workbook()
            self.cell_filled = True
        elif local == "row":
            if "r" in attributes:
                self.row = _reference(attributes["r"], needs_column=False)[0]
        elif local == "c":
            if "r" in attributes:
                row, self.column = _reference(attributes["r"], needs_column=True)
                self.cell = (row, self.column)
            else:
                self.cell = (self.row, self.column)
            self.cell_filled = False

    def end(self, name: str) -> None:
        if not self.in_sheet_data:
            return
        local = name[name.find(":") + 1 :]
        if self.cell is not None:
            if local == "c":
                if self.cell_filled:
                    self._place(*self.cell)
                self.cell = None
                self.column += 1
        elif local == "row":
            self.row += 1
            self.column = 0
        elif local == "sheetData":
            raise _SheetDone

    def _place(self, row: int, column: int) -> None:
        if row >= READ_ROWS:
            raise _too_long()
        if column >= MAX_COLUMNS:
            raise _too_wide()
        self.filled += 1
        self.last_row = max(self.last_row, row)
        self.last_column = max(self.last_column, column)
        if self.filled > MAX_CELLS or (self.last_row + 1) * (self.last_column + 1) > MAX_CELLS:
            raise _too_many_cells()
