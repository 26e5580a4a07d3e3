"""Changes to Home Office returns: publishing a template version and making the next one (the
administrator's), and the convener's return itself: starting it from a published version,
filling what the portal holds, answering, sending it to the leads to check, signing it off and
recording its submission to the Home Office.

Every write is keyword-only, atomic and saved with its history and the acting person. The
convener's views check access first (funding.access); these ask again, since a return speaks for
every partnership the grant covers. Once signed off a return changes no more, except to record
that it was submitted.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from outbox import services as outbox
from partnerships.audit import save_with_history

from .. import money
from .. import tasks as _tasks
from ..access import convened_partnership_ids
from ..documents import return_pdf_request
from ..models import Grant, ReturnAnswer, ReturnQuestion, ReturnSubmission, ReturnTemplate
from ..prefill import prefilled

Kind = ReturnQuestion.Kind
Status = ReturnSubmission.Status
YES, NO = "yes", "no"
# Long enough for any answer the Home Office asks in a return's cell.
ANSWER_MAX_LENGTH = 5000
_NUMBER = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$|^-?\d+(\.\d+)?$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


# --- the administrator's template versions ---


# What a question is: copied whole into a new version, and edited in the admin.
QUESTION_FIELDS = [
    "order",
    "key",
    "section",
    "label",
    "help",
    "kind",
    "choices",
    "required",
    "scope",
    "prefill",
]


@transaction.atomic
def return_template_publish(*, template: ReturnTemplate, user) -> ReturnTemplate:
    """Freeze a draft version so returns can be started from it."""
    template = ReturnTemplate.objects.select_for_update().get(pk=template.pk)
    if template.status != ReturnTemplate.Status.DRAFT:
        raise ValidationError(_("Only a draft version can be published"))
    questions = list(template.questions.all())
    if not questions:
        raise ValidationError(_("Add at least one question before publishing"))
    for question in questions:
        try:
            question.full_clean()
        except ValidationError as error:
            raise ValidationError(
                _("Question “%(key)s”: %(problem)s")
                % {"key": question.key, "problem": " ".join(error.messages)}
            ) from None
    template.status = ReturnTemplate.Status.PUBLISHED
    template.published_at = timezone.now()
    save_with_history(template, acting_user=user, reason=_("Return template published"))
    return template


@transaction.atomic
def return_template_new_version(*, template: ReturnTemplate, user) -> ReturnTemplate:
    """A draft copy of the template, questions and all, numbered after the newest version."""
    newest = ReturnTemplate.objects.filter(name=template.name).aggregate(v=Max("version"))["v"]
    copy = ReturnTemplate(name=template.name, version=(newest or 0) + 1)
    save_with_history(copy, acting_user=user, reason=_("New version of a return template"))
    questions = [
        ReturnQuestion(
            template=copy,
            **{field: getattr(question, field) for field in QUESTION_FIELDS},
        )
        for question in template.questions.all()
    ]
    bulk_create_with_history(questions, ReturnQuestion, default_user=user)
    return copy


# --- the convener's return ---


def _refuse_unless_convener(grant: Grant, user) -> None:
    covered = set(grant.partnerships.values_list("pk", flat=True))
    if not covered or not covered <= convened_partnership_ids(user):
        raise PermissionDenied(
            _("Only the convener of every partnership the grant funds can do this")
        )


def _refuse_if_locked(submission: ReturnSubmission) -> None:
    if submission.is_locked:
        raise ValidationError(_("This return has been signed off and can no longer change"))


def _locked(submission: ReturnSubmission) -> ReturnSubmission:
    """The row again, locked, so two changes at once cannot both pass the status checks."""
    return ReturnSubmission.objects.select_for_update().get(pk=submission.pk)


@transaction.atomic
def return_start(
    *, grant: Grant, template: ReturnTemplate, period: str, due_on: datetime.date, user
) -> ReturnSubmission:
    """A new return from a published template: an answer for every question (one for each
    partnership the grant covers where asked per partnership), filled from the portal."""
    _refuse_unless_convener(grant, user)
    errors = {}
    if template.status != ReturnTemplate.Status.PUBLISHED:
        errors["template"] = _("Choose a published return template")
    period = (period or "").strip()
    if not period:
        errors["period"] = _("Enter the period the return covers, like 2026/27 Q2")
    if due_on is None:
        errors["due_on"] = _("Enter the date the return is due")
    if errors:
        raise ValidationError(errors)
    submission = ReturnSubmission(
        grant=grant, template=template, period=period, due_on=due_on, created_by=user
    )
    try:
        with transaction.atomic():
            save_with_history(submission, acting_user=user, reason=_("Return started"))
    except IntegrityError:
        raise ValidationError(
            {"period": _("A return for this period has already been started")}
        ) from None
    partnerships = list(grant.partnerships.order_by("name"))
    answers = []
    for question in template.questions.all():
        if question.scope == ReturnQuestion.Scope.GRANT:
            answers.append(ReturnAnswer(submission=submission, question=question))
        else:
            answers += [
                ReturnAnswer(submission=submission, question=question, partnership=partnership)
                for partnership in partnerships
            ]
    bulk_create_with_history(answers, ReturnAnswer, default_user=user)
    return_prefill(submission=submission, user=user)
    return submission


@transaction.atomic
def return_prefill(*, submission: ReturnSubmission, user) -> int:
    """Fill each answer from its source afresh, keeping every answer a person changed (its value
    differs from what was found before). Returns how many answers changed."""
    _refuse_unless_convener(submission.grant, user)
    submission = _locked(submission)
    _refuse_if_locked(submission)
    changed = 0
    answers = (
        ReturnAnswer.objects.filter(submission=submission)
        .exclude(question__prefill="")
        .select_related("question", "partnership", "submission__grant")
    )
    for answer in answers:
        source = answer.question.prefill
        found = prefilled(source, grant=submission.grant, partnership=answer.partnership)
        if found == answer.prefilled_value and answer.prefilled_from == source:
            continue
        if answer.value == answer.prefilled_value:  # nobody changed it: take what is found now
            answer.value = found
        answer.prefilled_value = found
        answer.prefilled_from = source
        save_with_history(answer, acting_user=user, reason=_("Filled from the portal"))
        changed += 1
    return changed


def _number(text: str) -> str:
    if not _NUMBER.match(text):
        raise ValidationError(_("Enter a number, like 12 or 1,250.5"))
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise ValidationError(_("Enter a number, like 12 or 1,250.5")) from None
    return format(value, "f")


def _date(text: str) -> str:
    match = _DAY_MONTH_YEAR.match(text)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(year, month, day).isoformat()
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValidationError(_("Enter a real date, like 31/3/2027")) from None


def canonical(question: ReturnQuestion, text: str | None) -> str:
    """The answer typed, checked for the question's kind, in the form it is stored in;
    ValidationError with a message fit to show beside the question."""
    text = (text or "").strip()
    if len(text) > ANSWER_MAX_LENGTH:
        raise ValidationError(_("Enter 5,000 characters or fewer"))
    if not text:
        if question.required:
            raise ValidationError(_("Enter an answer to this question"))
        return ""
    if question.kind == Kind.MONEY:
        try:
            return str(money.parse_money(text))
        except money.MoneyError as error:
            raise ValidationError(str(error)) from None
    if question.kind == Kind.NUMBER:
        return _number(text)
    if question.kind == Kind.DATE:
        return _date(text)
    if question.kind == Kind.YES_NO:
        if text.lower() not in {YES, NO}:
            raise ValidationError(_("Select yes or no"))
        return text.lower()
    if question.kind == Kind.CHOICE and text not in question.choices:
        raise ValidationError(_("Select one of the options"))
    return text


@transaction.atomic
def return_answer(
    *, submission: ReturnSubmission, question: ReturnQuestion, partnership, value: str, user
) -> ReturnAnswer:
    """Record the convener's answer (checked for its kind) to one question, for one partnership
    or (partnership None) the whole grant."""
    _refuse_unless_convener(submission.grant, user)
    submission = _locked(submission)
    _refuse_if_locked(submission)
    answer = (
        ReturnAnswer.objects.select_for_update(of=("self",))
        .filter(submission=submission, question=question, partnership=partnership)
        .first()
    )
    if answer is None:
        raise ValidationError(_("This return does not ask that question"))
    answer.value = canonical(question, value)
    answer.answered_by = user
    answer.answered_at = timezone.now()
    save_with_history(answer, acting_user=user, reason=_("Return answered"))
    return answer


@transaction.atomic
def return_send_for_checking(*, submission: ReturnSubmission, user) -> ReturnSubmission:
    """Ask the leads of the partnerships the grant covers to check the return; they are told
    once this commits (tasks.send_return_for_checking)."""
    _refuse_unless_convener(submission.grant, user)
    submission = _locked(submission)
    _refuse_if_locked(submission)
    if submission.status != Status.DRAFT:
        raise ValidationError(_("The leads already have this return to check"))
    submission.status = Status.CHECKING
    save_with_history(submission, acting_user=user, reason=_("Return sent to the leads to check"))
    outbox.send(_tasks.send_return_for_checking, submission.pk)
    return submission


def unanswered(submission: ReturnSubmission) -> list[ReturnAnswer]:
    """The required answers still blank, in question order (one query)."""
    return list(
        ReturnAnswer.objects.filter(submission=submission, question__required=True, value="")
        .select_related("question", "partnership")
        .order_by("question__order", "question_id", "partnership__name")
    )


@transaction.atomic
def return_sign_off(*, submission: ReturnSubmission, user) -> ReturnSubmission:
    """The convener vouches for the return: every required question must be answered."""
    _refuse_unless_convener(submission.grant, user)
    submission = _locked(submission)
    _refuse_if_locked(submission)
    missing = unanswered(submission)
    if missing:
        raise ValidationError(
            [
                _("Answer “%(question)s”%(for)s")
                % {
                    "question": answer.question.label,
                    "for": f" ({answer.partnership.name})" if answer.partnership else "",
                }
                for answer in missing
            ]
        )
    submission.status = Status.SIGNED_OFF
    submission.signed_off_by = user
    submission.signed_off_at = timezone.now()
    save_with_history(submission, acting_user=user, reason=_("Return signed off"))
    return_pdf_request(submission)
    return submission


@transaction.atomic
def return_record_submission(
    *, submission: ReturnSubmission, submitted_on: datetime.date, reference: str, user
) -> ReturnSubmission:
    """Record that the signed-off return went to the Home Office, when, and its reference."""
    _refuse_unless_convener(submission.grant, user)
    submission = _locked(submission)
    if submission.status not in {Status.SIGNED_OFF, Status.SUBMITTED}:
        raise ValidationError(_("Sign the return off before recording its submission"))
    errors = {}
    if submitted_on is None:
        errors["submitted_on"] = _("Enter the date the return was submitted")
    elif submitted_on > timezone.localdate():
        errors["submitted_on"] = _("The date it was submitted must be today or in the past")
    reference = (reference or "").strip()
    if len(reference) > 100:
        errors["reference"] = _("The reference must be 100 characters or fewer")
    if errors:
        raise ValidationError(errors)
    submission.status = Status.SUBMITTED
    submission.submitted_on = submitted_on
    submission.reference = reference
    save_with_history(submission, acting_user=user, reason=_("Return submission recorded"))
    return_pdf_request(submission)  # the PDF says when it went and its reference
    return submission


@transaction.atomic
def return_pdf_again(*, submission: ReturnSubmission, user) -> ReturnSubmission:
    """Make the signed-off return's PDF again (after a failure, say)."""
    _refuse_unless_convener(submission.grant, user)
    submission = _locked(submission)
    if not submission.is_locked:
        raise ValidationError(_("Sign the return off before making its PDF"))
    return_pdf_request(submission)
    return submission
