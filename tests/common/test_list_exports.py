"""Analysts take any list they see away as CSV or as an Excel workbook: the page's rows, with
its filters, every page of them, and nothing a spreadsheet would run."""

import csv
import io
import re
import zipfile

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from partnerships.models import AuditEntry
from strategies.models import Action
from tests.assessments.test_data_pages import accepted_return
from tests.factories import ActionFactory, PriorityFactory
from tests.query_counts import cold_cache

# The personas appear in every story here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

# Each list's downloads, the page they come from, and who may see that page.
LISTS = {
    "actions": "lead",
    "organisations": "observer",
    "members": "observer",
    "calls": "partner",
    "findings": "partner",
    "recommendations": "partner",
    "data": "partner",
    "sharing": "partner",
    "information-requests": "convener",
    "activity": "convener",
}
# What a spreadsheet would run. A bare negative number ("-1") runs nothing, and defusedcsv
# leaves it as typed (test_a_negative_number_is_left_as_typed).
FORMULAS = ['=HYPERLINK("http://x")', "+1", "-1+1", "@x"]


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [
        ["" if value is None else value for value in row]
        for row in workbook.active.iter_rows(values_only=True)
    ]


def formulas_in(response) -> bool:
    """Whether any cell of the workbook is stored as a formula (`<f>`), to be run on opening."""
    with zipfile.ZipFile(io.BytesIO(response.content)) as workbook:
        return any(
            b"<f>" in workbook.read(name) or b"<f " in workbook.read(name)
            for name in workbook.namelist()
            if name.startswith("xl/worksheets/")
        )


def download_url(name: str, fmt: str, partnership, *args, query: str = "") -> str:
    return reverse(f"tenant:{name}-{fmt}", args=[partnership.slug, *args]) + query


@pytest.fixture
def plan(strategy):
    """Northshire's strategy with one priority, to add actions to."""
    return PriorityFactory(strategy=strategy, title="Knife crime")


def actions_url(plan, partnership, fmt: str = "", query: str = "") -> str:
    name = f"tenant:actions-{fmt}" if fmt else "tenant:actions"
    return reverse(name, args=[partnership.slug]) + f"?strategy={plan.strategy_id}{query}"


def listed(page: str) -> list[str]:
    """The action titles in the page's table."""
    return re.findall(r'href="/p/northshire/actions/\d+/">([^<]+)</a>', page)


def args_for(name: str, request) -> list:
    if name in {"findings", "recommendations"}:
        return [request.getfixturevalue("sna").pk]
    return []


# --- Every list ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
def test_every_list_downloads_as_a_csv_and_a_workbook_with_the_same_rows(
    request, client_for, partnership, plan, name
):
    client = client_for(request.getfixturevalue(LISTS[name]))
    query = f"?strategy={plan.strategy_id}" if name == "actions" else ""
    args = args_for(name, request)

    as_csv = client.get(download_url(name, "csv", partnership, *args, query=query))
    as_xlsx = client.get(download_url(name, "xlsx", partnership, *args, query=query))

    assert as_csv.status_code == as_xlsx.status_code == 200
    assert as_csv["Content-Disposition"].endswith('.csv"')
    assert as_xlsx["Content-Disposition"].endswith('.xlsx"')
    # The activity log's second download lists the first.
    assert len(xlsx_rows(as_xlsx)) - len(csv_rows(as_csv)) == (1 if name == "activity" else 0)
    assert csv_rows(as_csv)[0] == xlsx_rows(as_xlsx)[0]


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
def test_nobody_outside_the_partnership_can_download_its_lists(
    request, client_for, outsider, partnership, name
):
    args = [1] if name in {"findings", "recommendations"} else []

    response = client_for(outsider).get(download_url(name, "csv", partnership, *args))

    assert response.status_code == 404


@pytest.mark.django_db
def test_a_list_download_needs_the_pages_permission(client_for, observer, partnership):
    response = client_for(observer).get(download_url("activity", "xlsx", partnership))

    assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_each_list_download_is_on_the_activity_timeline(client_for, convener, partnership, fmt):
    client_for(convener).get(download_url("members", fmt, partnership))

    with scopes_disabled():
        entry = AuditEntry.objects.get(partnership=partnership, action=AuditEntry.Action.DOWNLOADED)
    assert entry.actor == convener
    assert entry.subject_label == f"Members list ({'CSV' if fmt == 'csv' else 'Excel'})"
    assert entry.summary == "5 rows"


# --- Actions -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_actions_download_holds_every_page_of_the_list(
    client_for, lead, partnership, plan, probation
):
    for n in range(30):
        ActionFactory(priority=plan, lead_organisation=probation, title=f"Action {n:02}")
    client = client_for(lead)

    page = client.get(actions_url(plan, partnership)).content.decode()
    as_csv = csv_rows(client.get(actions_url(plan, partnership, "csv")))
    as_xlsx = xlsx_rows(client.get(actions_url(plan, partnership, "xlsx")))

    assert "30 actions" in page
    assert len(listed(page)) == 25  # one page of the list…
    assert [row[0] for row in as_csv[1:]] == [f"Action {n:02}" for n in range(30)]  # …all of it
    assert [row[0] for row in as_xlsx[1:]] == [row[0] for row in as_csv[1:]]
    assert listed(page) == [row[0] for row in as_csv[1:26]]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_actions_download_keeps_the_pages_filters(
    client_for, lead, partnership, plan, probation, police, fmt
):
    ActionFactory(priority=plan, lead_organisation=probation, title="Probation's action")
    ActionFactory(priority=plan, lead_organisation=police, title="Police action")
    ActionFactory(priority=plan, lead_organisation=police, title="Finished police action")
    with scopes_disabled():
        Action.objects.filter(title="Finished police action").update(status="completed")
    client = client_for(lead)
    query = f"&organisation={police.pk}&status=not_started"

    page = client.get(actions_url(plan, partnership, query=query)).content.decode()
    response = client.get(actions_url(plan, partnership, fmt, query=query))

    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert listed(page) == ["Police action"]
    assert [row[0] for row in rows[1:]] == ["Police action"]


@pytest.mark.django_db
def test_the_actions_page_offers_its_download_with_its_filters(
    client_for, lead, partnership, plan, probation
):
    ActionFactory(priority=plan, lead_organisation=probation)

    page = (
        client_for(lead)
        .get(actions_url(plan, partnership, query=f"&organisation={probation.pk}&page=1"))
        .content.decode()
    )

    csv_link = reverse("tenant:actions-csv", args=[partnership.slug])
    xlsx_link = reverse("tenant:actions-xlsx", args=[partnership.slug])
    query = f"?strategy={plan.strategy_id}&amp;organisation={probation.pk}"
    assert f'href="{csv_link}{query}"' in page
    assert f'href="{xlsx_link}{query}"' in page
    assert "Every page of the list" in page


@pytest.mark.django_db
@pytest.mark.parametrize("title", FORMULAS)
def test_a_formula_typed_into_an_action_is_neutralised_in_both_formats(
    client_for, lead, partnership, plan, probation, title
):
    ActionFactory(priority=plan, lead_organisation=probation, title=title)
    client = client_for(lead)

    as_csv = csv_rows(client.get(actions_url(plan, partnership, "csv")))
    as_xlsx = client.get(actions_url(plan, partnership, "xlsx"))

    assert as_csv[1][0] == f"'{title}"  # shown with a leading quote, never run
    assert xlsx_rows(as_xlsx)[1][0] == title  # kept as typed, as text
    assert not formulas_in(as_xlsx)


@pytest.mark.django_db
def test_a_negative_number_is_left_as_typed(client_for, lead, partnership, plan, probation):
    ActionFactory(priority=plan, lead_organisation=probation, title="-1")
    client = client_for(lead)

    as_csv = csv_rows(client.get(actions_url(plan, partnership, "csv")))
    as_xlsx = client.get(actions_url(plan, partnership, "xlsx"))

    assert as_csv[1][0] == "-1"
    assert xlsx_rows(as_xlsx)[1][0] == "-1"  # text, as typed
    assert not formulas_in(as_xlsx)


@pytest.mark.django_db
def test_the_actions_download_uses_the_same_queries_for_5_and_50_actions(
    client_for, lead, partnership, plan, probation, police, council
):
    client = client_for(lead)
    counts = []
    made = 0
    for total in (5, 50):
        for n in range(made, total):
            action = ActionFactory(priority=plan, lead_organisation=probation, title=f"A{n}")
            with scopes_disabled():
                action.contributing_organisations.set([police, council])
        made = total
        for fmt in ("csv", "xlsx"):
            cold_cache()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(actions_url(plan, partnership, fmt))
            assert response.status_code == 200
            counts.append(len(queries))

    assert counts[:2] == counts[2:]


# --- The other lists -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_organisations_download_lists_the_pages_organisations_in_its_order(
    client_for, observer, partnership
):
    client = client_for(observer)

    page = client.get(reverse("tenant:organisations", args=[partnership.slug])).content.decode()
    rows = xlsx_rows(client.get(download_url("organisations", "xlsx", partnership)))

    shown = re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th>', page)
    assert [row[0] for row in rows[1:]] == shown
    assert len(shown) == 5


@pytest.mark.django_db
def test_the_members_download_keeps_the_pages_filter_and_shows_no_email(
    client_for, observer, partnership, police
):
    response = client_for(observer).get(
        download_url("members", "csv", partnership, query=f"?organisation={police.pk}")
    )

    rows = csv_rows(response)
    assert rows[1:] == [
        [
            "Tom Evans",
            "Police data lead",
            "Northshire Police",
            "Duty partner",
            "Data lead",
            rows[1][5],
            "",
        ]
    ]
    assert "@" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("title", FORMULAS)
def test_a_formula_in_a_finding_is_neutralised_in_both_formats(
    client_for, partner, partnership, sna, title
):
    with scopes_disabled():
        sna.findings.filter(title="School exclusion").update(title=title)
    client = client_for(partner)

    as_csv = csv_rows(client.get(download_url("findings", "csv", partnership, sna.pk)))
    as_xlsx = client.get(download_url("findings", "xlsx", partnership, sna.pk))

    assert sorted(row[1] for row in as_csv[1:]) == sorted(
        [f"'{title}", "Knife crime in the town centre at night"]
    )
    assert title in [row[1] for row in xlsx_rows(as_xlsx)[1:]]
    assert not formulas_in(as_xlsx)


@pytest.mark.django_db
def test_the_recommendations_download_says_what_each_answers(client_for, partner, partnership, sna):
    rows = csv_rows(
        client_for(partner).get(download_url("recommendations", "csv", partnership, sna.pk))
    )

    assert rows[1][:2] == ["1", "Put youth workers in the night-time economy"]
    assert set(rows[1][3].split("; ")) == {
        "Knife crime in the town centre at night",
        "School exclusion",
    }


@pytest.mark.django_db
def test_small_figures_stay_suppressed_in_the_data_download(client_for, lead, partnership, police):
    accepted_return(police, [("2025-Q1", "Northshire", "3")])
    client = client_for(lead)  # who may see small numbers, but not on the list

    page = client.get(reverse("tenant:data", args=[partnership.slug])).content.decode()
    as_csv = csv_rows(client.get(download_url("data", "csv", partnership)))
    as_xlsx = xlsx_rows(client.get(download_url("data", "xlsx", partnership)))

    knives = [row for row in as_csv[1:] if row[2] == "2025-Q1"]
    assert "&lt;5" in page
    assert [row[3] for row in knives] == ["<5"]
    assert [row[3] for row in as_xlsx[1:] if row[2] == "2025-Q1"] == ["<5"]
    assert len(as_csv) == len(as_xlsx) == page.count('class="govuk-table__row"')


@pytest.mark.django_db
def test_the_activity_download_keeps_the_pages_filter(client_for, lead, convener, partnership):
    client_for(lead).get(download_url("members", "csv", partnership))
    client = client_for(convener)

    everything = csv_rows(client.get(download_url("activity", "csv", partnership)))
    members_only = csv_rows(
        client.get(download_url("activity", "csv", partnership, query="?subject=membership"))
    )

    assert ["5 rows: Members list (CSV)", "Priya Shah"] in [row[1:3] for row in everything]
    assert "5 rows: Members list (CSV)" not in [row[1] for row in members_only]
