"""Actions: the lead's form for the plan, the owner's progress update, the relevant authority's
response, and the list's filters."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from assessments import attachments
from common.forms import BoundedIntegerField, FilterForm, GovukDateField
from partnerships.models import DutyElement, Membership, Organisation

from ..models import Action, ActionStatus, Priority, StrategyMeasure

MARKDOWN_HINT = _(
    "You can use Markdown: **bold**, *italic*, lists starting with - and links like "
    "[text](https://example.org). HTML is shown as plain text."
)


class ActionForm(forms.Form):
    # Tenant rows refuse queries outside a scope, so the choices are set per request.
    priority = forms.ModelChoiceField(
        label=_("Priority"),
        queryset=Priority.objects.none(),
        empty_label=_("Select a priority"),
        error_messages={
            "required": _("Select the priority"),
            "invalid_choice": _("Select a priority of this strategy"),
        },
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={
            "required": _("Enter the title"),
            "max_length": _("Title must be 200 characters or fewer"),
        },
    )
    description = forms.CharField(
        label=_("Description (optional)"),
        help_text=MARKDOWN_HINT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    lead_organisation = forms.ModelChoiceField(
        label=_("Lead organisation"),
        help_text=_("The organisation that owns the action and reports its progress"),
        queryset=Organisation.objects.none(),
        empty_label=_("Select an organisation"),
        error_messages={
            "required": _("Select the lead organisation"),
            "invalid_choice": _("Select a current organisation from the list"),
        },
    )
    lead_person = forms.ModelChoiceField(
        label=_("Lead person (optional)"),
        help_text=_("An active member of the lead organisation"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("No lead person yet"),
        error_messages={"invalid_choice": _("Select an active member from the list")},
    )
    contributing_organisations = forms.ModelMultipleChoiceField(
        label=_("Contributing organisations (optional)"),
        help_text=_("Select all that apply, apart from the lead organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Select current organisations from the list")},
    )
    element = forms.ModelChoiceField(
        label=_("Duty element"),
        queryset=DutyElement.objects.order_by("order"),
        empty_label=_("Select a Duty element"),
        error_messages={
            "required": _("Select the Duty element"),
            "invalid_choice": _("Select a Duty element from the list"),
        },
    )
    start_on = GovukDateField(label=_("Start date (optional)"), required=False)
    due_on = GovukDateField(
        label=_("Due date"), error_messages={"required": _("Enter the due date")}
    )
    funding_source = forms.CharField(
        label=_("Funding source (optional)"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Funding source must be 200 characters or fewer")},
    )
    relevant_authority = forms.ModelChoiceField(
        label=_("Specified for a relevant authority (optional)"),
        help_text=_(
            "The Act lets the strategy give an action to an education, prison or youth custody "
            "body, which must then co-operate. They are asked to accept it."
        ),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Not specified for a relevant authority"),
        error_messages={"invalid_choice": _("Select a relevant authority from the list")},
    )
    measures = forms.ModelMultipleChoiceField(
        label=_("Measures it should move (optional)"),
        queryset=StrategyMeasure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Select measures of this strategy")},
    )
    restricted = forms.BooleanField(
        label=_("Restricted: leave it out of the public version of the strategy"),
        required=False,
    )

    def __init__(
        self,
        *args,
        priorities,
        organisations,
        members,
        relevant_authorities,
        measures,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = priorities
        self.fields["lead_organisation"].queryset = organisations
        self.fields["contributing_organisations"].queryset = organisations
        self.fields["lead_person"].queryset = members
        self.fields["lead_person"].label_from_instance = lambda m: (
            f"{m.user.full_name or m.user.email} ({m.organisation.name})"
        )
        self.fields["relevant_authority"].queryset = relevant_authorities
        if measures.exists():
            self.fields["measures"].queryset = measures
        else:
            del self.fields["measures"]

    def clean(self):
        cleaned = super().clean()
        lead = cleaned.get("lead_organisation")
        person = cleaned.get("lead_person")
        if lead and person and person.organisation_id != lead.pk:
            self.add_error(
                "lead_person",
                _("Choose an active member of the lead organisation as the lead person"),
            )
        if lead and lead in (cleaned.get("contributing_organisations") or []):
            self.add_error(
                "contributing_organisations",
                _("The lead organisation cannot also be a contributing organisation"),
            )
        return cleaned

    @staticmethod
    def initial_for(action: Action) -> dict:
        return {
            "priority": action.priority_id,
            "title": action.title,
            "description": action.description,
            "lead_organisation": action.lead_organisation_id,
            "lead_person": action.lead_person_id,
            "contributing_organisations": [o.pk for o in action.contributing_organisations.all()],
            "element": action.element_id,
            "start_on": action.start_on,
            "due_on": action.due_on,
            "funding_source": action.funding_source,
            "relevant_authority": action.relevant_authority_id,
            "measures": [m.pk for m in action.measures.all()],
            "restricted": action.restricted,
        }


class ActionUpdateForm(forms.Form):
    updated_on = GovukDateField(
        label=_("Date of the update"),
        error_messages={"required": _("Enter the date of the update")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the status"),
            "invalid_choice": _("Select the status"),
        },
    )
    progress = BoundedIntegerField(
        label=_("Progress (%)"),
        help_text=_("From 0 to 100. Complete counts as 100."),
        min_value=0,
        max_value=100,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={
            "required": _("Enter the progress, from 0 to 100"),
            "invalid": _("Enter the progress as a whole number from 0 to 100"),
            "min_value": _("Progress must be between 0 and 100"),
            "max_value": _("Progress must be between 0 and 100"),
        },
    )
    note = forms.CharField(
        label=_("What has happened"),
        help_text=MARKDOWN_HINT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Enter what has happened")},
    )
    evidence = forms.FileField(
        label=_("Evidence (optional)"),
        help_text=_(
            "A PDF, DOCX, ODT, XLSX or CSV file, up to 10 MB. If the form shows an error, "
            "select your file again."
        ),
        required=False,
    )

    def clean_evidence(self):
        file = self.cleaned_data.get("evidence")
        if file:
            # The type is read from the content; the message names the file.
            try:
                attachments.check_upload(file)
            except ValidationError as error:
                raise ValidationError(error.messages) from error
        return file


class ResponseForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Their response"),
        choices=[
            (Action.Response.ACCEPTED, _("They accept the action")),
            (Action.Response.DECLINED, _("They decline the action")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select whether they accept or decline the action"),
            "invalid_choice": _("Select whether they accept or decline the action"),
        },
    )
    responded_on = GovukDateField(
        label=_("Date of their response"),
        error_messages={"required": _("Enter the date of their response")},
    )


FLAG_CHOICES = [
    ("", _("Any")),
    ("overdue", _("Overdue")),
    ("stale", _("No update for 90 days")),
]


class ActionFilterForm(FilterForm):
    """The action list's filters: a value it does not know is shown as an error, and the other
    filters still apply (common.forms.FilterForm)."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *ActionStatus.choices],
        error_messages={"invalid_choice": _("Choose a status from the list")},
    )
    organisation = forms.ModelChoiceField(
        label=_("Lead organisation"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("All organisations"),
        error_messages={"invalid_choice": _("Choose a lead organisation from the list")},
    )
    flag = forms.ChoiceField(
        label=_("Needs attention"),
        required=False,
        choices=FLAG_CHOICES,
        error_messages={"invalid_choice": _("Choose what needs attention from the list")},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
