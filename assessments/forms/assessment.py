"""Starting and editing an SNA and its modules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import AssessmentModule, validate_period
from common.forms import GovukDateField

# --- The SNA --------------------------------------------------------------------------------------


class AssessmentStartForm(forms.Form):
    period = forms.CharField(
        label=_("Period"),
        help_text=_("The financial year the SNA covers, for example 2026/27"),
        max_length=7,
        validators=[validate_period],
        error_messages={"required": _("Enter the period the SNA covers, for example 2026/27")},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "spellcheck": "false"}),
    )
    scope = forms.CharField(
        label=_("Scope"),
        help_text=_(
            "What the SNA covers: the area, the violence in the local definition, the "
            "ages and cohorts. You can use Markdown."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    methodology = forms.CharField(
        label=_("Methodology"),
        help_text=_("How the evidence is gathered and analysed. You can use Markdown."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_period(self) -> str:
        return self.cleaned_data["period"].strip()


class AssessmentEditForm(forms.Form):
    scope = AssessmentStartForm.base_fields["scope"]
    methodology = AssessmentStartForm.base_fields["methodology"]
    restricted = forms.BooleanField(
        label=_("Restricted: share only with members of the partnership who may see the SNA"),
        help_text=_(
            "The SNA holds sensitive analysis, so it is restricted unless the "
            "partnership decides otherwise."
        ),
        required=False,
    )


class AssessmentSharedForm(forms.Form):
    shared_on = GovukDateField(
        label=_("Date shared with the Home Office"),
        error_messages={"required": _("Enter the date the SNA was shared with the Home Office")},
    )


class ModuleForm(forms.Form):
    """A module's text and status; leads also choose who owns it."""

    body = forms.CharField(
        label=_("Text"),
        help_text=_("You can use Markdown: # for headings, * for lists, | for tables."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=AssessmentModule.Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the module's status"),
            "invalid_choice": _("Choose the module's status"),
        },
    )

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is not None:
            self.fields["owner"] = forms.ModelChoiceField(
                label=_("Owner"),
                help_text=_("The member who writes this module"),
                queryset=owners,
                required=False,
                empty_label=_("No owner yet"),
                error_messages={"invalid_choice": _("Choose a current member as the owner")},
            )
            self.fields["owner"].label_from_instance = lambda m: (
                f"{m.user.full_name or m.user.email} ({m.organisation.name})"
            )
