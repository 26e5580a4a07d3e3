"""Forms of the convener's requests for information: making one, and answering or refusing it."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from assessments.forms.contributions import MultipleFileField
from common.forms import GovukDateField

from .models import InformationRequest, RefusalGround

ATTACHMENTS_HINT = _(
    "PDF, DOCX, ODT, XLSX or CSV files, up to 10 MB each. They are kept privately: only the "
    "convener and those who answer for the organisation can download them. If the form shows "
    "an error, select the files again."
)


def _required(message):
    return {"required": message, "invalid_choice": message}


def _long_text(*, label, max_length: int, too_long, required_message=None, help_text=""):
    """A textarea the page shows with a character count (the count, not the browser, tells the
    person when they have written too much: GOV.UK's character count)."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required_message is not None,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 5, "class": "govuk-js-character-count"}),
        error_messages={
            "required": required_message or "",
            "max_length": too_long,
        },
    )


class _CharacterCounts:
    def _drop_maxlength(self) -> None:
        # GOV.UK's character count lets people type past the limit and says by how much.
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)
            if isinstance(field.widget, forms.Textarea):
                field.character_count = field.max_length


class InformationRequestForm(_CharacterCounts, forms.Form):
    addressee = forms.ChoiceField(
        label=_("Authority you are asking"),
        help_text=_(
            "A specified authority that is a member, or an educational, prison or youth custody "
            "authority on the partnership's register of bodies outside it"
        ),
        error_messages=_required(_("Select the authority you are asking")),
    )
    subject = forms.CharField(
        label=_("Subject"),
        help_text=_("For example, Knife crime referrals to youth diversion, 2025 to 2026"),
        max_length=200,
        error_messages={
            "required": _("Enter the subject"),
            "max_length": _("Subject must be 200 characters or fewer"),
        },
    )
    asked = _long_text(
        label=_("Information required"),
        too_long=_("Information required must be 5,000 characters or fewer"),
        help_text=_("Say exactly what to supply, for which period and at what level of detail"),
        max_length=5000,
        required_message=_("Enter the information required"),
    )
    purpose = forms.ChoiceField(
        label=_("What it helps you monitor"),
        choices=InformationRequest.Purpose.choices,
        widget=forms.RadioSelect,
        error_messages=_required(_("Select what it helps you monitor")),
    )
    due_on = GovukDateField(
        label=_("Due by"),
        help_text=_("Give the authority a reasonable time to answer. For example, 27 3 2027"),
        error_messages={"required": _("Enter the date it is due by")},
    )

    def __init__(self, *args, organisations, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self._drop_maxlength()
        self._organisations = {f"organisation-{o.pk}": o for o in organisations}
        self._bodies = {f"body-{b.pk}": b for b in bodies}
        choices = [("", _("Select an authority"))]
        if organisations:
            members = [(key, o.name) for key, o in self._organisations.items()]
            choices.append((_("Member organisations"), members))
        if bodies:
            outside = [(key, b.name) for key, b in self._bodies.items()]
            choices.append((_("Bodies outside the partnership"), outside))
        self.fields["addressee"].choices = choices

    def clean(self):
        cleaned = super().clean()
        key = cleaned.get("addressee") or ""
        cleaned["organisation"] = self._organisations.get(key)
        cleaned["outside_body"] = self._bodies.get(key)
        return cleaned


class ResponseForm(_CharacterCounts, forms.Form):
    class Outcome:
        ANSWER = "answer"
        REFUSE = "refuse"

    outcome = forms.ChoiceField(
        label=_("Your response"),
        choices=[
            (Outcome.ANSWER, _("Supply the information")),
            (Outcome.REFUSE, _("Refuse on a ground the Act allows")),
        ],
        widget=forms.RadioSelect,
        error_messages=_required(_("Select whether you supply the information or refuse")),
    )
    response = _long_text(
        label=_("The information (optional if you attach it)"),
        too_long=_("The information must be 10,000 characters or fewer"),
        max_length=10000,
    )
    attachments = MultipleFileField(label=_("Files (optional)"), help_text=ATTACHMENTS_HINT)
    refusal_ground = forms.ChoiceField(
        label=_("If you refuse: the ground"),
        choices=RefusalGround.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages=_required(_("Select the ground for refusing")),
    )
    refusal_explanation = _long_text(
        label=_("If you refuse: why the information cannot be supplied"),
        too_long=_("The explanation must be 5,000 characters or fewer"),
        max_length=5000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._drop_maxlength()

    def clean(self):
        cleaned = super().clean()
        outcome = cleaned.get("outcome")
        if outcome == self.Outcome.ANSWER:
            # Files refused for their size or type already say so: no second message.
            nothing_given = not cleaned.get("response") and not cleaned.get("attachments")
            if nothing_given and "attachments" not in self.errors:
                self.add_error(
                    "response",
                    ValidationError(_("Enter the information, or attach the files that hold it")),
                )
        elif outcome == self.Outcome.REFUSE:
            if not cleaned.get("refusal_ground"):
                self.add_error("refusal_ground", _("Select the ground for refusing"))
            if not cleaned.get("refusal_explanation"):
                self.add_error(
                    "refusal_explanation", _("Explain why the information cannot be supplied")
                )
        return cleaned
