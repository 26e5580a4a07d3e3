"""Contributions and their review: an organisation drafts evidence and submits it, a reviewer
returns it with comments or accepts it, and an accepted item that changes (its text or files)
becomes a new revision that goes back for review. The moves are in assessments/lifecycles.py.
Nobody reviews their own organisation's evidence but the partnership lead (assessments/rules.py).
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.files import note_stored
from partnerships.access import Actor
from partnerships.audit import save_with_history
from partnerships.models import DutyElement, Organisation
from partnerships.roles import Permission

from .. import attachments as _attachments
from .. import lifecycles, rules
from ..models import Attachment, Call, Contribution, ReviewComment
from ._shared import email_about, new_revision_if_accepted
from .storage import storage_make_room
from .totals import refresh_if_counted_changed

# Shown where a reviewer would judge their own organisation's evidence; the page says it too.
OWN_ORGANISATION_REVIEW = gettext_lazy(
    "You cannot review this contribution because you are a member of %(organisation)s, which "
    "gave it. Another data lead or the partnership lead must review it."
)


class DraftExists(ValidationError):
    """The organisation has a draft answer to the call already: continue that one."""

    def __init__(self, draft: Contribution):
        super().__init__(
            _(
                "%(organisation)s already has a draft answer to this call. Continue that draft "
                "instead of starting another."
            )
            % {"organisation": draft.organisation},
            code="draft_exists",
        )
        self.draft = draft


def _refuse_second_draft(contribution: Contribution) -> None:
    """One draft answer per organisation per call: a second would split its answer in two. The
    call's row stays locked until the save commits, so two saves at once cannot both start one."""
    if not contribution.call_id or contribution.status != Contribution.Status.DRAFT:
        return
    list(
        Call.objects.select_for_update(no_key=True)
        .filter(pk=contribution.call_id)
        .values_list("pk", flat=True)
    )
    existing = (
        Contribution.objects.filter(
            partnership_id=contribution.partnership_id,
            organisation_id=contribution.organisation_id,
            call_id=contribution.call_id,
            status=Contribution.Status.DRAFT,
        )
        .exclude(pk=contribution.pk)
        .select_related("organisation")
        .order_by("-created_at", "-pk")
        .first()
    )
    if existing is not None:
        raise DraftExists(existing)


def _check_contribution_fields(contribution: Contribution, *, kept_call_id=None) -> None:
    if contribution.organisation.partnership_id != contribution.partnership_id:
        raise ValidationError(_("Choose an organisation in this partnership"))
    if contribution.organisation.is_retired:
        raise ValidationError(
            _("%(name)s has been retired, so it cannot give new evidence")
            % {"name": contribution.organisation}
        )
    if contribution.call_id and (
        contribution.call.partnership_id != contribution.partnership_id
        # Only a newly linked call must be open; an answer keeps its call after it closes.
        or (contribution.call.status != Call.Status.OPEN and contribution.call_id != kept_call_id)
    ):
        raise ValidationError(_("Choose an open call of this partnership"))
    checked = {"element", "level", "kind", "title", "body", "period"}
    try:
        contribution.clean_fields(
            exclude=[f.name for f in Contribution._meta.fields if f.name not in checked]
        )
    except ValidationError as error:
        # One list of messages, whatever form (if any) shows them.
        raise ValidationError(error.messages) from error


def _attach(contribution: Contribution, file, acting_user) -> Attachment:
    file_type = _attachments.check_upload(file)
    attachment = Attachment(
        partnership_id=contribution.partnership_id,
        contribution=contribution,
        original_name=_attachments.clean_name(file.name),
        content_type=file_type.content_type,
        size=file.size,
        uploaded_by=acting_user,
    )
    # The stored name is upload_to's random key, never the name the person gave.
    attachment.file.save(attachment.original_name, file, save=False)
    note_stored(attachment.file)  # removed again if this save does not commit
    attachment.save()
    return attachment


def _make_room(contribution: Contribution, files: list, *, freeing: Iterable = ()) -> None:
    """Refuse more files, or more bytes, than one request may attach, and files the partnership
    has no room left for (counting what this change removes). The partnership's row stays
    locked until the change commits, so two uploads at once cannot both take the last space."""
    if not files:
        return
    try:
        _attachments.check_request(files)
        storage_make_room(
            partnership_id=contribution.partnership_id,
            adding=sum(file.size for file in files),
            freeing=sum(a.size for a in freeing if a.contribution_id == contribution.pk),
        )
    except ValidationError as error:
        # Shown beside the files on the form; everything else the person typed stays.
        raise ValidationError({"files": error.error_list}) from error


def _refuse_unless_changeable(contribution: Contribution) -> None:
    if contribution.status not in lifecycles.CONTRIBUTION_CHANGEABLE:
        raise ValidationError(
            _(
                "This contribution is waiting for review, so it cannot be changed until it "
                "is returned"
            )
        )


def _refuse_unless_in_review(contribution: Contribution) -> None:
    if contribution.status not in lifecycles.CONTRIBUTION_IN_REVIEW:
        raise ValidationError(
            _("Only a submitted contribution can be reviewed; this one is %(status)s")
            % {"status": contribution.get_status_display().lower()}
        )


def _refuse_unless_reviewer(contribution: Contribution, *, actor: Actor) -> None:
    """A reviewer acting in the contribution's partnership, and not for the organisation that
    gave it (unless they are the lead)."""
    if actor.partnership.pk != contribution.partnership_id or not actor.may(
        Permission.REVIEW_CONTRIBUTIONS
    ):
        raise PermissionDenied(_("Only the partnership lead or a data lead can review it"))
    if rules.reviews_own_organisation(contribution, actor=actor):
        raise ValidationError(
            str(OWN_ORGANISATION_REVIEW) % {"organisation": contribution.organisation}
        )


@transaction.atomic
def contribution_create(
    *,
    partnership,
    organisation: Organisation,
    element: DutyElement,
    level: str,
    kind: str,
    title: str,
    body: str,
    period: str,
    acting_user,
    call: Call | None = None,
    files: Iterable = (),
) -> Contribution:
    """A draft, seen only by its organisation (and whoever recorded it) until submitted."""
    contribution = Contribution(
        partnership=partnership,
        organisation=organisation,
        element=element,
        level=level,
        kind=kind,
        title=title.strip(),
        body=body.strip(),
        period=period.strip(),
        call=call,
        created_by=acting_user,
    )
    _check_contribution_fields(contribution)
    _refuse_second_draft(contribution)
    files = list(files)
    _make_room(contribution, files)
    save_with_history(contribution, acting_user=acting_user, reason=_("Contribution drafted"))
    for file in files:
        _attach(contribution, file, acting_user)
    return contribution


@transaction.atomic
def contribution_edit(
    *,
    contribution: Contribution,
    element: DutyElement,
    level: str,
    kind: str,
    title: str,
    body: str,
    period: str,
    acting_user,
    call: Call | None = None,
    files: Iterable = (),
    remove: Iterable[Attachment] = (),
) -> Contribution:
    """Change a draft or returned item in place; an accepted one becomes a new revision that
    needs review again ("changed since accepted")."""
    _refuse_unless_changeable(contribution)
    kept_call_id = contribution.call_id
    contribution.element = element
    contribution.level = level
    contribution.kind = kind
    contribution.title = title.strip()
    contribution.body = body.strip()
    contribution.period = period.strip()
    contribution.call = call
    _check_contribution_fields(contribution, kept_call_id=kept_call_id)
    if contribution.call_id != kept_call_id:
        _refuse_second_draft(contribution)
    files = list(files)
    _make_room(contribution, files, freeing=remove)
    resubmitted = new_revision_if_accepted(contribution)
    for attachment in remove:
        if attachment.contribution_id == contribution.pk:
            attachment.file.delete(save=False)
            attachment.delete()
    for file in files:
        _attach(contribution, file, acting_user)
    save_with_history(
        contribution,
        acting_user=acting_user,
        reason=lifecycles.REVISION.timeline % {"revision": contribution.revision}
        if resubmitted
        else _("Contribution edited"),
    )
    if resubmitted:
        # Its figures wait for review again: they leave the data pages' totals.
        refresh_if_counted_changed(contribution, was_accepted=True)
        email_about(contribution, "submitted")
    return contribution


@transaction.atomic
def contribution_submit(*, contribution: Contribution, acting_user) -> Contribution:
    if contribution.status not in lifecycles.CONTRIBUTION_IN_PLACE:
        raise ValidationError(
            _("Only a draft or a returned contribution can be submitted; this one is %(status)s")
            % {"status": contribution.get_status_display().lower()}
        )
    # A returned item's second try is recorded as a resubmission.
    submission = lifecycles.submission(contribution.status)
    contribution.status = submission.to
    contribution.submitted_at = timezone.now()
    save_with_history(contribution, acting_user=acting_user, reason=str(submission.timeline))
    email_about(contribution, "submitted")
    return contribution


@transaction.atomic
def contribution_return(*, contribution: Contribution, comment: str, actor: Actor) -> Contribution:
    """Send it back to its organisation with what needs to change."""
    _refuse_unless_in_review(contribution)
    _refuse_unless_reviewer(contribution, actor=actor)
    acting_user = actor.user
    if not (comment or "").strip():
        raise ValidationError(_("Enter what needs to change before it can be accepted"))
    ReviewComment.objects.create(
        partnership_id=contribution.partnership_id,
        contribution=contribution,
        author=acting_user,
        body=comment.strip(),
        revision=contribution.revision,
    )
    returning = lifecycles.CONTRIBUTION[Contribution.Status.RETURNED]
    contribution.status = returning.to
    contribution.reviewed_by = acting_user
    contribution.reviewed_at = timezone.now()
    save_with_history(contribution, acting_user=acting_user, reason=str(returning.timeline))
    email_about(contribution, "returned")
    return contribution


@transaction.atomic
def contribution_accept(*, contribution: Contribution, actor: Actor) -> Contribution:
    """Accept this revision as evidence for the SNA; it is locked from now on."""
    _refuse_unless_in_review(contribution)
    _refuse_unless_reviewer(contribution, actor=actor)
    acting_user = actor.user
    accepting = lifecycles.CONTRIBUTION[Contribution.Status.ACCEPTED]
    contribution.status = accepting.to
    contribution.accepted_revision = contribution.revision
    contribution.reviewed_by = acting_user
    contribution.reviewed_at = timezone.now()
    save_with_history(
        contribution,
        acting_user=acting_user,
        reason=accepting.timeline % {"revision": contribution.revision},
    )
    refresh_if_counted_changed(contribution, was_accepted=False)
    email_about(contribution, "accepted")
    return contribution


@transaction.atomic
def attachment_add(*, contribution: Contribution, file, acting_user) -> Attachment:
    """Attach a file; to an accepted item, that is a change needing review again."""
    _refuse_unless_changeable(contribution)
    _make_room(contribution, [file])
    attachment = _attach(contribution, file, acting_user)
    resubmitted = new_revision_if_accepted(contribution)
    save_with_history(
        contribution,
        acting_user=acting_user,
        reason=_("Attachment %(name)s added") % {"name": attachment.original_name},
    )
    if resubmitted:
        # Its figures wait for review again: they leave the data pages' totals.
        refresh_if_counted_changed(contribution, was_accepted=True)
        email_about(contribution, "submitted")
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, acting_user) -> None:
    contribution = attachment.contribution
    _refuse_unless_changeable(contribution)
    name = attachment.original_name
    attachment.file.delete(save=False)
    attachment.delete()
    resubmitted = new_revision_if_accepted(contribution)
    save_with_history(
        contribution,
        acting_user=acting_user,
        reason=_("Attachment %(name)s removed") % {"name": name},
    )
    if resubmitted:
        # Its figures wait for review again: they leave the data pages' totals.
        refresh_if_counted_changed(contribution, was_accepted=True)
        email_about(contribution, "submitted")
