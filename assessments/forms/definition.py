"""The local definition of serious violence: drafting, agreeing, and amendments to it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import ViolenceType
from common.forms import GovukDateField


class DefinitionForm(forms.Form):
    """A draft version: what is included, for whom, and why against the Act's four factors."""

    summary = forms.CharField(
        label=_("Definition"),
        help_text=_("The definition in plain words. You can use Markdown."),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter the definition in plain words")},
    )
    violence_types = forms.MultipleChoiceField(
        label=_("Types of violence included"),
        help_text=_("Select all that apply. Terrorism is excluded by the Act."),
        choices=ViolenceType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select the types of violence the definition includes"),
            "invalid_choice": _("Select the types of violence the definition includes"),
        },
    )
    age_scope = forms.CharField(
        label=_("Age scope"),
        help_text=_("For example, victims and perpetrators under 25"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Age scope must be 200 characters or fewer")},
    )
    maximum_penalty = forms.CharField(
        label=_("Maximum penalty"),
        help_text=_("Why the maximum penalties of these offences make them serious"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    impact_on_victim = forms.CharField(
        label=_("Impact on the victim"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    prevalence = forms.CharField(
        label=_("Prevalence in the area"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    impact_on_community = forms.CharField(
        label=_("Impact on the community"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DefinitionAgreeForm(forms.Form):
    agreed_on = GovukDateField(
        label=_("Date agreed"),
        error_messages={"required": _("Enter the date the partnership agreed the definition")},
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations that agreed"),
        help_text=_("Select all that apply"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select the organisations that agreed the definition"),
            "invalid_choice": _("Select the organisations that agreed the definition"),
            "invalid_pk_value": _("Select the organisations that agreed the definition"),
        },
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations


class AmendmentForm(forms.Form):
    proposal = forms.CharField(
        label=_("Proposed change"),
        help_text=_("What should the definition include, leave out or say differently?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter the change you propose")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("For example, what your organisation's data or experience shows"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter your reason for the change")},
    )


class AmendmentResponseForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("adopt", _("Adopt the amendment")), ("decline", _("Decline the amendment"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether to adopt or decline the amendment"),
            "invalid_choice": _("Choose whether to adopt or decline the amendment"),
        },
    )
    response = forms.CharField(
        label=_("Response"),
        help_text=_("The proposer sees this with your decision"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter your response to the proposer")},
    )
