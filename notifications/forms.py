from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Frequency


class EmailPreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("How often should we email you about your partnerships?"),
        help_text=_(
            "Whatever you choose, everything is listed here. Emails that keep your account "
            "safe, such as password reset links, always come at once."
        ),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select how often we should email you"),
            "invalid_choice": _("Select how often we should email you"),
        },
    )
