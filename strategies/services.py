"""Every change to the response strategy and its records: keyword-only, with the acting person,
atomic, audited (django-simple-history + the partnership's activity timeline), refusing what
breaks a rule with a ValidationError fit to show the user.

Sections, each owned by one part of the app: the strategy and its priorities; actions and
their progress; measures; governance (sign-off, consultation, meetings); commissioning; the
annual review and its reminders.
"""

import datetime
import functools

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_scopes import scopes_disabled
from guardian.core import ObjectPermissionChecker

from assessments import attachments as _attachments
from assessments.models import Assessment
from partnerships.models import Membership, Organisation
from partnerships.services import _save

from . import rules as _rules
from . import selectors as _selectors
from . import tasks as _tasks
from .models import (
    CONSULTEE_SECTORS,
    Action,
    ActionStatus,
    ActionUpdate,
    Commission,
    Consultation,
    MeasureCommentary,
    Meeting,
    Priority,
    Review,
    ReviewReminder,
    SignOff,
    Strategy,
    StrategyMeasure,
    StrategyVersion,
    next_review_due,
)

# --- strategy and priorities ---

# Where each status may be reached from, and what the activity timeline says when it is.
STRATEGY_TRANSITIONS = {
    Strategy.Status.CONSULTATION: (
        {Strategy.Status.DRAFT},
        gettext_lazy("Strategy sent out for consultation"),
    ),
    Strategy.Status.AGREED: (
        {Strategy.Status.DRAFT, Strategy.Status.CONSULTATION, Strategy.Status.UNDER_REVIEW},
        gettext_lazy("Strategy agreed"),
    ),
    Strategy.Status.DRAFT: (
        {Strategy.Status.AGREED},
        gettext_lazy("Strategy reopened for changes"),
    ),
    Strategy.Status.PUBLISHED: ({Strategy.Status.AGREED}, gettext_lazy("Strategy published")),
    Strategy.Status.UNDER_REVIEW: (
        {Strategy.Status.PUBLISHED},
        gettext_lazy("Revision of the strategy started"),
    ),
    Strategy.Status.SUPERSEDED: (
        {Strategy.Status.PUBLISHED, Strategy.Status.UNDER_REVIEW},
        gettext_lazy("Strategy superseded"),
    ),
}
# The order the lead is offered the moves in.
STRATEGY_TRANSITION_ORDER = [
    Strategy.Status.CONSULTATION,
    Strategy.Status.AGREED,
    Strategy.Status.PUBLISHED,
    Strategy.Status.UNDER_REVIEW,
    Strategy.Status.DRAFT,
    Strategy.Status.SUPERSEDED,
]
STRATEGY_TEXT_FIELDS = ["foreword", "summary", "governance", "engagement", "resources"]
STRATEGY_EDIT_FIELDS = ["title", "start_period", "end_period", *STRATEGY_TEXT_FIELDS]
PRIORITY_TEXT_FIELDS = [
    "title", "rationale", "problem", "activities", "outputs", "outcomes", "impact",
]  # fmt: skip
PRIORITY_EVIDENCE_REQUIRED = gettext_lazy(
    "The strategy must rest on the evidence: choose at least one finding or recommendation "
    "from the SNA"
)


def strategy_allowed_transitions(*, strategy: Strategy) -> list[str]:
    """The statuses the strategy may move to next, in the order the lead is offered them."""
    return [
        status
        for status in STRATEGY_TRANSITION_ORDER
        if strategy.status in STRATEGY_TRANSITIONS[status][0]
    ]


def _refuse_unless_editable(strategy: Strategy) -> None:
    if strategy.is_editable:
        return
    if strategy.status == Strategy.Status.AGREED:
        hint = _("Reopen it to make changes.")
    elif strategy.status == Strategy.Status.PUBLISHED:
        hint = _("Start a revision to make changes.")
    else:
        hint = _("It is kept as it was, for the record.")
    raise ValidationError(
        _("The strategy is %(status)s, so it cannot be changed. %(hint)s")
        % {"status": strategy.get_status_display().lower(), "hint": hint}
    )


def _refuse_if_period_taken(strategy: Strategy) -> None:
    taken = (
        Strategy.objects.filter(
            partnership_id=strategy.partnership_id, start_period=strategy.start_period
        )
        .exclude(pk=strategy.pk)
        .exists()
    )
    if taken:
        raise ValidationError(
            {
                "start_period": _("The partnership already has a strategy starting in %(period)s")
                % {"period": strategy.start_period}
            }
        )


@transaction.atomic
def strategy_start(
    *, partnership, title: str, start_period: str, end_period: str, assessment, acting_user
) -> Strategy:
    """A draft strategy for one or more financial years, resting on an agreed SNA."""
    if assessment is None or assessment.partnership_id != partnership.pk:
        raise ValidationError({"assessment": _("Choose an SNA of this partnership")})
    if assessment.status not in {Assessment.Status.AGREED, Assessment.Status.PUBLISHED}:
        raise ValidationError(
            {
                "assessment": _(
                    "The strategy must rest on an agreed SNA, and the SNA for %(period)s is "
                    "%(status)s. Agree the SNA first."
                )
                % {"period": assessment.period, "status": assessment.get_status_display().lower()}
            }
        )
    strategy = Strategy(
        partnership=partnership,
        title=(title or "").strip(),
        start_period=(start_period or "").strip(),
        end_period=(end_period or "").strip(),
        assessment=assessment,
        created_by=acting_user,
    )
    _refuse_if_period_taken(strategy)
    strategy.full_clean()
    _save(strategy, acting_user=acting_user, reason=_("Strategy started"))
    return strategy


@transaction.atomic
def strategy_edit(*, strategy: Strategy, data: dict, acting_user) -> Strategy:
    """Change the title, the period or the text sections while the strategy is editable."""
    _refuse_unless_editable(strategy)
    for field in STRATEGY_EDIT_FIELDS:
        if field in data:
            value = data[field] or ""
            setattr(strategy, field, value.strip() if field in STRATEGY_EDIT_FIELDS[:3] else value)
    _refuse_if_period_taken(strategy)
    strategy.full_clean()
    _save(strategy, acting_user=acting_user)
    return strategy


def _refuse_unless_agreeable(strategy: Strategy) -> None:
    problems = []
    if not Priority.objects.filter(strategy=strategy).exists():
        problems.append(
            _("Add at least one priority: the strategy must say what the partnership will do")
        )
    outstanding = _selectors.sign_offs_outstanding(strategy=strategy)
    if outstanding:
        problems.append(
            _(
                "Every specified authority must sign off version %(version)s, or the lead must "
                "record why it has not. Still to sign off: %(organisations)s"
            )
            % {
                "version": strategy.version,
                "organisations": ", ".join(organisation.name for organisation in outstanding),
            }
        )
    if problems:
        raise ValidationError(problems)


def next_review_due_on_publishing(*, strategy: Strategy) -> datetime.date:
    """The review date publishing today would set: a year after the last review or this
    publication, unless an earlier date is already due."""
    due = next_review_due(strategy.last_reviewed_on or timezone.localdate())
    if strategy.next_review_due and strategy.next_review_due < due:
        return strategy.next_review_due
    return due


def _publish(strategy: Strategy, *, acting_user, today) -> None:
    """Freeze the strategy exactly as it stands as its current version."""
    if StrategyVersion.objects.filter(strategy=strategy, number=strategy.version).exists():
        raise ValidationError(
            _("Version %(number)s has already been published") % {"number": strategy.version}
        )
    StrategyVersion.objects.create(
        partnership_id=strategy.partnership_id,
        strategy=strategy,
        number=strategy.version,
        snapshot=strategy_snapshot(strategy),
        published_on=today,
        published_by=acting_user,
    )
    strategy.published_on = today
    due = strategy.review_due_from()
    if due and (strategy.next_review_due is None or strategy.next_review_due > due):
        strategy.next_review_due = due


@transaction.atomic
def strategy_transition(
    *, strategy: Strategy, status: str, acting_user, reason: str = ""
) -> Strategy:
    """Move the strategy on: draft → consultation → agreed (every specified authority signed
    off) → published (frozen as a version) → under review (a new version) → agreed again, or
    superseded. An agreed strategy may be reopened for changes."""
    if status not in STRATEGY_TRANSITIONS:
        raise ValidationError(_("Choose a status the strategy can move to"))
    sources, label = STRATEGY_TRANSITIONS[status]
    if strategy.status not in sources:
        raise ValidationError(
            _("The strategy is %(current)s, so it cannot be marked %(new)s")
            % {
                "current": strategy.get_status_display().lower(),
                "new": Strategy.Status(status).label.lower(),
            }
        )
    today = timezone.localdate()
    if status == Strategy.Status.AGREED:
        _refuse_unless_agreeable(strategy)
        strategy.agreed_on = today
    elif status == Strategy.Status.DRAFT and strategy.published_on:
        # A revision reopened goes back to being revised: the published version stays live.
        status = Strategy.Status.UNDER_REVIEW
    elif status == Strategy.Status.PUBLISHED:
        _publish(strategy, acting_user=acting_user, today=today)
    elif status == Strategy.Status.UNDER_REVIEW:
        strategy.version += 1
    strategy.status = status
    summary = str(label)
    if reason.strip():
        summary = f"{summary} ({reason.strip()})"
    _save(strategy, acting_user=acting_user, reason=summary)
    if status == Strategy.Status.PUBLISHED:
        earlier = Strategy.objects.filter(
            partnership_id=strategy.partnership_id,
            status__in=[Strategy.Status.PUBLISHED, Strategy.Status.UNDER_REVIEW],
        ).exclude(pk=strategy.pk)
        for other in earlier:
            other.status = Strategy.Status.SUPERSEDED
            _save(
                other,
                acting_user=acting_user,
                reason=_("Strategy superseded by %(title)s") % {"title": strategy.title},
            )
    return strategy


def _number(value) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _action_snapshot(action: Action) -> dict:
    return {
        "id": action.pk,
        "title": action.title,
        "description": action.description,
        "lead_organisation": action.lead_organisation.name,
        "contributing_organisations": [o.name for o in action.contributing_organisations.all()],
        "element": action.element.name,
        "start_on": action.start_on.isoformat() if action.start_on else "",
        "due_on": action.due_on.isoformat() if action.due_on else "",
        "funding_source": action.funding_source,
        "relevant_authority": action.relevant_authority.name if action.relevant_authority else "",
        "relevant_authority_response": action.get_relevant_authority_response_display()
        if action.relevant_authority_response
        else "",
        "status": action.status,
        "status_label": str(action.get_status_display()),
        "progress": action.progress,
        "restricted": action.restricted,
    }


def _measure_snapshot(measure: StrategyMeasure) -> dict:
    return {
        "id": measure.pk,
        "name": measure.name,
        "priority": measure.priority.title if measure.priority else "",
        "kind": str(measure.get_kind_display()),
        "data_measure": measure.data_measure.name if measure.data_measure else "",
        "baseline": _number(measure.baseline),
        "baseline_period": measure.baseline_period,
        "target": _number(measure.target),
        "target_period": measure.target_period,
        "direction": str(measure.get_direction_display()),
        "frequency": str(measure.get_frequency_display()),
        "restricted": measure.restricted,
    }


def strategy_snapshot(strategy: Strategy) -> dict:
    """The whole strategy as it stands — text, priorities with the evidence they cite, actions,
    measures — as plain JSON, so a published version never changes when the live rows do.
    A constant number of queries."""
    priorities = list(
        Priority.objects.filter(strategy=strategy)
        .prefetch_related("findings", "recommendations")
        .order_by("order", "pk")
    )
    actions: dict[int, list[dict]] = {}
    for action in (
        Action.objects.filter(strategy=strategy)
        .select_related("lead_organisation", "element", "relevant_authority")
        .prefetch_related(
            Prefetch("contributing_organisations", queryset=Organisation.objects.order_by("name"))
        )
        .order_by("order", "pk")
    ):
        actions.setdefault(action.priority_id, []).append(_action_snapshot(action))
    measures = (
        StrategyMeasure.objects.filter(strategy=strategy)
        .select_related("priority", "data_measure")
        .order_by("order", "pk")
    )
    assessment = strategy.assessment
    return {
        "title": strategy.title,
        "start_period": strategy.start_period,
        "end_period": strategy.end_period,
        "period": strategy.period,
        "version": strategy.version,
        "assessment": {"id": assessment.pk, "period": assessment.period},
        **{field: getattr(strategy, field) for field in STRATEGY_TEXT_FIELDS},
        "priorities": [
            {
                "id": priority.pk,
                "order": priority.order,
                **{field: getattr(priority, field) for field in PRIORITY_TEXT_FIELDS},
                "restricted": priority.restricted,
                "findings": sorted(finding.title for finding in priority.findings.all()),
                "recommendations": sorted(r.title for r in priority.recommendations.all()),
                "actions": actions.get(priority.pk, []),
            }
            for priority in priorities
        ],
        "measures": [_measure_snapshot(measure) for measure in measures],
    }


def _check_evidence(strategy: Strategy, findings: list, recommendations: list) -> None:
    if not findings and not recommendations:
        raise ValidationError({"findings": PRIORITY_EVIDENCE_REQUIRED})
    if any(item.assessment_id != strategy.assessment_id for item in [*findings, *recommendations]):
        raise ValidationError(
            {
                "findings": _(
                    "Choose findings and recommendations from the SNA the strategy rests on "
                    "(%(period)s)"
                )
                % {"period": strategy.assessment.period}
            }
        )


def _set_priority_fields(priority: Priority, data: dict) -> None:
    for field in PRIORITY_TEXT_FIELDS:
        if field in data:
            value = data[field] or ""
            setattr(priority, field, value.strip() if field == "title" else value)
    if "restricted" in data:
        priority.restricted = bool(data["restricted"])
    if data.get("order") not in (None, ""):
        priority.order = data["order"]


@transaction.atomic
def priority_add(*, strategy: Strategy, data: dict, acting_user) -> Priority:
    """A priority resting on at least one of the SNA's findings or recommendations; it goes at
    the end unless an order is given."""
    _refuse_unless_editable(strategy)
    findings = list(data.get("findings") or [])
    recommendations = list(data.get("recommendations") or [])
    _check_evidence(strategy, findings, recommendations)
    last = Priority.objects.filter(strategy=strategy).aggregate(last=Max("order"))["last"]
    priority = Priority(
        partnership_id=strategy.partnership_id, strategy=strategy, order=(last or 0) + 1
    )
    _set_priority_fields(priority, data)
    priority.full_clean(exclude=["findings", "recommendations"])
    _save(priority, acting_user=acting_user, reason=_("Priority added"))
    priority.findings.set(findings)
    priority.recommendations.set(recommendations)
    return priority


@transaction.atomic
def priority_edit(*, priority: Priority, data: dict, acting_user) -> Priority:
    strategy = priority.strategy
    _refuse_unless_editable(strategy)
    findings = (
        list(data.get("findings") or []) if "findings" in data else list(priority.findings.all())
    )
    recommendations = (
        list(data.get("recommendations") or [])
        if "recommendations" in data
        else list(priority.recommendations.all())
    )
    _check_evidence(strategy, findings, recommendations)
    _set_priority_fields(priority, data)
    priority.full_clean(exclude=["findings", "recommendations"])
    _save(priority, acting_user=acting_user)
    priority.findings.set(findings)
    priority.recommendations.set(recommendations)
    return priority


@transaction.atomic
def priority_remove(*, priority: Priority, acting_user) -> None:
    """Remove a priority with no actions; its actions must be moved or removed first, so that
    no progress record is lost with it."""
    _refuse_unless_editable(priority.strategy)
    count = Action.objects.filter(priority=priority).count()
    if count:
        raise ValidationError(
            ngettext(
                "This priority has %(count)s action. Move it to another priority or remove it "
                "first.",
                "This priority has %(count)s actions. Move them to another priority or remove "
                "them first.",
                count,
            )
            % {"count": count}
        )
    priority._history_user = acting_user
    priority._change_reason = _("Priority removed")
    priority.delete()


# --- actions ---

# What the action form sets directly on the row; the many-to-many fields follow the save.
_ACTION_FIELDS = [
    "priority", "title", "description", "lead_organisation", "lead_person", "element",
    "start_on", "due_on", "funding_source", "relevant_authority", "restricted",
]  # fmt: skip
# Progress is reported on a strategy that is being delivered: agreed, published or revised.
REPORTING_STATUSES = {
    Strategy.Status.AGREED,
    Strategy.Status.PUBLISHED,
    Strategy.Status.UNDER_REVIEW,
}


def action_reporting_open(strategy: Strategy) -> bool:
    return strategy.status in REPORTING_STATUSES


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
    _save(action, acting_user=acting_user, reason=_("Action added"))
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
    _save(action, acting_user=acting_user)
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
    if action.strategy.status not in REPORTING_STATUSES:
        raise ValidationError(_("Progress is reported once the strategy is agreed"))
    errors: dict[str, list[str]] = {}
    updated_on: datetime.date | None = data.get("updated_on")
    if updated_on is None:
        errors["updated_on"] = [_("Enter the date of the update")]
    elif updated_on > timezone.localdate():
        errors["updated_on"] = [_("The date of the update must be today or in the past")]
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
    _save(update, acting_user=acting_user, reason=reason)
    # An update back-dated before the latest one joins the timeline without overriding it.
    if action.last_update_on is None or updated_on >= action.last_update_on:
        action.status = status
        action.progress = progress
        action.last_update_on = updated_on
        _save(action, acting_user=acting_user, reason=reason)
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
    elif responded_on > timezone.localdate():
        errors["responded_on"] = _("The date of their response must be today or in the past")
    if errors:
        raise ValidationError(errors)
    action.relevant_authority_response = response
    action.relevant_authority_responded_on = responded_on
    _save(
        action,
        acting_user=acting_user,
        reason=_("%(response)s by %(organisation)s")
        % {
            "response": Action.Response(response).label,
            "organisation": action.relevant_authority,
        },
    )
    return action


# --- measures ---

_MEASURE_FIELDS = (
    "kind", "name", "priority", "data_measure", "baseline", "baseline_period", "target",
    "target_period", "direction", "frequency",
)  # fmt: skip


def _measure_fill(measure: StrategyMeasure, data: dict) -> None:
    for name in _MEASURE_FIELDS:
        value = data.get(name)
        # Optional text left empty is stored as "", never NULL.
        if value is None and name in {"kind", "name", "baseline_period", "target_period"}:
            value = ""
        setattr(measure, name, value)
    measure.restricted = bool(data.get("restricted"))


def _measure_check(measure: StrategyMeasure) -> None:
    if not measure.strategy.is_editable:
        raise ValidationError(
            _(
                "The measures can change only while the strategy is a draft, in consultation "
                "or under review"
            )
        )
    errors = {}
    try:
        measure.full_clean(exclude=["priority"])
    except ValidationError as error:
        errors = error.message_dict
    if measure.priority_id and measure.priority.strategy_id != measure.strategy_id:
        errors["priority"] = [_("Choose a priority of this strategy")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def measure_add(*, strategy: Strategy, data: dict, acting_user) -> StrategyMeasure:
    """A new outcome or output measure at the end of the strategy's list."""
    last = StrategyMeasure.objects.filter(strategy=strategy).order_by("-order").first()
    measure = StrategyMeasure(
        partnership_id=strategy.partnership_id,
        strategy=strategy,
        order=last.order + 1 if last else 0,
    )
    _measure_fill(measure, data)
    _measure_check(measure)
    _save(measure, acting_user=acting_user, reason="Measure added to the strategy")
    return measure


@transaction.atomic
def measure_edit(*, measure: StrategyMeasure, data: dict, acting_user) -> StrategyMeasure:
    _measure_fill(measure, data)
    _measure_check(measure)
    _save(measure, acting_user=acting_user)
    return measure


@transaction.atomic
def commentary_add(
    *, measure: StrategyMeasure, period_label: str, commentary: str, acting_user
) -> MeasureCommentary:
    """What the partnership makes of a measure in one period: one commentary per period."""
    period_label = (period_label or "").strip()
    commentary = (commentary or "").strip()
    if measure.strategy.status == Strategy.Status.SUPERSEDED:
        raise ValidationError(
            _("This strategy has been superseded, so its measures take no more commentary")
        )
    errors = {}
    if not period_label:
        errors["period_label"] = _("Enter the period the commentary is about")
    elif MeasureCommentary.objects.filter(
        measure=measure, period_label__iexact=period_label
    ).exists():
        errors["period_label"] = _(
            "There is already commentary on %(period)s for this measure: each period has one"
        ) % {"period": period_label}
    if not commentary:
        errors["commentary"] = _("Enter the commentary")
    if errors:
        raise ValidationError(errors)
    entry = MeasureCommentary(
        partnership_id=measure.partnership_id,
        measure=measure,
        period_label=period_label,
        commentary=commentary,
        author=acting_user,
    )
    entry.full_clean()
    _save(entry, acting_user=acting_user, reason=f"Commentary on {period_label}")
    return entry


# --- governance ---

# Sign-off by each member body's own governance, the consultation the Act requires of
# education, prison and youth custody authorities, and the partnership's meetings. The views
# check who may act first (403); these check again, so no other caller can skip the rules.
# `acting_user=None` is the system itself (demo data, management commands).


# Once published (or replaced by a later strategy) a version's sign-off is settled.
SIGN_OFF_CLOSED = {Strategy.Status.PUBLISHED, Strategy.Status.SUPERSEDED}


def _acting_as(*, partnership, acting_user) -> tuple[Membership | None, frozenset[str]]:
    """The person's current membership of the partnership and what their roles allow there."""
    permissions = frozenset(ObjectPermissionChecker(acting_user).get_perms(partnership))
    with scopes_disabled():
        membership = (
            Membership.objects.filter(
                partnership=partnership, user=acting_user, ended_on__isnull=True
            )
            .select_related("organisation")
            .first()
        )
    return membership, permissions


def _refuse_unless_lead(*, partnership, acting_user) -> None:
    if acting_user is None:
        return
    _membership, permissions = _acting_as(partnership=partnership, acting_user=acting_user)
    if not _rules.may_manage(permissions):
        raise PermissionDenied(_("Only the partnership lead can do this"))


def _clean_with(instance, errors: dict) -> None:
    """Run the model's own checks, add ours, and refuse with every message at once."""
    try:
        instance.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _not_in_future(value, message: str, errors: dict, field: str) -> None:
    if value and value > timezone.localdate():
        errors.setdefault(field, []).append(ValidationError(message))


def _current_member_organisation(organisation, *, partnership_id: int) -> bool:
    return organisation.partnership_id == partnership_id and organisation.retired_at is None


# --- sign-off


def _refuse_unless_being_agreed(strategy: Strategy) -> None:
    if strategy.status in SIGN_OFF_CLOSED:
        raise ValidationError(_("Sign-off is recorded while the strategy is being agreed"))


def _check_sign_off_rights(*, sign_off: SignOff, strategy: Strategy, acting_user) -> None:
    if acting_user is None:
        return
    membership, permissions = _acting_as(partnership=strategy.partnership, acting_user=acting_user)
    if membership is None or not _rules.may_record_sign_off(
        organisation=sign_off.organisation, membership=membership, permissions=permissions
    ):
        raise PermissionDenied
    if sign_off.decision == SignOff.Decision.NOT_SIGNED and not _rules.may_manage(permissions):
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


def _save_sign_off(sign_off: SignOff, *, strategy: Strategy, data: dict, acting_user, reason):
    _fill_sign_off(sign_off, data)
    _check_sign_off_rights(sign_off=sign_off, strategy=strategy, acting_user=acting_user)
    errors = {}
    _not_in_future(
        sign_off.decided_on,
        _("The date of the decision must be today or in the past"),
        errors,
        "decided_on",
    )
    _clean_with(sign_off, errors)
    sign_off.recorded_by = acting_user
    _save(sign_off, acting_user=acting_user, reason=reason)
    return sign_off


@transaction.atomic
def sign_off_record(*, strategy: Strategy, organisation, data: dict, acting_user) -> SignOff:
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
    return _save_sign_off(
        sign_off, strategy=strategy, data=data, acting_user=acting_user, reason=reason
    )


@transaction.atomic
def sign_off_edit(*, sign_off: SignOff, data: dict, acting_user) -> SignOff:
    """Correct a decision on the current version; earlier versions' decisions stay as they were."""
    strategy = sign_off.strategy
    _refuse_unless_being_agreed(strategy)
    if sign_off.version != strategy.version:
        raise ValidationError(
            _("This decision was on version %(version)s; it is kept as it was recorded")
            % {"version": sign_off.version}
        )
    return _save_sign_off(
        sign_off,
        strategy=strategy,
        data=data,
        acting_user=acting_user,
        reason=_("Sign-off changed"),
    )


# --- consultation


def _refuse_if_superseded(strategy: Strategy) -> None:
    if strategy.status == Strategy.Status.SUPERSEDED:
        raise ValidationError(
            _("This strategy has been superseded; its consultation record is kept as it was")
        )


def _fill_consultation(consultation: Consultation, data: dict) -> dict:
    consultation.invited_on = data.get("invited_on")
    consultation.responded_on = data.get("responded_on")
    consultation.response = (data.get("response") or "").strip()
    consultation.taken_into_account = (data.get("taken_into_account") or "").strip()
    errors = {}
    _not_in_future(
        consultation.invited_on,
        _("The invitation date must be today or in the past"),
        errors,
        "invited_on",
    )
    _not_in_future(
        consultation.responded_on,
        _("The response date must be today or in the past"),
        errors,
        "responded_on",
    )
    return errors


@transaction.atomic
def consultation_record(
    *, strategy: Strategy, organisation, data: dict, acting_user
) -> Consultation:
    """Record that a relevant authority was consulted: when invited, its response (if any) and
    how the partnership took it into account. One record per organisation per strategy."""
    _refuse_unless_lead(partnership=strategy.partnership, acting_user=acting_user)
    _refuse_if_superseded(strategy)
    if not (
        _current_member_organisation(organisation, partnership_id=strategy.partnership_id)
        and organisation.sector.slug in CONSULTEE_SECTORS
    ):
        raise ValidationError(
            {
                "organisation": _(
                    "Choose an education, prison or youth custody authority in this partnership"
                )
            }
        )
    consultation = Consultation(
        partnership_id=strategy.partnership_id,
        strategy=strategy,
        organisation=organisation,
        recorded_by=acting_user,
    )
    _clean_with(consultation, _fill_consultation(consultation, data))
    _save(consultation, acting_user=acting_user, reason=_("Consultation recorded"))
    return consultation


@transaction.atomic
def consultation_edit(*, consultation: Consultation, data: dict, acting_user) -> Consultation:
    _refuse_unless_lead(partnership=consultation.strategy.partnership, acting_user=acting_user)
    _refuse_if_superseded(consultation.strategy)
    _clean_with(consultation, _fill_consultation(consultation, data))
    consultation.recorded_by = acting_user
    _save(consultation, acting_user=acting_user, reason=_("Consultation changed"))
    return consultation


# --- meetings


def _save_meeting(meeting: Meeting, *, data: dict, acting_user, reason: str) -> Meeting:
    meeting.held_on = data.get("held_on")
    meeting.kind = data.get("kind") or ""
    meeting.title = (data.get("title") or "").strip()
    meeting.decisions = (data.get("decisions") or "").strip()
    attendees = list(data.get("attendees") or [])
    errors = {}
    _not_in_future(
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
        except ValidationError as error:
            errors["minutes"] = error.messages
    _clean_with(meeting, errors)
    if minutes:
        replaced = meeting.minutes.name
        storage = meeting.minutes.storage
        meeting.minutes_name = _attachments.clean_name(minutes.name)
        meeting.minutes_content_type = file_type.content_type
        meeting.minutes_size = minutes.size
        # Stored under upload_to's random key, never the name the person gave.
        meeting.minutes.save(meeting.minutes_name, minutes, save=False)
        if replaced:
            transaction.on_commit(lambda: storage.delete(replaced))
    _save(meeting, acting_user=acting_user, reason=reason)
    meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def meeting_record(*, partnership, data: dict, acting_user) -> Meeting:
    """Record a meeting: when, what kind, who attended, what it decided, and its minutes."""
    _refuse_unless_lead(partnership=partnership, acting_user=acting_user)
    meeting = Meeting(partnership=partnership, recorded_by=acting_user)
    return _save_meeting(meeting, data=data, acting_user=acting_user, reason=_("Meeting recorded"))


@transaction.atomic
def meeting_edit(*, meeting: Meeting, data: dict, acting_user) -> Meeting:
    """Correct a meeting's record; new minutes replace the old file."""
    _refuse_unless_lead(partnership=meeting.partnership, acting_user=acting_user)
    return _save_meeting(meeting, data=data, acting_user=acting_user, reason=_("Meeting changed"))


# --- commissioning ---

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

    _save(commission, acting_user=acting_user, reason=reason)
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


# --- annual review ---


# What a review records in words, besides its date and who took part.
REVIEW_TEXT_FIELDS = ["working", "not_working", "evaluation_evidence"]


def _check_review_data(*, strategy: Strategy, data: dict) -> list[Organisation]:
    reviewed_on = data.get("reviewed_on")
    if reviewed_on is None:
        raise ValidationError({"reviewed_on": _("Enter the date of the review")})
    if reviewed_on > timezone.localdate():
        raise ValidationError(
            {"reviewed_on": _("The date of the review must be today or in the past")}
        )
    participants = list(data.get("participants") or [])
    if not participants:
        raise ValidationError(
            {"participants": _("Select the organisations that took part in the review")}
        )
    if any(o.partnership_id != strategy.partnership_id for o in participants):
        raise ValidationError({"participants": _("Choose organisations in this partnership")})
    return participants


def _fill_review(review: Review, data: dict) -> None:
    review.reviewed_on = data["reviewed_on"]
    for name in REVIEW_TEXT_FIELDS:
        setattr(review, name, (data.get(name) or "").strip())


@transaction.atomic
def review_start(*, strategy: Strategy, data: dict, acting_user) -> Review:
    """Record a review of a published strategy (or one already being revised): when it was
    held, who took part, what is working, what is not and the evaluation evidence."""
    _refuse_unless_lead(partnership=strategy.partnership, acting_user=acting_user)
    if not strategy.is_live:
        raise ValidationError(
            _(
                "Only a published strategy, or one under review, can be reviewed. "
                "This one is %(status)s."
            )
            % {"status": strategy.get_status_display().lower()}
        )
    participants = _check_review_data(strategy=strategy, data=data)
    review = Review(
        partnership_id=strategy.partnership_id, strategy=strategy, created_by=acting_user
    )
    _fill_review(review, data)
    _save(review, acting_user=acting_user, reason=_("Annual review started"))
    review.participants.set(participants)
    return review


@transaction.atomic
def review_edit(*, review: Review, data: dict, acting_user) -> Review:
    """Change what a review recorded, until it is completed."""
    _refuse_unless_lead(partnership=review.partnership, acting_user=acting_user)
    if review.is_complete:
        raise ValidationError(_("A completed review cannot be changed"))
    participants = _check_review_data(strategy=review.strategy, data=data)
    _fill_review(review, data)
    _save(review, acting_user=acting_user)
    review.participants.set(participants)
    return review


@transaction.atomic
def review_complete(
    *,
    review: Review,
    decision: str,
    changes_agreed: str,
    next_due_on: datetime.date | None,
    acting_user,
) -> Review:
    """Complete a review with its decision, and set when the strategy is next reviewed: the
    date given, or 12 months after this review — never later, as the Duty asks for a review at
    least once a year. Reminders then start again for the new date."""
    _refuse_unless_lead(partnership=review.partnership, acting_user=acting_user)
    review = Review.objects.select_for_update().select_related("strategy").get(pk=review.pk)
    strategy = review.strategy
    if review.is_complete:
        raise ValidationError(_("This review has already been completed"))
    if not strategy.is_live:
        raise ValidationError(
            _("Only a review of a published strategy, or one under review, can be completed")
        )
    if decision not in Review.Decision.values:
        raise ValidationError({"decision": _("Select the decision")})
    changes_agreed = (changes_agreed or "").strip()
    if decision != Review.Decision.NO_CHANGE and not changes_agreed:
        raise ValidationError({"changes_agreed": _("Enter the changes agreed")})
    if strategy.last_reviewed_on and review.reviewed_on < strategy.last_reviewed_on:
        raise ValidationError(
            _("A later review, of %(date)s, has already been completed")
            % {"date": date_format(strategy.last_reviewed_on, "j F Y")}
        )
    latest = next_review_due(review.reviewed_on)
    if next_due_on is None:
        next_due_on = latest
    elif next_due_on > latest:
        raise ValidationError(
            {
                "next_due_on": _(
                    "The next review must be due by %(date)s at the latest: the Duty asks for "
                    "a review at least once every 12 months"
                )
                % {"date": date_format(latest, "j F Y")}
            }
        )
    elif next_due_on <= review.reviewed_on:
        raise ValidationError(
            {"next_due_on": _("The next review must be due after the date of this review")}
        )
    review.decision = decision
    review.changes_agreed = changes_agreed
    review.completed_at = timezone.now()
    review.completed_by = acting_user
    _save(review, acting_user=acting_user, reason=_("Annual review completed"))
    strategy.last_reviewed_on = review.reviewed_on
    strategy.next_review_due = next_due_on
    _save(
        strategy,
        acting_user=acting_user,
        reason=_("Annual review completed: next review due by %(date)s")
        % {"date": date_format(next_due_on, "j F Y")},
    )
    return review


# Review reminders, each with the window of days until the due date in which it applies
# (negative: overdue). Windows rather than exact days, so a missed daily run still reminds.
REVIEW_REMINDER_THRESHOLDS = [
    ("overdue", None, -1),
    ("7_days_before", 0, 7),
    ("30_days_before", 8, 30),
    ("60_days_before", 31, 60),
]


def review_reminder_threshold(*, due_on: datetime.date, today: datetime.date) -> str | None:
    """Which review reminder applies today, if any: the most urgent one reached."""
    days = (due_on - today).days
    for threshold, low, high in REVIEW_REMINDER_THRESHOLDS:
        if (low is None or days >= low) and days <= high:
            return threshold
    return None


def review_send_reminders(*, today: datetime.date) -> int:
    """Remind the leads and accountable representatives of every partnership whose published
    strategy's review is due in 60, 30 or 7 days, or overdue; returns how many reminders were
    queued.

    Cross-partnership by design (it runs from Celery beat for every partnership), so scopes
    are disabled. Each reminder row is created before its email is queued, and the unique
    constraint on (strategy, due date, threshold) means a second run — a restart, or two
    beats — finds the row and sends nothing.

    Only the threshold whose window holds today is ever considered. If the task did not run
    for some days, the most urgent threshold reached is sent and the ones skipped are not
    sent late, nor recorded: the days left only fall, so a passed window never comes back for
    that due date. A completed review moves the due date, and the thresholds apply afresh.
    """
    queued = 0
    with scopes_disabled():
        strategies = Strategy.objects.filter(status__in=_selectors.LIVE_STRATEGY_STATUSES)
        for strategy in strategies:
            due = _selectors.review_due(strategy=strategy, today=today)
            if due is None:
                continue
            threshold = review_reminder_threshold(due_on=due.due_on, today=today)
            if threshold is None:
                continue
            try:
                with transaction.atomic():
                    reminder, created = ReviewReminder.objects.get_or_create(
                        partnership_id=strategy.partnership_id,
                        strategy=strategy,
                        due_on=due.due_on,
                        threshold=threshold,
                    )
                    if created:
                        send = _tasks.send_review_reminder_email.delay
                        transaction.on_commit(functools.partial(send, reminder.pk))
                        queued += 1
            except IntegrityError:
                continue  # another run made it at the same moment: it sends the email
    return queued
