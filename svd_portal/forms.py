"""GOV.UK Design System markup for every Django form, through one form renderer.

Forms stay plain Django forms. The renderer's bound field adds the GOV.UK classes to each widget
and points `aria-describedby` at the hint and the error message, and the templates in
templates/components/forms/ lay out labels, hints, errors and fieldsets as the Design System does.
"""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting

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
        _kind, css, error_css = _kind_for(widget or self.field.widget)
        classes = [css, attrs.get("class", "")]
        if self.errors and error_css:
            classes.append(error_css)
        attrs["class"] = " ".join(c for c in classes if c)
        # Grouped controls are described on their fieldset, not on every option.
        attrs.pop("aria-describedby", None)
        if self.describedby and not self.is_grouped:
            attrs["aria-describedby"] = self.describedby
        return attrs


class GovukFormRenderer(TemplatesSetting):
    """Renders forms with templates/components/forms/ and project widget overrides."""

    form_template_name = "components/forms/form.html"
    field_template_name = "components/forms/field.html"
    bound_field_class = GovukBoundField
