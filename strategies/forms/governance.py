"""Governance records: an organisation's sign-off of the strategy, and the consultation of
relevant authorities."""

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import OutsideBody
from common.forms import GovukDateField
from partnerships.models import Organisation

from ..models import SignOff


def _organisation_label(organisation: Organisation) -> str:
    return f"{organisation.name} ({organisation.statutory_role})"


class SignOffForm(forms.Form):
    """One organisation's decision. A lead may choose any current organisation and may record
    that one has not signed off; a partner records only their own organisation's decision."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        empty_label=_("Choose an organisation"),
        # Tenant rows refuse queries outside a scope, so the choices are set per request.
        queryset=Organisation.objects.none(),
        error_messages={
            "required": _("Select the organisation whose decision this is"),
            "invalid_choice": _("Select an organisation from the list"),
        },
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the decision"),
            "invalid_choice": _("Select the decision"),
        },
    )
    body = forms.CharField(
        label=_("Governance body"),
        help_text=_(
            "The board or committee that decided, for example Cabinet, Police and Crime Panel "
            "or ICB board"
        ),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Governance body must be 200 characters or fewer")},
    )
    decided_on = GovukDateField(label=_("Date of the decision"), required=False)
    minute_reference = forms.CharField(
        label=_("Minute reference (optional)"),
        help_text=_("For example, CAB/2026/041"),
        max_length=100,
        required=False,
        error_messages={"max_length": _("Minute reference must be 100 characters or fewer")},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    reason = forms.CharField(
        label=_("Why it has not signed off"),
        help_text=_("Only when the decision is that the organisation has not signed off"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self,
        *args,
        organisations=None,
        may_record_not_signed: bool = False,
        **kwargs,
    ):
        """`organisations`: the choices, or None when the organisation is already fixed (a
        change to a recorded decision)."""
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            field = self.fields["organisation"]
            field.queryset = organisations
            field.label_from_instance = _organisation_label
            if not may_record_not_signed:
                # A partner's only choice is their own organisation.
                field.empty_label = None
        decisions = [
            (value, label)
            for value, label in SignOff.Decision.choices
            if may_record_not_signed or value != SignOff.Decision.NOT_SIGNED
        ]
        self.fields["decision"].choices = decisions
        if not may_record_not_signed:
            del self.fields["reason"]


class ConsultationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Member organisation consulted"),
        help_text=_("Education, prison and youth custody authorities in the partnership"),
        empty_label=_("Choose an organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Select an organisation from the list")},
    )
    outside_body = forms.ModelChoiceField(
        label=_("Or a body outside the partnership"),
        help_text=_(
            "Educational, prison and youth custody authorities in the area that are not members"
        ),
        empty_label=_("Choose a body"),
        queryset=OutsideBody.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Select a body from the list")},
    )
    invited_on = GovukDateField(
        label=_("Date invited to comment"),
        error_messages={"required": _("Enter the date the organisation was invited to comment")},
    )
    responded_on = GovukDateField(
        label=_("Date of their response (optional)"),
        required=False,
    )
    response = forms.CharField(
        label=_("Their response (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    taken_into_account = forms.CharField(
        label=_("How their response was taken into account (optional)"),
        help_text=_("What changed in the strategy, or why nothing did"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, organisations=None, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Editing a consultation keeps who was consulted: neither is offered.
        self.choosing = organisations is not None
        if organisations is None:
            del self.fields["organisation"]
            del self.fields["outside_body"]
        else:
            self.fields["organisation"].queryset = organisations
            self.fields["organisation"].label_from_instance = _organisation_label
            self.fields["outside_body"].queryset = bodies
            self.fields["outside_body"].label_from_instance = lambda b: (
                f"{b.name} ({b.get_kind_display()})"
            )

    def clean(self):
        cleaned = super().clean()
        if (
            self.choosing
            and not self.errors.get("organisation")
            and not self.errors.get("outside_body")
        ):
            chosen = [cleaned.get("organisation"), cleaned.get("outside_body")]
            if not any(chosen):
                self.add_error("organisation", _("Select the organisation or the body consulted"))
            elif all(chosen):
                self.add_error(
                    "outside_body", _("Select either a member organisation or a body, not both")
                )
        return cleaned
