"""The Northshire Duty grant the partnership funding tests share: a 2026/27 award with a labour
and a non-labour line, each allocated to Northshire, built with the models (the convener's grant
pages, which allocate through services, are another story)."""

import datetime
import io
from decimal import Decimal

import openpyxl
from django_scopes import scopes_disabled

from funding.models import Allocation, Grant, GrantLine, SpendRecord


def grant_for(partnership, *, year: str = "2026/27", amount: str = "100000.00") -> Grant:
    start = int(year[:4])
    grant = Grant.objects.create(
        title=f"Serious Violence Duty grant {year}",
        grant_year=year,
        amount=Decimal(amount),
        awarded_on=datetime.date(start, 3, 1),
        starts_on=datetime.date(start, 4, 1),
        ends_on=datetime.date(start + 1, 3, 31),
    )
    grant.partnerships.add(partnership)
    return grant


def allocation_for(
    partnership, *, kind: str = "non_labour", amount: str = "40000.00", grant=None, purpose=""
) -> Allocation:
    """Northshire's allocation from one line of the grant (made with the line if need be)."""
    grant = grant or grant_for(partnership)
    line, _created = GrantLine.objects.get_or_create(
        grant=grant, kind=kind, defaults={"amount": Decimal("50000.00")}
    )
    with scopes_disabled():
        return Allocation.objects.create(
            partnership=partnership,
            line=line,
            amount=Decimal(amount),
            purpose=purpose or f"Northshire {kind.replace('_', '-')} allocation",
        )


def part_of(allocation, *, amount: str, **recipient) -> Allocation:
    with scopes_disabled():
        return Allocation.objects.create(
            partnership_id=allocation.partnership_id,
            line=allocation.line,
            parent=allocation,
            amount=Decimal(amount),
            purpose="A part",
            **recipient,
        )


def spend_on(allocation, *, quarter: int, actual: str, forecast: str | None = None, **more):
    with scopes_disabled():
        return SpendRecord.objects.create(
            partnership_id=allocation.partnership_id,
            allocation=allocation,
            year=allocation.line.grant.grant_year,
            quarter=quarter,
            actual=Decimal(actual),
            forecast=None if forecast is None else Decimal(forecast),
            **more,
        )


HEADER = "allocation_reference,year,quarter,actual,forecast,outputs,evidence,variance_reason"


def csv_file(*lines: str) -> bytes:
    return ("\r\n".join([HEADER, *lines]) + "\r\n").encode("utf-8")


def xlsx_file(rows: list[list], *, as_text: set[tuple[int, int]] = frozenset()) -> bytes:
    """A workbook of spend; cells in `as_text` (row, column, from 1) are kept as text."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    for row in rows:
        sheet.append(row)
    for row, column in as_text:
        sheet.cell(row=row, column=column).data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
