"""Inviting someone from a body outside the partnership to respond to the consultation."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ConsulteeInvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Their email address"),
        help_text=_(
            "Their own work address, for example the head of safeguarding's. We will email the "
            "invitation there."
        ),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter their email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.org"),
            "max_length": _("Email address must be 254 characters or fewer"),
        },
    )
