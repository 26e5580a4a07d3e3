"""The convener divides a partnership's allocation into parts: for one of its organisations, one
of its interventions (the provision map) or one of its strategy's actions.

The parts of an allocation never come to more than it (the parent row is locked while they are
summed, so two conveners dividing at once cannot both take the last pound), and a part that
has spend recorded against it is not changed or removed: the spend would no longer add up to
what was allocated when it was spent.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from partnerships.access import Actor
from partnerships.audit import save_with_history

from .. import rules
from ..models import ZERO, Allocation, SpendRecord
from ..money import pounds

RECIPIENTS = ("organisation", "service", "action")


def _refuse_unless_divider(allocation: Allocation, actor: Actor) -> None:
    if actor.partnership.pk != allocation.partnership_id:
        raise PermissionDenied
    if not rules.may_change_parts(actor):
        raise PermissionDenied(_("Only the convener can divide an allocation"))


def _left_to_divide(parent: Allocation, *, leaving_out: Allocation | None = None) -> Decimal:
    """What the parent holds beyond its other parts (locked first: see the module's note)."""
    Allocation.objects.select_for_update().filter(pk=parent.pk).get()
    parts = parent.parts.all()
    if leaving_out is not None:
        parts = parts.exclude(pk=leaving_out.pk)
    divided = parts.aggregate(divided=Sum("amount"))["divided"] or ZERO
    return parent.amount - divided


def _fill(part: Allocation, data: dict) -> None:
    part.amount = data.get("amount")
    part.purpose = (data.get("purpose") or "").strip()
    for name in RECIPIENTS:
        setattr(part, name, data.get(name))


def _check(part: Allocation, *, left: Decimal) -> None:
    """Every problem at once: the model's own checks, one recipient, and the amount left."""
    errors: dict[str, list] = {}
    try:
        part.full_clean(exclude=["created_by"])
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    given = [name for name in RECIPIENTS if getattr(part, name) is not None]
    if len(given) != 1:
        errors.setdefault("recipient", []).append(
            ValidationError(_("Choose one organisation, intervention or action for this part"))
        )
    if part.amount is not None and part.amount > left:
        errors.setdefault("amount", []).append(
            ValidationError(
                _("The parts would come to more than the allocation: %(left)s is left to divide")
                % {"left": pounds(max(left, ZERO))}
            )
        )
    if errors:
        raise ValidationError(errors)


def _refuse_once_spent(part: Allocation) -> None:
    if SpendRecord.objects.filter(allocation=part).exists():
        raise ValidationError(
            _("Spend has been recorded against this part, so it can no longer be changed")
        )


@transaction.atomic
def part_create(*, allocation: Allocation, data: dict, actor: Actor) -> Allocation:
    """A new part of the partnership's `allocation`, for one recipient of its own."""
    _refuse_unless_divider(allocation, actor)
    if not rules.may_divide(allocation, actor=actor):
        raise PermissionDenied(_("A part of an allocation is not divided again"))
    part = Allocation(
        partnership_id=allocation.partnership_id,
        line_id=allocation.line_id,
        parent=allocation,
        created_by=actor.user,
    )
    _fill(part, data)
    _check(part, left=_left_to_divide(allocation))
    save_with_history(part, acting_user=actor.user, reason=_("Allocation divided"))
    return part


@transaction.atomic
def part_edit(*, allocation: Allocation, data: dict, actor: Actor) -> Allocation:
    """Change a part (`allocation`) while nothing has been spent against it."""
    _refuse_unless_divider(allocation, actor)
    if allocation.parent_id is None:
        raise PermissionDenied
    _refuse_once_spent(allocation)
    _fill(allocation, data)
    _check(allocation, left=_left_to_divide(allocation.parent, leaving_out=allocation))
    save_with_history(allocation, acting_user=actor.user, reason=_("Part of an allocation changed"))
    return allocation


@transaction.atomic
def part_remove(*, allocation: Allocation, actor: Actor) -> None:
    """Remove a part while nothing has been spent against it; its money returns to the
    partnership's allocation, to divide again."""
    _refuse_unless_divider(allocation, actor)
    if allocation.parent_id is None:
        raise PermissionDenied
    _refuse_once_spent(allocation)
    allocation._history_user = actor.user
    allocation._change_reason = _("Part of an allocation removed")
    allocation.delete()
