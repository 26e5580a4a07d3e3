"""Every number typed into the portal has bounds. A hostile number (huge, NaN, Infinity, 1e400)
is a form error in the portal's own words, never a 500, and nothing a form accepts overflows the
database column it is saved to."""

import datetime
import importlib
import pkgutil
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from assessments.models import ProvisionService
from common.forms import BoundedDecimalField, BoundedIntegerField
from strategies.models import Action, ActionUpdate, Commission, Priority, StrategyMeasure
from tests.assessments.test_provision import GOOD as A_GOOD_SERVICE
from tests.strategies.test_measures import GOOD as A_GOOD_MEASURE

# --- Every number field of every form -------------------------------------------------------------


def _our_packages() -> list[str]:
    """The project's own apps (a top-level package here, not one installed in the venv)."""
    root = Path(settings.BASE_DIR)
    return [c.name for c in apps.get_app_configs() if Path(c.path).parent == root]


def _import_every_module(package: str) -> None:
    """Forms live in forms modules, and a few small ones beside their view or admin class."""
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, prefix=f"{package}."):
        if ".migrations" not in info.name:
            importlib.import_module(info.name)


def _subclasses(cls: type) -> list[type]:
    return [c for sub in cls.__subclasses__() for c in [sub, *_subclasses(sub)]]


def _number_fields() -> list[tuple[type[forms.BaseForm], str, forms.IntegerField]]:
    """(form, name, field) for every number field a form declares or takes from its model.
    Django's DecimalField and FloatField are IntegerFields too. A field added in a form's
    __init__ is not seen here: declare number fields on the class."""
    packages = _our_packages()
    for package in packages:
        _import_every_module(package)
    ours = {c for c in _subclasses(forms.BaseForm) if c.__module__.partition(".")[0] in packages}
    found = [
        (form_class, name, field)
        for form_class in ours
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.IntegerField)
    ]
    return sorted(found, key=lambda found: (found[0].__module__, found[0].__name__, found[1]))


NUMBER_FIELDS = [
    pytest.param(form_class, name, field, id=f"{form_class.__name__}.{name}")
    for form_class, name, field in _number_fields()
]

# Where the numbers of forms that are not ModelForms are saved. A ModelForm's model says.
SAVED_IN: dict[tuple[str, str], list[tuple[type[models.Model], str]]] = {
    ("ActionUpdateForm", "progress"): [(ActionUpdate, "progress"), (Action, "progress")],
    ("PriorityForm", "order"): [(Priority, "order")],
}


def columns_of(form_class: type[forms.BaseForm], name: str) -> list[models.Field]:
    model = getattr(getattr(form_class, "_meta", None), "model", None)
    if model is not None and name in {f.name for f in model._meta.concrete_fields}:
        return [model._meta.get_field(name)]
    return [m._meta.get_field(f) for m, f in SAVED_IN.get((form_class.__name__, name), [])]


def fits(column: models.Field, value) -> bool:
    """Whether the column takes the value. A model field's validators hold the database's limits
    (an integer field's range for the backend, a decimal field's digits) and the model's rules."""
    try:
        column.run_validators(value)
    except ValidationError:
        return False
    return not isinstance(column, models.DecimalField) or (
        value.as_tuple().exponent >= -column.decimal_places
    )


def in_our_words(message: str) -> bool:
    """GOV.UK messages say what to do, without a full stop; Django's defaults ("Ensure this value
    is less than or equal to 100.", "Enter a number.") end with one."""
    return not message.startswith("Ensure") and not message.endswith(".")


# Refused by every number field, whatever its bounds.
HOSTILE = [
    "9" * 40,
    "-" + "9" * 40,
    str(10**30),
    "99999999999999999999",
    "9" * 5000,
    "1e400",
    "-1e400",
    "1e-400",
    "1e9999999999999999999",
    "NaN",
    "-NaN",
    "sNaN",
    "nan",
    "Infinity",
    "-Infinity",
    "inf",
    "-inf",
    "0x10",
    "1/2",
    "1\x00",
]

# Odd but harmless: each may be refused, but whatever is accepted fits.
ODD = [
    "2147483648",
    "-2147483649",
    "32768",
    "-32769",
    "1000000000000",
    "-1",
    "-0",
    "0.001",
    "1,000",
    "1_000",
    "1E+2",
    "１２",
    " 7 ",
    "7.0",
]


def test_the_walk_finds_the_number_fields_we_know_of():
    found = {param.id for param in NUMBER_FIELDS}

    assert found >= {
        "ActionUpdateForm.progress",
        "CommissionForm.value",
        "PriorityForm.order",
        "ProvisionServiceForm.age_max",
        "ProvisionServiceForm.age_min",
        "StrategyMeasureForm.baseline",
        "StrategyMeasureForm.target",
    }


@pytest.mark.parametrize(("form_class", "name", "field"), NUMBER_FIELDS)
def test_every_number_field_has_bounds_its_columns_hold(form_class, name, field):
    columns = columns_of(form_class, name)

    assert columns, f"Say in SAVED_IN which column {form_class.__name__}.{name} is saved to"
    assert field.min_value is not None and field.max_value is not None
    for column in columns:
        assert fits(column, field.min_value), column
        assert fits(column, field.max_value), column
        if isinstance(field, forms.DecimalField):
            assert field.decimal_places is not None
            assert field.decimal_places <= column.decimal_places


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(("form_class", "name", "field"), NUMBER_FIELDS)
def test_a_hostile_number_is_a_form_error_in_our_words(form_class, name, field, value):
    with pytest.raises(ValidationError) as refused:
        field.clean(value)

    assert all(in_our_words(message) for message in refused.value.messages), refused.value


@pytest.mark.parametrize("value", ODD)
@pytest.mark.parametrize(("form_class", "name", "field"), NUMBER_FIELDS)
def test_an_odd_number_is_refused_in_our_words_or_fits_its_column(form_class, name, field, value):
    try:
        accepted = field.clean(value)
    except ValidationError as refused:
        assert all(in_our_words(message) for message in refused.messages), refused
        return

    assert field.min_value <= accepted <= field.max_value
    for column in columns_of(form_class, name):
        assert fits(column, accepted), (column, accepted)


# --- The shared bounded fields --------------------------------------------------------------------


def test_a_whole_number_out_of_bounds_is_told_both_bounds():
    field = BoundedIntegerField(label="Sessions", min_value=1, max_value=10)

    with pytest.raises(ValidationError) as refused:
        field.clean("11")

    assert refused.value.messages == ["Enter a whole number between 1 and 10"]


def test_a_big_bound_is_written_with_commas():
    field = BoundedDecimalField(label="Figure")

    with pytest.raises(ValidationError) as refused:
        field.clean("1e13")

    assert refused.value.messages == ["Enter a number between 0 and 999,999,999,999.99"]


def test_a_tiny_number_is_told_the_decimal_places_not_the_digits():
    field = BoundedDecimalField(label="Figure")

    with pytest.raises(ValidationError) as refused:
        field.clean("1e-400")

    assert refused.value.messages == ["Enter a number with no more than 2 decimal places"]


@pytest.mark.parametrize(
    ("typed", "kept"), [("1E+2", "100.00"), ("-0", "0.00"), ("4.5", "4.50"), ("3.000", "3.00")]
)
def test_a_figure_comes_back_plainly_with_its_decimal_places(typed, kept):
    assert str(BoundedDecimalField(label="Figure").clean(typed)) == kept


def test_bounds_beyond_the_column_are_refused_when_the_form_is_written():
    with pytest.raises(ValueError):
        BoundedDecimalField(max_digits=5, decimal_places=2, max_value=1000)
    with pytest.raises(ValueError):
        BoundedDecimalField(max_digits=5, decimal_places=2, min_value=-1000)
    with pytest.raises(ValueError):
        BoundedIntegerField(max_value=2**31)


def test_a_whole_number_is_typed_in_a_text_box_with_a_number_keypad():
    html = str(BoundedIntegerField(label="Sessions").widget.render("sessions", "3"))

    assert 'type="text"' in html
    assert 'inputmode="numeric"' in html


# --- Stories through the pages --------------------------------------------------------------------

TODAY = timezone.localdate


def told_and_kept(response, message: str, *kept: str) -> None:
    """The page came back with `message` beside the field and everything else still typed."""
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    for text in kept:
        assert text in html


def url(name: str, partnership, *args) -> str:
    return reverse(f"tenant:{name}", args=[partnership.slug, *args])


def progress_update(progress: str) -> dict[str, str]:
    today: datetime.date = TODAY()
    return {
        "updated_on_day": str(today.day),
        "updated_on_month": str(today.month),
        "updated_on_year": str(today.year),
        "status": "on_track",
        "progress": progress,
        "note": "The first six youth workers started in the town centre.",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("progress", "message"),
    [
        ("99999999999999999999", "Progress must be between 0 and 100"),
        ("-1", "Progress must be between 0 and 100"),
        ("1e400", "Enter the progress as a whole number from 0 to 100"),
        ("NaN", "Enter the progress as a whole number from 0 to 100"),
    ],
)
def test_a_partner_typing_a_hostile_progress_is_told_and_keeps_the_rest(
    client_for, partner, partnership, probation_action, progress, message
):
    response = client_for(partner).post(
        url("actions-update", partnership, probation_action.pk), progress_update(progress)
    )

    told_and_kept(
        response,
        message,
        f'value="{progress}"',
        "The first six youth workers started in the town centre.",
    )
    with scopes_disabled():
        assert not ActionUpdate.objects.exists()
        assert Action.objects.get(pk=probation_action.pk).progress == 0


MEASURE = A_GOOD_MEASURE


@pytest.mark.django_db
def test_the_lead_typing_a_hostile_baseline_and_target_is_told_and_keeps_the_rest(
    client_for, lead, strategy
):
    response = client_for(lead).post(
        url("strategy-measures-new", strategy.partnership, strategy.pk),
        MEASURE | {"baseline": "Infinity", "target": "99999999999999999999"},
    )

    told_and_kept(
        response,
        "The baseline must be a number, like 120 or 4.5",
        "The target must be less than 1,000,000,000,000",
        'value="Knife offences in the town centre"',
        'value="Infinity"',
    )
    with scopes_disabled():
        assert not StrategyMeasure.objects.exists()


@pytest.mark.django_db
def test_the_largest_target_a_form_takes_is_saved_whole(client_for, lead, strategy):
    client_for(lead).post(
        url("strategy-measures-new", strategy.partnership, strategy.pk),
        MEASURE | {"baseline": "0", "target": "999999999999.99"},
    )

    with scopes_disabled():
        saved = StrategyMeasure.objects.get()
    assert (saved.baseline, saved.target) == (Decimal(0), Decimal("999999999999.99"))


COMMISSION = {
    "kind": "service",
    "title": "Youth workers in A&E",
    "description": "Reachable-moment youth work at the county hospital.",
    "status": "live",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("£1e400", "The value must be less than £10,000,000,000"),
        ("£10,000,000,000", "The value must be less than £10,000,000,000"),
        ("NaN", "Enter the value as an amount of money, like 25000"),
        ("-Infinity", "Enter the value as an amount of money, like 25000"),
    ],
)
def test_the_lead_typing_a_hostile_value_in_pounds_is_told_and_keeps_the_rest(
    client_for, lead, partnership, opcc, value, message
):
    response = client_for(lead).post(
        url("commissioning-new", partnership),
        COMMISSION | {"commissioner": opcc.pk, "value": value},
    )

    told_and_kept(
        response,
        message,
        'value="Youth workers in A&amp;E"',
        "Reachable-moment youth work at the county hospital.",
    )
    with scopes_disabled():
        assert not Commission.objects.exists()


@pytest.mark.django_db
def test_the_largest_value_in_pounds_is_saved_whole(client_for, lead, partnership, opcc):
    client_for(lead).post(
        url("commissioning-new", partnership),
        COMMISSION | {"commissioner": opcc.pk, "value": "£9,999,999,999.99"},
    )

    with scopes_disabled():
        assert Commission.objects.get().value == Decimal("9999999999.99")


SERVICE = A_GOOD_SERVICE


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("ages", "message"),
    [
        (
            {"age_min": "10", "age_max": "99999999999999999999"},
            "The oldest age must be between 0 and 120",
        ),
        ({"age_min": "-1", "age_max": "24"}, "The youngest age must be between 0 and 120"),
        (
            {"age_min": "1e400", "age_max": "24"},
            "Enter the youngest age as a whole number, like 10",
        ),
    ],
)
def test_a_partner_typing_a_hostile_age_is_told_and_keeps_the_rest(
    client_for, partner, partnership, ages, message
):
    response = client_for(partner).post(url("provision-new", partnership), SERVICE | ages)

    told_and_kept(
        response,
        message,
        'value="Operation Divert"',
        "Custody navigators offering young people a way out.",
    )
    with scopes_disabled():
        assert not ProvisionService.objects.exists()
