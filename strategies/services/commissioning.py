"""Changes to commissioning: the services partners commission and the opportunities to
commission more, each linked to the priorities it answers and to the provision map."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partnerships.audit import save_with_history

from ..models import Commission, Strategy

_COMMISSION_FIELDS = (
    "kind", "title", "description", "commissioner", "value", "starts_on", "ends_on", "status",
)  # fmt: skip


def _commission_save(
    commission: Commission, *, data: dict, acting_user, reason: str = ""
) -> Commission:
    """Check and save a commission and its links. Links it already had are kept even when their
    organisation has since retired or their strategy been superseded; new ones must be live."""
    before = (
        {
            "commissioner": commission.commissioner_id,
            "priorities": set(commission.priorities.values_list("pk", flat=True)),
        }
        if commission.pk
        else {"commissioner": None, "priorities": set()}
    )
    for name in _COMMISSION_FIELDS:
        value = data.get(name)
        if value is None and name in {"kind", "title", "description", "status"}:
            value = ""
        setattr(commission, name, value)
    priorities = list(data.get("priorities") or [])
    provision = list(data.get("provision") or [])
    partnership_id = commission.partnership_id

    errors = {}
    try:
        commission.full_clean()
    except ValidationError as error:
        errors = error.message_dict
    commissioner = commission.commissioner if commission.commissioner_id else None
    if commissioner is not None:
        if commissioner.partnership_id != partnership_id:
            errors["commissioner"] = [_("Choose an organisation in this partnership")]
        elif commissioner.retired_at and commissioner.pk != before["commissioner"]:
            errors["commissioner"] = [_("Choose an organisation still in the partnership")]
    if any(
        priority.partnership_id != partnership_id
        or (
            priority.strategy.status == Strategy.Status.SUPERSEDED
            and priority.pk not in before["priorities"]
        )
        for priority in priorities
    ):
        errors["priorities"] = [_("Choose priorities of this partnership's current strategies")]
    if any(service.partnership_id != partnership_id for service in provision):
        errors["provision"] = [_("Choose services on this partnership's provision map")]
    if errors:
        raise ValidationError(errors)

    save_with_history(commission, acting_user=acting_user, reason=reason)
    commission.priorities.set(priorities)
    commission.provision.set(provision)
    return commission


@transaction.atomic
def commission_add(*, partnership, data: dict, acting_user) -> Commission:
    """A commissioned service, or an opportunity to commission one."""
    commission = Commission(partnership=partnership, created_by=acting_user)
    return _commission_save(
        commission, data=data, acting_user=acting_user, reason="Added to commissioning"
    )


@transaction.atomic
def commission_edit(*, commission: Commission, data: dict, acting_user) -> Commission:
    return _commission_save(commission, data=data, acting_user=acting_user)
