"""Changes to the partnership's information governance: the bodies outside it, its register of
information sharing agreements and DPIAs (each signed version with its copy kept privately, each
review moving the next review date on), and its rule for data returns no agreement covers.

Leads and data leads keep the register (Permission.MANAGE_DATA_SHARING); the views check that
first (403) and these check it again with the actor the request resolved.
"""

import datetime
import functools

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from common.files import note_stored
from common.reminders import Schedule, Threshold, remind_once
from outbox import services as outbox
from partnerships.access import Actor
from partnerships.audit import save_with_history
from partnerships.roles import Permission

from .. import attachments as _attachments
from .. import tasks as _tasks
from ..models import (
    FIRST_REVIEW_MONTHS,
    LATER_REVIEW_MONTHS,
    AgreementReminder,
    AgreementVersion,
    OutsideBody,
    SharingAgreement,
    SharingPolicy,
    add_months,
)
from .storage import storage_make_room


def _refuse_unless_keeper(actor: Actor, *, partnership_id: int) -> None:
    if actor.partnership.pk != partnership_id:
        raise PermissionDenied
    if not actor.may(Permission.MANAGE_DATA_SHARING):
        raise PermissionDenied(_("Only the partnership lead or a data lead can do this"))


def _full_clean(instance, errors: dict | None = None, **kwargs) -> None:
    """The model's own checks and ours, refused with every message at once."""
    errors = dict(errors or {})
    try:
        instance.full_clean(**kwargs)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _not_in_future(value: datetime.date | None, message: str, errors: dict, field: str) -> None:
    if value and value > timezone.localdate():
        errors.setdefault(field, []).append(ValidationError(message))


# --- bodies outside the partnership


def _fill_body(body: OutsideBody, data: dict) -> None:
    body.name = (data.get("name") or "").strip()
    body.kind = data.get("kind") or ""
    body.contact_email = (data.get("contact_email") or "").strip()
    body.notes = (data.get("notes") or "").strip()


@transaction.atomic
def outside_body_add(*, actor: Actor, data: dict) -> OutsideBody:
    """Add a body the partnership works with but which is not a member: to consult on the
    strategy or to name as a party to an agreement."""
    _refuse_unless_keeper(actor, partnership_id=actor.partnership.pk)
    body = OutsideBody(partnership=actor.partnership)
    _fill_body(body, data)
    _full_clean(body)
    save_with_history(body, acting_user=actor.user, reason=_("Body added to the register"))
    return body


@transaction.atomic
def outside_body_edit(*, body: OutsideBody, actor: Actor, data: dict) -> OutsideBody:
    _refuse_unless_keeper(actor, partnership_id=body.partnership_id)
    _fill_body(body, data)
    _full_clean(body)
    save_with_history(body, acting_user=actor.user, reason=_("Body's details changed"))
    return body


@transaction.atomic
def outside_body_remove(*, body: OutsideBody, actor: Actor) -> OutsideBody:
    """Take a body off the register; agreements and consultations that name it keep it."""
    _refuse_unless_keeper(actor, partnership_id=body.partnership_id)
    if body.retired_at is None:
        body.retired_at = timezone.now()
        save_with_history(body, acting_user=actor.user, reason=_("Body removed from the register"))
    return body


# --- agreements


def _check_parties(agreement: SharingAgreement, data: dict, errors: dict) -> None:
    """Parties and the owner must be current in this partnership; a party that has since
    retired may stay on an agreement it signed."""
    already_organisations = (
        set(agreement.organisations.values_list("pk", flat=True)) if agreement.pk else set()
    )
    already_bodies = (
        set(agreement.outside_bodies.values_list("pk", flat=True)) if agreement.pk else set()
    )
    organisations = list(data.get("organisations") or [])
    bodies = list(data.get("outside_bodies") or [])
    if not organisations:
        errors.setdefault("organisations", []).append(
            ValidationError(_("Select the member organisations that are party to it"))
        )
    if any(
        o.partnership_id != agreement.partnership_id
        or (o.retired_at is not None and o.pk not in already_organisations)
        for o in organisations
    ):
        errors.setdefault("organisations", []).append(
            ValidationError(_("Choose organisations that are current members of the partnership"))
        )
    if any(
        b.partnership_id != agreement.partnership_id
        or (b.retired_at is not None and b.pk not in already_bodies)
        for b in bodies
    ):
        errors.setdefault("outside_bodies", []).append(
            ValidationError(_("Choose bodies from the partnership's register"))
        )
    owner = data.get("owner")
    if owner is not None and owner.pk not in {o.pk for o in organisations}:
        errors.setdefault("owner", []).append(
            ValidationError(_("The owning organisation must be one of the parties"))
        )


def _fill_agreement(agreement: SharingAgreement, data: dict) -> None:
    agreement.kind = data.get("kind") or ""
    agreement.title = (data.get("title") or "").strip()
    agreement.reference = (data.get("reference") or "").strip()
    agreement.purpose = (data.get("purpose") or "").strip()
    agreement.legal_bases = sorted(set(data.get("legal_bases") or []))
    agreement.legal_basis_notes = (data.get("legal_basis_notes") or "").strip()
    agreement.data_sets = (data.get("data_sets") or "").strip()
    agreement.protective_marking = data.get("protective_marking") or ""
    owner = data.get("owner")
    agreement.owner_id = owner.pk if owner is not None else None


def _save_relations(agreement: SharingAgreement, data: dict) -> None:
    agreement.organisations.set(data.get("organisations") or [])
    agreement.outside_bodies.set(data.get("outside_bodies") or [])
    agreement.measures.set(data.get("measures") or [])


def _check_signed_copy(data: dict, errors: dict, *, partnership_id: int):
    """The signed copy's type, if it is a file we keep and the partnership has room for it;
    otherwise None, with why beside the field."""
    signed_copy = data.get("signed_copy")
    if not signed_copy:
        return None
    try:
        file_type = _attachments.check_upload(signed_copy)
        storage_make_room(partnership_id=partnership_id, adding=signed_copy.size or 0)
    except ValidationError as error:
        errors["signed_copy"] = error.messages
        return None
    return file_type


def _add_version(
    agreement: SharingAgreement, *, data: dict, actor: Actor, file_type
) -> AgreementVersion:
    """A signed version from its date: the agreement is in force from then, and reviewed first
    after six months (the first version) or a year (a later one)."""
    number = agreement.version + 1
    version = AgreementVersion(
        partnership_id=agreement.partnership_id,
        agreement=agreement,
        number=number,
        in_force_from=data["in_force_from"],
        changes=(data.get("changes") or "").strip(),
        recorded_by=actor.user,
    )
    signed_copy = data.get("signed_copy")
    if signed_copy:
        version.signed_copy_name = _attachments.clean_name(signed_copy.name)
        version.signed_copy_content_type = file_type.content_type
        version.signed_copy_size = signed_copy.size
        # Stored under upload_to's random key, never the name the person gave.
        version.signed_copy.save(version.signed_copy_name, signed_copy, save=False)
        note_stored(version.signed_copy)  # removed again if this save does not commit
    save_with_history(
        version,
        acting_user=actor.user,
        reason=_("Version %(number)s signed") % {"number": number},
    )
    months = FIRST_REVIEW_MONTHS if number == 1 else LATER_REVIEW_MONTHS
    agreement.version = number
    agreement.status = SharingAgreement.Status.IN_FORCE
    agreement.in_force_from = version.in_force_from
    agreement.review_due_on = add_months(version.in_force_from, months)
    agreement.ended_on = None
    return version


@transaction.atomic
def agreement_register(*, actor: Actor, data: dict) -> SharingAgreement:
    """Put an agreement on the register: a draft, or in force from a date (its first signed
    version, with the signed copy if there is one)."""
    _refuse_unless_keeper(actor, partnership_id=actor.partnership.pk)
    agreement = SharingAgreement(partnership=actor.partnership, created_by=actor.user)
    _fill_agreement(agreement, data)
    errors: dict = {}
    _check_parties(agreement, data, errors)
    file_type = _check_signed_copy(data, errors, partnership_id=actor.partnership.pk)
    if data.get("signed_copy") and not data.get("in_force_from"):
        errors.setdefault("in_force_from", []).append(
            ValidationError(_("Enter the date the signed agreement is in force from"))
        )
    _full_clean(agreement, errors)
    save_with_history(agreement, acting_user=actor.user, reason=_("Agreement registered"))
    _save_relations(agreement, data)
    if data.get("in_force_from"):
        _add_version(agreement, data=data, actor=actor, file_type=file_type)
        save_with_history(agreement, acting_user=actor.user, reason=_("In force"))
    return agreement


@transaction.atomic
def agreement_edit(*, agreement: SharingAgreement, actor: Actor, data: dict) -> SharingAgreement:
    """Correct what the agreement says; its dates change only with a new version or a review."""
    _refuse_unless_keeper(actor, partnership_id=agreement.partnership_id)
    _fill_agreement(agreement, data)
    errors: dict = {}
    _check_parties(agreement, data, errors)
    _full_clean(agreement, errors)
    save_with_history(agreement, acting_user=actor.user, reason=_("Agreement changed"))
    _save_relations(agreement, data)
    return agreement


@transaction.atomic
def agreement_new_version(
    *, agreement: SharingAgreement, actor: Actor, data: dict
) -> AgreementVersion:
    """Record a newly signed version: in force from its date, reviewed a year later (the first
    version after six months)."""
    _refuse_unless_keeper(actor, partnership_id=agreement.partnership_id)
    with transaction.atomic():
        locked = SharingAgreement.objects.select_for_update().get(pk=agreement.pk)
    errors: dict = {}
    file_type = _check_signed_copy(data, errors, partnership_id=locked.partnership_id)
    if not data.get("in_force_from"):
        errors["in_force_from"] = [
            ValidationError(_("Enter the date this version is in force from"))
        ]
    elif locked.in_force_from and data["in_force_from"] < locked.in_force_from:
        errors["in_force_from"] = [
            ValidationError(
                _("A new version cannot be in force before the current one (%(date)s)")
                % {"date": locked.in_force_from.strftime("%d/%m/%Y")}
            )
        ]
    if errors:
        raise ValidationError(errors)
    version = _add_version(locked, data=data, actor=actor, file_type=file_type)
    save_with_history(
        locked,
        acting_user=actor.user,
        reason=_("Version %(number)s in force") % {"number": version.number},
    )
    agreement.refresh_from_db()
    return version


@transaction.atomic
def agreement_review(*, agreement: SharingAgreement, actor: Actor, data: dict) -> SharingAgreement:
    """Record that the parties reviewed the agreement and it still holds: the next review is a
    year after this one."""
    _refuse_unless_keeper(actor, partnership_id=agreement.partnership_id)
    if agreement.status != SharingAgreement.Status.IN_FORCE:
        raise ValidationError(_("Only an agreement in force is reviewed"))
    reviewed_on = data.get("reviewed_on")
    errors: dict = {}
    if not reviewed_on:
        errors["reviewed_on"] = [ValidationError(_("Enter the date of the review"))]
    else:
        _not_in_future(
            reviewed_on, _("The review date must be today or in the past"), errors, "reviewed_on"
        )
        if agreement.in_force_from and reviewed_on < agreement.in_force_from:
            errors.setdefault("reviewed_on", []).append(
                ValidationError(
                    _("The review date must be on or after the date it came into force")
                )
            )
    if errors:
        raise ValidationError(errors)
    agreement.last_reviewed_on = reviewed_on
    agreement.review_due_on = add_months(reviewed_on, LATER_REVIEW_MONTHS)
    outcome = (data.get("outcome") or "").strip()
    save_with_history(
        agreement,
        acting_user=actor.user,
        reason=(_("Reviewed: %(outcome)s") % {"outcome": outcome})[:100]
        if outcome
        else _("Reviewed"),
    )
    return agreement


@transaction.atomic
def agreement_end(*, agreement: SharingAgreement, actor: Actor, data: dict) -> SharingAgreement:
    """End an agreement: data returns no longer rely on it, and those that did keep saying so."""
    _refuse_unless_keeper(actor, partnership_id=agreement.partnership_id)
    ended_on = data.get("ended_on") or timezone.localdate()
    agreement.status = SharingAgreement.Status.ENDED
    agreement.ended_on = ended_on
    reason = (data.get("reason") or "").strip()
    save_with_history(
        agreement,
        acting_user=actor.user,
        reason=(_("Ended: %(reason)s") % {"reason": reason})[:100] if reason else _("Ended"),
    )
    return agreement


@transaction.atomic
def sharing_policy_set(*, actor: Actor, without_agreement: str) -> SharingPolicy:
    """Choose whether a data return no in-date agreement covers is warned about or refused."""
    _refuse_unless_keeper(actor, partnership_id=actor.partnership.pk)
    if not actor.may(Permission.MANAGE_ASSESSMENT):
        raise PermissionDenied(_("Only the partnership lead can change this"))
    policy, _created = SharingPolicy.objects.get_or_create(partnership=actor.partnership)
    policy.without_agreement = without_agreement
    policy.changed_by = actor.user
    policy.changed_at = timezone.now()
    _full_clean(policy)
    save_with_history(policy, acting_user=actor.user, reason=_("Data sharing rule changed"))
    return policy


# --- reminders before an agreement's review

# A month ahead (the register starts showing "review due" then), a week ahead, and once overdue,
# when figures shared under it stop counting as covered: each window holds the days until the
# review date (negative: overdue) in which its reminder applies.
AGREEMENT_REVIEW_REMINDERS = Schedule(
    Threshold("overdue", None, -1),
    Threshold("7_days_before", 0, 7),
    Threshold("30_days_before", 8, 30),
)


def agreement_send_review_reminders(*, today: datetime.date) -> int:
    """Remind the people who keep each partnership's register (its leads and data leads) of
    every agreement in force whose review falls due within a month, or is overdue; returns how
    many reminders were queued.

    Cross-partnership by design (it runs from Celery beat for every partnership), so scopes are
    disabled. `remind_once` records each reminder before its email is queued, so a second run —
    a restart, or two beats — finds it and sends nothing; a review moves the due date, and the
    thresholds apply afresh to the new one.
    """
    queued = 0
    with scopes_disabled():
        agreements = SharingAgreement.objects.filter(
            status=SharingAgreement.Status.IN_FORCE, review_due_on__isnull=False
        ).only("pk", "partnership_id", "review_due_on")
        for agreement in agreements:
            threshold = AGREEMENT_REVIEW_REMINDERS.threshold(
                due_on=agreement.review_due_on, today=today
            )
            if threshold is None:
                continue
            queued += remind_once(
                AgreementReminder,
                send=functools.partial(outbox.send, _tasks.send_agreement_review_reminder_email),
                partnership_id=agreement.partnership_id,
                agreement=agreement,
                due_on=agreement.review_due_on,
                threshold=threshold,
            )
    return queued
