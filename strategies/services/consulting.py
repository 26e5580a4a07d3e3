"""Consultation on the draft strategy in the portal: the lead opens it until a closing date,
each organisation or body drafts comments section by section and submits one response (which
keeps the s.8(4) consultation record, governance.consultation_response_record), and the lead
answers each comment. The respondent hears of each answer, the lead of each response.

Like every service these check again who is acting, whatever the page offered: a respondent
acts only for the organisation or body they speak for (selectors.respondent_for).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outbox import services as outbox
from partnerships.access import Actor
from partnerships.audit import save_with_history
from partnerships.roles import Permission

from .. import selectors
from .. import tasks as _tasks
from ..models import (
    COMMENT_MAX_LENGTH,
    ConsultationComment,
    ConsultationPeriod,
    ConsultationResponse,
    Strategy,
)
from ._common import refuse_unless_acting_in, refuse_unless_lead
from .governance import consultation_response_record
from .strategy import strategy_transition

# Why a page or a service refuses, in the same words.
CONSULTATION_NOT_OPEN = gettext_lazy(
    "The consultation on this strategy is not open: comments are taken while it is a draft, "
    "from when the lead opens the consultation until its closing date"
)
RESPONSE_SUBMITTED = gettext_lazy("Your response has been submitted, so it cannot be changed")
NOT_A_DRAFT = gettext_lazy("The consultation is opened while the strategy is a draft")


def _too_long(text: str, field: str) -> None:
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {field: _("Enter %(count)s characters or fewer") % {"count": f"{COMMENT_MAX_LENGTH:,}"}}
        )


@transaction.atomic
def consultation_period_open(
    *, strategy: Strategy, closes_on: datetime.date | None, actor: Actor
) -> ConsultationPeriod:
    """Open the draft to comment in the portal until `closes_on`, or change the closing date.
    A draft not yet out for consultation moves to "in consultation" (lifecycles.py)."""
    refuse_unless_lead(actor=actor, partnership_id=strategy.partnership_id)
    if not strategy.is_editable:
        raise ValidationError(str(NOT_A_DRAFT))
    today = timezone.localdate()
    if closes_on is None:
        raise ValidationError({"closes_on": _("Enter the closing date")})
    if closes_on < today:
        raise ValidationError({"closes_on": _("The closing date must be today or in the future")})
    period = ConsultationPeriod.objects.filter(strategy=strategy).first()
    if period is None:
        period = ConsultationPeriod(
            partnership_id=strategy.partnership_id, strategy=strategy, opened_on=today
        )
        reason = _("Consultation opened in the portal until %(date)s")
    else:
        # Reopened after closing: comments count from today again.
        if not period.is_open_on(today):
            period.opened_on = today
        reason = _("Consultation closing date changed to %(date)s")
    period.closes_on = closes_on
    period.opened_by = actor.user
    save_with_history(
        period, acting_user=actor.user, reason=reason % {"date": closes_on.strftime("%d/%m/%Y")}
    )
    if strategy.status == Strategy.Status.DRAFT:
        strategy_transition(
            strategy=strategy, status=Strategy.Status.CONSULTATION, acting_user=actor.user
        )
    return period


def _respondent(actor: Actor, strategy: Strategy):
    """Who the actor's response speaks for; refused if they may not respond or speak for no
    one here."""
    refuse_unless_acting_in(actor, partnership_id=strategy.partnership_id)
    if not actor.may(Permission.RESPOND_TO_CONSULTATION):
        raise PermissionDenied
    organisation, body = selectors.respondent_for(actor=actor)
    if organisation is None and body is None:
        raise PermissionDenied(_("You respond for an organisation or a body, and you have none"))
    return organisation, body


def _refuse_unless_open(strategy: Strategy) -> None:
    period = selectors.consultation_period(strategy=strategy)
    if not selectors.consultation_is_open(strategy=strategy, period=period):
        raise ValidationError(str(CONSULTATION_NOT_OPEN))


def _draft_response(strategy: Strategy, organisation, body, actor: Actor):
    response = ConsultationResponse.objects.filter(
        strategy=strategy,
        **({"organisation": organisation} if organisation else {"outside_body": body}),
    ).first()
    if response is None:
        response = ConsultationResponse(
            partnership_id=strategy.partnership_id,
            strategy=strategy,
            organisation=organisation,
            outside_body=body,
        )
        save_with_history(response, acting_user=actor.user, reason=_("Consultation response begun"))
    if response.is_submitted:
        raise ValidationError(str(RESPONSE_SUBMITTED))
    return response


@transaction.atomic
def consultation_comment_save(
    *, strategy: Strategy, section_key: str, text: str, actor: Actor
) -> ConsultationComment | None:
    """Save the respondent's draft comment on one section of the draft (one each); an empty
    comment removes the draft. Returns the comment, or None once removed."""
    organisation, body = _respondent(actor, strategy)
    _refuse_unless_open(strategy)
    sections = selectors.consultation_sections(
        strategy=strategy, with_restricted=selectors.sees_restricted(actor)
    )
    section = next((s for s in sections if s.key == section_key), None)
    if section is None:
        raise ValidationError(_("That part of the strategy is no longer in the draft"))
    text = (text or "").strip()
    _too_long(text, "text")
    response = _draft_response(strategy, organisation, body, actor)
    comment = ConsultationComment.objects.filter(response=response, section_key=section.key).first()
    if not text:
        if comment is not None:
            comment._history_user = actor.user
            comment._change_reason = _("Draft comment removed")
            comment.delete()
        return None
    if comment is None:
        comment = ConsultationComment(
            partnership_id=strategy.partnership_id, response=response, section_key=section.key
        )
    comment.section_title = section.title[:300]
    comment.text = text
    comment.full_clean()
    save_with_history(comment, acting_user=actor.user, reason=_("Draft comment saved"))
    return comment


@transaction.atomic
def consultation_response_submit(
    *, strategy: Strategy, overall: str, actor: Actor
) -> ConsultationResponse:
    """Submit the organisation's or body's response: its comments go to the lead, it can no
    longer be changed, and the consultation record shows it responded today. The lead is told."""
    organisation, body = _respondent(actor, strategy)
    _refuse_unless_open(strategy)
    overall = (overall or "").strip()
    _too_long(overall, "overall")
    response = _draft_response(strategy, organisation, body, actor)
    comments = list(response.comments.all())
    if not comments and not overall:
        raise ValidationError(
            {"overall": _("Comment on at least one section, or enter your overall remarks")}
        )
    response.overall = overall
    response.submitted_at = timezone.now()
    response.submitted_by = actor.user
    save_with_history(response, acting_user=actor.user, reason=_("Consultation response submitted"))
    said = [overall] if overall else []
    if comments:
        said.append(
            _("Comments on: %(sections)s")
            % {"sections": "; ".join(c.section_title for c in comments)}
        )
    period = selectors.consultation_period(strategy=strategy)
    consultation_response_record(
        strategy=strategy,
        organisation=organisation,
        outside_body=body,
        invited_on=period.opened_on,
        responded_on=timezone.localdate(response.submitted_at),
        response="\n\n".join(said),
        actor=actor,
    )
    outbox.send(_tasks.send_consultation_response_email, response.pk)
    return response


@transaction.atomic
def consultation_comment_answer(
    *, comment: ConsultationComment, data: dict, actor: Actor
) -> ConsultationComment:
    """The lead's answer to a submitted comment: what they say, and whether the draft changed
    and how. Answering again corrects the answer. The respondent is told."""
    refuse_unless_lead(actor=actor, partnership_id=comment.partnership_id)
    if not comment.response.is_submitted:
        raise PermissionDenied
    comment.answer = (data.get("answer") or "").strip()
    comment.changed = data.get("changed") or ""
    comment.what_changed = (data.get("what_changed") or "").strip()
    errors = {}
    if not comment.answer:
        errors["answer"] = _("Enter your answer to the comment")
    if comment.changed not in ConsultationComment.Changed.values:
        errors["changed"] = _("Select whether the draft changed")
    elif comment.changed == ConsultationComment.Changed.CHANGED and not comment.what_changed:
        errors["what_changed"] = _("Say what changed in the draft")
    elif comment.changed == ConsultationComment.Changed.NO_CHANGE:
        comment.what_changed = ""
    for field in ("answer", "what_changed"):
        if len(getattr(comment, field)) > COMMENT_MAX_LENGTH and field not in errors:
            errors[field] = _("Enter %(count)s characters or fewer") % {
                "count": f"{COMMENT_MAX_LENGTH:,}"
            }
    if errors:
        raise ValidationError(errors)
    comment.answered_by = actor.user
    comment.answered_at = timezone.now()
    save_with_history(comment, acting_user=actor.user, reason=_("Consultation comment answered"))
    outbox.send(_tasks.send_consultation_answer_email, comment.pk)
    return comment
