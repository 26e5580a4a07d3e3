"""Recording what an allocation spent and delivered, one quarter at a time.

`spend_record` creates a quarter's record or corrects it; either way the row's history keeps
what it said before and who changed it, and the partnership's timeline shows the change
(partnerships/audit.py). `spend_upload` applies a whole checked file in one transaction: if any
row is refused here (someone divided or removed a part while the file was being checked), none
is saved.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partnerships.access import Actor
from partnerships.audit import save_with_history
from partnerships.models import Partnership

from .. import rules
from ..models import Allocation, SpendRecord

FIELDS = ("actual", "forecast", "outputs", "evidence", "variance_reason")


@dataclass(frozen=True)
class SpendRow:
    """One quarter's spend for one allocation, checked and ready to save (from a form or a
    file's row, which `row` numbers for messages)."""

    allocation_pk: int
    year: str
    quarter: int
    actual: Decimal
    forecast: Decimal | None = None
    outputs: str = ""
    evidence: str = ""
    variance_reason: str = ""
    row: int | None = None


def _refuse_unless_recorder(allocation: Allocation, actor: Actor) -> None:
    if actor.partnership.pk != allocation.partnership_id:
        raise PermissionDenied
    if not rules.may_record_spend(allocation, actor=actor):
        raise PermissionDenied(_("You can record spend only for your own organisation's funding"))


def _grant_year(allocation: Allocation) -> str:
    return allocation.line.grant.grant_year


@transaction.atomic
def spend_record(
    *, allocation: Allocation, year: str, quarter: int, data: dict, actor: Actor
) -> SpendRecord:
    """Record, or correct, what `allocation` spent and delivered in one quarter of its grant
    year; the record's history keeps every earlier version."""
    _refuse_unless_recorder(allocation, actor)
    grant_year = _grant_year(allocation)
    errors: dict[str, list] = {}
    if year != grant_year:
        errors["year"] = [
            _("Spend for this allocation is for the grant year %(year)s") % {"year": grant_year}
        ]
    if quarter not in (1, 2, 3, 4):
        errors["quarter"] = [_("Choose a quarter from 1 to 4")]
    if errors:
        raise ValidationError(errors)
    record = (
        SpendRecord.objects.select_for_update()
        .filter(allocation=allocation, year=year, quarter=quarter)
        .first()
    )
    created = record is None
    if created:
        record = SpendRecord(
            partnership_id=allocation.partnership_id,
            allocation=allocation,
            year=year,
            quarter=quarter,
        )
    for name in FIELDS:
        value = data.get(name)
        setattr(record, name, value.strip() if isinstance(value, str) else value)
    record.recorded_by = actor.user
    record.full_clean(exclude=["recorded_by", "allocation", "partnership"])
    save_with_history(
        record,
        acting_user=actor.user,
        reason=_("Spend recorded for Q%(quarter)s") % {"quarter": quarter}
        if created
        else _("Spend for Q%(quarter)s corrected") % {"quarter": quarter},
    )
    return record


@transaction.atomic
def spend_upload(
    *, partnership: Partnership, rows: Iterable[SpendRow], actor: Actor
) -> list[SpendRecord]:
    """Apply a checked file's rows, all or none: any refusal undoes every row before it."""
    if actor.partnership.pk != partnership.pk:
        raise PermissionDenied
    rows = list(rows)
    allocations = Allocation.objects.select_related("line__grant", "action", "service").in_bulk(
        [row.allocation_pk for row in rows]
    )
    saved = []
    for row in rows:
        allocation = allocations.get(row.allocation_pk)
        if allocation is None:
            raise ValidationError(
                _("Row %(row)s: the allocation is no longer there. Nothing has been saved.")
                % {"row": row.row}
            )
        try:
            saved.append(
                spend_record(
                    allocation=allocation,
                    year=row.year,
                    quarter=row.quarter,
                    data={name: getattr(row, name) for name in FIELDS},
                    actor=actor,
                )
            )
        except (ValidationError, PermissionDenied) as refusal:
            messages = getattr(refusal, "messages", None) or [str(refusal)]
            raise ValidationError(
                [_("Row %(row)s: %(problem)s") % {"row": row.row, "problem": m} for m in messages]
                + [_("Nothing has been saved.")]
            ) from refusal
    return saved
