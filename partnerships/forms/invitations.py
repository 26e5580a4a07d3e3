"""Inviting someone to a partnership, and the invitee setting up their account to accept."""

from django import forms
from django.contrib.auth import password_validation
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from ..models import Organisation, Partnership
from ..roles import DUTY_ROLE_CHOICES, MEMBER_ROLE_CHOICES, PortalRole

# What each portal role may do, in the words a lead choosing one needs (roles.py is the rule).
PORTAL_ROLE_HINTS = {
    PortalRole.LEAD: _(
        "Runs the partnership: manages organisations, invites and removes members, and sees "
        "everything."
    ),
    PortalRole.CONVENER: _(
        "For the local policing body: oversees the partnership and sees members, representation "
        "gaps and activity. Changes nothing."
    ),
    PortalRole.PARTNER: _(
        "Represents their organisation: sees members and representation gaps and contributes "
        "for their organisation."
    ),
    PortalRole.OBSERVER: _("Sees the dashboard and the member list only."),
}


class RadioSelectWithHints(forms.RadioSelect):
    """GOV.UK radios with a hint under each option, read out with it."""

    template_name = "partnerships/invitations/_radios_with_hints.html"

    def __init__(self, *args, hints=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.hints = hints or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["hint"] = self.hints.get(value, "")
        if option["hint"]:
            option["hint_id"] = f"{option['attrs']['id']}-item-hint"
            option["attrs"]["aria-describedby"] = option["hint_id"]
        return option


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We will email the invitation to this address. It must be their work email."),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter an email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.org"),
        },
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        help_text=_("The organisation they will represent in the partnership."),
        queryset=Organisation.objects.none(),
        empty_label=_("Select an organisation"),
        error_messages={
            "required": _("Select an organisation"),
            "invalid_choice": _("Select an organisation from the list"),
        },
    )
    portal_role = forms.ChoiceField(
        label=_("Portal role"),
        help_text=_("What they may do in the portal."),
        choices=MEMBER_ROLE_CHOICES,
        widget=RadioSelectWithHints(hints=PORTAL_ROLE_HINTS),
        error_messages={"required": _("Select a portal role")},
    )
    duty_roles = forms.MultipleChoiceField(
        label=_("Duty roles (optional)"),
        choices=DUTY_ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Select Duty roles from the list")},
    )

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            partnership=partnership, retired_at__isnull=True
        ).order_by("name")
        self.fields["duty_roles"].help_text = format_html(
            '{} <a class="govuk-link" href="{}">{}</a>.',
            _(
                "The roles they will hold for their organisation under the Duty. "
                "Select all that apply."
            ),
            reverse("guidance:roles"),
            _("What each Duty role means"),
        )

    @classmethod
    def initial_from(cls, query) -> dict:
        """What a link may choose in advance (a representation gap's "Invite someone for this
        role"): an organisation id and a Duty role. Anything else, or an organisation of
        another partnership, is ignored: the choice list holds only this partnership's."""
        initial = {}
        organisation = query.get("organisation", "")
        if organisation.isdigit() and len(organisation) < 19:
            initial["organisation"] = int(organisation)
        role = query.get("duty_role", "")
        if role in dict(DUTY_ROLE_CHOICES):
            initial["duty_roles"] = [role]
            initial["portal_role"] = PortalRole.PARTNER
        return initial


class AcceptInvitationForm(forms.Form):
    """A new person's name and password; their email is the one they were invited at."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"required": _("Enter your full name")},
    )
    password1 = forms.CharField(
        label=_("Create a password"),
        help_text=_(
            "Use at least 12 characters. Avoid common passwords and ones like your name or email."
        ),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Enter a password")},
    )
    password2 = forms.CharField(
        label=_("Confirm password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Confirm your password")},
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_full_name(self):
        full_name = self.cleaned_data["full_name"].strip()
        if not full_name:
            raise forms.ValidationError(_("Enter your full name"), code="required")
        return full_name

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The passwords do not match"))
        elif password1:
            # The validators compare the password with the person's name and email.
            person = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, person)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
