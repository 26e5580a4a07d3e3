"""A related partnership, strategy or initiative in the local strategic landscape."""

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from common.forms import GovukDateField

from ..models import LandscapeEntry

# The messages below spell these limits out, so that they translate whole.
from ..models.landscape import (
    NAME_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    WEB_ADDRESS_MAX_LENGTH,
    WEB_SCHEMES,
)

WEB_ADDRESS_INVALID = _("Enter a web address starting with http:// or https://")


class WebAddressField(forms.URLField):
    """A web address people can follow: http or https only. Replaces Django's validator, which
    also lets ftp through, rather than adding to it, so a bad address gets one message."""

    default_validators = [URLValidator(schemes=WEB_SCHEMES)]


class LandscapeEntryForm(forms.ModelForm):
    name = forms.CharField(
        label=_("Name"),
        help_text=_("For example, Northshire Community Safety Partnership strategy 2025 to 2028"),
        max_length=NAME_MAX_LENGTH,
        error_messages={
            "required": _("Enter the name of the partnership, strategy or initiative"),
            "max_length": _("The name must be 200 characters or fewer"),
        },
    )
    kind = forms.ChoiceField(
        label=_("What kind is it?"),
        choices=LandscapeEntry.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select what kind of partnership, strategy or initiative it is"),
            "invalid_choice": _("Select what kind of partnership, strategy or initiative it is"),
        },
    )
    owner = forms.CharField(
        label=_("Who leads or owns it"),
        help_text=_(
            "The organisation or body, for example Northshire County Council or the Home "
            "Office. Not a person’s name: the strategy document lists it."
        ),
        max_length=NAME_MAX_LENGTH,
        error_messages={
            "required": _("Enter the organisation or body that leads or owns it"),
            "max_length": _("Who leads or owns it must be 200 characters or fewer"),
        },
    )
    alignment = forms.CharField(
        label=_("How the partnership aligns with it and avoids duplication"),
        help_text=_(
            "For example, which priorities it leads on and which the Duty partnership leads on, "
            "and how the two boards keep each other informed"
        ),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Enter how the partnership aligns with it and avoids duplication"),
            "max_length": _("How the partnership aligns with it must be 3,000 characters or fewer"),
        },
    )
    opportunities = forms.CharField(
        label=_("Shared priorities or joint opportunities (optional)"),
        help_text=_("For example, a joint commission, shared data or a combined consultation"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _(
                "Shared priorities or joint opportunities must be 3,000 characters or fewer"
            )
        },
    )
    web_address = WebAddressField(
        label=_("Web address (optional)"),
        help_text=_("Where the strategy or the partnership’s page is published"),
        max_length=WEB_ADDRESS_MAX_LENGTH,
        required=False,
        error_messages={
            "invalid": WEB_ADDRESS_INVALID,
            "max_length": _("The web address must be 500 characters or fewer"),
        },
    )
    review_on = GovukDateField(
        label=_("Next review or renewal date (optional)"),
        required=False,
        help_text=_("When it is next reviewed or renewed, if known. For example, 31 3 2027"),
    )

    class Meta:
        model = LandscapeEntry
        fields = [
            "name", "kind", "owner", "alignment", "opportunities", "web_address", "review_on",
        ]  # fmt: skip
