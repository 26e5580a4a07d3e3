"""Changes to the strategy's governance: each member body's sign-off of the current version
through its own governance, the consultation the Act requires of education, prison and youth
custody authorities, and the partnership's meetings.

The views check who may act first (403); these check again, with the actor the request resolved,
so no other caller can skip the rules. `Actor.system` is the portal itself (demo data, management
commands).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments import attachments as _attachments
from assessments.services import storage_make_room
from common.files import note_stored
from partnerships.access import Actor
from partnerships.audit import save_with_history

from .. import rules
from ..models import CONSULTEE_SECTORS, Consultation, Meeting, SignOff, Strategy
from ._common import clean_with, not_in_future, refuse_unless_acting_in, refuse_unless_lead

# Why a page or a service refuses, in the same words.
SIGN_OFF_CLOSED = gettext_lazy("Sign-off is recorded while the strategy is being agreed")
DECISION_KEPT = gettext_lazy(
    "This decision was on version %(version)s; it is kept as it was recorded"
)
CONSULTATION_CLOSED = gettext_lazy(
    "This strategy has been superseded; its consultation record is kept as it was"
)


def _current_member_organisation(organisation, *, partnership_id: int) -> bool:
    return organisation.partnership_id == partnership_id and organisation.retired_at is None


# --- sign-off


def _refuse_unless_being_agreed(strategy: Strategy) -> None:
    if not strategy.is_open_for_sign_off:
        raise ValidationError(str(SIGN_OFF_CLOSED))


def _check_sign_off_rights(*, sign_off: SignOff, strategy: Strategy, actor: Actor) -> None:
    refuse_unless_acting_in(actor, partnership_id=strategy.partnership_id)
    if not rules.may_record_sign_off(actor=actor, organisation=sign_off.organisation):
        raise PermissionDenied
    if sign_off.decision == SignOff.Decision.NOT_SIGNED and not rules.may_manage(actor=actor):
        raise ValidationError(
            {
                "decision": _(
                    "Only the partnership lead can record why an organisation has not signed off"
                )
            }
        )


def _fill_sign_off(sign_off: SignOff, data: dict) -> None:
    """A decision has its body, date and minute; "not signed" has only the lead's reason."""
    sign_off.decision = data.get("decision") or ""
    if sign_off.decision == SignOff.Decision.NOT_SIGNED:
        sign_off.reason = (data.get("reason") or "").strip()
        sign_off.body, sign_off.decided_on, sign_off.minute_reference = "", None, ""
    else:
        sign_off.body = (data.get("body") or "").strip()
        sign_off.decided_on = data.get("decided_on")
        sign_off.minute_reference = (data.get("minute_reference") or "").strip()
        sign_off.reason = ""


def _save_sign_off(sign_off: SignOff, *, strategy: Strategy, data: dict, actor: Actor, reason):
    _fill_sign_off(sign_off, data)
    _check_sign_off_rights(sign_off=sign_off, strategy=strategy, actor=actor)
    errors = {}
    not_in_future(
        sign_off.decided_on,
        _("The date of the decision must be today or in the past"),
        errors,
        "decided_on",
    )
    clean_with(sign_off, errors)
    sign_off.recorded_by = actor.user
    save_with_history(sign_off, acting_user=actor.user, reason=reason)
    return sign_off


@transaction.atomic
def sign_off_record(*, strategy: Strategy, organisation, data: dict, actor: Actor) -> SignOff:
    """Record an organisation's governance decision on the strategy's current version. Its
    decision on this version is recorded once: recording it again changes that record."""
    _refuse_unless_being_agreed(strategy)
    if not _current_member_organisation(organisation, partnership_id=strategy.partnership_id):
        raise ValidationError(
            {"organisation": _("Choose a current member organisation of this partnership")}
        )
    sign_off = SignOff.objects.filter(
        strategy=strategy, version=strategy.version, organisation=organisation
    ).first()
    if sign_off is None:
        sign_off = SignOff(
            partnership_id=strategy.partnership_id,
            strategy=strategy,
            version=strategy.version,
            organisation=organisation,
        )
        reason = _("Sign-off recorded")
    else:
        reason = _("Sign-off changed")
    return _save_sign_off(sign_off, strategy=strategy, data=data, actor=actor, reason=reason)


@transaction.atomic
def sign_off_edit(*, sign_off: SignOff, data: dict, actor: Actor) -> SignOff:
    """Correct a decision on the current version; earlier versions' decisions stay as they were."""
    strategy = sign_off.strategy
    _refuse_unless_being_agreed(strategy)
    if sign_off.version != strategy.version:
        raise ValidationError(str(DECISION_KEPT) % {"version": sign_off.version})
    return _save_sign_off(
        sign_off,
        strategy=strategy,
        data=data,
        actor=actor,
        reason=_("Sign-off changed"),
    )


# --- consultation


def consultation_open(strategy: Strategy) -> bool:
    """The consultation record is kept until the strategy is superseded."""
    return strategy.status != Strategy.Status.SUPERSEDED


def _refuse_if_superseded(strategy: Strategy) -> None:
    if not consultation_open(strategy):
        raise ValidationError(str(CONSULTATION_CLOSED))


def _fill_consultation(consultation: Consultation, data: dict) -> dict:
    consultation.invited_on = data.get("invited_on")
    consultation.responded_on = data.get("responded_on")
    consultation.response = (data.get("response") or "").strip()
    consultation.taken_into_account = (data.get("taken_into_account") or "").strip()
    errors = {}
    not_in_future(
        consultation.invited_on,
        _("The invitation date must be today or in the past"),
        errors,
        "invited_on",
    )
    not_in_future(
        consultation.responded_on,
        _("The response date must be today or in the past"),
        errors,
        "responded_on",
    )
    return errors


def _check_consultee(
    strategy: Strategy, organisation, outside_body, *, relevant_only: bool = True
) -> None:
    """A current member organisation in a consultee sector, or a current consultee body on the
    partnership's register: exactly one. A response submitted in the portal may come from any
    current member organisation or registered body (`relevant_only=False`): everyone the lead
    consults is on the record, and the Duty checklist counts the relevant authorities."""
    if (organisation is None) == (outside_body is None):
        raise ValidationError(
            {"organisation": _("Select either a member organisation or a body outside it")}
        )
    if organisation is not None and not (
        _current_member_organisation(organisation, partnership_id=strategy.partnership_id)
        and (not relevant_only or organisation.sector.slug in CONSULTEE_SECTORS)
    ):
        raise ValidationError(
            {
                "organisation": _(
                    "Choose an education, prison or youth custody authority in this partnership"
                )
            }
        )
    if outside_body is not None and not (
        outside_body.partnership_id == strategy.partnership_id
        and outside_body.retired_at is None
        and (not relevant_only or outside_body.is_consultee)
    ):
        raise ValidationError(
            {
                "outside_body": _(
                    "Choose an educational, prison or youth custody authority from the register"
                )
            }
        )


@transaction.atomic
def consultation_record(
    *, strategy: Strategy, organisation=None, outside_body=None, data: dict, actor: Actor
) -> Consultation:
    """Record that a relevant authority was consulted, a member organisation or a body outside
    the partnership: when invited, its response (if any) and how the partnership took it into
    account. One record per authority per strategy."""
    refuse_unless_lead(actor=actor, partnership_id=strategy.partnership_id)
    _refuse_if_superseded(strategy)
    _check_consultee(strategy, organisation, outside_body)
    consultation = Consultation(
        partnership_id=strategy.partnership_id,
        strategy=strategy,
        organisation=organisation,
        outside_body=outside_body,
        recorded_by=actor.user,
    )
    clean_with(consultation, _fill_consultation(consultation, data))
    save_with_history(consultation, acting_user=actor.user, reason=_("Consultation recorded"))
    return consultation


@transaction.atomic
def consultation_response_record(
    *,
    strategy: Strategy,
    organisation=None,
    outside_body=None,
    invited_on,
    responded_on,
    response: str,
    actor: Actor,
) -> Consultation:
    """Keep the consultation record of a response submitted in the portal: the authority's
    record (made now if the lead had not made one, invited when the consultation opened) gets
    the date and what was said; how it was taken into account stays the lead's to write.
    The respondent's own submission calls this, so it asks only that they act in the
    partnership; consulting.consultation_response_submit has checked who they speak for."""
    refuse_unless_acting_in(actor, partnership_id=strategy.partnership_id)
    _refuse_if_superseded(strategy)
    _check_consultee(strategy, organisation, outside_body, relevant_only=False)
    consultation = Consultation.objects.filter(
        strategy=strategy,
        **({"organisation": organisation} if organisation else {"outside_body": outside_body}),
    ).first()
    if consultation is None:
        consultation = Consultation(
            partnership_id=strategy.partnership_id,
            strategy=strategy,
            organisation=organisation,
            outside_body=outside_body,
            recorded_by=actor.user,
        )
        reason = _("Consultation response submitted in the portal")
    else:
        reason = _("Consultation response submitted in the portal, record updated")
    data = {
        "invited_on": consultation.invited_on or invited_on,
        "responded_on": responded_on,
        "response": response,
        "taken_into_account": consultation.taken_into_account,
    }
    clean_with(consultation, _fill_consultation(consultation, data))
    save_with_history(consultation, acting_user=actor.user, reason=reason)
    return consultation


@transaction.atomic
def consultation_edit(*, consultation: Consultation, data: dict, actor: Actor) -> Consultation:
    refuse_unless_lead(actor=actor, partnership_id=consultation.partnership_id)
    _refuse_if_superseded(consultation.strategy)
    clean_with(consultation, _fill_consultation(consultation, data))
    consultation.recorded_by = actor.user
    save_with_history(consultation, acting_user=actor.user, reason=_("Consultation changed"))
    return consultation


# --- meetings


def _save_meeting(meeting: Meeting, *, data: dict, acting_user, reason: str) -> Meeting:
    meeting.held_on = data.get("held_on")
    meeting.kind = data.get("kind") or ""
    meeting.title = (data.get("title") or "").strip()
    meeting.decisions = (data.get("decisions") or "").strip()
    attendees = list(data.get("attendees") or [])
    errors = {}
    not_in_future(
        meeting.held_on, _("The meeting date must be today or in the past"), errors, "held_on"
    )
    # Organisations that have since retired may stay on a meeting they attended; anyone added
    # must be a current member.
    already = set(meeting.attendees.values_list("pk", flat=True)) if meeting.pk else set()
    if any(
        organisation.partnership_id != meeting.partnership_id
        or (organisation.retired_at is not None and organisation.pk not in already)
        for organisation in attendees
    ):
        errors["attendees"] = [
            ValidationError(_("Choose organisations that are current members of the partnership"))
        ]
    minutes = data.get("minutes")
    if minutes:
        try:
            file_type = _attachments.check_upload(minutes)
            # New minutes replace the old file, whose room they may take.
            storage_make_room(
                partnership_id=meeting.partnership_id,
                adding=minutes.size or 0,
                freeing=(meeting.minutes_size or 0) if meeting.minutes else 0,
            )
        except ValidationError as error:
            errors["minutes"] = error.messages
    clean_with(meeting, errors)
    if minutes:
        replaced = meeting.minutes.name
        storage = meeting.minutes.storage
        meeting.minutes_name = _attachments.clean_name(minutes.name)
        meeting.minutes_content_type = file_type.content_type
        meeting.minutes_size = minutes.size
        # Stored under upload_to's random key, never the name the person gave.
        meeting.minutes.save(meeting.minutes_name, minutes, save=False)
        note_stored(meeting.minutes)  # removed again if this save does not commit
        if replaced:
            transaction.on_commit(lambda: storage.delete(replaced))
    save_with_history(meeting, acting_user=acting_user, reason=reason)
    meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def meeting_record(*, actor: Actor, data: dict) -> Meeting:
    """Record a meeting of the actor's partnership: when, what kind, who attended, what it
    decided, and its minutes."""
    refuse_unless_lead(actor=actor, partnership_id=actor.partnership.pk)
    meeting = Meeting(partnership=actor.partnership, recorded_by=actor.user)
    return _save_meeting(meeting, data=data, acting_user=actor.user, reason=_("Meeting recorded"))


@transaction.atomic
def meeting_edit(*, meeting: Meeting, data: dict, actor: Actor) -> Meeting:
    """Correct a meeting's record; new minutes replace the old file."""
    refuse_unless_lead(actor=actor, partnership_id=meeting.partnership_id)
    return _save_meeting(meeting, data=data, acting_user=actor.user, reason=_("Meeting changed"))
