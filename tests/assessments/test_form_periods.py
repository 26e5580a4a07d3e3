"""Periods typed into the call and contribution forms (issue 14) are read by the same reader as
uploads, so a form and a file agree: any way of writing a financial year is stored as "2026/27",
a quarter or a month as the financial year it falls in, and anything unreadable is refused
with an example of what to write."""

import pytest
from django_scopes import scopes_disabled

from assessments.forms.periods import FinancialYearField
from assessments.models import Call, Contribution
from tests.assessments.contribution_stories import form_data, url
from tests.assessments.test_calls import call_post
from tests.assessments.test_calls import url as calls_url

pytestmark = pytest.mark.usefixtures("northshire_built_once")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2026/27", "2026/27"),
        ("2026-27", "2026/27"),
        ("FY2026/27", "2026/27"),
        ("2026/2027", "2026/27"),
        (" 2026 – 27 ", "2026/27"),
        ("Q1 2026-27", "2026/27"),
        ("2026/27 Q4", "2026/27"),  # January to March 2027
        ("2026 Q1", "2025/26"),  # January to March 2026
        ("2026-Q2", "2026/27"),
        ("April 2026", "2026/27"),
        ("2026-03", "2025/26"),
    ],
)
def test_a_period_written_any_way_the_uploads_read_is_stored_as_its_financial_year(typed, stored):
    assert FinancialYearField().clean(typed) == stored


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("2026/28", "written like 2026/27"),
        ("2026", "write a financial year like 2026/27"),
        ("soon", "write a financial year like 2026/27"),
        ("Q1", "has no year"),
        ("x" * 200, "like 2026/27"),
    ],
)
def test_an_unreadable_period_is_refused_with_an_example(typed, says):
    with pytest.raises(Exception) as refused:
        FinancialYearField().clean(typed)

    assert says in " ".join(refused.value.messages)


def test_an_empty_period_asks_for_one():
    with pytest.raises(Exception) as refused:
        FinancialYearField().clean("")

    assert refused.value.messages == ["Enter the period, like 2026/27"]


@pytest.mark.django_db
def test_paul_types_a_quarter_and_his_contribution_holds_its_financial_year(
    client_for, partner, everyone
):
    response = client_for(partner).post(url("contributions-new"), form_data(period="Q1 2026-27"))

    assert response.status_code == 302
    with scopes_disabled():
        assert Contribution.objects.get().period == "2026/27"


@pytest.mark.django_db
def test_a_call_issued_for_fy2026_27_is_stored_as_2026_27(
    client_for, partnership, police, data_lead
):
    response = client_for(data_lead).post(
        calls_url("calls-new", partnership), call_post([police], period="FY2026-27")
    )

    assert response.status_code == 302
    with scopes_disabled():
        assert Call.objects.get().period == "2026/27"


@pytest.mark.django_db
def test_an_unreadable_period_on_the_form_is_an_error_with_an_example(
    client_for, partner, everyone
):
    response = client_for(partner).post(url("contributions-new"), form_data(period="next year"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "is not a period we know: write a financial year like 2026/27" in page
    assert 'value="next year"' in page
