"""Commissioned services and commissioning opportunities, linked to priorities and to the
provision map."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.models import ProvisionService
from common.forms import BoundedDecimalField, GovukDateField
from partnerships.models import Organisation

from ..models import Commission, Priority, Strategy


class MoneyField(BoundedDecimalField):
    """Pounds, typed as people write them: "£25,000" and "25000" are the same."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("£").replace(",", "").strip()
        return super().to_python(value)


class CommissionForm(forms.ModelForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Commission.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select whether it is a commissioned service or an opportunity")
        },
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={
            "required": _("Enter the title"),
            "max_length": _("The title must be 200 characters or fewer"),
        },
    )
    description = forms.CharField(
        label=_("Description (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # Tenant rows refuse queries outside a scope, so the choices are set per request.
    commissioner = forms.ModelChoiceField(
        label=_("Commissioner"),
        queryset=Organisation.objects.none(),
        help_text=_("The organisation that commissions or funds it"),
        error_messages={
            "required": _("Select the commissioner"),
            "invalid_choice": _("Select an organisation in the partnership"),
        },
    )
    value = MoneyField(
        label=_("Value in pounds (optional)"),
        required=False,
        max_digits=12,
        decimal_places=2,
        help_text=_("For example, 25000"),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={
            "invalid": _("Enter the value as an amount of money, like 25000"),
            "min_value": _("The value must be £0 or more"),
            "max_value": _("The value must be less than £10,000,000,000"),
            "max_decimal_places": _("The value must have no more than 2 decimal places"),
        },
    )
    starts_on = GovukDateField(
        label=_("Start date"), required=False, help_text=_("Optional. For example, 1 4 2026")
    )
    ends_on = GovukDateField(
        label=_("End date"), required=False, help_text=_("Optional. For example, 31 3 2028")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Commission.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the status")},
    )
    priorities = forms.ModelMultipleChoiceField(
        label=_("Priorities it answers (optional)"),
        queryset=Priority.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Priorities of the partnership's current strategies"),
        error_messages={"invalid_choice": _("Select priorities from the list")},
    )
    provision = forms.ModelMultipleChoiceField(
        label=_("Services on the provision map (optional)"),
        queryset=ProvisionService.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Select services from the list")},
    )

    class Meta:
        model = Commission
        fields = [
            "kind", "title", "description", "commissioner", "value", "starts_on", "ends_on",
            "status", "priorities", "provision",
        ]  # fmt: skip

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        commission = self.instance
        # What it is already linked to stays choosable, even once retired or superseded.
        kept_commissioner = Q(pk=commission.commissioner_id) if commission.pk else Q(pk__in=[])
        self.fields["commissioner"].queryset = Organisation.objects.filter(
            Q(partnership=partnership) & (Q(retired_at__isnull=True) | kept_commissioner)
        ).order_by("name")
        kept_priorities = (
            Q(pk__in=commission.priorities.values("pk")) if commission.pk else Q(pk__in=[])
        )
        self.fields["priorities"].queryset = (
            Priority.objects.filter(partnership=partnership)
            .filter(~Q(strategy__status=Strategy.Status.SUPERSEDED) | kept_priorities)
            .select_related("strategy")
            .order_by("-strategy__start_period", "order", "pk")
        )
        self.fields["priorities"].label_from_instance = lambda p: f"{p.title} ({p.strategy})"
        self.fields["provision"].queryset = ProvisionService.objects.filter(
            partnership=partnership
        ).order_by("name", "pk")
        self.fields["provision"].label_from_instance = lambda s: f"{s.name} ({s.provider})"


class CommissionFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Services and opportunities")), *Commission.Kind.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Commission.Status.choices],
    )

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
