"""Forms for the partnership's funding pages: recording a quarter's spend, uploading a file of
spend, and dividing an allocation into parts.

Amounts are typed into the grant pages' money field (funding/forms.py): pounds and pence as
people type them, read by funding/money.py, shown with the Design System's £ prefix.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.forms.data_returns import CheckedUploadForm, refuse_if_too_large
from assessments.models import ProvisionService
from partnerships.models import Organisation, Partnership
from strategies.models import Action

from .forms import MoneyField as GrantMoneyField
from .uploads import MAX_ROWS, SpendUploadResult, parse_spend_upload

_TOO_PRECISE = re.compile(r"\.\d{3,}$")


class MoneyField(GrantMoneyField):
    """The grant pages' money field, with a message of its own for a third decimal place
    (people paste 12.345 from a spreadsheet's working)."""

    def to_python(self, value):
        if isinstance(value, str) and _TOO_PRECISE.search(value.strip()):
            raise forms.ValidationError(
                _("Enter an amount with no more than two decimal places, like 12.35")
            )
        return super().to_python(value)


class SpendForm(forms.Form):
    """One quarter's spend and delivery for one allocation."""

    year = forms.ChoiceField(label=_("Financial year"))
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        choices=[
            (1, _("Quarter 1 (April to June)")),
            (2, _("Quarter 2 (July to September)")),
            (3, _("Quarter 3 (October to December)")),
            (4, _("Quarter 4 (January to March)")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the quarter")},
    )
    actual = MoneyField(
        label=_("Spent in the quarter"),
        error_messages={"required": _("Enter what was spent in the quarter, or 0")},
    )
    forecast = MoneyField(
        label=_("Forecast spend for the year (optional)"),
        required=False,
        help_text=_("What you now expect to spend from this allocation in the whole year"),
    )
    outputs = forms.CharField(
        label=_("Outputs delivered (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example, 40 young people referred and 32 engaged"),
    )
    evidence = forms.CharField(
        label=_("Evidence (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    variance_reason = forms.CharField(
        label=_("Reason for any variance (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed where the forecast differs from the allocation"),
    )

    def __init__(self, *args, grant_year: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(grant_year, grant_year)]
        self.fields["year"].initial = grant_year


class SpendUploadForm(CheckedUploadForm):
    """A CSV or XLSX of quarterly spend, read and checked whole before anything is saved."""

    file = forms.FileField(
        label=_("Upload a file"),
        help_text=_("A CSV or Excel workbook (.xlsx), up to 5 MB and %(rows)s rows.")
        % {"rows": f"{MAX_ROWS:,}"},
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={
            "required": _("Select a CSV or Excel file of spend"),
            "empty": _("The selected file is empty"),
        },
    )

    def __init__(self, *args, allocations, **kwargs):
        super().__init__(*args, **kwargs)
        self.allocations = allocations
        self.result: SpendUploadResult | None = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        refuse_if_too_large(upload)
        self.result = parse_spend_upload(
            name=upload.name, data=upload.read(), allocations=self.allocations
        )
        self.refuse_problems(empty=_("The file has no rows of spend"))
        return upload


class PartForm(forms.Form):
    """A part of a partnership's allocation, for one of its organisations, interventions or
    strategy actions (the choice's value names which: "organisation-12")."""

    recipient = forms.ChoiceField(
        label=_("Who or what it pays for"),
        error_messages={"required": _("Choose an organisation, intervention or action")},
    )
    amount = MoneyField(
        label=_("Amount"), error_messages={"required": _("Enter the amount of this part")}
    )
    purpose = forms.CharField(
        label=_("What it pays for"),
        max_length=300,
        error_messages={"required": _("Enter what this part pays for")},
    )

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.recipients = {
            "organisation": Organisation.objects.filter(
                partnership=partnership, retired_at__isnull=True
            ).order_by("name"),
            "service": ProvisionService.objects.filter(partnership=partnership).order_by("name"),
            "action": Action.objects.filter(partnership=partnership).order_by("title"),
        }
        self._by_value = {
            f"{kind}-{row.pk}": (kind, row)
            for kind, rows in self.recipients.items()
            for row in rows
        }
        groups = {
            "organisation": _("Organisations"),
            "service": _("Interventions (the provision map)"),
            "action": _("Strategy actions"),
        }
        self.fields["recipient"].choices = [("", _("Choose…"))] + [
            (groups[kind], [(v, str(row)) for v, (k, row) in self._by_value.items() if k == kind])
            for kind in groups
        ]

    @staticmethod
    def initial_for(part) -> dict:
        kind = next(k for k in ("organisation", "service", "action") if getattr(part, f"{k}_id"))
        return {
            "recipient": f"{kind}-{getattr(part, f'{kind}_id')}",
            "amount": f"{part.amount:,.2f}",
            "purpose": part.purpose,
        }

    def service_data(self) -> dict:
        """What the part service takes: the amount, purpose and the one recipient chosen."""
        kind, row = self._by_value[self.cleaned_data["recipient"]]
        data = {"organisation": None, "service": None, "action": None, kind: row}
        return data | {
            "amount": self.cleaned_data["amount"],
            "purpose": self.cleaned_data["purpose"],
        }
