"""Changes to the strategy's actions: the plan's actions (changed only while the plan may
change), the progress updates their owning organisations post to each action's timeline, and a
relevant authority's answer to an action the strategy specifies for it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assessments import attachments as _attachments
from assessments.services import storage_make_room
from partnerships.audit import save_with_history
from partnerships.models import Organisation

from ..models import Action, ActionStatus, ActionUpdate, Strategy
from ._common import not_in_future

# What the action form sets directly on the row; the many-to-many fields follow the save.
_ACTION_FIELDS = [
    "priority", "title", "description", "lead_organisation", "lead_person", "element",
    "start_on", "due_on", "funding_source", "relevant_authority", "restricted",
]  # fmt: skip


def action_reporting_open(strategy: Strategy) -> bool:
    """Progress is reported on a strategy being delivered: agreed, published or revised."""
    return strategy.is_reporting


def _refuse_unless_plan_editable(strategy: Strategy) -> None:
    if not strategy.is_editable:
        raise ValidationError(
            _(
                "The strategy is %(status)s, so its actions change only through a revision. "
                "Start a revision to change the plan."
            )
            % {"status": strategy.get_status_display().lower()}
        )


def _still_active(organisation: Organisation | None, was_id: int | None) -> bool:
    """A retired organisation may stay where it already was, but cannot be newly chosen."""
    return organisation is None or organisation.pk == was_id or organisation.retired_at is None


def _check_action(action: Action, *, contributing, measures, was: dict[str, int | None]) -> None:
    """Every rule the form's fields must meet together, with the model's own, as one
    ValidationError keyed by field."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    lead = action.lead_organisation if action.lead_organisation_id else None
    if lead is not None and not _still_active(lead, was.get("lead_organisation")):
        add("lead_organisation", _("Choose a current organisation as the lead organisation"))
    person = action.lead_person
    if person is not None and (
        person.partnership_id != action.partnership_id
        or not person.is_active
        or person.organisation_id != action.lead_organisation_id
    ):
        add("lead_person", _("Choose an active member of the lead organisation as the lead person"))
    authority = action.relevant_authority if action.relevant_authority_id else None
    if authority is not None and not _still_active(authority, was.get("relevant_authority")):
        add("relevant_authority", _("Choose a current organisation as the relevant authority"))
    if any(o.partnership_id != action.partnership_id for o in contributing):
        add("contributing_organisations", _("Choose organisations in this partnership"))
    elif lead is not None and any(o.pk == lead.pk for o in contributing):
        add(
            "contributing_organisations",
            _("The lead organisation cannot also be a contributing organisation"),
        )
    if any(m.strategy_id != action.strategy_id for m in measures):
        add("measures", _("Choose measures of this strategy"))
    try:
        action.full_clean(exclude=["contributing_organisations", "measures"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                add(field, message)
    if errors:
        raise ValidationError(errors)


def _set_action_fields(action: Action, data: dict) -> None:
    before = action.relevant_authority_id
    for field in _ACTION_FIELDS:
        value = data.get(field)
        if field == "restricted":
            value = bool(value)
        elif field in {"description", "funding_source", "title"}:
            value = (value or "").strip()
        setattr(action, field, value)
    if action.relevant_authority_id != before:
        # Specifying it for a (different) relevant authority asks them afresh.
        action.relevant_authority_response = (
            Action.Response.PENDING if action.relevant_authority_id else ""
        )
        action.relevant_authority_responded_on = None


@transaction.atomic
def action_add(*, strategy: Strategy, data: dict, acting_user) -> Action:
    """A new action under one of the strategy's priorities, while the plan may change."""
    _refuse_unless_plan_editable(strategy)
    action = Action(partnership_id=strategy.partnership_id, strategy=strategy)
    _set_action_fields(action, data)
    contributing = list(data.get("contributing_organisations") or [])
    measures = list(data.get("measures") or [])
    _check_action(action, contributing=contributing, measures=measures, was={})
    last = (
        Action.objects.filter(priority_id=action.priority_id)
        .order_by("-order")
        .values_list("order", flat=True)
        .first()
    )
    action.order = 0 if last is None else last + 1
    save_with_history(action, acting_user=acting_user, reason=_("Action added"))
    action.contributing_organisations.set(contributing)
    action.measures.set(measures)
    return action


@transaction.atomic
def action_edit(*, action: Action, data: dict, acting_user) -> Action:
    """Change an action of a plan being drafted, consulted on or revised."""
    _refuse_unless_plan_editable(action.strategy)
    was = {
        "lead_organisation": action.lead_organisation_id,
        "relevant_authority": action.relevant_authority_id,
    }
    _set_action_fields(action, data)
    contributing = list(data.get("contributing_organisations") or [])
    measures = list(data.get("measures") or [])
    _check_action(action, contributing=contributing, measures=measures, was=was)
    save_with_history(action, acting_user=acting_user)
    action.contributing_organisations.set(contributing)
    action.measures.set(measures)
    return action


def _progress(value) -> int:
    try:
        progress = int(value)
    except (TypeError, ValueError):
        raise ValidationError(
            {"progress": _("Enter the progress as a whole number from 0 to 100")}
        ) from None
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Progress must be between 0 and 100")})
    return progress


@transaction.atomic
def action_post_update(
    *, action: Action, organisation: Organisation, data: dict, acting_user
) -> ActionUpdate:
    """Add a progress update to the action's timeline; the latest update by date sets the
    action's status and progress. Complete means 100%; a finished action reopens with a later
    update saying so."""
    if not action_reporting_open(action.strategy):
        raise ValidationError(_("Progress is reported once the strategy is agreed"))
    errors: dict[str, list[str]] = {}
    updated_on: datetime.date | None = data.get("updated_on")
    if updated_on is None:
        errors["updated_on"] = [_("Enter the date of the update")]
    not_in_future(
        updated_on, _("The date of the update must be today or in the past"), errors, "updated_on"
    )
    note = (data.get("note") or "").strip()
    if not note:
        errors["note"] = [_("Enter what has happened")]
    status = data.get("status") or ""
    if status not in ActionStatus.values:
        errors["status"] = [_("Select the status")]
    try:
        progress = _progress(data.get("progress"))
    except ValidationError as error:
        errors.update(error.message_dict)
        progress = 0
    file = data.get("evidence")
    file_type = None
    if file:
        try:
            file_type = _attachments.check_upload(file)
            storage_make_room(partnership_id=action.partnership_id, adding=file.size or 0)
        except ValidationError as error:
            errors["evidence"] = error.messages
    if errors:
        raise ValidationError(errors)
    if status == ActionStatus.COMPLETE:
        progress = 100
    update = ActionUpdate(
        partnership_id=action.partnership_id,
        action=action,
        organisation=organisation,
        author=acting_user,
        updated_on=updated_on,
        note=note,
        status=status,
        progress=progress,
    )
    if file_type is not None:
        update.evidence_name = _attachments.clean_name(file.name)
        update.evidence_content_type = file_type.content_type
        update.evidence_size = file.size
        # The stored name is upload_to's random key, never the name the person gave.
        update.evidence.save(update.evidence_name, file, save=False)
    reason = _("Progress update: %(status)s") % {"status": update.get_status_display()}
    save_with_history(update, acting_user=acting_user, reason=reason)
    # An update back-dated before the latest one joins the timeline without overriding it.
    if action.last_update_on is None or updated_on >= action.last_update_on:
        action.status = status
        action.progress = progress
        action.last_update_on = updated_on
        save_with_history(action, acting_user=acting_user, reason=reason)
    return update


@transaction.atomic
def action_record_response(
    *, action: Action, response: str, responded_on: datetime.date | None, acting_user
) -> Action:
    """The relevant authority's answer to an action the strategy specifies for it."""
    if not action.relevant_authority_id:
        raise ValidationError(_("This action is not specified for a relevant authority"))
    errors = {}
    if response not in {Action.Response.ACCEPTED, Action.Response.DECLINED}:
        errors["response"] = _("Select whether they accept or decline the action")
    if responded_on is None:
        errors["responded_on"] = _("Enter the date of their response")
    not_in_future(
        responded_on,
        _("The date of their response must be today or in the past"),
        errors,
        "responded_on",
    )
    if errors:
        raise ValidationError(errors)
    action.relevant_authority_response = response
    action.relevant_authority_responded_on = responded_on
    save_with_history(
        action,
        acting_user=acting_user,
        reason=_("%(response)s by %(organisation)s")
        % {
            "response": Action.Response(response).label,
            "organisation": action.relevant_authority,
        },
    )
    return action
