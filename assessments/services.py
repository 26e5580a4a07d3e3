"""Every change to the SNA and its evidence: keyword-only, with the acting person, atomic,
audited (django-simple-history + the partnership's activity timeline), refusing what breaks a
rule with a ValidationError fit to show the user."""

import datetime
import functools
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_scopes import scopes_disabled
from guardian.core import ObjectPermissionChecker

from partnerships.models import DutyElement, Membership, Organisation
from partnerships.roles import DUTY_ROLES, Permission
from partnerships.services import _save

from . import attachments as _attachments
from . import selectors as _selectors
from . import tasks as _tasks
from .models import (
    Assessment,
    AssessmentModule,
    Attachment,
    Call,
    CallReminder,
    Contribution,
    DataPoint,
    DefinitionAmendment,
    Finding,
    LocalDefinition,
    Measure,
    ProvisionService,
    Recommendation,
    ReviewComment,
    ViolenceType,
    validate_period,
)
from .uploads import UploadRow

# --- provision map ---


_PROVISION_FIELDS = [
    "name", "provider", "description", "area", "tier", "cohort", "age_min", "age_max",
    "eligibility", "referral_route", "risk_factors", "evidence", "funding_source",
    "funding_ends_on", "commissioned_by",
]  # fmt: skip


@transaction.atomic
def provision_add(*, partnership, organisation, data: dict, acting_user) -> ProvisionService:
    service = ProvisionService(
        partnership=partnership,
        added_by_organisation=organisation,
        added_by=acting_user,
        **{field: data.get(field) for field in _PROVISION_FIELDS},
    )
    service.full_clean(exclude=["findings"])
    _save(service, acting_user=acting_user, reason="Added to the provision map")
    service.findings.set(data.get("findings") or [])
    return service


@transaction.atomic
def provision_edit(*, service: ProvisionService, data: dict, acting_user) -> ProvisionService:
    for field in _PROVISION_FIELDS:
        setattr(service, field, data.get(field))
    # A partner's change needs the lead's eye again.
    service.curated = False
    service.full_clean(exclude=["findings"])
    _save(service, acting_user=acting_user)
    service.findings.set(data.get("findings") or [])
    return service


@transaction.atomic
def provision_curate(*, service: ProvisionService, curated: bool, acting_user) -> None:
    service.curated = curated
    _save(
        service,
        acting_user=acting_user,
        reason="Checked by the lead" if curated else "Marked as needing the lead's check",
    )


# --- assessment ---


# Where an SNA may go next, and what the move is called on its timeline.
ASSESSMENT_TRANSITIONS = {
    Assessment.Status.IN_REVIEW: ({Assessment.Status.DRAFT}, gettext_lazy("SNA sent for review")),
    Assessment.Status.AGREED: ({Assessment.Status.IN_REVIEW}, gettext_lazy("SNA agreed")),
    Assessment.Status.PUBLISHED: ({Assessment.Status.AGREED}, gettext_lazy("SNA published")),
}
MODULES_DONE = {AssessmentModule.Status.READY, AssessmentModule.Status.AGREED}


def _not_in_future(value: datetime.date, message: str) -> None:
    if value > timezone.localdate():
        raise ValidationError(message)


@transaction.atomic
def assessment_start(
    *, partnership, period: str, scope: str, methodology: str, acting_user
) -> Assessment:
    """A new SNA for a period, with its nine modules in the guidance's order."""
    period = period.strip()
    validate_period(period)
    with scopes_disabled():
        if Assessment.objects.filter(partnership=partnership, period=period).exists():
            raise ValidationError(
                _("The partnership already has an SNA for %(period)s") % {"period": period}
            )
    assessment = Assessment(
        partnership=partnership, period=period, scope=scope, methodology=methodology
    )
    _save(assessment, acting_user=acting_user, reason=_("SNA started"))
    for order, kind in enumerate(AssessmentModule.Kind.values):
        module = AssessmentModule(
            partnership=partnership, assessment=assessment, kind=kind, order=order
        )
        _save(module, acting_user=acting_user)
    return assessment


@transaction.atomic
def assessment_edit(
    *, assessment: Assessment, scope: str, methodology: str, restricted: bool, acting_user
) -> Assessment:
    assessment.scope = scope
    assessment.methodology = methodology
    assessment.restricted = restricted
    _save(assessment, acting_user=acting_user)
    return assessment


@transaction.atomic
def assessment_transition(*, assessment: Assessment, status: str, acting_user) -> Assessment:
    """Move the SNA on: draft → in review → agreed (every module ready) → published."""
    sources, reason = ASSESSMENT_TRANSITIONS[status]
    if assessment.status not in sources:
        raise ValidationError(
            _("The SNA is %(current)s, so it cannot be marked %(new)s")
            % {
                "current": assessment.get_status_display().lower(),
                "new": Assessment.Status(status).label.lower(),
            }
        )
    if status == Assessment.Status.AGREED:
        not_ready = [
            str(module)
            for module in AssessmentModule.objects.filter(assessment=assessment)
            .exclude(status__in=MODULES_DONE)
            .order_by("order")
        ]
        if not_ready:
            raise ValidationError(
                _(
                    "The SNA cannot be agreed until every module is ready for review or agreed. "
                    "Not ready: %(modules)s"
                )
                % {"modules": ", ".join(not_ready)}
            )
        assessment.agreed_on = timezone.localdate()
        assessment.definition = LocalDefinition.objects.filter(
            partnership_id=assessment.partnership_id, status=LocalDefinition.Status.AGREED
        ).first()
    assessment.status = status
    _save(assessment, acting_user=acting_user, reason=str(reason))
    return assessment


@transaction.atomic
def assessment_record_shared(
    *, assessment: Assessment, shared_on: datetime.date, acting_user
) -> Assessment:
    _not_in_future(
        shared_on, _("The date shared with the Home Office must be today or in the past")
    )
    assessment.shared_with_home_office_on = shared_on
    _save(assessment, acting_user=acting_user, reason=_("SNA shared with the Home Office"))
    return assessment


@transaction.atomic
def module_edit(
    *, module: AssessmentModule, body: str, status: str, owner: Membership | None, acting_user
) -> AssessmentModule:
    """Change a module's text and status (and, for leads, who owns it)."""
    if owner is not None and (owner.partnership_id != module.partnership_id or not owner.is_active):
        raise ValidationError(_("Choose a current member of this partnership as the owner"))
    if status not in AssessmentModule.Status.values:
        raise ValidationError(_("Choose the module's status"))
    module.body = body
    module.status = status
    module.owner = owner
    _save(module, acting_user=acting_user)
    return module


# --- definition ---


DEFINITION_FIELDS = [
    "summary", "violence_types", "age_scope", "maximum_penalty", "impact_on_victim",
    "prevalence", "impact_on_community",
]  # fmt: skip


def _check_violence_types(values) -> list[str]:
    unknown = set(values) - set(ViolenceType.values)
    if unknown or not values:
        raise ValidationError(_("Select the types of violence the definition includes"))
    # Kept in the list's own order, whatever order they were ticked in.
    return [value for value in ViolenceType.values if value in set(values)]


@transaction.atomic
def definition_create(*, partnership, data: dict, acting_user) -> LocalDefinition:
    """A new draft version; only one draft at a time, so partners comment on one text."""
    with scopes_disabled():
        versions = LocalDefinition.objects.filter(partnership=partnership)
        if versions.filter(status=LocalDefinition.Status.DRAFT).exists():
            raise ValidationError(
                _("There is already a draft of the local definition. Edit that draft instead.")
            )
        latest = versions.order_by("-version").values_list("version", flat=True).first()
    definition = LocalDefinition(
        partnership=partnership,
        version=(latest or 0) + 1,
        created_by=acting_user,
        **{field: data.get(field) or "" for field in DEFINITION_FIELDS},
    )
    definition.violence_types = _check_violence_types(data.get("violence_types") or [])
    _save(definition, acting_user=acting_user, reason=_("Draft local definition started"))
    return definition


@transaction.atomic
def definition_edit(*, definition: LocalDefinition, data: dict, acting_user) -> LocalDefinition:
    if definition.status != LocalDefinition.Status.DRAFT:
        raise ValidationError(_("Only a draft of the local definition can be changed"))
    for field in DEFINITION_FIELDS:
        setattr(definition, field, data.get(field) or "")
    definition.violence_types = _check_violence_types(data.get("violence_types") or [])
    _save(definition, acting_user=acting_user)
    return definition


@transaction.atomic
def definition_agree(
    *, definition: LocalDefinition, agreed_on: datetime.date, organisations, acting_user
) -> LocalDefinition:
    """Record the partnership's agreement; the version agreed before is superseded."""
    if definition.status != LocalDefinition.Status.DRAFT:
        raise ValidationError(_("Only a draft of the local definition can be agreed"))
    organisations = list(organisations)
    if not organisations:
        raise ValidationError(_("Select the organisations that agreed the definition"))
    if any(o.partnership_id != definition.partnership_id or o.is_retired for o in organisations):
        raise ValidationError(_("Choose current organisations in this partnership"))
    _not_in_future(agreed_on, _("The date agreed must be today or in the past"))
    with scopes_disabled():
        previous = LocalDefinition.objects.select_for_update().filter(
            partnership_id=definition.partnership_id, status=LocalDefinition.Status.AGREED
        )
        # Supersede first: the database allows one agreed version per partnership.
        for old in previous:
            old.status = LocalDefinition.Status.SUPERSEDED
            _save(
                old,
                acting_user=acting_user,
                reason=_("Superseded by version %(version)s") % {"version": definition.version},
            )
    definition.status = LocalDefinition.Status.AGREED
    definition.agreed_on = agreed_on
    _save(definition, acting_user=acting_user, reason=_("Local definition agreed"))
    definition.agreed_by.set(organisations)
    return definition


@transaction.atomic
def amendment_propose(
    *, definition: LocalDefinition, membership, proposal: str, reason: str, acting_user
) -> DefinitionAmendment:
    if definition.status == LocalDefinition.Status.SUPERSEDED:
        raise ValidationError(
            _("This version has been superseded. Propose your change to the current version.")
        )
    if not proposal.strip() or not reason.strip():
        raise ValidationError(_("Enter the change you propose and your reason"))
    amendment = DefinitionAmendment(
        partnership_id=definition.partnership_id,
        definition=definition,
        proposed_by=membership,
        proposal=proposal.strip(),
        reason=reason.strip(),
    )
    _save(amendment, acting_user=acting_user, reason=_("Amendment proposed"))
    return amendment


@transaction.atomic
def amendment_respond(
    *, amendment: DefinitionAmendment, adopt: bool, response: str, acting_user
) -> DefinitionAmendment:
    if amendment.status != DefinitionAmendment.Status.OPEN:
        raise ValidationError(_("This amendment has already been answered"))
    if not response.strip():
        raise ValidationError(_("Enter your response to the proposer"))
    amendment.status = (
        DefinitionAmendment.Status.ADOPTED if adopt else DefinitionAmendment.Status.DECLINED
    )
    amendment.response = response.strip()
    _save(
        amendment,
        acting_user=acting_user,
        reason=_("Amendment adopted") if adopt else _("Amendment declined"),
    )
    return amendment


# --- contributions ---


def _email_about(contribution: Contribution, event: str) -> None:
    pk = contribution.pk
    transaction.on_commit(lambda: _tasks.send_contribution_email.delay(pk, event))


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
    attachment.save()
    return attachment


def _new_revision_if_accepted(contribution: Contribution) -> bool:
    """An accepted item is locked: a change starts a new revision that goes back for review."""
    if contribution.status != Contribution.Status.ACCEPTED:
        return False
    contribution.revision += 1
    contribution.status = Contribution.Status.SUBMITTED
    contribution.submitted_at = timezone.now()
    return True


def _refuse_unless_changeable(contribution: Contribution) -> None:
    if contribution.status == Contribution.Status.SUBMITTED:
        raise ValidationError(
            _(
                "This contribution is waiting for review, so it cannot be changed until it "
                "is returned"
            )
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
    _save(contribution, acting_user=acting_user, reason=_("Contribution drafted"))
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
    resubmitted = _new_revision_if_accepted(contribution)
    for attachment in remove:
        if attachment.contribution_id == contribution.pk:
            attachment.file.delete(save=False)
            attachment.delete()
    for file in files:
        _attach(contribution, file, acting_user)
    _save(
        contribution,
        acting_user=acting_user,
        reason=_("Changed after acceptance: revision %(revision)s submitted for review")
        % {"revision": contribution.revision}
        if resubmitted
        else _("Contribution edited"),
    )
    if resubmitted:
        _email_about(contribution, "submitted")
    return contribution


@transaction.atomic
def contribution_submit(*, contribution: Contribution, acting_user) -> Contribution:
    if not contribution.is_editable:
        raise ValidationError(
            _("Only a draft or a returned contribution can be submitted; this one is %(status)s")
            % {"status": contribution.get_status_display().lower()}
        )
    resubmitted = contribution.status == Contribution.Status.RETURNED
    contribution.status = Contribution.Status.SUBMITTED
    contribution.submitted_at = timezone.now()
    _save(
        contribution,
        acting_user=acting_user,
        reason=_("Resubmitted for review") if resubmitted else _("Submitted for review"),
    )
    _email_about(contribution, "submitted")
    return contribution


def _refuse_unless_submitted(contribution: Contribution) -> None:
    if contribution.status != Contribution.Status.SUBMITTED:
        raise ValidationError(
            _("Only a submitted contribution can be reviewed; this one is %(status)s")
            % {"status": contribution.get_status_display().lower()}
        )


@transaction.atomic
def contribution_return(*, contribution: Contribution, comment: str, acting_user) -> Contribution:
    """Send it back to its organisation with what needs to change."""
    _refuse_unless_submitted(contribution)
    if not (comment or "").strip():
        raise ValidationError(_("Enter what needs to change before it can be accepted"))
    ReviewComment.objects.create(
        partnership_id=contribution.partnership_id,
        contribution=contribution,
        author=acting_user,
        body=comment.strip(),
        revision=contribution.revision,
    )
    contribution.status = Contribution.Status.RETURNED
    contribution.reviewed_by = acting_user
    contribution.reviewed_at = timezone.now()
    _save(contribution, acting_user=acting_user, reason=_("Returned with comments"))
    _email_about(contribution, "returned")
    return contribution


@transaction.atomic
def contribution_accept(*, contribution: Contribution, acting_user) -> Contribution:
    """Accept this revision as evidence for the SNA; it is locked from now on."""
    _refuse_unless_submitted(contribution)
    contribution.status = Contribution.Status.ACCEPTED
    contribution.accepted_revision = contribution.revision
    contribution.reviewed_by = acting_user
    contribution.reviewed_at = timezone.now()
    _save(
        contribution,
        acting_user=acting_user,
        reason=_("Accepted (revision %(revision)s)") % {"revision": contribution.revision},
    )
    _email_about(contribution, "accepted")
    return contribution


@transaction.atomic
def attachment_add(*, contribution: Contribution, file, acting_user) -> Attachment:
    """Attach a file; to an accepted item, that is a change needing review again."""
    _refuse_unless_changeable(contribution)
    attachment = _attach(contribution, file, acting_user)
    resubmitted = _new_revision_if_accepted(contribution)
    _save(
        contribution,
        acting_user=acting_user,
        reason=_("Attachment %(name)s added") % {"name": attachment.original_name},
    )
    if resubmitted:
        _email_about(contribution, "submitted")
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, acting_user) -> None:
    contribution = attachment.contribution
    _refuse_unless_changeable(contribution)
    name = attachment.original_name
    attachment.file.delete(save=False)
    attachment.delete()
    resubmitted = _new_revision_if_accepted(contribution)
    _save(
        contribution,
        acting_user=acting_user,
        reason=_("Attachment %(name)s removed") % {"name": name},
    )
    if resubmitted:
        _email_about(contribution, "submitted")


# --- calls, reminders, findings ---


# _tasks is imported by the contributions section above.

# Reminder thresholds, each with the window of days until the due date in which it applies
# (negative: overdue). Windows rather than exact days, so a missed daily run still reminds.
REMINDER_THRESHOLDS = [
    ("7_days_overdue", None, -7),
    ("1_day_overdue", -6, -1),
    ("1_day_before", 0, 1),
    ("7_days_before", 2, 7),
]


def reminder_threshold(*, due_on: datetime.date, today: datetime.date) -> str | None:
    """Which reminder applies today, if any."""
    days = (due_on - today).days
    for threshold, low, high in REMINDER_THRESHOLDS:
        if (low is None or days >= low) and days <= high:
            return threshold
    return None


@transaction.atomic
def call_issue(
    *,
    partnership,
    title: str,
    questions: str,
    elements,
    measures,
    period: str,
    due_on: datetime.date,
    audience: str,
    organisations,
    duty_role: str,
    acting_user,
) -> Call:
    """Issue a call for contributions and email everyone it is addressed to once committed."""
    elements, measures, organisations = list(elements), list(measures), list(organisations)
    if not elements:
        raise ValidationError(_("Select at least one Duty element"))
    if due_on <= timezone.localdate():
        raise ValidationError(_("The due date must be in the future"))
    if audience == Call.Audience.ORGANISATIONS:
        if not organisations:
            raise ValidationError(_("Select at least one organisation"))
        if any(o.partnership_id != partnership.pk or o.is_retired for o in organisations):
            raise ValidationError(_("Choose current organisations in this partnership"))
        duty_role = ""
    elif audience == Call.Audience.DUTY_ROLE:
        if duty_role not in DUTY_ROLES:
            raise ValidationError(_("Select a Duty role"))
        with scopes_disabled():
            held = (
                Membership.objects.filter(
                    partnership=partnership,
                    organisation__retired_at__isnull=True,
                    **{duty_role: True},
                )
                .active()
                .exists()
            )
        if not held:
            raise ValidationError(
                _("Nobody in the partnership holds that Duty role, so the call would reach no one")
            )
        organisations = []
    else:
        raise ValidationError(_("Choose who the call is for"))
    call = Call(
        partnership=partnership,
        title=title.strip(),
        questions=questions,
        period=period.strip(),
        due_on=due_on,
        audience=audience,
        duty_role=duty_role,
        issued_by=acting_user,
    )
    call.full_clean(exclude=["elements", "measures", "organisations", "issued_by"])
    _save(call, acting_user=acting_user, reason=_("Call for contributions issued"))
    call.elements.set(elements)
    call.measures.set(measures)
    call.organisations.set(organisations)
    transaction.on_commit(functools.partial(_tasks.send_call_issued_email.delay, call.pk))
    return call


@transaction.atomic
def call_close(*, call: Call, acting_user) -> Call:
    """Stop a call: no more reminders, and it leaves everyone's to-do list."""
    if call.status == Call.Status.CLOSED:
        raise ValidationError(_("This call is already closed"))
    call.status = Call.Status.CLOSED
    _save(call, acting_user=acting_user, reason=_("Call for contributions closed"))
    return call


def call_send_reminders(*, today: datetime.date) -> int:
    """Remind every expected organisation that has not answered an open call, once per
    threshold; returns how many reminders were queued.

    Cross-partnership by design (it runs from Celery beat for every partnership), so scopes
    are disabled. Each reminder row is created before its email is queued, and the unique
    constraint on (call, organisation, threshold) means a second run — a restart, or two beats
    — finds the row and sends nothing.
    """
    queued = 0
    with scopes_disabled():
        calls = Call.objects.filter(status=Call.Status.OPEN).prefetch_related("organisations")
        for completeness in _selectors.calls_completeness(calls=calls, today=today).values():
            call = completeness.call
            threshold = reminder_threshold(due_on=call.due_on, today=today)
            if threshold is None:
                continue
            for organisation in completeness.outstanding:
                try:
                    with transaction.atomic():
                        reminder, created = CallReminder.objects.get_or_create(
                            partnership_id=call.partnership_id,
                            call=call,
                            organisation=organisation,
                            threshold=threshold,
                        )
                        if created:
                            send = _tasks.send_call_reminder_email.delay
                            transaction.on_commit(functools.partial(send, reminder.pk))
                            queued += 1
                except IntegrityError:
                    continue  # another run made it at the same moment: it sends the email
    return queued


def _check_finding(*, assessment, contributions, measures, already=()) -> None:
    if not contributions and not measures:
        raise ValidationError(
            _("A finding must cite at least one accepted contribution or measure as evidence")
        )
    already = {c.pk for c in already}
    for contribution in contributions:
        if contribution.partnership_id != assessment.partnership_id:
            raise ValidationError(_("Choose evidence from this partnership"))
        if contribution.status != Contribution.Status.ACCEPTED and contribution.pk not in already:
            raise ValidationError(
                _("%(title)s has not been accepted, so it cannot be cited as evidence")
                % {"title": contribution.title}
            )


@transaction.atomic
def finding_create(
    *, assessment, kind: str, title: str, description: str, contributions, measures, acting_user
) -> Finding:
    """Record a need the SNA found, resting on accepted evidence."""
    contributions, measures = list(contributions), list(measures)
    _check_finding(assessment=assessment, contributions=contributions, measures=measures)
    finding = Finding(
        partnership_id=assessment.partnership_id,
        assessment=assessment,
        kind=kind,
        title=title.strip(),
        description=description,
        created_by=acting_user,
    )
    finding.full_clean(exclude=["contributions", "measures", "created_by"])
    _save(finding, acting_user=acting_user, reason=_("Finding recorded"))
    finding.contributions.set(contributions)
    finding.measures.set(measures)
    return finding


@transaction.atomic
def finding_edit(
    *,
    finding: Finding,
    kind: str,
    title: str,
    description: str,
    contributions,
    measures,
    acting_user,
) -> Finding:
    """Change a finding; evidence it already cites may stay even if changed since accepted."""
    contributions, measures = list(contributions), list(measures)
    _check_finding(
        assessment=finding.assessment,
        contributions=contributions,
        measures=measures,
        already=finding.contributions.all(),
    )
    finding.kind = kind
    finding.title = title.strip()
    finding.description = description
    finding.full_clean(exclude=["contributions", "measures", "created_by"])
    _save(finding, acting_user=acting_user)
    finding.contributions.set(contributions)
    finding.measures.set(measures)
    return finding


@transaction.atomic
def recommendation_create(
    *, assessment, title: str, description: str, findings, acting_user
) -> Recommendation:
    """A recommendation answering one or more of the SNA's findings."""
    findings = list(findings)
    if not findings:
        raise ValidationError(_("Select at least one finding the recommendation answers"))
    if any(f.assessment_id != assessment.pk for f in findings):
        raise ValidationError(_("Choose findings of this SNA"))
    last = Recommendation.objects.filter(assessment=assessment).order_by("-order").first()
    recommendation = Recommendation(
        partnership_id=assessment.partnership_id,
        assessment=assessment,
        title=title.strip(),
        description=description,
        order=(last.order + 1) if last else 1,
    )
    recommendation.full_clean(exclude=["findings"])
    _save(recommendation, acting_user=acting_user, reason=_("Recommendation recorded"))
    recommendation.findings.set(findings)
    return recommendation


# --- data returns ---


def _may_change_data_return(contribution: Contribution, *, acting_user) -> bool:
    """A contributing member of the return's own organisation, or a lead who runs the SNA."""
    partnership = contribution.partnership
    permissions = set(ObjectPermissionChecker(acting_user).get_perms(partnership))
    if Permission.MANAGE_ASSESSMENT in permissions:
        return True
    with scopes_disabled():
        return (
            Permission.CONTRIBUTE in permissions
            and Membership.objects.filter(
                partnership=partnership,
                user=acting_user,
                organisation_id=contribution.organisation_id,
                ended_on__isnull=True,
            ).exists()
        )


@transaction.atomic
def data_return_save(
    *, contribution: Contribution, rows: list[UploadRow], acting_user
) -> list[DataPoint]:
    """Replace a data return's figures with a checked file's rows: all of them or none. An
    accepted return becomes a new revision that needs review again ("changed since accepted")."""
    if contribution.kind != Contribution.Kind.DATA_RETURN:
        raise ValidationError(_("Only a data return holds figures"))
    if not _may_change_data_return(contribution, acting_user=acting_user):
        raise ValidationError(
            _("Only %(organisation)s can change the figures in this data return")
            % {"organisation": contribution.organisation}
        )
    # Lock the row so two uploads at once cannot interleave their figures.
    with scopes_disabled():
        locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if locked.status == Contribution.Status.SUBMITTED:
        raise ValidationError(
            _(
                "This data return is %(status)s. Figures can be uploaded while it is a draft "
                "or has been returned to you."
            )
            % {"status": locked.get_status_display().lower()}
        )
    if not rows:
        raise ValidationError(_("The file has no figures to save"))
    measures = {m.slug: m for m in Measure.objects.filter(slug__in={row.measure for row in rows})}
    unknown = sorted({row.measure for row in rows} - set(measures))
    if unknown:
        raise ValidationError(
            _("These are not measures we know: %(measures)s") % {"measures": ", ".join(unknown)}
        )
    points = [
        DataPoint(
            partnership_id=contribution.partnership_id,
            contribution=contribution,
            measure=measures[row.measure],
            period_start=row.period_start,
            period_label=row.period_label,
            area=row.area,
            value=row.value,
            age_band=row.age_band,
            sex=row.sex,
        )
        for row in rows
    ]
    for point in points:
        # The upload's checks come first; this only guards the model's own field rules.
        point.clean_fields(exclude=["partnership", "contribution", "measure"])
    with scopes_disabled():
        DataPoint.objects.filter(contribution=contribution).delete()
        created = DataPoint.objects.bulk_create(points)
    # New figures for an accepted return are a change like any other: a new revision for review.
    resubmitted = _new_revision_if_accepted(locked)
    uploaded = ngettext("%(count)s figure uploaded", "%(count)s figures uploaded", len(points)) % {
        "count": len(points)
    }
    _save(
        locked,
        acting_user=acting_user,
        reason=_("%(uploaded)s after acceptance: revision %(revision)s submitted for review")
        % {"uploaded": uploaded, "revision": locked.revision}
        if resubmitted
        else uploaded,
    )
    contribution.status, contribution.revision = locked.status, locked.revision
    contribution.submitted_at = locked.submitted_at
    if resubmitted:
        _email_about(locked, "submitted")
    return created
