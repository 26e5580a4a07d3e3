"""Changes to the strategy itself and its priorities: starting and editing it, moving it
through its lifecycle (lifecycles.STRATEGY_LIFECYCLE) to agreed, published and revised, and the
priorities that rest on the SNA's evidence."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from partnerships.audit import save_with_history

from .. import selectors
from ..lifecycles import STRATEGY_LIFECYCLE
from ..models import (
    AGREED_SNA_STATUSES,
    LIVE_STATUSES,
    Action,
    Priority,
    Strategy,
    StrategyVersion,
    next_review_due,
)
from .versions import PRIORITY_TEXT_FIELDS, STRATEGY_TEXT_FIELDS, strategy_snapshot

STRATEGY_EDIT_FIELDS = ["title", "start_period", "end_period", *STRATEGY_TEXT_FIELDS]
PRIORITY_EVIDENCE_REQUIRED = gettext_lazy(
    "The strategy must rest on the evidence: choose at least one finding or recommendation "
    "from the SNA"
)


def strategy_allowed_transitions(*, strategy: Strategy) -> list[str]:
    """The statuses the strategy may move to next, in the order the lead is offered them."""
    return [transition.to for transition in STRATEGY_LIFECYCLE.allowed(strategy.status)]


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
    if assessment.status not in AGREED_SNA_STATUSES:
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
    save_with_history(strategy, acting_user=acting_user, reason=_("Strategy started"))
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
    save_with_history(strategy, acting_user=acting_user)
    return strategy


def _refuse_unless_agreeable(strategy: Strategy) -> None:
    problems = []
    if not Priority.objects.filter(strategy=strategy).exists():
        problems.append(
            _("Add at least one priority: the strategy must say what the partnership will do")
        )
    outstanding = selectors.sign_offs_outstanding(strategy=strategy)
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
    strategy.next_review_due = strategy.review_due_on()


@transaction.atomic
def strategy_transition(
    *, strategy: Strategy, status: str, acting_user, reason: str = ""
) -> Strategy:
    """Move the strategy on: draft → consultation → agreed (every specified authority signed
    off) → published (frozen as a version) → under review (a new version) → agreed again, or
    superseded. An agreed strategy may be reopened for changes."""
    if status not in STRATEGY_LIFECYCLE:
        raise ValidationError(_("Choose a status the strategy can move to"))
    transition = STRATEGY_LIFECYCLE.check(
        current=strategy.status,
        to=status,
        current_label=strategy.get_status_display(),
        to_label=Strategy.Status(status).label,
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
    summary = str(transition.timeline)
    if reason.strip():
        summary = f"{summary} ({reason.strip()})"
    save_with_history(strategy, acting_user=acting_user, reason=summary)
    if status == Strategy.Status.PUBLISHED:
        earlier = Strategy.objects.filter(
            partnership_id=strategy.partnership_id, status__in=LIVE_STATUSES
        ).exclude(pk=strategy.pk)
        for other in earlier:
            other.status = Strategy.Status.SUPERSEDED
            save_with_history(
                other,
                acting_user=acting_user,
                reason=_("Strategy superseded by %(title)s") % {"title": strategy.title},
            )
    return strategy


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
    save_with_history(priority, acting_user=acting_user, reason=_("Priority added"))
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
    save_with_history(priority, acting_user=acting_user)
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
