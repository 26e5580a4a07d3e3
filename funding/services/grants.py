"""The convener's changes to the Duty grant: recording the award, splitting it into its labour
and non-labour lines, allocating the lines to the partnerships it funds, and recording the
decision that agreed it.

Each takes the acting person as `user` and asks again, before it writes, that they may reach
the grant (funding.access): the views have asked already, and a service is the last word. Each
runs in one transaction holding the grant's row, so two conveners at work on one grant at once
cannot together take a line past its amount. Every refusal is a ValidationError carrying every
problem at once, each message fit to show beside its field.

Rows are saved with their history (partnerships.audit.save_with_history). An allocation is its
partnership's row, so its history reaches that partnership's timeline by itself; the grant, its
lines and decisions belong to no one partnership, so each change is written onto the timeline
of every partnership the grant covers, for their members to see.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from partnerships.audit import save_with_history
from partnerships.models import AuditEntry, Partnership

from ..access import convened_partnership_ids, grants_for
from ..models import Allocation, Grant, GrantDecision, GrantLine, SpendRecord
from ..money import ZERO, pounds, total

GRANT_FIELDS = [
    "title",
    "grant_year",
    "awarded_by",
    "reference",
    "amount",
    "conditions",
    "awarded_on",
    "starts_on",
    "ends_on",
]


# --- Who may, and the timeline --------------------------------------------------------------------


def _locked(grant: Grant, user: User) -> Grant:
    """The grant's row, locked for the transaction, if the person may reach it."""
    if not grants_for(user).filter(pk=grant.pk).exists():
        raise PermissionDenied
    return Grant.objects.select_for_update().get(pk=grant.pk)


def _readable(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return pounds(value)
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _changes(before: dict, after: dict, labels: dict) -> list[dict[str, str]]:
    """Before → after pairs, as the timeline shows them (partnerships.audit)."""
    return [
        {"field": str(labels[name]), "old": _readable(before[name]), "new": _readable(after[name])}
        for name in before
        if before[name] != after[name]
    ]


def _values(row, fields: Iterable[str]) -> dict:
    return {name: getattr(row, name) for name in fields}


def _labels(model, fields: Iterable[str]) -> dict:
    return {name: model._meta.get_field(name).verbose_name for name in fields}


def _note_on_timelines(
    *,
    partnership_ids: Iterable[int],
    user: User,
    action: str,
    subject,
    summary: str,
    changes: list | None = None,
) -> None:
    """Write the change onto each partnership's activity timeline, in one query."""
    now = timezone.now()
    AuditEntry.objects.with_scopes_disabled().bulk_create(
        AuditEntry(
            partnership_id=partnership_id,
            actor=user,
            occurred_at=now,
            action=action,
            subject_type=subject._meta.model_name,
            subject_id=subject.pk,
            subject_label=str(subject)[:300],
            summary=summary[:300],
            changes=changes or [],
        )
        for partnership_id in sorted(set(partnership_ids))
    )


def _covered_ids(grant: Grant) -> set[int]:
    return set(grant.partnerships.values_list("pk", flat=True))


# --- The award ------------------------------------------------------------------------------------


def _check_partnerships(user: User, partnerships, errors: dict) -> list[Partnership]:
    partnerships = list(partnerships or [])
    if not partnerships:
        errors.setdefault("partnerships", []).append(_("Select the partnerships the grant funds"))
    elif not {p.pk for p in partnerships} <= convened_partnership_ids(user):
        errors.setdefault("partnerships", []).append(_("Select partnerships you convene"))
    return partnerships


def _fill(grant: Grant, data: dict) -> None:
    for name in GRANT_FIELDS:
        if name in data:
            value = data[name]
            setattr(grant, name, value.strip() if isinstance(value, str) else value)


def _validated(grant: Grant, errors: dict) -> None:
    try:
        grant.full_clean(exclude=["created_by"])
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def grant_create(*, user: User, data: dict) -> Grant:
    """Record the award to the local policing body for the partnerships it funds (every one of
    them convened by the person recording it)."""
    errors: dict = {}
    partnerships = _check_partnerships(user, data.get("partnerships"), errors)
    grant = Grant(created_by=user)
    _fill(grant, data)
    _validated(grant, errors)
    save_with_history(grant, acting_user=user, reason=_("Grant awarded"))
    grant.partnerships.set(partnerships)
    _note_on_timelines(
        partnership_ids=[p.pk for p in partnerships],
        user=user,
        action=AuditEntry.Action.CREATED,
        subject=grant,
        summary=_("Grant of %(amount)s awarded by %(awarded_by)s")
        % {"amount": pounds(grant.amount), "awarded_by": grant.awarded_by},
    )
    return grant


@transaction.atomic
def grant_edit(*, grant: Grant, user: User, data: dict) -> Grant:
    """Change the award's details. It may not fall below what its lines hold, nor stop covering
    a partnership that has allocations from it."""
    grant = _locked(grant, user)
    errors: dict = {}
    partnerships = _check_partnerships(user, data.get("partnerships"), errors)
    before_ids = _covered_ids(grant)
    before = _values(grant, GRANT_FIELDS)
    _fill(grant, data)
    in_lines = total(grant.lines.values_list("amount", flat=True))
    if grant.amount is not None and grant.amount < in_lines:
        errors.setdefault("amount", []).append(
            _("The lines hold %(lines)s: enter %(lines)s or more, or change the lines first")
            % {"lines": pounds(in_lines)}
        )
    dropped = before_ids - {p.pk for p in partnerships}
    if dropped:
        holding = (
            Partnership.objects.filter(
                pk__in=Allocation.objects.with_scopes_disabled()
                .filter(line__grant=grant, partnership_id__in=dropped)
                .values("partnership")
            )
            .order_by("name")
            .values_list("name", flat=True)
        )
        for name in holding:
            errors.setdefault("partnerships", []).append(
                _("%(name)s has allocations from this grant: remove them first") % {"name": name}
            )
    _validated(grant, errors)
    save_with_history(grant, acting_user=user, reason=_("Grant changed"))
    grant.partnerships.set(partnerships)
    changes = _changes(before, _values(grant, GRANT_FIELDS), _labels(Grant, GRANT_FIELDS))
    after_ids = {p.pk for p in partnerships}
    if after_ids != before_ids:
        names = dict(
            Partnership.objects.filter(pk__in=before_ids | after_ids).values_list("pk", "name")
        )
        changes.append(
            {
                "field": str(Grant._meta.get_field("partnerships").verbose_name),
                "old": ", ".join(sorted(names[pk] for pk in before_ids)),
                "new": ", ".join(sorted(names[pk] for pk in after_ids)),
            }
        )
    if changes:
        _note_on_timelines(
            partnership_ids=before_ids | after_ids,
            user=user,
            action=AuditEntry.Action.CHANGED,
            subject=grant,
            summary=_("Grant changed"),
            changes=changes,
        )
    return grant


# --- The lines ------------------------------------------------------------------------------------


def _allocated_by_line(grant: Grant) -> dict[int, Decimal]:
    """What is allocated to partnerships from each of the grant's lines (not the parts within
    a partnership's allocation, which come out of it)."""
    rows = (
        Allocation.objects.with_scopes_disabled()
        .filter(line__grant=grant, parent__isnull=True)
        .order_by()
        .values("line")
        .annotate(allocated=Sum("amount"))
    )
    return {row["line"]: total([row["allocated"]]) for row in rows}


@transaction.atomic
def grant_lines_set(
    *,
    grant: Grant,
    user: User,
    labour: Decimal,
    non_labour: Decimal,
    labour_notes: str = "",
    non_labour_notes: str = "",
) -> list[GrantLine]:
    """Split the award into its labour and non-labour lines: together no more than the award,
    and neither less than is allocated from it already."""
    grant = _locked(grant, user)
    lines = {line.kind: line for line in grant.lines.all()}
    allocated = _allocated_by_line(grant)
    wanted = {
        GrantLine.Kind.LABOUR: (labour, labour_notes, "labour"),
        GrantLine.Kind.NON_LABOUR: (non_labour, non_labour_notes, "non_labour"),
    }
    errors: dict = {}
    together = total([labour, non_labour])
    if together > grant.amount:
        errors[NON_FIELD_ERRORS] = [
            _(
                "The lines come to %(together)s, %(over)s more than the %(award)s awarded: "
                "together they may be no more than the award"
            )
            % {
                "together": pounds(together),
                "over": pounds(together - grant.amount),
                "award": pounds(grant.amount),
            }
        ]
    for kind, (amount, _notes, field) in wanted.items():
        held = allocated.get(lines[kind].pk, ZERO) if kind in lines else ZERO
        if amount < held:
            errors[field] = [
                _("%(held)s of this line is allocated already: enter %(held)s or more")
                % {"held": pounds(held)}
            ]
    if errors:
        raise ValidationError(errors)
    changes, saved = [], []
    for kind, (amount, notes, _field) in wanted.items():
        line = lines.get(kind) or GrantLine(grant=grant, kind=kind, amount=ZERO)
        before = None if line.pk is None else line.amount
        line.amount, line.notes = amount, (notes or "").strip()
        save_with_history(line, acting_user=user, reason=_("Grant line set"))
        saved.append(line)
        if before != amount:
            changes.append(
                {"field": line.get_kind_display(), "old": _readable(before), "new": pounds(amount)}
            )
    if changes:
        _note_on_timelines(
            partnership_ids=_covered_ids(grant),
            user=user,
            action=AuditEntry.Action.CHANGED,
            subject=grant,
            summary=_("Grant lines set"),
            changes=changes,
        )
    return saved


# --- Allocations to partnerships ------------------------------------------------------------------


def _left_on(line: GrantLine, *, leaving_out: Allocation | None = None) -> Decimal:
    """What the line still has to allocate to partnerships."""
    allocations = Allocation.objects.with_scopes_disabled().filter(line=line, parent__isnull=True)
    if leaving_out is not None:
        allocations = allocations.exclude(pk=leaving_out.pk)
    return line.amount - total(allocations.values_list("amount", flat=True))


def _over_the_line(line: GrantLine, amount: Decimal, left: Decimal) -> str:
    return _(
        "That is %(over)s more than the %(line)s line has left: %(left)s is left to allocate"
    ) % {
        "over": pounds(amount - left),
        "line": _line_name(line),
        "left": pounds(max(left, ZERO)),
    }


def _line_name(line: GrantLine) -> str:
    return _("labour") if line.kind == GrantLine.Kind.LABOUR else _("non-labour")


def _check_purpose(purpose: str, errors: dict) -> str:
    purpose = (purpose or "").strip()
    if not purpose:
        errors["purpose"] = [_("Enter what it pays for")]
    return purpose


@transaction.atomic
def allocation_create(
    *,
    grant: Grant,
    line: GrantLine | None,
    partnership: Partnership | None,
    amount: Decimal,
    purpose: str,
    user: User,
) -> Allocation:
    """Allocate money from one of the grant's lines to a partnership it funds, no more than
    the line has left."""
    grant = _locked(grant, user)
    errors: dict = {}
    if line is None or line.grant_id != grant.pk:
        errors["line"] = [_("Set the grant's lines before allocating from them")]
    if partnership is None or partnership.pk not in _covered_ids(grant):
        errors["partnership"] = [_("Select one of the partnerships the grant funds")]
    purpose = _check_purpose(purpose, errors)
    if "line" not in errors:
        line = GrantLine.objects.get(pk=line.pk)  # its amount as it stands, under the lock
        left = _left_on(line)
        if amount > left:
            errors["amount"] = [_over_the_line(line, amount, left)]
    if errors:
        raise ValidationError(errors)
    allocation = Allocation(
        partnership=partnership, line=line, amount=amount, purpose=purpose, created_by=user
    )
    save_with_history(
        allocation,
        acting_user=user,
        reason=_("%(amount)s allocated from the %(line)s line of %(grant)s")
        % {"amount": pounds(amount), "line": _line_name(line), "grant": grant},
    )
    return allocation


def _top_level(allocation: Allocation, user: User) -> tuple[Grant, Allocation]:
    """The grant and the allocation's row, both locked: only a partnership's allocation (no
    parent) is the convener's; the parts within it are the partnership's own."""
    if allocation.parent_id is not None:
        raise PermissionDenied
    grant = _locked(Grant(pk=allocation.line.grant_id), user)
    allocation = Allocation.objects.with_scopes_disabled().select_for_update().get(pk=allocation.pk)
    return grant, allocation


def _spend_recorded(allocation: Allocation) -> bool:
    return (
        SpendRecord.objects.with_scopes_disabled()
        .filter(Q(allocation=allocation) | Q(allocation__parent=allocation))
        .exists()
    )


def _parts(allocation: Allocation):
    return Allocation.objects.with_scopes_disabled().filter(
        partnership_id=allocation.partnership_id, parent=allocation
    )


def _parts_total(allocation: Allocation) -> Decimal:
    return total(_parts(allocation).values_list("amount", flat=True))


@transaction.atomic
def allocation_edit(
    *, allocation: Allocation, user: User, amount: Decimal, purpose: str
) -> Allocation:
    """Change a partnership's allocation: within what its line has left, never below the parts
    the partnership has divided it into, and, once spend is recorded against it, never down
    (what was reported spent was reported against it)."""
    _grant, allocation = _top_level(allocation, user)
    errors: dict = {}
    purpose = _check_purpose(purpose, errors)
    line = allocation.line
    left = _left_on(line, leaving_out=allocation)
    if amount > left:
        errors["amount"] = [_over_the_line(line, amount, left)]
    elif amount < allocation.amount:
        in_parts = _parts_total(allocation)
        if amount < in_parts:
            errors["amount"] = [
                _("The partnership has divided %(parts)s of it into parts: enter %(parts)s or more")
                % {"parts": pounds(in_parts)}
            ]
        elif _spend_recorded(allocation):
            errors["amount"] = [
                _("Spend is recorded against it: enter %(amount)s or more")
                % {"amount": pounds(allocation.amount)}
            ]
    if errors:
        raise ValidationError(errors)
    before = allocation.amount
    allocation.amount, allocation.purpose = amount, purpose
    save_with_history(
        allocation,
        acting_user=user,
        reason=_("Allocation changed from %(before)s to %(after)s")
        % {"before": pounds(before), "after": pounds(amount)}
        if before != amount
        else _("Allocation changed"),
    )
    return allocation


@transaction.atomic
def allocation_remove(*, allocation: Allocation, user: User) -> None:
    """Take back a partnership's allocation: not once it is divided into parts or spend is
    recorded against it."""
    _grant, allocation = _top_level(allocation, user)
    if _parts(allocation).exists():
        raise ValidationError(
            _("The partnership has divided it into parts: they must remove them first")
        )
    if _spend_recorded(allocation):
        raise ValidationError(_("Spend is recorded against it, so it cannot be removed"))
    allocation._history_user = user
    allocation._change_reason = _("Allocation of %(amount)s removed") % {
        "amount": pounds(allocation.amount)
    }
    allocation.delete()


# --- The decision ---------------------------------------------------------------------------------


@transaction.atomic
def decision_record(*, grant: Grant, user: User, data: dict) -> GrantDecision:
    """Record the decision that agreed the grant's delivery plan and allocations."""
    grant = _locked(grant, user)
    errors: dict = {}
    decided_on = data.get("decided_on")
    if decided_on is not None and decided_on > timezone.localdate():
        errors["decided_on"] = [_("The date it was decided must be today or in the past")]
    decision = GrantDecision(
        grant=grant,
        decided_on=decided_on,
        decided_by=(data.get("decided_by") or "").strip(),
        reference=(data.get("reference") or "").strip(),
        summary=(data.get("summary") or "").strip(),
        recorded_by=user,
    )
    try:
        decision.full_clean(exclude=["recorded_by"])
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    save_with_history(decision, acting_user=user, reason=_("Decision recorded"))
    _note_on_timelines(
        partnership_ids=_covered_ids(grant),
        user=user,
        action=AuditEntry.Action.CREATED,
        subject=decision,
        summary=_("Decision recorded: %(decided_by)s") % {"decided_by": decision.decided_by},
    )
    return decision
