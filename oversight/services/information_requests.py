"""Changes to the convener's requests for information (s.17 of the Act): making one, answering
or refusing it (with the answer's files kept privately), withdrawing it, and the reminders sent
as its due date nears and passes.

The convener makes and withdraws requests (Permission.REQUIRE_INFORMATION). A request to a
member organisation is answered by its data lead or accountable person; the convener records a
body outside the partnership's reply on its behalf (oversight.rules). The views check these
first; these check them again with the actor the request resolved. Every change is saved with
its history (the activity timeline), and the people concerned are told once it commits.
"""

import datetime
import functools

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from assessments import attachments as _attachments
from assessments.models import CONSULTEE_KINDS, OutsideBody
from assessments.services import storage_make_room
from common.files import note_stored
from common.reminders import Schedule, Threshold, remind_once
from outbox import services as outbox
from partnerships.access import Actor
from partnerships.audit import save_with_history
from partnerships.models import Organisation, Sector

from .. import rules
from .. import tasks as _tasks
from ..models import (
    InformationRequest,
    InformationRequestReminder,
    RefusalGround,
    RequestAttachment,
)

# The sectors the Act lets the convener require information of: the specified authorities and
# the relevant ones (education, prisons and youth custody) that are members.
ASKABLE_AUTHORITIES = (Sector.AuthorityType.SPECIFIED, Sector.AuthorityType.RELEVANT)

# Reminders to those who answer, most urgent first, each with the window of days until the due
# date in which it applies (negative: overdue); each is sent once per due date.
REMINDERS = Schedule(
    Threshold("overdue", None, -1),
    Threshold("1_day_before", 0, 1),
    Threshold("7_days_before", 2, 7),
)


def _refuse_unless_convener(actor: Actor, *, partnership_id: int) -> None:
    if actor.partnership.pk != partnership_id:
        raise PermissionDenied
    if not rules.may_require(actor):
        raise PermissionDenied(_("Only the convener can do this"))


def _refuse_unless_open(information_request: InformationRequest) -> None:
    if not information_request.is_open:
        raise ValidationError(_("This request is no longer open"))


def _tell(information_request: InformationRequest, event: str) -> None:
    """Once committed, tell the people concerned (tasks.send_information_request_email)."""
    outbox.send(_tasks.send_information_request_email, information_request.pk, event)


def askable_organisations(*, partnership) -> list[Organisation]:
    """The current member organisations a request may be made of."""
    return list(
        Organisation.objects.filter(
            partnership=partnership,
            retired_at__isnull=True,
            sector__authority_type__in=ASKABLE_AUTHORITIES,
        ).order_by("name")
    )


def askable_bodies(*, partnership) -> list[OutsideBody]:
    """The bodies on the register a request may be made of: educational, prison and youth
    custody authorities."""
    return list(
        OutsideBody.objects.filter(
            partnership=partnership, retired_at__isnull=True, kind__in=CONSULTEE_KINDS
        ).order_by("name")
    )


def _check_addressee(actor: Actor, data: dict, errors: dict) -> tuple:
    organisation, body = data.get("organisation"), data.get("outside_body")
    if (organisation is None) == (body is None):
        errors["addressee"] = [_("Select the authority you are asking")]
        return None, None
    if organisation is not None and organisation.pk not in {
        o.pk for o in askable_organisations(partnership=actor.partnership)
    }:
        errors["addressee"] = [_("Select an authority from the list")]
    if body is not None and body.pk not in {
        b.pk for b in askable_bodies(partnership=actor.partnership)
    }:
        errors["addressee"] = [_("Select an authority from the list")]
    return organisation, body


@transaction.atomic
def information_request_make(*, actor: Actor, data: dict) -> InformationRequest:
    """Require an authority to supply information for monitoring the Duty, by a date; its
    answerers are told (a body outside the partnership is asked outside the portal)."""
    _refuse_unless_convener(actor, partnership_id=actor.partnership.pk)
    errors: dict = {}
    organisation, body = _check_addressee(actor, data, errors)
    due_on = data.get("due_on")
    if due_on is not None and due_on <= timezone.localdate():
        errors["due_on"] = [_("The date it is due by must be in the future")]
    information_request = InformationRequest(
        partnership=actor.partnership,
        organisation=organisation,
        outside_body=body,
        subject=(data.get("subject") or "").strip(),
        asked=(data.get("asked") or "").strip(),
        purpose=data.get("purpose") or "",
        due_on=due_on,
        requested_by=actor.user,
    )
    try:
        information_request.full_clean(exclude=["organisation", "outside_body"])
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    save_with_history(
        information_request,
        acting_user=actor.user,
        reason=_("Information required of %(addressee)s")
        % {"addressee": information_request.addressee},
    )
    _tell(information_request, "made")
    return information_request


@transaction.atomic
def information_request_withdraw(
    *, information_request: InformationRequest, actor: Actor
) -> InformationRequest:
    """The convener no longer needs it: those asked are told."""
    _refuse_unless_convener(actor, partnership_id=information_request.partnership_id)
    information_request = _locked(information_request)
    _refuse_unless_open(information_request)
    information_request.status = InformationRequest.Status.WITHDRAWN
    information_request.withdrawn_at = timezone.now()
    save_with_history(information_request, acting_user=actor.user, reason=_("Request withdrawn"))
    _tell(information_request, "withdrawn")
    return information_request


def _locked(information_request: InformationRequest) -> InformationRequest:
    """The row again, locked: two answers at the same moment cannot both be saved."""
    return InformationRequest.objects.select_for_update().get(pk=information_request.pk)


def _refuse_unless_responder(actor: Actor, information_request: InformationRequest) -> None:
    if actor.partnership.pk != information_request.partnership_id:
        raise PermissionDenied
    if not rules.may_respond(actor, information_request):
        raise PermissionDenied(
            _("Only the data lead or accountable person of the organisation asked can answer")
        )


def _attach(information_request: InformationRequest, files, *, actor: Actor) -> None:
    """Keep each file privately under a random key (removed again if the save does not
    commit), its name, type and size beside it."""
    for file in files:
        file_type = _attachments.check_upload(file)
        attachment = RequestAttachment(
            partnership_id=information_request.partnership_id,
            information_request=information_request,
            name=_attachments.clean_name(file.name),
            content_type=file_type.content_type,
            size=file.size,
            added_by=actor.user,
        )
        attachment.file.save(attachment.name, file, save=False)
        note_stored(attachment.file)
        save_with_history(
            attachment,
            acting_user=actor.user,
            reason=_("File attached to the response: %(name)s") % {"name": attachment.name},
        )


@transaction.atomic
def information_request_answer(
    *, information_request: InformationRequest, actor: Actor, data: dict
) -> InformationRequest:
    """Supply what was asked, in words and files; the convener is told. For a body outside the
    partnership, the convener records the reply it sent."""
    _refuse_unless_responder(actor, information_request)
    information_request = _locked(information_request)
    _refuse_unless_open(information_request)
    response = (data.get("response") or "").strip()
    files = list(data.get("attachments") or [])
    if not response and not files:
        raise ValidationError(
            {"response": [_("Enter the information, or attach the files that hold it")]}
        )
    try:
        _attachments.check_request(files)
        if files:
            storage_make_room(
                partnership_id=information_request.partnership_id,
                adding=sum(file.size or 0 for file in files),
            )
    except ValidationError as error:
        raise ValidationError({"attachments": error.messages}) from None
    information_request.status = InformationRequest.Status.ANSWERED
    information_request.response = response
    information_request.responded_by = actor.user
    information_request.responded_at = timezone.now()
    save_with_history(information_request, acting_user=actor.user, reason=_("Request answered"))
    _attach(information_request, files, actor=actor)
    _tell(information_request, "answered")
    return information_request


@transaction.atomic
def information_request_refuse(
    *, information_request: InformationRequest, actor: Actor, data: dict
) -> InformationRequest:
    """Decline to supply it on one of the Act's grounds, explained; the convener is told."""
    _refuse_unless_responder(actor, information_request)
    information_request = _locked(information_request)
    _refuse_unless_open(information_request)
    ground = data.get("refusal_ground") or ""
    explanation = (data.get("refusal_explanation") or "").strip()
    errors: dict = {}
    if ground not in RefusalGround.values:
        errors["refusal_ground"] = [_("Select the ground for refusing")]
    if not explanation:
        errors["refusal_explanation"] = [_("Explain why the information cannot be supplied")]
    if errors:
        raise ValidationError(errors)
    information_request.status = InformationRequest.Status.REFUSED
    information_request.refusal_ground = ground
    information_request.refusal_explanation = explanation
    information_request.responded_by = actor.user
    information_request.responded_at = timezone.now()
    save_with_history(
        information_request,
        acting_user=actor.user,
        reason=_("Request refused: %(ground)s") % {"ground": RefusalGround(ground).label},
    )
    _tell(information_request, "refused")
    return information_request


def information_request_send_reminders(*, today: datetime.date) -> int:
    """Remind those who answer each open request 7 days and 1 day before it is due, and once
    when it is overdue; returns how many reminders were queued.

    Cross-partnership by design (it runs from Celery beat for every partnership). Each reminder
    is recorded before its email is queued (common.reminders.remind_once), so a second run
    sends nothing; a threshold whose window a missed run skipped is not sent late."""
    queued = 0
    latest = today + datetime.timedelta(days=REMINDERS.thresholds[-1].latest)
    with scopes_disabled():
        due = InformationRequest.objects.filter(
            status=InformationRequest.Status.OPEN, due_on__lte=latest
        ).order_by("pk")
        for information_request in due:
            threshold = REMINDERS.threshold(due_on=information_request.due_on, today=today)
            if threshold is None:
                continue
            queued += remind_once(
                InformationRequestReminder,
                send=functools.partial(outbox.send, _tasks.send_information_request_reminder),
                partnership_id=information_request.partnership_id,
                information_request=information_request,
                due_on=information_request.due_on,
                threshold=threshold,
            )
    return queued
