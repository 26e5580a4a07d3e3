"""What several of the strategy's services share: who is acting, refusing anyone but the lead,
and checking a record with the model's rules and ours together."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerships.access import Actor, actor_for

from .. import rules


def acting(*, partnership, acting_user) -> Actor | None:
    """Who is acting in the partnership: the person as a current member (None if they are not
    one), or the system itself when there is no person (demo data, management commands)."""
    if acting_user is None:
        return Actor.system(partnership)
    return actor_for(acting_user, partnership)


def refuse_unless_lead(*, partnership, acting_user) -> None:
    actor = acting(partnership=partnership, acting_user=acting_user)
    if actor is None or not rules.may_manage(actor=actor):
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
