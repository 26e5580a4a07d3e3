"""A meeting of the partnership board or one of its groups."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from assessments import attachments
from common.forms import GovukDateField
from partnerships.models import Organisation

from ..models import Meeting


class MeetingForm(forms.Form):
    held_on = GovukDateField(
        label=_("Date of the meeting"),
        error_messages={"required": _("Enter the date of the meeting")},
    )
    kind = forms.ChoiceField(
        label=_("Type of meeting"),
        choices=Meeting.Kind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Attendance at partnership board meetings counts as evidence of collaboration in "
            "the engagement matrix"
        ),
        error_messages={
            "required": _("Select the type of meeting"),
            "invalid_choice": _("Select the type of meeting"),
        },
    )
    title = forms.CharField(
        label=_("Title"),
        help_text=_("For example, Serious Violence Partnership Board, June 2026"),
        max_length=200,
        error_messages={
            "required": _("Enter the title of the meeting"),
            "max_length": _("Title must be 200 characters or fewer"),
        },
    )
    attendees = forms.ModelMultipleChoiceField(
        label=_("Organisations that attended"),
        help_text=_("Select all that apply"),
        # Tenant rows refuse queries outside a scope, so the choices are set per request.
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select the organisations that attended"),
            "invalid_choice": _("Select organisations from the list"),
            "invalid_pk_value": _("Select organisations from the list"),
        },
    )
    decisions = forms.CharField(
        label=_("Decisions (optional)"),
        help_text=_("What the meeting decided. You can use Markdown."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    minutes = forms.FileField(
        label=_("Minutes (optional)"),
        help_text=_(
            "A PDF, DOCX, ODT, XLSX or CSV file, up to 10 MB. If the form shows an error, "
            "select the file again."
        ),
        required=False,
        widget=forms.FileInput,
    )

    def __init__(self, *args, organisations, replacing_minutes: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["attendees"]
        field.queryset = organisations
        field.label_from_instance = lambda o: f"{o.name} ({o.statutory_role})"
        if replacing_minutes:
            self.fields["minutes"].label = _("Replace the minutes (optional)")

    def clean_minutes(self):
        minutes = self.cleaned_data.get("minutes")
        if minutes:
            try:
                attachments.check_upload(minutes)
            except ValidationError as error:
                raise ValidationError(error.messages) from None
        return minutes
