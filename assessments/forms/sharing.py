"""The register of data sharing agreements and of bodies outside the partnership."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.forms import GovukDateField
from partnerships.models import Organisation, Partnership

from .. import attachments
from ..models import LegalBasis, Measure, OutsideBody, SharingAgreement, SharingPolicy

SIGNED_COPY_HINT = _(
    "A PDF, DOCX or ODT file, up to 10 MB. It is kept privately: only members who see the SNA "
    "can download it. If the form shows an error, select the file again."
)


def _required(message):
    return {"required": message, "invalid_choice": message, "invalid_pk_value": message}


class OutsideBodyForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the body"),
        help_text=_("For example, Northshire Academies Trust or HMP Northshire"),
        max_length=200,
        error_messages={
            "required": _("Enter the name of the body"),
            "max_length": _("Name must be 200 characters or fewer"),
        },
    )
    kind = forms.ChoiceField(
        label=_("Type of body"),
        choices=OutsideBody.Kind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "The Act says the partnership must consult every educational, prison and youth "
            "custody authority in its area while preparing the strategy"
        ),
        error_messages=_required(_("Select the type of body")),
    )
    contact_email = forms.EmailField(
        label=_("Team email address (optional)"),
        help_text=_("A shared mailbox, not a person's own address"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Enter an email address like name@example.org")},
    )
    notes = forms.CharField(
        label=_("Notes (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Notes must be 2,000 characters or fewer")},
    )


def _file(field_label):
    return forms.FileField(
        label=field_label, help_text=SIGNED_COPY_HINT, required=False, widget=forms.FileInput
    )


def _check_signed_copy(file):
    if file:
        try:
            attachments.check_upload(file)
        except ValidationError as error:
            raise ValidationError(error.messages) from None
    return file


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type of record"),
        choices=SharingAgreement.Kind.choices,
        widget=forms.RadioSelect,
        error_messages=_required(_("Select the type of record")),
    )
    title = forms.CharField(
        label=_("Title"),
        help_text=_("For example, Serious violence data sharing agreement 2026"),
        max_length=200,
        error_messages={
            "required": _("Enter the title"),
            "max_length": _("Title must be 200 characters or fewer"),
        },
    )
    reference = forms.CharField(
        label=_("Reference (optional)"),
        required=False,
        max_length=60,
        error_messages={"max_length": _("Reference must be 60 characters or fewer")},
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        help_text=_("Why the data is shared and what it is used for"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Enter the purpose of the sharing"),
            "max_length": _("Purpose must be 5,000 characters or fewer"),
        },
    )
    legal_bases = forms.MultipleChoiceField(
        label=_("Legal basis"),
        help_text=_("Select all that apply"),
        choices=LegalBasis.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_required(_("Select at least one legal basis")),
    )
    legal_basis_notes = forms.CharField(
        label=_("More about the legal basis (optional)"),
        help_text=_("For example, the Schedule 1 condition relied on"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("This must be 2,000 characters or fewer")},
    )
    data_sets = forms.CharField(
        label=_("Data sets shared"),
        help_text=_("What is shared, at what level (aggregate or record level), and how often"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Enter the data sets shared"),
            "max_length": _("Data sets must be 5,000 characters or fewer"),
        },
    )
    measures = forms.ModelMultipleChoiceField(
        label=_("Measures it covers (optional)"),
        help_text=_("Data returns of these measures rely on this agreement"),
        queryset=Measure.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_required(_("Select measures from the list")),
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Member organisations party to it"),
        help_text=_("Select all that apply"),
        # Tenant rows refuse queries outside a scope, so the choices are set per request.
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages=_required(_("Select the member organisations that are party to it")),
    )
    outside_bodies = forms.ModelMultipleChoiceField(
        label=_("Bodies outside the partnership party to it (optional)"),
        queryset=OutsideBody.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_required(_("Select bodies from the list")),
    )
    owner = forms.ModelChoiceField(
        label=_("Owning organisation"),
        help_text=_("The party that keeps the agreement and leads its reviews"),
        queryset=Organisation.objects.none(),
        empty_label=_("Select an organisation"),
        error_messages=_required(_("Select the owning organisation")),
    )
    protective_marking = forms.ChoiceField(
        label=_("Protective marking"),
        choices=Partnership.ProtectiveMarking.choices,
        widget=forms.RadioSelect,
        error_messages=_required(_("Select the protective marking")),
    )

    def __init__(self, *args, organisations, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("organisations", "owner"):
            self.fields[name].queryset = organisations
        self.fields["organisations"].label_from_instance = lambda o: str(o.name)
        self.fields["outside_bodies"].queryset = bodies
        if not bodies.exists():
            del self.fields["outside_bodies"]


class NewAgreementForm(AgreementForm):
    in_force_from = GovukDateField(
        label=_("In force from (optional)"),
        required=False,
        help_text=_(
            "The date the signed agreement applies from. Leave it empty to keep a draft. "
            "For example, 1 4 2027"
        ),
    )
    signed_copy = _file(_("Signed copy (optional)"))

    def clean_signed_copy(self):
        return _check_signed_copy(self.cleaned_data.get("signed_copy"))


class AgreementVersionForm(forms.Form):
    in_force_from = GovukDateField(
        label=_("In force from"),
        error_messages={"required": _("Enter the date this version is in force from")},
    )
    changes = forms.CharField(
        label=_("What changed"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Say what changed in this version"),
            "max_length": _("This must be 2,000 characters or fewer"),
        },
    )
    signed_copy = _file(_("Signed copy"))

    def clean_signed_copy(self):
        return _check_signed_copy(self.cleaned_data.get("signed_copy"))


class AgreementReviewForm(forms.Form):
    reviewed_on = GovukDateField(
        label=_("Date of the review"),
        error_messages={"required": _("Enter the date of the review")},
    )
    outcome = forms.CharField(
        label=_("Outcome (optional)"),
        help_text=_("For example, no changes needed; parties confirmed"),
        required=False,
        max_length=80,
        error_messages={"max_length": _("Outcome must be 80 characters or fewer")},
    )


class AgreementEndForm(forms.Form):
    ended_on = GovukDateField(
        label=_("Ended on"), error_messages={"required": _("Enter the date it ended")}
    )
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=80,
        error_messages={"max_length": _("Reason must be 80 characters or fewer")},
    )


class SharingPolicyForm(forms.Form):
    without_agreement = forms.ChoiceField(
        label=_("When a data return has no in-date agreement covering it"),
        choices=SharingPolicy.WithoutAgreement.choices,
        widget=forms.RadioSelect,
        error_messages=_required(_("Select what happens to a data return with no agreement")),
    )
