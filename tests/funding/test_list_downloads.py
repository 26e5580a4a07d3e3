"""Priya the lead takes Northshire's funding page away to her spreadsheet, and Grace, who convenes
Northshire and Southvale, takes her grants, a grant's allocations, its Home Office returns and
her overview of the partnerships she convenes: each as CSV and as an Excel workbook, holding the
page's rows with money to the penny and nothing a spreadsheet would run. To anyone who may not
see the page, the download is not there either."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from common.downloads import MONEY_FORMAT
from funding.models import ReturnSubmission, ReturnTemplate
from funding.money import total
from funding.services import grants as services
from partnerships.models import AuditEntry
from tests.common.test_list_exports import csv_rows, download_url, formulas_in, xlsx_rows
from tests.factories import MembershipFactory, OrganisationFactory
from tests.funding.spend_stories import allocation_for, part_of, spend_on
from tests.funding.test_grants import award
from tests.query_counts import cold_cache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("northshire_built_once")]

FORMULA = '=HYPERLINK("http://x")'
FORMATS = ["csv", "xlsx"]


def both(client, url: str):
    """The list as CSV and as a workbook (`url` names the CSV)."""
    as_csv = client.get(url)
    as_xlsx = client.get(url.replace(".csv", ".xlsx"))
    assert as_csv.status_code == as_xlsx.status_code == 200
    assert as_csv["Content-Disposition"].endswith('.csv"')
    assert as_xlsx["Content-Disposition"].endswith('.xlsx"')
    return as_csv, as_xlsx


def column(rows: list[list], heading: str) -> list:
    index = rows[0].index(heading)
    return [row[index] for row in rows[1:]]


def pennies(values) -> list[Decimal]:
    """Money cells as Decimals (a CSV holds them as typed, a workbook as numbers); a blank
    cell (a quarter without spend) is none."""
    return [Decimal(str(value)) for value in values if value != ""]


def money_formats(response, heading: str) -> set[str]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    index = [cell.value for cell in sheet[1]].index(heading)
    return {
        row[index].number_format
        for row in sheet.iter_rows(min_row=2)
        if row[index].value is not None  # a forecast not given is left blank
    }


def downloads_noted(partnership) -> list[AuditEntry]:
    with scopes_disabled():
        return list(
            AuditEntry.objects.filter(
                partnership=partnership, action=AuditEntry.Action.DOWNLOADED
            ).order_by("pk")
        )


# --- Northshire's funding page --------------------------------------------------------------------


@pytest.fixture
def spent(partnership, probation, police):
    """A £40,000 allocation whose purpose someone typed as a formula, £0.03 of it divided among
    probation (a penny spent) and the police, and two quarters of spend on the undivided rest."""
    allocation = allocation_for(partnership, amount="40000.00", purpose=FORMULA)
    spend_on(part_of(allocation, amount="0.01", organisation=probation), quarter=1, actual="0.01")
    part_of(allocation, amount="0.02", organisation=police)
    spend_on(allocation, quarter=1, actual="3333.33", forecast="39999.97")
    spend_on(allocation, quarter=2, actual="3333.34", forecast="39999.97")
    return allocation


def funding_url(partnership, fmt: str = "csv") -> str:
    return download_url("funding", fmt, partnership)


def test_priya_downloads_the_funding_pages_rows_to_the_penny(client_for, lead, partnership, spent):
    client = client_for(lead)
    page = client.get(reverse("tenant:funding", args=[partnership.slug]))
    [entry] = page.context["funding"].allocations

    as_csv, as_xlsx = both(client, funding_url(partnership))

    on_page = [f"A-{row.allocation.pk}" for row in entry.rows]
    for rows in (csv_rows(as_csv), xlsx_rows(as_xlsx)):
        assert column(rows, "Reference") == on_page
        assert column(rows, "Allocation") == [f"A-{spent.pk}"] * 3
        assert total(pennies(column(rows, "Amount"))) == Decimal("40000.00")
        assert total(pennies(column(rows, "Spent"))) == page.context["funding"].spent
        assert total(pennies(column(rows, "Q1 spent"))) == Decimal("3333.34")
    assert column(csv_rows(as_csv), "Spent") == ["0.01", "0.00", "6666.67"]
    assert column(csv_rows(as_csv), "Paid to")[-1] == "Not divided"
    assert f'href="{funding_url(partnership)}' in page.content.decode()


def test_the_funding_workbook_holds_money_as_numbers_in_pounds_and_pence(
    client_for, lead, partnership, spent
):
    _as_csv, as_xlsx = both(client_for(lead), funding_url(partnership))

    for heading in ("Amount", "Spent", "Forecast", "Variance"):
        assert money_formats(as_xlsx, heading) == {MONEY_FORMAT}, heading
    amounts = column(xlsx_rows(as_xlsx), "Amount")
    assert all(isinstance(amount, int | float) for amount in amounts)
    assert pennies(amounts) == [Decimal("0.01"), Decimal("0.02"), Decimal("39999.97")]


def test_a_purpose_typed_as_a_formula_is_only_text_in_either_file(
    client_for, lead, partnership, spent
):
    as_csv, as_xlsx = both(client_for(lead), funding_url(partnership))

    purposes = column(csv_rows(as_csv), "What the allocation pays for")
    assert purposes and not any(purpose.startswith("=") for purpose in purposes)
    assert not formulas_in(as_xlsx)
    assert column(xlsx_rows(as_xlsx), "What the allocation pays for")[0] == FORMULA


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_funding_download_is_on_northshires_timeline(client_for, lead, partnership, spent, fmt):
    client_for(lead).get(funding_url(partnership, fmt))

    [entry] = downloads_noted(partnership)
    assert entry.actor == lead
    assert entry.subject_label == f"Funding list ({'CSV' if fmt == 'csv' else 'Excel'})"
    assert entry.summary == "3 rows"


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_observer_gets_403_and_an_outsider_404(
    client_for, observer, outsider, partnership, spent, fmt
):
    assert client_for(observer).get(funding_url(partnership, fmt)).status_code == 403
    assert client_for(outsider).get(funding_url(partnership, fmt)).status_code == 404


def test_the_funding_download_asks_as_many_queries_for_50_rows_as_for_5(
    client_for, lead, partnership, probation
):
    def add(*, divided: int, whole: int) -> None:
        """`divided` allocations of two rows (a part and the undivided rest) and `whole`
        allocations of one."""
        for _n in range(divided):
            allocation = allocation_for(partnership, amount="1000.00")
            spend_on(
                part_of(allocation, amount="500.00", organisation=probation),
                quarter=1,
                actual="100.00",
                forecast="500.00",
            )
            spend_on(allocation, quarter=1, actual="50.00")
        for _n in range(whole):
            spend_on(allocation_for(partnership, amount="10.00"), quarter=2, actual="9.99")

    def queries() -> tuple[int, int]:
        cold_cache()
        with CaptureQueriesContext(connection) as asked:
            response = client.get(funding_url(partnership, "xlsx"))
        return len(asked), len(xlsx_rows(response)) - 1

    client = client_for(lead)
    add(divided=2, whole=1)
    client.get(funding_url(partnership))  # warm the session
    few, five = queries()
    add(divided=22, whole=1)
    many, fifty = queries()

    assert (five, fifty) == (5, 50)
    assert many == few


# --- Grace's grants -------------------------------------------------------------------------------


@pytest.fixture
def grace(convener, other_partnership):
    """Grace convenes Northshire (the `convener` persona) and Southvale too."""
    office = OrganisationFactory(
        partnership=other_partnership, name="Southvale PCC", sector_slug="local-policing-body"
    )
    MembershipFactory(user=convener, organisation=office, portal_role="convener")
    return convener


@pytest.fixture
def grant(grace, partnership, other_partnership):
    """£200,000 for both, split into two £100,000 lines, allocated in thirds that leave a
    penny, one allocation's purpose typed as a formula, and spend recorded against two."""
    grant = award(grace, [partnership, other_partnership])
    services.grant_lines_set(
        grant=grant, user=grace, labour=Decimal("100000"), non_labour=Decimal("100000")
    )
    labour, non_labour = sorted(grant.lines.all(), key=lambda line: line.kind)
    for place, line, amount, purpose in [
        (partnership, labour, "33333.33", FORMULA),
        (partnership, non_labour, "33333.33", "Youth workers"),
        (other_partnership, labour, "33333.34", "Analyst"),
    ]:
        allocation = services.allocation_create(
            grant=grant,
            line=line,
            partnership=place,
            amount=Decimal(amount),
            purpose=purpose,
            user=grace,
        )
        spend_on(allocation, quarter=1, actual="0.01")
    return grant


def grant_url(name: str, grant, fmt: str = "csv") -> str:
    return reverse(f"funding:{name}-{fmt}", args=[grant.pk])


GRANTS = reverse("funding:grants-csv")


def test_grace_downloads_her_grants_as_the_list_shows_them(
    client_for, grace, grant, partnership, other_partnership
):
    client = client_for(grace)
    page = client.get(reverse("funding:grants"))
    [listed] = page.context["grants"]

    as_csv, as_xlsx = both(client, GRANTS)

    for rows in (csv_rows(as_csv), xlsx_rows(as_xlsx)):
        assert column(rows, "Grant") == [listed.title]
        assert column(rows, "Partnerships it funds") == [
            f"{partnership.name}, {other_partnership.name}"
        ]
        assert pennies(column(rows, "Awarded")) == [Decimal("200000.00")]
        assert pennies(column(rows, "Allocated")) == [Decimal("100000.00")] == [listed.allocated]
        assert pennies(column(rows, "Spent")) == [Decimal("0.03")] == [listed.spent]
    assert money_formats(as_xlsx, "Allocated") == {MONEY_FORMAT}
    assert f'href="{GRANTS}' in page.content.decode()
    # Noted on the timeline of each partnership whose figures it holds.
    for place in (partnership, other_partnership):
        assert [e.subject_label for e in downloads_noted(place)] == [
            "Duty grant awards list (CSV)",
            "Duty grant awards list (Excel)",
        ]


def test_grace_downloads_a_grants_allocations_with_their_spend(
    client_for, grace, grant, partnership, other_partnership
):
    client = client_for(grace)
    page = client.get(reverse("funding:grants-detail", args=[grant.pk]))
    southvale = other_partnership.name

    as_csv, as_xlsx = both(client, grant_url("grants-detail", grant))

    on_page = [f"A-{allocation.pk}" for allocation in page.context["allocations"]]
    for rows in (csv_rows(as_csv), xlsx_rows(as_xlsx)):
        assert column(rows, "Reference") == on_page
        assert column(rows, "Partnership") == [partnership.name, partnership.name, southvale]
        assert column(rows, "Line") == ["Labour", "Non-labour", "Labour"]
        assert total(pennies(column(rows, "Amount"))) == page.context["summary"].overall.allocated
        assert total(pennies(column(rows, "Spent"))) == Decimal("0.03")
    assert column(csv_rows(as_csv), "Amount") == ["33333.33", "33333.33", "33333.34"]
    assert as_csv["Content-Disposition"].startswith(
        'attachment; filename="serious-violence-duty-grant-202627-allocations-'
    )
    assert f'href="{grant_url("grants-detail", grant)}' in page.content.decode()


def test_an_allocation_purpose_typed_as_a_formula_is_only_text(client_for, grace, grant):
    as_csv, as_xlsx = both(client_for(grace), grant_url("grants-detail", grant))

    purposes = column(csv_rows(as_csv), "What it pays for")
    assert not any(purpose.startswith("=") for purpose in purposes)
    assert not formulas_in(as_xlsx)
    assert FORMULA in column(xlsx_rows(as_xlsx), "What it pays for")


@pytest.fixture
def returns(grant, grace):
    template = ReturnTemplate.objects.create(
        name="Serious Violence Duty grant return", status=ReturnTemplate.Status.PUBLISHED
    )
    return [
        ReturnSubmission.objects.create(
            grant=grant,
            template=template,
            period=period,
            due_on=datetime.date(2026, month, 31),
            created_by=grace,
        )
        for period, month in [("2026/27 Q2", 10), (FORMULA, 12)]
    ]


def test_grace_downloads_a_grants_returns_with_where_each_has_got_to(
    client_for, grace, grant, returns
):
    client = client_for(grace)
    page = client.get(reverse("funding:returns", args=[grant.pk]))

    as_csv, as_xlsx = both(client, grant_url("returns", grant))

    csv_table, xlsx_table = csv_rows(as_csv), xlsx_rows(as_xlsx)
    shown = [submission.period for submission in page.context["returns"]]
    assert column(xlsx_table, "Period") == shown
    assert column(csv_table, "Status") == ["Being completed", "Being completed"]
    assert sorted(column(csv_table, "Due")) == ["2026-10-31", "2026-12-31"]
    assert not any(period.startswith("=") for period in column(csv_table, "Period"))
    assert not formulas_in(as_xlsx)
    assert f'href="{grant_url("returns", grant)}' in page.content.decode()


@pytest.fixture
def nell(partnership):
    """Nell convenes Northshire alone, from the PCC's deputy's office: Grace's grant, which
    funds Southvale too, is not hers to see."""
    office = OrganisationFactory(
        partnership=partnership, name="Northshire PCC deputy", sector_slug="local-policing-body"
    )
    return MembershipFactory(organisation=office, portal_role="convener").user


@pytest.mark.parametrize("fmt", FORMATS)
def test_another_conveners_grant_lists_are_404_like_its_pages(
    client_for, nell, grant, returns, fmt
):
    client = client_for(nell)

    assert client.get(reverse("funding:grants-detail", args=[grant.pk])).status_code == 404
    for name in ("grants-detail", "returns"):
        assert client.get(grant_url(name, grant, fmt)).status_code == 404
    assert client.get(reverse("funding:grants-detail-csv", args=[999999])).status_code == 404
    # Her own list of grants holds none of Grace's.
    listed = client.get(reverse(f"funding:grants-{fmt}"))
    rows = csv_rows(listed) if fmt == "csv" else xlsx_rows(listed)
    assert rows[1:] == []


@pytest.mark.parametrize("persona", ["lead", "partner", "observer", "outsider"])
def test_no_one_but_a_convener_reaches_the_grant_downloads(request, client_for, grant, persona):
    client = client_for(request.getfixturevalue(persona))

    for url in (GRANTS, grant_url("grants-detail", grant), grant_url("returns", grant, "xlsx")):
        assert client.get(url).status_code == 404, url


# --- Grace's overview of the partnerships she convenes ----------------------------------------


OVERVIEW = reverse("convener-overview-csv")


def test_grace_downloads_every_partnership_she_convenes_in_the_pages_order(
    client_for, grace, partnership, other_partnership
):
    client = client_for(grace)
    page = client.get(reverse("convener-overview") + "?sort=review")

    as_csv, as_xlsx = both(client, OVERVIEW + "?sort=review")

    shown = [row["partnership"].name for row in page.context["rows"]]
    for rows in (csv_rows(as_csv), xlsx_rows(as_xlsx)):
        assert column(rows, "Partnership") == shown == [partnership.name, other_partnership.name]
        assert column(rows, "Next review due")[0] == ""
        assert column(rows, "Review")[0] == "No published strategy"
    assert 'href="/convener/list.csv?sort=review"' in page.content.decode()
    for place in (partnership, other_partnership):
        assert [e.subject_label for e in downloads_noted(place)] == [
            "Partnerships you convene list (CSV)",
            "Partnerships you convene list (Excel)",
        ]


@pytest.mark.parametrize("persona", ["lead", "outsider"])
def test_no_one_but_a_convener_downloads_the_overview(request, client_for, persona):
    response = client_for(request.getfixturevalue(persona)).get(OVERVIEW)

    assert response.status_code == 404
