"""The annual review: what was found, and the decision that completes it."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from common.forms import GovukDateField
from partnerships.models import Organisation

from ..models import Review


class ReviewForm(forms.Form):
    """Starting or changing a review: when it was held, who took part and what it found."""

    reviewed_on = GovukDateField(
        label=_("Date of the review"),
        error_messages={"required": _("Enter the date of the review")},
    )
    # Tenant rows refuse queries outside a scope, so the choices are set per request.
    participants = forms.ModelMultipleChoiceField(
        label=_("Organisations that took part"),
        help_text=_("Select all that apply"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select the organisations that took part in the review"),
            "invalid_choice": _("Select the organisations that took part in the review"),
            "invalid_pk_value": _("Select the organisations that took part in the review"),
        },
    )
    working = forms.CharField(
        label=_("What is working (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    not_working = forms.CharField(
        label=_("What is not working (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    evaluation_evidence = forms.CharField(
        label=_("Evaluation evidence (optional)"),
        help_text=_("Evaluations, measures and feedback the review looked at"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, organisations, review: Review | None = None, **kwargs):
        if review is not None:
            kwargs.setdefault(
                "initial",
                {
                    "reviewed_on": review.reviewed_on,
                    "participants": [o.pk for o in review.participants.all()],
                    "working": review.working,
                    "not_working": review.not_working,
                    "evaluation_evidence": review.evaluation_evidence,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = organisations


class ReviewCompleteForm(forms.Form):
    """The decision that completes a review and sets when the next one is due."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=Review.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the decision"),
            "invalid_choice": _("Select the decision"),
        },
    )
    changes_agreed = forms.CharField(
        label=_("Changes agreed"),
        help_text=_("What will change, and who will do it. Not needed if nothing changes."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    next_due_on = GovukDateField(
        label=_("Next review due (optional)"),
        required=False,
    )

    def __init__(self, *args, latest_next_due, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_due_on"].help_text = _(
            "Leave it blank for %(date)s, 12 months after this review: the latest the Duty "
            "allows. For example, %(example)s"
        ) % {
            "date": date_format(latest_next_due, "j F Y"),
            "example": date_format(latest_next_due, "j n Y"),
        }

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if (
            decision
            and decision != Review.Decision.NO_CHANGE
            and not (cleaned.get("changes_agreed") or "").strip()
        ):
            self.add_error("changes_agreed", _("Enter the changes agreed"))
        return cleaned
