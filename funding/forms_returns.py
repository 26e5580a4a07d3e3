"""Forms for the convener's Home Office returns: starting one, answering a question, and
recording the submission. An answer's field follows its question's kind; the services check
the value (funding/services/returns.py), so the message a person sees is the same wherever the
answer comes from."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import GovukDateField

from .models import ReturnQuestion, ReturnTemplate
from .services.returns import ANSWER_MAX_LENGTH

Kind = ReturnQuestion.Kind


class ReturnStartForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Return template"),
        queryset=ReturnTemplate.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the return template")},
    )
    period = forms.CharField(
        label=_("Period"),
        max_length=60,
        help_text=_("As the Home Office names it, like 2026/27 Q2 or 2026/27 end of year"),
        error_messages={"required": _("Enter the period the return covers, like 2026/27 Q2")},
    )
    due_on = GovukDateField(label=_("Due date"))

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        # Usually the Home Office has one return: chosen already, so nobody must pick it.
        only = list(templates[:2])
        if len(only) == 1:
            self.fields["template"].initial = only[0].pk


class ReturnAnswerForm(forms.Form):
    """One question's answer; blank allowed here so the service gives the message."""

    value = forms.CharField(
        required=False,
        strip=False,
        max_length=ANSWER_MAX_LENGTH,
        error_messages={"max_length": _("Enter 5,000 characters or fewer")},
    )

    def __init__(self, *args, question: ReturnQuestion, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["value"]
        field.label = question.label
        field.help_text = question.help
        if question.kind == Kind.TEXT:
            field.widget = forms.Textarea(attrs={"rows": 5})
        elif question.kind in (Kind.MONEY, Kind.NUMBER):
            field.widget = forms.TextInput(
                attrs={
                    "inputmode": "decimal",
                    "spellcheck": "false",
                    "class": "govuk-input--width-10",
                }
            )
            if question.kind == Kind.MONEY:
                field.help_text = question.help or _("In pounds and pence, like 1,250.50")
        elif question.kind == Kind.DATE:
            field.widget = forms.TextInput(attrs={"class": "govuk-input--width-10"})
            field.help_text = question.help or _("For example, 31/3/2027")
        elif question.kind == Kind.YES_NO:
            field.widget = forms.RadioSelect(choices=[("yes", _("Yes")), ("no", _("No"))])
        else:
            field.widget = forms.RadioSelect(choices=[(c, c) for c in question.choices])


class ReturnSubmittedForm(forms.Form):
    submitted_on = GovukDateField(label=_("Date submitted"))
    reference = forms.CharField(
        label=_("Home Office reference"),
        required=False,
        max_length=100,
        help_text=_("If the Home Office gave one"),
    )
