"""Answers to the guidance's reflective questions: a box per question, each optional, kept by
question number (the nomination record, the partnership's arrangement, a self-assessment)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Level, ReflectiveQuestion

MAX_ANSWER_LENGTH = 3000


def answer_field(question: ReflectiveQuestion) -> forms.CharField:
    """An optional box headed by the question's theme, the question itself as its hint."""
    return forms.CharField(
        label=question.theme,
        help_text=question.question,
        required=False,
        max_length=MAX_ANSWER_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _("%(theme)s must be 3,000 characters or fewer")
            % {"theme": question.theme}
        },
    )


def field_name(prefix: str, number) -> str:
    return f"{prefix}_{number}"


def answers_from(
    cleaned_data: dict, questions: list[ReflectiveQuestion], prefix: str
) -> dict[str, str]:
    """The answers keyed by question number, as they are stored."""
    return {
        str(question.order): cleaned_data.get(field_name(prefix, question.order)) or ""
        for question in questions
    }


def initial_from(record: dict, prefix: str) -> dict[str, str]:
    return {field_name(prefix, number): text for number, text in (record or {}).items()}


class SelfAssessmentForm(forms.Form):
    """An organisation's answers to the Part 1 self-assessment questions, and the level it
    places itself at; every box optional, so a partly written one can be saved and finished
    later."""

    prefix_name = "question"

    level = forms.ChoiceField(
        label=_("Where does your organisation place itself?"),
        help_text=_(
            "An engaged partner contributes to the core elements of the Duty; an actively "
            "participating partner takes more ownership or leadership in meeting it."
        ),
        choices=[("", _("Not decided yet")), *Level.choices],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Select engaged or actively participating")},
    )

    def __init__(
        self, *args, questions: list[ReflectiveQuestion], record: dict, level: str = "", **kwargs
    ):
        kwargs.setdefault("initial", initial_from(record, self.prefix_name) | {"level": level})
        super().__init__(*args, **kwargs)
        self.questions = questions
        answer_fields = {
            field_name(self.prefix_name, question.order): answer_field(question)
            for question in questions
        }
        # The questions first, then where the organisation places itself in their light.
        self.fields = answer_fields | dict(self.fields)

    def answers(self) -> dict[str, str]:
        return answers_from(self.cleaned_data, self.questions, self.prefix_name)
