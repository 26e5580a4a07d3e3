"""What several of the strategy's services share: refusing anyone but the lead (or anyone acting
in another partnership),
and checking a record with the model's rules and ours together."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerships.access import Actor

from .. import rules


def refuse_unless_acting_in(actor: Actor, *, partnership_id: int) -> None:
    """The actor was resolved for one partnership; a record of another is not theirs to touch."""
    if actor.partnership.pk != partnership_id:
        raise PermissionDenied


def refuse_unless_lead(*, actor: Actor, partnership_id: int) -> None:
    refuse_unless_acting_in(actor, partnership_id=partnership_id)
    if not rules.may_manage(actor=actor):
        raise PermissionDenied(_("Only the partnership lead can do this"))


def clean_with(instance, errors: dict) -> None:
    """Run the model's own checks, add ours, and refuse with every message at once."""
    try:
        instance.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def not_in_future(value, message: str, errors: dict, field: str) -> None:
    """Add `message` to `errors[field]` if the date `value` is after today."""
    if value and value > timezone.localdate():
        errors.setdefault(field, []).append(ValidationError(message))
