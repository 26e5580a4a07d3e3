"""Turns django-simple-history's snapshots into the partnership's activity timeline.

Every save of a tracked model makes a historical record (who, when, the whole row). Here, in the
same transaction, we compare it with the previous record and write an AuditEntry scoped to the
partnership, holding the changed fields as readable before → after pairs.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.signals import post_create_historical_record

from .models import AuditEntry, Partnership


def save_with_history(instance, *, acting_user, reason: str = "", **kwargs) -> None:
    """Save a tracked row with the acting person and a reason recorded in its history, which
    the timeline entry below is made from. Every app's services save through this."""
    instance._history_user = acting_user
    instance._change_reason = reason
    instance.save(**kwargs)


# Bookkeeping that would only clutter the timeline.
IGNORED_FIELDS = {"id", "nonce", "created_at", "nominated_at", "nominated_by", "named_since"}


def _readable(field: models.Field, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related else "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    if isinstance(value, dict):
        return _("%(count)s answers") % {"count": len(value)}
    return str(value)


def _previous(history_instance, model):
    """The row's record before this one, or None. (simple-history's `prev_record` asks the same
    through a manager class it builds afresh on every call: a fifth of the cost of every save.)"""
    pk_name = model._meta.pk.attname
    return (
        type(history_instance)
        ._default_manager.filter(
            **{pk_name: getattr(history_instance, pk_name)},
            history_date__lt=history_instance.history_date,
        )
        .order_by("-history_date")
        .first()
    )


def _changes(history_instance, model) -> list[dict[str, str]]:
    # A new row has no earlier record to compare with: no need to look for one.
    if history_instance.history_type == "+":
        return []
    previous = _previous(history_instance, model)
    if previous is None:
        return []
    delta = history_instance.diff_against(previous, foreign_keys_are_objs=False)
    changes = []
    for change in delta.changes:
        if change.field in IGNORED_FIELDS:
            continue
        field = model._meta.get_field(change.field)
        changes.append(
            {
                "field": str(field.verbose_name),
                "old": _readable(field, change.old),
                "new": _readable(field, change.new),
            }
        )
    return changes


def record_audit_entry(sender, instance, history_instance, **kwargs):
    """Index the change on its partnership's timeline: the partnership itself, or any
    tenant-owned model with history (every one carries partnership_id)."""
    model = type(instance)
    if model is Partnership:
        partnership_id = instance.pk
    elif getattr(instance, "partnership_id", None):
        partnership_id = instance.partnership_id
    else:
        return
    changes = _changes(history_instance, model)
    if (
        history_instance.history_type == "~"
        and not changes
        and not history_instance.history_change_reason
    ):
        return  # a save that changed nothing worth showing
    AuditEntry.objects.with_scopes_disabled().create(
        partnership_id=partnership_id,
        actor_id=history_instance.history_user_id,
        occurred_at=history_instance.history_date,
        action=history_instance.history_type,
        subject_type=model._meta.model_name,
        subject_id=instance.pk,
        subject_label=str(instance)[:300],
        summary=(history_instance.history_change_reason or "")[:300],
        changes=changes,
    )


def connect() -> None:
    post_create_historical_record.connect(record_audit_entry, dispatch_uid="partnerships.audit")


def record_download(*, partnership, actor, what: str, summary: str) -> None:
    """Note on the timeline that someone took a copy of the partnership's data out."""
    record_downloads(partnerships=[partnership], actor=actor, what=what, summary=summary)


def record_downloads(*, partnerships, actor, what: str, summary: str) -> None:
    """The same note on the timeline of each partnership whose data one file held (a
    convener's list may span a region's partnerships), in one query."""
    now = timezone.now()
    AuditEntry.objects.with_scopes_disabled().bulk_create(
        AuditEntry(
            partnership=partnership,
            actor=actor,
            occurred_at=now,
            action=AuditEntry.Action.DOWNLOADED,
            subject_type="export",
            subject_id=0,
            subject_label=what[:300],
            summary=summary[:300],
        )
        for partnership in {partnership.pk: partnership for partnership in partnerships}.values()
    )
