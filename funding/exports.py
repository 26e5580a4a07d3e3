"""A return as the Home Office takes it: an Excel workbook with one sheet, "Return", one row per
answer (section, question key, question, partnership, answer).

Money and numbers are number cells holding the exact Decimal (money with a £ format), dates are
date cells, and every text cell that a spreadsheet would run as a formula (= + - @) stays text,
as in the portal's other exports (common.downloads, after defusedcsv).
"""

import io

from django.utils.translation import gettext as _

from common.downloads import FORMULA_STARTS

from .models import ReturnQuestion, ReturnSubmission
from .selectors.returns import answers_of, shown, typed

Kind = ReturnQuestion.Kind
MONEY_FORMAT = '"£"#,##0.00'
DATE_FORMAT = "dd/mm/yyyy"


def return_xlsx(*, submission: ReturnSubmission) -> bytes:
    """The workbook's bytes (two queries: the answers, with their questions and partnerships)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Return"
    workbook.properties.title = str(submission)
    header = [_("Section"), _("Key"), _("Question"), _("Partnership"), _("Answer")]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row, answer in enumerate(answers_of(submission=submission), start=2):
        question = answer.question
        partnership = answer.partnership.name if answer.partnership else _("The whole grant")
        value = typed(question, answer.value)
        if question.kind == Kind.YES_NO:
            value = shown(question, answer.value)
        for column, text in enumerate(
            [question.section, question.key, question.label, partnership], start=1
        ):
            _text(sheet.cell(row=row, column=column), text)
        cell = sheet.cell(row=row, column=5)
        if isinstance(value, str):
            _text(cell, value)
        else:
            cell.value = value
            if question.kind == Kind.MONEY:
                cell.number_format = MONEY_FORMAT
            elif question.kind == Kind.DATE:
                cell.number_format = DATE_FORMAT
    for letter, width in zip("ABCDE", (30, 20, 60, 40, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


def _text(cell, text: str) -> None:
    cell.value = text
    if text.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # shown as typed, never run as a formula
