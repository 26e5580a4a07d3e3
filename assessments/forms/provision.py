from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import BoundedIntegerField, FilterForm

from ..models import Finding, ProvisionService

# No service is for people older than this.
OLDEST_AGE = 120


def _age(*, label, invalid, out_of_range) -> BoundedIntegerField:
    return BoundedIntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=OLDEST_AGE,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={"invalid": invalid, "min_value": out_of_range, "max_value": out_of_range},
    )


class ProvisionServiceForm(forms.ModelForm):
    # Tenant rows refuse queries outside a scope, so the choices are set per request.
    findings = forms.ModelMultipleChoiceField(
        label=_("Gaps and findings (optional)"),
        queryset=Finding.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Needs from the SNA this service answers, or gaps it leaves open"),
    )
    age_min = _age(
        label=_("Youngest age"),
        invalid=_("Enter the youngest age as a whole number, like 10"),
        out_of_range=_("The youngest age must be between %(min)s and %(max)s"),
    )
    age_max = _age(
        label=_("Oldest age"),
        invalid=_("Enter the oldest age as a whole number, like 24"),
        out_of_range=_("The oldest age must be between %(min)s and %(max)s"),
    )
    funding_ends_on = forms.DateField(
        label=_("Funding ends (optional)"),
        required=False,
        input_formats=["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"],
        help_text=_("For example, 31/03/2027"),
        error_messages={"invalid": _("Enter the date funding ends like 31/03/2027")},
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "govuk-input--width-10"}),
    )

    class Meta:
        model = ProvisionService
        fields = [
            "name", "provider", "description", "area", "tier", "cohort", "age_min", "age_max",
            "eligibility", "referral_route", "risk_factors", "evidence", "funding_source",
            "funding_ends_on", "commissioned_by",
        ]  # fmt: skip
        widgets = {
            "tier": forms.RadioSelect,
            "evidence": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "eligibility": forms.Textarea(attrs={"rows": 2}),
            "referral_route": forms.Textarea(attrs={"rows": 2}),
            "risk_factors": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "cohort": _("Who it is for, for example 'young people excluded from school'"),
            "risk_factors": _("For example: school exclusion, exploitation, substance misuse"),
        }
        error_messages = {
            "name": {"required": _("Enter the service name")},
            "provider": {"required": _("Enter the organisation that runs the service")},
            "description": {"required": _("Describe what the service does")},
            "area": {"required": _("Enter where the service is available")},
            "tier": {"required": _("Select the prevention tier")},
        }

    def __init__(self, *args, findings, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["findings"] = list(self.instance.findings.values_list("pk", flat=True))
        self.fields["findings"].queryset = findings
        self.fields["findings"].label_from_instance = lambda f: (
            f"{f.title} ({f.get_kind_display()})"
        )


class ProvisionFilterForm(FilterForm):
    tier = forms.ChoiceField(
        label=_("Prevention tier"),
        required=False,
        choices=[("", _("All tiers")), *ProvisionService.Tier.choices],
        error_messages={"invalid_choice": _("Select a prevention tier from the list")},
    )
    evidence = forms.ChoiceField(
        label=_("Evidence"),
        required=False,
        choices=[("", _("Any evidence")), *ProvisionService.Evidence.choices],
        error_messages={"invalid_choice": _("Select a level of evidence from the list")},
    )


def finding_queryset(*, partnership):
    return Finding.objects.filter(partnership=partnership).select_related("assessment")
