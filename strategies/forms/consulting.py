"""Consultation on the draft strategy: the lead opens it, a respondent comments on each section
and submits, and the lead answers each comment."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from common.forms import GovukDateField

from ..models import COMMENT_MAX_LENGTH, ConsultationComment

# GOV.UK's character count shows what is left as they type; the limit is checked here rather
# than with the HTML maxlength attribute, which would cut text off without saying so.
TOO_LONG = _("Enter 5,000 characters or fewer")


def _bounded_text(label, *, required: bool, help_text="", required_message=""):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5, "class": "govuk-js-character-count"}),
        validators=[MaxLengthValidator(COMMENT_MAX_LENGTH, message=TOO_LONG)],
        error_messages={"required": required_message} if required_message else {},
    )


class ConsultationOpenForm(forms.Form):
    closes_on = GovukDateField(
        label=_("Closing date"),
        help_text=_("Comments are taken until the end of this day. For example, 27 3 2027"),
        error_messages={"required": _("Enter the closing date")},
    )


class CommentForm(forms.Form):
    """A comment on one section; each section's form has the section's key as its prefix, so
    every field on the page has an id of its own."""

    text = _bounded_text(
        _("Your comment on this section"),
        required=False,
        help_text=_("Leave it empty to remove your comment."),
    )


class SubmitResponseForm(forms.Form):
    overall = _bounded_text(
        _("Overall remarks (optional)"),
        required=False,
        help_text=_("Anything you want to say about the strategy as a whole."),
    )


class AnswerForm(forms.Form):
    """The lead's answer to one comment; its prefix is the comment's, for the same reason."""

    answer = _bounded_text(
        _("Your answer"), required=True, required_message=_("Enter your answer to the comment")
    )
    changed = forms.ChoiceField(
        label=_("Did the draft change?"),
        choices=ConsultationComment.Changed.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select whether the draft changed"),
            "invalid_choice": _("Select whether the draft changed"),
        },
    )
    what_changed = _bounded_text(
        _("What changed (if it did)"),
        required=False,
        help_text=_("This is printed in the strategy's consultation summary."),
    )
