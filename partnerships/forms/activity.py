"""Filtering the partnership's activity timeline."""

from django import forms
from django.utils.translation import gettext_lazy as _

# The kinds of thing the timeline records, keyed by AuditEntry.subject_type (a model name).
SUBJECT_TYPES = [
    ("organisation", _("Organisations")),
    ("membership", _("Members")),
    ("invitation", _("Invitations")),
    ("partnership", _("The partnership")),
]


class ActivityFilterForm(forms.Form):
    subject = forms.ChoiceField(
        label=_("Show changes to"),
        choices=[("", _("Everything")), *SUBJECT_TYPES],
        required=False,
    )

    def subject_type(self) -> str:
        """The chosen kind of subject, or "" for everything (also for a value we don't know)."""
        return self.cleaned_data.get("subject", "") if self.is_valid() else ""
