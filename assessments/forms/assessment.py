"""Starting and editing an SNA, its modules, and the GOV.UK date input its dates use."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from assessments.models import AssessmentModule, validate_period

# --- The GOV.UK date input ------------------------------------------------------------------------


class GovukDateWidget(forms.MultiWidget):
    """Day, month and year boxes, named and marked up as the Design System's date input."""

    template_name = "assessments/assessment/_date_widget.html"
    # (suffix of the name and id, label, width class)
    PARTS = [
        ("day", _("Day"), "govuk-input--width-2"),
        ("month", _("Month"), "govuk-input--width-2"),
        ("year", _("Year"), "govuk-input--width-4"),
    ]

    def __init__(self, attrs=None):
        widgets = {name: forms.TextInput() for name, _label, _width in self.PARTS}
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        base_id = context["widget"]["attrs"].get("id", name)
        in_error = "govuk-input--error" in context["widget"]["attrs"].get("class", "")
        for subwidget, (part, label, width) in zip(
            context["widget"]["subwidgets"], self.PARTS, strict=True
        ):
            classes = ["govuk-input", "govuk-date-input__input", width]
            if in_error:
                classes.append("govuk-input--error")
            # The day box carries the field's own id, so the error summary's link lands on it.
            subwidget["attrs"] = {
                "id": base_id if part == "day" else f"{base_id}-{part}",
                "class": " ".join(classes),
                "inputmode": "numeric",
            }
            subwidget["label"] = label
        context["widget"]["group_id"] = f"{base_id}-group"
        return context


DATE_HINT = _("For example, 27 3 2026")


class GovukDateField(forms.Field):
    """A date typed as day, month and year, with the Design System's error messages."""

    widget = GovukDateWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", DATE_HINT)
        kwargs.setdefault("template_name", "assessments/assessment/_date_field.html")
        super().__init__(**kwargs)

    def to_python(self, value):
        parts = [(part or "").strip() for part in (value or [])]
        if not any(parts):
            return None
        day, month, year = [*parts, "", "", ""][:3]
        label = str(self.label)
        missing = [
            str(name)
            for name, part in zip(
                (_("day"), _("month"), _("year")), (day, month, year), strict=True
            )
            if not part
        ]
        if missing:
            raise ValidationError(
                _("%(label)s must include a %(parts)s")
                % {"label": label, "parts": str(_(" and ")).join(missing)},
                code="incomplete",
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(
                _("%(label)s must be a real date") % {"label": label}, code="invalid"
            )
        if len(year) != 4:
            raise ValidationError(_("Year must include 4 numbers"), code="invalid_year")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(
                _("%(label)s must be a real date") % {"label": label}, code="invalid"
            ) from None


# --- The SNA --------------------------------------------------------------------------------------


class AssessmentStartForm(forms.Form):
    period = forms.CharField(
        label=_("Period"),
        help_text=_("The financial year the SNA covers, for example 2026/27"),
        max_length=7,
        validators=[validate_period],
        error_messages={"required": _("Enter the period the SNA covers, for example 2026/27")},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "spellcheck": "false"}),
    )
    scope = forms.CharField(
        label=_("Scope"),
        help_text=_(
            "What the SNA covers: the area, the violence in the local definition, the "
            "ages and cohorts. You can use Markdown."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    methodology = forms.CharField(
        label=_("Methodology"),
        help_text=_("How the evidence is gathered and analysed. You can use Markdown."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_period(self) -> str:
        return self.cleaned_data["period"].strip()


class AssessmentEditForm(forms.Form):
    scope = AssessmentStartForm.base_fields["scope"]
    methodology = AssessmentStartForm.base_fields["methodology"]
    restricted = forms.BooleanField(
        label=_("Restricted: share only with members of the partnership who may see the SNA"),
        help_text=_(
            "The SNA holds sensitive analysis, so it is restricted unless the "
            "partnership decides otherwise."
        ),
        required=False,
    )


class AssessmentSharedForm(forms.Form):
    shared_on = GovukDateField(
        label=_("Date shared with the Home Office"),
        error_messages={"required": _("Enter the date the SNA was shared with the Home Office")},
    )


class ModuleForm(forms.Form):
    """A module's text and status; leads also choose who owns it."""

    body = forms.CharField(
        label=_("Text"),
        help_text=_("You can use Markdown: # for headings, * for lists, | for tables."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=AssessmentModule.Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the module's status"),
            "invalid_choice": _("Choose the module's status"),
        },
    )

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is not None:
            self.fields["owner"] = forms.ModelChoiceField(
                label=_("Owner"),
                help_text=_("The member who writes this module"),
                queryset=owners,
                required=False,
                empty_label=_("No owner yet"),
                error_messages={"invalid_choice": _("Choose a current member as the owner")},
            )
            self.fields["owner"].label_from_instance = lambda m: (
                f"{m.user.full_name or m.user.email} ({m.organisation.name})"
            )
