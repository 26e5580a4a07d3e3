"""Forms of the Duty grant, and the money field every funding form types amounts into.

An amount is typed as text beside a "£" (the GOV.UK prefixed input), never `type="number"`,
and read by funding.money.parse_money: exact pounds and pence, with a message fit to show.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.forms import GovukDateField
from partnerships.models import Partnership

from .models import GrantLine
from .money import PENNY, MoneyError, parse_money


class MoneyField(forms.Field):
    """An amount in pounds and pence, typed beside a "£": a Decimal to the penny, or None."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("template_name", "funding/forms/money_field.html")
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.setdefault("inputmode", "decimal")
        attrs.setdefault("spellcheck", "false")
        attrs["class"] = " ".join(
            c for c in (widget.attrs.get("class"), "govuk-input--width-10") if c
        )
        return attrs

    def prepare_value(self, value):
        # What the form shows again: a Decimal as people write it, typed text as it was typed.
        if isinstance(value, Decimal):
            return f"{value.quantize(PENNY):,.2f}"
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_money(str(value))
        except MoneyError as error:
            raise ValidationError(str(error), code="invalid") from None

    def validate(self, value):
        if value is None and self.required and "required" not in self.error_messages:
            raise ValidationError(
                _("Enter the %(label)s") % {"label": str(self.label).lower()}, code="required"
            )
        super().validate(value)


def _text(label, *, max_length: int, required_message=None, help_text="", long=False):
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=max_length,
        required=required_message is not None,
        widget=forms.Textarea(attrs={"rows": 4}) if long else forms.TextInput,
        error_messages={
            "required": required_message or "",
            "max_length": _("Enter %(limit_value)s characters or fewer"),
        },
    )


class GrantForm(forms.Form):
    title = _text(
        _("Title"),
        max_length=200,
        required_message=_("Enter the title"),
        help_text=_("For example, Serious Violence Duty grant"),
    )
    grant_year = forms.RegexField(
        label=_("Grant year"),
        regex=r"^\d{4}/\d{2}$",
        help_text=_("The financial year it funds, for example 2026/27"),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "required": _("Enter the grant year"),
            "invalid": _("Enter the grant year like 2026/27"),
        },
    )
    awarded_by = _text(
        _("Awarded by"), max_length=200, required_message=_("Enter who awarded the grant")
    )
    reference = _text(_("Award reference (optional)"), max_length=60)
    amount = MoneyField(
        label=_("Amount awarded"),
        error_messages={"required": _("Enter the amount awarded")},
    )
    conditions = _text(_("Conditions of grant (optional)"), max_length=10_000, long=True)
    awarded_on = GovukDateField(label=_("Awarded on"))
    starts_on = GovukDateField(label=_("Funding starts on"))
    ends_on = GovukDateField(label=_("Funding ends on"))
    partnerships = forms.ModelMultipleChoiceField(
        label=_("Partnerships it funds"),
        queryset=Partnership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select the partnerships the grant funds"),
            "invalid_choice": _("Select partnerships you convene"),
            "invalid_pk_value": _("Select partnerships you convene"),
        },
    )

    def __init__(self, *args, convened: frozenset[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnerships"].queryset = Partnership.objects.filter(pk__in=convened).order_by(
            "name"
        )

    def clean_grant_year(self):
        year = self.cleaned_data["grant_year"]
        start, end = int(year[:4]), int(year[5:])
        if (start + 1) % 100 != end:
            raise ValidationError(_("Enter the grant year like 2026/27"), code="invalid")
        return year


class GrantLinesForm(forms.Form):
    labour = MoneyField(
        label=_("Labour"),
        help_text=_("Programme lead, analysts and other staff"),
        error_messages={"required": _("Enter the amount for labour")},
    )
    labour_notes = _text(_("Notes on labour (optional)"), max_length=2_000, long=True)
    non_labour = MoneyField(
        label=_("Non-labour"),
        help_text=_("Interventions and other costs"),
        error_messages={"required": _("Enter the amount for non-labour")},
    )
    non_labour_notes = _text(_("Notes on non-labour (optional)"), max_length=2_000, long=True)


class AllocationForm(forms.Form):
    line = forms.ChoiceField(
        label=_("Line"),
        choices=GrantLine.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the line it comes from"),
            "invalid_choice": _("Select the line it comes from"),
        },
    )
    partnership = forms.ModelChoiceField(
        label=_("Partnership"),
        queryset=Partnership.objects.none(),
        empty_label=_("Choose a partnership"),
        error_messages={
            "required": _("Select the partnership"),
            "invalid_choice": _("Select one of the partnerships the grant funds"),
        },
    )
    amount = MoneyField(label=_("Amount"), error_messages={"required": _("Enter the amount")})
    purpose = _text(
        _("What it pays for"),
        max_length=300,
        required_message=_("Enter what it pays for"),
        help_text=_("For example, the partnership's analyst for the year"),
    )

    def __init__(self, *args, grant, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = grant.partnerships.order_by("name")
        if editing:
            # An allocation stays with its line and partnership: only its amount and purpose move.
            del self.fields["line"]
            del self.fields["partnership"]


class DecisionForm(forms.Form):
    decided_on = GovukDateField(label=_("Decided on"))
    decided_by = _text(
        _("Who agreed it"),
        max_length=200,
        required_message=_("Enter who agreed it"),
        help_text=_("For example, the Police and Crime Commissioner, at the partnership board"),
    )
    reference = _text(_("Published decision reference (optional)"), max_length=100)
    summary = _text(
        _("What was decided"),
        max_length=5_000,
        required_message=_("Enter what was decided"),
        long=True,
    )
