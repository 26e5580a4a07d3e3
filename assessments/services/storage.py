"""The partnership's storage quota, checked by every service that keeps a file someone uploads:
contributions' attachments and signed agreements here, and evidence, minutes and answers to
information requests in the apps above."""

from partnerships.models import Partnership

from .. import selectors as _selectors


def storage_make_room(*, partnership_id: int, adding: int, freeing: int = 0) -> None:
    """Refuse, with a ValidationError for the person uploading, `adding` bytes the partnership
    has no room left for once `freeing` bytes (a file being replaced or removed) have gone.

    Call it inside the upload's transaction, before anything is stored: the partnership's row
    stays locked until that commits, so two uploads at once cannot both take the last space
    (a no-key lock, so nothing that merely refers to the partnership waits on it)."""
    partnership = (
        Partnership.objects.select_for_update(no_key=True).only("pk", "slug").get(pk=partnership_id)
    )
    _selectors.attachment_storage(partnership=partnership).refuse_unless_room(
        adding=adding, freeing=freeing
    )
