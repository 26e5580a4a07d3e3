"""What reading and checking a data return's file share: the limits on its size and shape,
what a spreadsheet would run rather than show, and the refusal of a whole file. Private to the
uploads package; the limits are public through it."""

import re

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
# Rows read before giving up: room for MAX_ROWS figures and as many blank rows between them.
READ_ROWS = MAX_ROWS * 2 + 1
MAX_COLUMNS = 50
# A workbook sheet's used area (from A1 to its last cell), and its filled cells: 10,000 figures
# in six columns use 60,000.
MAX_CELLS = 250_000
# A workbook is compressed: refuse one that would unpack to far more than any honest return,
# in all or in any one part (a sheet, or the text its cells share).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_PART_UNPACKED_BYTES = 20 * 1024 * 1024
# Enough errors to correct a file with; beyond this the same mistake is usually repeated.
MAX_ERRORS = 200

# "=SUM(A1)", "+A1", "-B2", "@cmd": what a spreadsheet would run rather than show.
FORMULA = re.compile(r"^(?:=|[+\-@][A-Za-z$(@]|[\t\r])")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Refused(Exception):
    """The file as a whole cannot be read; the message says why."""


class RefusedMany(Refused):
    """The file's headings are wrong, in each of these ways."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages
