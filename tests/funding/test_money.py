"""Money never floats: typed amounts become exact pounds and pence, and totals reconcile to the
penny however many small amounts they add up."""

from decimal import Decimal

import pytest

from funding.money import MoneyError, parse_money, pounds, total


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1250", "1250.00"),
        ("£1,250.50", "1250.50"),
        (" 1 250.5 ", "1250.50"),
        ("0", "0.00"),
        ("0.10", "0.10"),
        ("999,999,999,999.99", "999999999999.99"),
    ],
)
def test_typed_amounts_become_pounds_and_pence(typed, amount):
    assert parse_money(typed) == Decimal(amount)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter an amount in pounds"),
        ("-5", "£0 or more"),
        ("12.345", "pounds and pence"),
        ("1e6", "pounds and pence"),
        ("NaN", "pounds and pence"),
        ("1,25", "pounds and pence"),
        ("£", "Enter an amount in pounds"),
        ("1000000000000", "or less"),
    ],
)
def test_anything_else_is_refused_with_what_to_type(typed, message):
    with pytest.raises(MoneyError, match=message):
        parse_money(typed)


def test_ten_pence_and_twenty_pence_are_exactly_thirty_pence():
    assert total([Decimal("0.10"), Decimal("0.20")]) == Decimal("0.30")
    assert 0.1 + 0.2 != 0.3  # what floats would have said: 0.30000000000000004


def test_amounts_read_with_the_pound_sign_and_separators():
    assert pounds(Decimal("1234.5")) == "£1,234.50"
    assert pounds(None) == ""


def test_an_overspend_reads_with_a_minus_sign():
    assert pounds(Decimal("-5")) == "−£5.00"
