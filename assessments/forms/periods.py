"""The period a call or a contribution covers, read as uploads read periods
(assessments/uploads/periods.py) so a form and a file agree on what "2026-27" means."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import financial_year, validate_period
from ..uploads.periods import PeriodRefused, read_period

# Longer than any period anyone writes ("FY 2026/2027 Q1"); anything longer is not one.
LONGEST_PERIOD = 40


class FinancialYearField(forms.CharField):
    """A financial year, written any way the upload reader understands: 2026/27, 2026-27,
    FY2026/27, 2026/2027. A quarter (Q1 2026-27, 2026 Q1) or a month (April 2026) is recorded as
    the financial year it falls in, which is what calls and contributions hold: "2026/27"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Period"))
        kwargs.setdefault(
            "help_text",
            _(
                "The financial year, like 2026/27 or 2026-27. A quarter (Q1 2026/27) or a month "
                "(April 2026) is recorded as the financial year it falls in."
            ),
        )
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
        )
        error_messages = {"required": _("Enter the period, like 2026/27")}
        error_messages.update(kwargs.pop("error_messages", {}))
        super().__init__(error_messages=error_messages, validators=[validate_period], **kwargs)

    def to_python(self, value) -> str:
        text = super().to_python(value)
        if not text:
            return text
        if len(text) > LONGEST_PERIOD:
            raise ValidationError(
                _("Enter the period as a financial year, like 2026/27"), code="invalid_period"
            )
        try:
            first_day, _label = read_period(text)
        except PeriodRefused as refused:
            raise ValidationError(str(refused), code="invalid_period") from refused
        return financial_year(first_day)
