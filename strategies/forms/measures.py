"""A strategy's outcome and output measures, and the commentary on each period."""

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import Measure
from common.forms import BoundedDecimalField

from ..models import Priority, StrategyMeasure


def _number(*, label, hint, messages: dict) -> BoundedDecimalField:
    # A figure like the data returns' own: 0 or more, below 1,000,000,000,000, 2 decimals.
    return BoundedDecimalField(
        label=label,
        help_text=hint,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages=messages,
    )


class StrategyMeasureForm(forms.ModelForm):
    name = forms.CharField(
        label=_("Name of the measure"),
        max_length=200,
        help_text=_("For example, hospital admissions for assault with a sharp object, under 25"),
        error_messages={
            "required": _("Enter the name of the measure"),
            "max_length": _("The name must be 200 characters or fewer"),
        },
    )
    kind = forms.ChoiceField(
        label=_("Kind of measure"),
        choices=StrategyMeasure.Kind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "An outcome measure tracks the violence and its causes; an output measure tracks "
            "what the partnership delivers"
        ),
        error_messages={"required": _("Select the kind of measure")},
    )
    # Tenant rows refuse queries outside a scope, so the choices are set per request.
    priority = forms.ModelChoiceField(
        label=_("Priority (optional)"),
        queryset=Priority.objects.none(),
        required=False,
        empty_label=_("Not linked to a priority"),
        error_messages={"invalid_choice": _("Choose a priority of this strategy")},
    )
    data_measure = forms.ModelChoiceField(
        label=_("Data-return measure (optional)"),
        queryset=Measure.objects.none(),
        required=False,
        empty_label=_("Not linked to a data-return measure"),
        help_text=_(
            "The latest value and trend come from accepted figures for this measure in the "
            "SNA's data returns, added together across areas"
        ),
        error_messages={"invalid_choice": _("Select a data-return measure from the list")},
    )
    baseline = _number(
        label=_("Baseline"),
        hint=_("The value the strategy starts from"),
        messages={
            "required": _("Enter the baseline"),
            "invalid": _("The baseline must be a number, like 120 or 4.5"),
            "max_decimal_places": _("The baseline must have no more than 2 decimal places"),
            "min_value": _("The baseline must be 0 or more"),
            "max_value": _("The baseline must be less than 1,000,000,000,000"),
        },
    )
    baseline_period = forms.CharField(
        label=_("Baseline period"),
        max_length=20,
        help_text=_("For example, 2025/26 or 2025-Q4"),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={
            "required": _("Enter the period of the baseline"),
            "max_length": _("The baseline period must be 20 characters or fewer"),
        },
    )
    target = _number(
        label=_("Target"),
        hint=_("The value the partnership aims to reach"),
        messages={
            "required": _("Enter the target"),
            "invalid": _("The target must be a number, like 100 or 4.5"),
            "max_decimal_places": _("The target must have no more than 2 decimal places"),
            "min_value": _("The target must be 0 or more"),
            "max_value": _("The target must be less than 1,000,000,000,000"),
        },
    )
    target_period = forms.CharField(
        label=_("Target period (optional)"),
        max_length=20,
        required=False,
        help_text=_("When the target should be reached, for example 2028/29"),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"max_length": _("The target period must be 20 characters or fewer")},
    )
    direction = forms.ChoiceField(
        label=_("Direction of good"),
        choices=StrategyMeasure.Direction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether lower or higher is better")},
    )
    frequency = forms.ChoiceField(
        label=_("How often it is reported"),
        choices=StrategyMeasure.Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how often the measure is reported")},
    )
    restricted = forms.BooleanField(
        label=_("Restricted: leave it out of the published strategy"),
        required=False,
        help_text=_("For small numbers that could identify people, or operational detail"),
    )

    class Meta:
        model = StrategyMeasure
        fields = [
            "name", "kind", "priority", "data_measure", "baseline", "baseline_period", "target",
            "target_period", "direction", "frequency", "restricted",
        ]  # fmt: skip

    def __init__(self, *args, strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = Priority.objects.filter(strategy=strategy).order_by(
            "order", "pk"
        )
        self.fields["data_measure"].queryset = Measure.objects.order_by("name")
        self.fields["data_measure"].label_from_instance = lambda m: f"{m.name} ({m.unit})"


class CommentaryForm(forms.Form):
    period_label = forms.CharField(
        label=_("Period"),
        max_length=20,
        help_text=_("The period the commentary is about, for example 2026-Q1"),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={
            "required": _("Enter the period the commentary is about"),
            "max_length": _("The period must be 20 characters or fewer"),
        },
    )
    commentary = forms.CharField(
        label=_("Commentary"),
        help_text=_("What the figures show, why, and what the partnership is doing about it"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter the commentary")},
    )
