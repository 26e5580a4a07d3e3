"""A change to any of a partnership's records (partnerships.changes) marks its stored standing
stale: one UPDATE that matches nothing when it is already stale or not yet stored. Bulk writes
send no signal: STANDING_MAX_AGE covers them."""

from partnerships.changes import partnership_changed


def _changed(sender, partnership_id: int, **kwargs) -> None:
    from .services import standings_mark_stale

    standings_mark_stale(partnership_id=partnership_id)


def connect() -> None:
    partnership_changed.connect(_changed, dispatch_uid="oversight-standing-stale")
