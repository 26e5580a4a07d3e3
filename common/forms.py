"""GOV.UK Design System markup for every Django form, through one form renderer.

Forms stay plain Django forms. The renderer's bound field adds the GOV.UK classes to each widget
and points `aria-describedby` at the hint and the error message, and the templates in
templates/components/forms/ lay out labels, hints, errors and fieldsets as the Design System does.
"""

import contextlib
import datetime
import functools
from contextvars import ContextVar
from decimal import Context, Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

# Widget class → (GOV.UK kind, class on the control, error modifier or "").
_KINDS: list[tuple[type[forms.Widget], str, str, str]] = [
    (forms.CheckboxSelectMultiple, "checkboxes", "govuk-checkboxes__input", ""),
    (forms.RadioSelect, "radios", "govuk-radios__input", ""),
    (forms.CheckboxInput, "checkbox", "govuk-checkboxes__input", ""),
    (
        forms.PasswordInput,
        "password",
        "govuk-input govuk-password-input__input govuk-js-password-input-input",
        "govuk-input--error",
    ),
    (forms.FileInput, "file", "govuk-file-upload", "govuk-file-upload--error"),
    (forms.Textarea, "textarea", "govuk-textarea", "govuk-textarea--error"),
    (forms.Select, "select", "govuk-select", "govuk-select--error"),
]
_GROUPED_KINDS = {"checkboxes", "radios"}


def _kind_for(widget: forms.Widget) -> tuple[str, str, str]:
    if widget.is_hidden:
        return "hidden", "", ""
    for widget_class, kind, css, error_css in _KINDS:
        if isinstance(widget, widget_class):
            return kind, css, error_css
    return "input", "govuk-input", "govuk-input--error"


class GovukBoundField(BoundField):
    """A bound field that knows its GOV.UK component and the ids of its hint and error."""

    @property
    def govuk_kind(self) -> str:
        return _kind_for(self.field.widget)[0]

    @property
    def is_grouped(self) -> bool:
        return self.govuk_kind in _GROUPED_KINDS

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    @property
    def describedby(self) -> str:
        ids = [self.hint_id] if self.help_text else []
        if self.errors:
            ids.append(self.error_id)
        return " ".join(ids)

    @property
    def error_target(self) -> str:
        """The id the error summary links to: the first option of a group, else the control."""
        return f"{self.auto_id}_0" if self.is_grouped else self.auto_id

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        _kind, css, error_css = _kind_for(widget)
        # The class set here replaces the widget's own, so keep its modifiers (input widths).
        classes = [css, widget.attrs.get("class", ""), attrs.get("class", "")]
        if self.errors and error_css:
            classes.append(error_css)
        attrs["class"] = " ".join(c for c in classes if c)
        # Grouped controls are described on their fieldset, not on every option.
        attrs.pop("aria-describedby", None)
        if self.describedby and not self.is_grouped:
            attrs["aria-describedby"] = self.describedby
        return attrs


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: each message beside the field it names where the
    form has that field, the rest at the top (in the error summary)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class FilterForm(forms.Form):
    """A list page's filters, sent by GET. A value the form does not know is an error the page
    shows (the error summary with the form: templates/components/error_summary.html, and beside
    the field) while the other filters still apply; it never fails the page."""

    def filters(self) -> dict:
        """The filters given that make sense: the rest are left out, and shown as errors."""
        if not self.is_bound:
            return {}
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: value
            for name, value in cleaned.items()
            if name not in self.errors and value not in (None, "", [], False)
        }


class GovukFormRenderer(TemplatesSetting):
    """Renders forms with templates/components/forms/ and project widget overrides."""

    form_template_name = "components/forms/form.html"
    field_template_name = "components/forms/field.html"
    bound_field_class = GovukBoundField


# --- The GOV.UK date input ------------------------------------------------------------------------


class GovukDateWidget(forms.MultiWidget):
    """Day, month and year boxes, named and marked up as the Design System's date input."""

    template_name = "components/forms/date_widget.html"
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


# The years any date in the Duty's work can fall in: a bound for every date typed.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


class GovukDateField(forms.Field):
    """A date typed as day, month and year, with the Design System's error messages."""

    widget = GovukDateWidget

    def __init__(self, **kwargs):
        self.error_messages_given = set(kwargs.get("error_messages") or {})
        kwargs.setdefault("help_text", DATE_HINT)
        kwargs.setdefault("template_name", "components/forms/date_field.html")
        super().__init__(**kwargs)

    def validate(self, value):
        if value is None and self.required and "required" not in self.error_messages_given:
            raise ValidationError(
                _("Enter the %(label)s") % {"label": str(self.label).lower()}, code="required"
            )
        super().validate(value)

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
        if not EARLIEST_YEAR <= int(year) <= LATEST_YEAR:
            raise ValidationError(
                _("Year must be between %(earliest)s and %(latest)s")
                % {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
                code="year_out_of_range",
            )
        try:
            return datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):  # a day of 99999999999999999999 overflows
            raise ValidationError(
                _("%(label)s must be a real date") % {"label": label}, code="invalid"
            ) from None


# --- Numbers --------------------------------------------------------------------------------------

# The largest whole numbers PostgreSQL's smallint and integer columns hold. Every whole number
# typed into the portal (a percentage, a position, an age) is saved to one of them.
SMALLINT_MAX, INTEGER_MAX = 32_767, 2_147_483_647


def _refuse_out_of_bounds(field: forms.IntegerField, value) -> None:
    """Refuses a value outside the field's bounds with a message that may name both of them, as
    %(min)s and %(max)s (Django's own validators name only the one that was crossed)."""
    if value is None:
        return
    bounds = {
        "min": number_format(field.min_value, force_grouping=True),
        "max": number_format(field.max_value, force_grouping=True),
    }
    if value < field.min_value:
        raise ValidationError(
            field.error_messages["min_value"],
            code="min_value",
            params=bounds | {"limit_value": bounds["min"]},
        )
    if value > field.max_value:
        raise ValidationError(
            field.error_messages["max_value"],
            code="max_value",
            params=bounds | {"limit_value": bounds["max"]},
        )


class BoundedIntegerField(forms.IntegerField):
    """A whole number between two bounds that are always set (by default 0 and the largest a
    smallint column holds), so nothing typed overflows the column it is saved to. A text box with
    a numeric keypad, as the Design System advises instead of `type="number"`."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Enter a whole number, like 12"),
        "min_value": _("Enter a whole number between %(min)s and %(max)s"),
        "max_value": _("Enter a whole number between %(min)s and %(max)s"),
    }

    def __init__(self, *, min_value: int = 0, max_value: int = SMALLINT_MAX, **kwargs):
        if not -INTEGER_MAX <= min_value <= max_value <= INTEGER_MAX:
            raise ValueError(f"{min_value} to {max_value} does not fit an integer column")
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if not isinstance(widget, forms.NumberInput) and "inputmode" not in widget.attrs:
            attrs["inputmode"] = "numeric"
        return attrs

    def to_python(self, value):
        value = super().to_python(value)
        _refuse_out_of_bounds(self, value)
        return value


class BoundedDecimalField(forms.DecimalField):
    """A number between two bounds with at most `decimal_places` decimals, never NaN or Infinity.
    The bounds default to 0 and the largest a numeric(max_digits, decimal_places) column holds,
    and may never go beyond what it holds. The value comes back with exactly `decimal_places`
    decimals ("1E+2" is 100.00, "-0" is 0.00)."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Enter a number, like 120 or 4.5"),
        "min_value": _("Enter a number between %(min)s and %(max)s"),
        "max_value": _("Enter a number between %(min)s and %(max)s"),
        "max_decimal_places": _("Enter a number with no more than %(max)s decimal places"),
    }

    def __init__(
        self,
        *,
        max_digits: int = 14,
        decimal_places: int = 2,
        min_value: Decimal | int = 0,
        max_value: Decimal | int | None = None,
        **kwargs,
    ):
        self.step = Decimal(1).scaleb(-decimal_places)
        largest = Decimal(10) ** (max_digits - decimal_places) - self.step
        max_value = largest if max_value is None else Decimal(max_value)
        if not -largest <= Decimal(min_value) <= max_value <= largest:
            raise ValueError(f"{min_value} to {max_value} does not fit the column")
        # Rounding to the step never needs more digits than the column has.
        self.context = Context(prec=max_digits)
        super().__init__(
            max_digits=max_digits,
            decimal_places=decimal_places,
            min_value=Decimal(min_value),
            max_value=max_value,
            **kwargs,
        )

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if not isinstance(widget, forms.NumberInput) and "inputmode" not in widget.attrs:
            attrs["inputmode"] = "decimal"
        return attrs

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        if not value.is_finite():  # NaN and Infinity are numbers to Decimal, not to people
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        _refuse_out_of_bounds(self, value)
        rounded = value.quantize(self.step, context=self.context)
        if rounded != value:
            raise ValidationError(
                self.error_messages["max_decimal_places"],
                code="max_decimal_places",
                params={"max": self.decimal_places, "value": value},
            )
        return rounded.copy_abs() if rounded.is_zero() else rounded


# --- A save that did not happen -------------------------------------------------------------------

NOTHING_SAVED = _(
    "Nothing was saved: the portal lost its connection to its database. Check your answers "
    "and try again."
)
_refusing: ContextVar[bool] = ContextVar("svd_refusing_forms", default=False)


@contextlib.contextmanager
def every_form_refused():
    """While a view runs again after its save lost the database: every bound form is invalid,
    with NOTHING_SAVED at the top, so the page comes back with what was typed and nothing is
    saved (whether the lost save committed is unknown, so it is never tried again by itself)."""
    token = _refusing.set(True)
    try:
        yield
    finally:
        _refusing.reset(token)


def refusing_while_a_save_failed(full_clean):
    """Wraps Django's BaseForm.full_clean (installed by CommonConfig.ready): every form of
    every app, with no base class of ours to inherit."""

    @functools.wraps(full_clean)
    def wrapper(self):
        full_clean(self)
        if _refusing.get() and self.is_bound:
            self.add_error(None, NOTHING_SAVED)

    return wrapper
