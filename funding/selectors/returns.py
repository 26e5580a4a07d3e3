"""Reads of Home Office returns for the convener's pages and the export: each a fixed number of
queries, however many questions and partnerships a return has."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from .. import money
from ..models import Grant, ReturnAnswer, ReturnQuestion, ReturnSubmission, ReturnTemplate
from ..prefill import SOURCES

Kind = ReturnQuestion.Kind


def returns_of(*, grant: Grant) -> QuerySet[ReturnSubmission]:
    return ReturnSubmission.objects.filter(grant=grant).select_related("template")


def return_of(*, grant: Grant, pk: int) -> ReturnSubmission | None:
    """The grant's return, or None: another grant's return is never reached through this one."""
    return (
        ReturnSubmission.objects.filter(grant=grant, pk=pk)
        .select_related("grant", "template", "signed_off_by")
        .first()
    )


def published_templates() -> QuerySet[ReturnTemplate]:
    return ReturnTemplate.objects.filter(status=ReturnTemplate.Status.PUBLISHED)


def answers_of(*, submission: ReturnSubmission) -> list[ReturnAnswer]:
    """Every answer with its question and partnership, in question order (one query)."""
    return list(
        ReturnAnswer.objects.filter(submission=submission)
        .select_related("question", "partnership")
        .order_by("question__order", "question_id", "partnership__name")
    )


def typed(question: ReturnQuestion, value: str) -> object:
    """A stored answer as its type: Decimal for money and numbers, a date, else the text."""
    if not value:
        return None
    if question.kind in (Kind.MONEY, Kind.NUMBER):
        return Decimal(value)
    if question.kind == Kind.DATE:
        return datetime.date.fromisoformat(value)
    return value


def shown(question: ReturnQuestion, value: str) -> str:
    """A stored answer as people read it: "£1,250.00", "31 March 2027", "Yes"."""
    if not value:
        return ""
    if question.kind == Kind.MONEY:
        return money.pounds(Decimal(value))
    if question.kind == Kind.DATE:
        return formats.date_format(datetime.date.fromisoformat(value), "j F Y")
    if question.kind == Kind.YES_NO:
        return _("Yes") if value == "yes" else _("No")
    return value


def editable(question: ReturnQuestion, value: str) -> str:
    """A stored answer as a person would type it again (a date as 31/3/2027)."""
    if value and question.kind == Kind.DATE:
        day = datetime.date.fromisoformat(value)
        return f"{day.day}/{day.month}/{day.year}"
    return value


@dataclass
class Section:
    title: str
    answers: list[ReturnAnswer] = field(default_factory=list)


def sections_of(*, submission: ReturnSubmission) -> list[Section]:
    """The answers by section, in question order, each with its value and the value found in
    the portal as people read them (`shown`, `prefilled_shown`) and where it was found."""
    sections: dict[str, Section] = {}
    for answer in answers_of(submission=submission):
        question = answer.question
        answer.shown = shown(question, answer.value)
        answer.prefilled_shown = shown(question, answer.prefilled_value)
        source = SOURCES.get(answer.prefilled_from)
        answer.source_label = source[0] if source else ""
        sections.setdefault(question.section, Section(question.section)).answers.append(answer)
    return list(sections.values())
