"""Changes to the local strategic landscape: the other partnerships, strategies and initiatives
the partnership aligns with. Only the lead keeps the register; every change is on the timeline."""

from django.db import transaction
from django.utils.translation import gettext as _

from partnerships.access import Actor
from partnerships.audit import save_with_history

from ..models import LandscapeEntry
from ._common import clean_with, refuse_unless_lead

_TEXT_FIELDS = ("name", "kind", "owner", "alignment", "opportunities", "web_address")


def _save_entry(entry: LandscapeEntry, *, data: dict, acting_user, reason: str) -> LandscapeEntry:
    for name in _TEXT_FIELDS:
        setattr(entry, name, (data.get(name) or "").strip())
    entry.review_on = data.get("review_on")
    clean_with(entry, {})
    save_with_history(entry, acting_user=acting_user, reason=reason)
    return entry


@transaction.atomic
def landscape_entry_add(*, actor: Actor, data: dict) -> LandscapeEntry:
    """Add a related partnership, strategy or initiative to the actor's partnership's landscape:
    who leads it, how the partnership aligns with it, and what they might do together."""
    refuse_unless_lead(actor=actor, partnership_id=actor.partnership.pk)
    entry = LandscapeEntry(partnership=actor.partnership, added_by=actor.user)
    return _save_entry(
        entry, data=data, acting_user=actor.user, reason=_("Added to the strategic landscape")
    )


@transaction.atomic
def landscape_entry_edit(*, entry: LandscapeEntry, data: dict, actor: Actor) -> LandscapeEntry:
    refuse_unless_lead(actor=actor, partnership_id=entry.partnership_id)
    return _save_entry(
        entry, data=data, acting_user=actor.user, reason=_("Strategic landscape entry changed")
    )


@transaction.atomic
def landscape_entry_remove(*, entry: LandscapeEntry, actor: Actor) -> None:
    """Remove an entry that no longer applies; its history keeps what it said."""
    refuse_unless_lead(actor=actor, partnership_id=entry.partnership_id)
    entry._history_user = actor.user
    entry._change_reason = _("Removed from the strategic landscape")
    entry.delete()
