"""Issuing a call for contributions."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import GovukDateField
from partnerships.models import DutyElement, Organisation, Partnership
from partnerships.roles import DUTY_ROLE_CHOICES

from ..models import Call, Measure
from .periods import FinancialYearField


class CallForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={
            "required": _("Enter a title"),
            "max_length": _("Title must be 200 characters or fewer"),
        },
    )
    questions = forms.CharField(
        label=_("What we are asking for"),
        help_text=_(
            "The questions or figures you want, and anything partners need to know. "
            "You can use Markdown."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Enter what you are asking for")},
    )
    elements = forms.ModelMultipleChoiceField(
        label=_("Duty elements"),
        help_text=_("Select all that apply"),
        queryset=DutyElement.objects.order_by("order"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select at least one Duty element"),
            "invalid_choice": _("Select Duty elements from the list"),
        },
    )
    measures = forms.ModelMultipleChoiceField(
        label=_("Measures (optional)"),
        help_text=_("Aggregate figures you want returned with the contribution"),
        queryset=Measure.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Select measures from the list")},
    )
    period = FinancialYearField(
        help_text=_(
            "The financial year the call is about, like 2026/27 or 2026-27. A quarter "
            "(Q1 2026/27) or a month (April 2026) is recorded as the financial year it falls in."
        )
    )
    due_on = GovukDateField(
        label=_("Due date"), help_text=_("For example, 27 3 2027. It must be in the future.")
    )
    audience = forms.ChoiceField(
        label=_("Who is the call for?"),
        choices=Call.Audience.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select who the call is for"),
            "invalid_choice": _("Select who the call is for"),
        },
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations (if the call is for chosen organisations)"),
        help_text=_("Select all that apply"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Select current organisations from the list")},
    )
    duty_role = forms.ChoiceField(
        label=_("Duty role (if the call is for everyone holding a Duty role)"),
        help_text=_("Everyone holding this role is asked, for their organisation"),
        choices=[("", _("Select a Duty role")), *DUTY_ROLE_CHOICES],
        required=False,
        error_messages={"invalid_choice": _("Select a Duty role from the list")},
    )

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.filter(
            partnership=partnership, retired_at__isnull=True
        ).order_by("name")

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on and due_on <= timezone.localdate():
            raise forms.ValidationError(_("The due date must be in the future"))
        return due_on

    def clean(self):
        cleaned = super().clean()
        audience = cleaned.get("audience")
        # A follow-up question only matters for the audience chosen, and only once answered.
        needs = {
            Call.Audience.ORGANISATIONS: ("organisations", _("Select at least one organisation")),
            Call.Audience.DUTY_ROLE: ("duty_role", _("Select a Duty role")),
        }
        if audience in needs:
            name, message = needs[audience]
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, message)
        return cleaned
