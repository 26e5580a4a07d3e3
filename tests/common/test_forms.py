"""Every Django form renders as the GOV.UK Design System expects, through one renderer."""

import pytest
from django import forms
from django.template import Context, Template

from common.forms import GovukDateField


class ContributionLikeForm(forms.Form):
    title = forms.CharField(label="Title", help_text="Say what it is in a few words")
    body = forms.CharField(label="Details", widget=forms.Textarea)
    level = forms.ChoiceField(
        label="Level",
        choices=[("engaged", "Engaged"), ("active", "Actively participating")],
        widget=forms.RadioSelect,
        help_text="Choose one",
    )
    sectors = forms.MultipleChoiceField(
        label="Sectors",
        choices=[("police", "Police"), ("health", "Health")],
        widget=forms.CheckboxSelectMultiple,
    )
    period = forms.ChoiceField(label="Period", choices=[("2026", "2026/27")])
    restricted = forms.BooleanField(label="Restricted", required=False)
    evidence = forms.FileField(label="Evidence", required=False)


def render(form) -> str:
    return str(form)


def test_a_text_field_has_a_label_hint_and_described_input():
    html = render(ContributionLikeForm())

    assert '<label class="govuk-label" for="id_title">Title</label>' in html
    assert '<div id="id_title-hint" class="govuk-hint">Say what it is in a few words</div>' in html
    assert 'class="govuk-input"' in html
    assert 'aria-describedby="id_title-hint"' in html


def test_each_widget_gets_its_govuk_class():
    html = render(ContributionLikeForm())

    for css in [
        "govuk-textarea",
        "govuk-radios__input",
        "govuk-checkboxes__input",
        "govuk-select",
        "govuk-file-upload",
    ]:
        assert f'class="{css}"' in html, css


def test_radios_and_checkboxes_sit_in_a_fieldset_with_a_legend():
    html = render(ContributionLikeForm())

    assert html.count('<fieldset class="govuk-fieldset"') == 2
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Level</legend>' in html
    assert '<fieldset class="govuk-fieldset" aria-describedby="id_level-hint">' in html
    assert 'data-module="govuk-radios"' in html
    assert '<label class="govuk-label govuk-radios__label" for="id_level_0">Engaged</label>' in html


def test_errors_mark_the_group_and_control_and_keep_what_was_typed():
    form = ContributionLikeForm(data={"title": "", "body": "Some findings", "period": "2026"})
    html = render(form)

    assert 'class="govuk-input govuk-input--error"' in html
    assert 'aria-describedby="id_title-hint id_title-error"' in html
    assert '<p id="id_title-error" class="govuk-error-message">' in html
    assert "Some findings</textarea>" in html
    assert html.count("govuk-form-group--error") == 3


@pytest.mark.parametrize(("field", "target"), [("title", "id_title"), ("level", "id_level_0")])
def test_the_error_summary_links_to_the_control_to_fix(field, target):
    form = ContributionLikeForm(data={})
    form.is_valid()
    html = Template('{% include "components/error_summary.html" %}').render(Context({"form": form}))

    assert f'href="#{target}"' in html
    assert 'data-module="govuk-error-summary"' in html


def test_a_password_gets_the_show_password_button():
    class PasswordForm(forms.Form):
        password = forms.CharField(widget=forms.PasswordInput)

    html = render(PasswordForm())

    assert 'data-module="govuk-password-input"' in html
    assert 'aria-controls="id_password"' in html


def test_a_width_class_set_on_the_widget_is_kept():
    class Form(forms.Form):
        reference = forms.CharField(
            label="Minute reference",
            widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        )

    html = str(Form()["reference"])

    assert 'class="govuk-input govuk-input--width-10"' in html


class DecisionForm(forms.Form):
    decided_on = GovukDateField(label="Date of the decision")


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("99999999999999999999", "1", "2026", "Date of the decision must be a real date"),
        ("1", "99999999999999999999", "2026", "Date of the decision must be a real date"),
        ("1", "1", "9999", "Year must be between 1900 and 2100"),
        ("1", "1", "0001", "Year must be between 1900 and 2100"),
        ("1", "1", "99999999999999999999", "Year must include 4 numbers"),
        ("-1", "1", "2026", "Date of the decision must be a real date"),
        ("31", "2", "2026", "Date of the decision must be a real date"),
    ],
)
def test_a_hostile_date_is_a_form_error_never_a_crash(day, month, year, message):
    form = DecisionForm({"decided_on_day": day, "decided_on_month": month, "decided_on_year": year})

    assert not form.is_valid()
    assert form.errors["decided_on"] == [message]
