"""Analysts take the SNA's lists away as CSV or as an Excel workbook: the contributions, the
provision map and the bodies outside the partnership, each as its page lists it (every page of
it, with its filters, and nothing the page keeps from them); and the two exports of evidence
now come as a workbook too."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from assessments.models import Contribution, OutsideBody, ProvisionService
from partnerships.models import AuditEntry
from tests.assessments.test_data_pages import accepted_return
from tests.common.test_list_exports import csv_rows, download_url, formulas_in, xlsx_rows
from tests.factories import ContributionFactory
from tests.query_counts import cold_cache

# The personas appear in every story here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")
# Every download is a tenant URL, so the isolation walk (tests/isolation) proves that
# another partnership's member gets a 404 at each, in both formats.

FORMULA = '=HYPERLINK("http://x")'
# Each list's downloads, the persona who may see its page, and one who may not.
LISTS = {
    "contributions": ("partner", "observer"),
    "provision": ("partner", "observer"),
    "bodies": ("observer", "consultee"),
}


def page_url(name: str, partnership, query: str = "") -> str:
    return reverse(f"tenant:{name}", args=[partnership.slug]) + query


def both(client, name: str, partnership, query: str = ""):
    """The list's CSV rows, its workbook's rows, and the workbook itself."""
    as_csv = client.get(download_url(name, "csv", partnership, query=query))
    as_xlsx = client.get(download_url(name, "xlsx", partnership, query=query))
    assert as_csv.status_code == as_xlsx.status_code == 200
    return csv_rows(as_csv), xlsx_rows(as_xlsx), as_xlsx


def linked(page: str, route: str) -> list[str]:
    """The names a list page links to their own pages (`route`: "contributions", "provision")."""
    return re.findall(rf'href="/p/northshire/{route}/\d+/">([^<]+)</a>', page)


def add_service(partnership, organisation, name: str, **fields) -> ProvisionService:
    values = {
        "provider": "Northshire Police",
        "description": "Custody navigators offering young people a way out.",
        "area": "Northshire",
        "tier": "secondary",
        "evidence": "promising",
    }
    with scopes_disabled():
        return ProvisionService.objects.create(
            partnership=partnership,
            added_by_organisation=organisation,
            name=name,
            **(values | fields),
        )


def add_body(partnership, name: str, **fields) -> OutsideBody:
    with scopes_disabled():
        return OutsideBody.objects.create(
            partnership=partnership, name=name, **({"kind": "educational"} | fields)
        )


def submitted(contribution: Contribution) -> Contribution:
    with scopes_disabled():
        Contribution.objects.filter(pk=contribution.pk).update(status="submitted")
    return contribution


# --- Every list ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
def test_each_list_downloads_as_a_csv_and_a_workbook_with_the_same_rows(
    request, client_for, partnership, police, name
):
    submitted(ContributionFactory(organisation=police, title="Knife crime profile"))
    add_service(partnership, police, "Operation Divert")
    add_body(partnership, "St Mary's School")
    client = client_for(request.getfixturevalue(LISTS[name][0]))

    as_csv, as_xlsx, _workbook = both(client, name, partnership)

    assert as_csv[0] == as_xlsx[0]
    assert [row[0] for row in as_csv[1:]] == [row[0] for row in as_xlsx[1:]]
    assert len(as_csv) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
def test_the_page_offers_its_download(request, client_for, partnership, police, name):
    submitted(ContributionFactory(organisation=police))
    add_service(partnership, police, "Operation Divert")
    add_body(partnership, "St Mary's School")

    page = client_for(request.getfixturevalue(LISTS[name][0])).get(page_url(name, partnership))

    html = page.content.decode()
    assert f'href="{download_url(name, "csv", partnership)}' in html
    assert f'href="{download_url(name, "xlsx", partnership)}' in html


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("name", LISTS)
def test_a_list_download_needs_the_pages_permission(request, client_for, partnership, name, fmt):
    if name == "bodies":
        request.getfixturevalue("consultee")  # Sam is made only when asked for
    who = request.getfixturevalue(LISTS[name][1])

    assert client_for(who).get(page_url(name, partnership)).status_code == 403
    assert client_for(who).get(download_url(name, fmt, partnership)).status_code == 403


# --- Contributions -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_contributions_download_holds_every_page_of_what_the_partner_may_see(
    client_for, partner, partnership, police, probation
):
    for n in range(28):
        submitted(ContributionFactory(organisation=police, title=f"Police evidence {n:02}"))
    ContributionFactory(organisation=police, title="Police draft")
    ContributionFactory(organisation=probation, title="Our own draft")
    client = client_for(partner)

    page = client.get(page_url("contributions", partnership)).content.decode()
    as_csv, as_xlsx, _workbook = both(client, "contributions", partnership)

    titles = [row[0] for row in as_csv[1:]]
    assert "29 contributions" in page
    assert len(linked(page, "contributions")) == 25  # one page of the list…
    assert len(titles) == 29  # …all of it
    assert linked(page, "contributions") == titles[:25]
    assert "Our own draft" in titles  # the page shows a draft to its own organisation…
    assert "Police draft" not in titles  # …and to nobody else
    assert [row[0] for row in as_xlsx[1:]] == titles


@pytest.mark.django_db
def test_the_contributions_download_shows_the_pages_columns(
    client_for, partner, partnership, police
):
    submitted(ContributionFactory(organisation=police, title="Knife crime profile"))

    as_csv, as_xlsx, _workbook = both(client_for(partner), "contributions", partnership)

    assert as_csv[0] == [
        "Title",
        "Organisation",
        "Duty element",
        "Kind",
        "Period",
        "Status",
        "Changed since accepted",
        "Submitted",
    ]
    assert as_csv[1][:7] == [
        "Knife crime profile",
        "Northshire Police",
        as_csv[1][2],
        "Qualitative insight",
        "2026/27",
        "Submitted",
        "No",
    ]
    assert as_csv[1][2]  # the Duty element's short name, as on the page
    assert as_xlsx[1][:7] == as_csv[1][:7]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_contributions_download_keeps_the_pages_filters(
    client_for, partner, partnership, police, probation, fmt
):
    submitted(ContributionFactory(organisation=police, title="Police profile"))
    submitted(ContributionFactory(organisation=probation, title="Probation profile"))
    ContributionFactory(organisation=police, title="Accepted police profile", status="accepted")
    client = client_for(partner)
    query = f"?organisation={police.pk}&status=submitted&page=1"

    page = client.get(page_url("contributions", partnership, query)).content.decode()
    response = client.get(download_url("contributions", fmt, partnership, query=query))

    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert linked(page, "contributions") == ["Police profile"]
    assert [row[0] for row in rows[1:]] == ["Police profile"]
    # The page's links carry its filters, all but its page number.
    link = download_url("contributions", fmt, partnership)
    assert f'href="{link}?organisation={police.pk}&amp;status=submitted"' in page


@pytest.mark.django_db
def test_a_formula_typed_into_a_contribution_is_neutralised(
    client_for, partner, partnership, police
):
    submitted(ContributionFactory(organisation=police, title=FORMULA))

    as_csv, as_xlsx, workbook = both(client_for(partner), "contributions", partnership)

    assert not as_csv[1][0].startswith("=")
    assert as_xlsx[1][0] == FORMULA  # kept as typed, as text
    assert not formulas_in(workbook)


# --- The provision map ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_provision_download_holds_every_page_of_the_map_in_its_order(
    client_for, partner, partnership, police
):
    for n in range(27):
        add_service(partnership, police, f"Service {n:02}")
    client = client_for(partner)

    page = client.get(page_url("provision", partnership)).content.decode()
    as_csv, as_xlsx, _workbook = both(client, "provision", partnership)

    names = [row[0] for row in as_csv[1:]]
    assert len(linked(page, "provision")) == 25
    assert names == [f"Service {n:02}" for n in range(27)]
    assert linked(page, "provision") == names[:25]
    assert [row[0] for row in as_xlsx[1:]] == names


@pytest.mark.django_db
def test_the_provision_download_says_what_the_page_says_and_names_no_one(
    client_for, partner, lead, partnership, police, sna
):
    service = add_service(
        partnership,
        police,
        "Operation Divert",
        curated=True,
        public_in_feed=True,
        funding_ends_on=date(2027, 3, 31),
        added_by=lead,
    )
    with scopes_disabled():
        service.findings.set(sna.findings.filter(title="School exclusion"))

    as_csv, as_xlsx, _workbook = both(client_for(partner), "provision", partnership)

    assert as_csv[0] == [
        "Service",
        "Organisation running it",
        "Area",
        "Prevention tier",
        "Evidence",
        "Checked by the lead",
        "In the public feed",
        "Gaps and findings",
        "Funding ends",
        "Added by",
        "Added on",
    ]
    assert as_csv[1][:10] == [
        "Operation Divert",
        "Northshire Police",
        "Northshire",
        "Secondary prevention (people at risk)",
        "Evaluated: promising",
        "Yes",
        "Yes",
        "School exclusion",
        "2027-03-31",
        "Northshire Police",  # the organisation that added it, as its page says
    ]
    assert as_xlsx[1][:8] == as_csv[1][:8]
    # Who typed the entry in stays off the list, as it is off the page.
    assert not any("Priya" in str(cell) for row in as_csv + as_xlsx for cell in row)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_provision_download_keeps_the_pages_filters(
    client_for, partner, partnership, police, fmt
):
    add_service(partnership, police, "Street triage", tier="primary")
    add_service(partnership, police, "Operation Divert", evidence="effective")
    add_service(partnership, police, "Mentoring", evidence="not_evaluated")
    client = client_for(partner)
    query = "?tier=secondary&evidence=effective"

    page = client.get(page_url("provision", partnership, query)).content.decode()
    response = client.get(download_url("provision", fmt, partnership, query=query))

    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert linked(page, "provision") == ["Operation Divert"]
    assert [row[0] for row in rows[1:]] == ["Operation Divert"]


@pytest.mark.django_db
def test_a_formula_typed_into_the_provision_map_is_neutralised(
    client_for, partner, partnership, police
):
    add_service(partnership, police, FORMULA, provider=FORMULA)

    as_csv, as_xlsx, workbook = both(client_for(partner), "provision", partnership)

    assert not any(cell.startswith("=") for cell in as_csv[1])
    assert as_xlsx[1][:2] == [FORMULA, FORMULA]
    assert not formulas_in(workbook)


@pytest.mark.django_db
def test_the_provision_download_uses_the_same_queries_for_5_and_50_services(
    client_for, partner, partnership, police, probation, sna
):
    with scopes_disabled():
        findings = list(sna.findings.all())
    client = client_for(partner)
    counts = []
    made = 0
    for total in (5, 50):
        for n in range(made, total):
            service = add_service(partnership, police if n % 2 else probation, f"Service {n:02}")
            with scopes_disabled():
                service.findings.set(findings)
        made = total
        for fmt in ("csv", "xlsx"):
            cold_cache()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(download_url("provision", fmt, partnership))
            assert response.status_code == 200
            counts.append(len(queries))

    assert counts[:2] == counts[2:]


# --- Bodies outside the partnership --------------------------------------------------------------


@pytest.mark.django_db
def test_the_bodies_download_lists_the_pages_bodies_with_their_team_address(
    client_for, observer, lead, partnership
):
    add_body(partnership, "St Mary's School", contact_email="office@stmarys.example")
    add_body(partnership, "HMP Northshire", kind="prison")
    with scopes_disabled():
        add_body(partnership, "Closed academy").delete()
    client = client_for(observer)

    page = client.get(page_url("bodies", partnership)).content.decode()
    as_csv, as_xlsx, _workbook = both(client, "bodies", partnership)

    shown = re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th>', page)
    assert [row[0] for row in as_csv[1:]] == [name.replace("&#x27;", "'") for name in shown]
    assert as_csv[0] == ["Body", "Type", "Team email address", "Added on"]
    assert [row[:3] for row in as_csv[1:]] == [
        ["HMP Northshire", "Prison authority", ""],
        [
            "St Mary's School",
            "Educational authority (a school, college or trust)",
            "office@stmarys.example",  # the team address the page shows everyone who sees it
        ],
    ]
    assert [row[:3] for row in as_xlsx[1:]] == [row[:3] for row in as_csv[1:]]


@pytest.mark.django_db
def test_a_formula_typed_into_a_body_is_neutralised(client_for, observer, partnership):
    add_body(partnership, FORMULA)

    as_csv, as_xlsx, workbook = both(client_for(observer), "bodies", partnership)

    assert not as_csv[1][0].startswith("=")
    assert as_xlsx[1][0] == FORMULA
    assert not formulas_in(workbook)


# --- The exports of evidence, as a workbook too --------------------------------------------------


def export_url(name: str, partnership, query: str = "") -> str:
    return reverse(f"tenant:{name}", args=[partnership.slug]) + query


@pytest.mark.django_db
def test_the_contributions_export_comes_as_a_workbook_with_the_csvs_rows(
    client_for, lead, partnership, police
):
    submitted(ContributionFactory(organisation=police, title=FORMULA))
    ContributionFactory(organisation=police, title="Unfinished thoughts")
    client = client_for(lead)

    as_csv = client.get(export_url("contributions-export", partnership))
    as_xlsx = client.get(export_url("contributions-export-xlsx", partnership))

    assert as_csv.status_code == as_xlsx.status_code == 200
    assert as_csv["Content-Disposition"].endswith('.csv"')  # the old address is unchanged
    assert as_xlsx["Content-Disposition"].endswith('.xlsx"')
    csv_, xlsx_ = csv_rows(as_csv), xlsx_rows(as_xlsx)
    assert csv_[0] == xlsx_[0]
    assert [row[0] for row in csv_[1:]] == [f"'{FORMULA}"]  # drafts stay with their organisation
    assert [row[0] for row in xlsx_[1:]] == [FORMULA]
    assert not formulas_in(as_xlsx)


@pytest.mark.django_db
def test_small_figures_stay_suppressed_in_the_data_export_workbook(
    client_for, lead, partner, partnership, police
):
    accepted_return(police, [("2025-Q1", "Northshire", "3"), ("2025-Q2", "Northshire", "41")])

    for_lead = xlsx_rows(client_for(lead).get(export_url("data-export-xlsx", partnership)))
    shown_to_lead = xlsx_rows(
        client_for(lead).get(export_url("data-export-xlsx", partnership, "?small_numbers=show"))
    )
    asked_by_partner = xlsx_rows(
        client_for(partner).get(export_url("data-export-xlsx", partnership, "?small_numbers=show"))
    )
    as_csv = csv_rows(client_for(lead).get(export_url("data-export", partnership)))

    def figures(rows):
        return sorted((row[2], row[5]) for row in rows[1:])

    # The workbook holds the figures as numbers, and "<5" as text.
    assert figures(for_lead) == [("2025-Q1", "<5"), ("2025-Q2", 41)]
    assert figures(asked_by_partner) == [("2025-Q1", "<5"), ("2025-Q2", 41)]
    assert figures(shown_to_lead) == [("2025-Q1", 3), ("2025-Q2", 41)]
    assert figures(as_csv) == [("2025-Q1", "<5"), ("2025-Q2", "41.00")]
    assert for_lead[0] == as_csv[0]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["contributions-export-xlsx", "data-export-xlsx"])
def test_the_export_workbooks_need_the_csvs_permission(
    client_for, observer, outsider, partnership, name
):
    assert client_for(observer).get(export_url(name, partnership)).status_code == 403
    assert client_for(outsider).get(export_url(name, partnership)).status_code == 404


@pytest.mark.django_db
def test_the_data_page_links_the_workbook_beside_the_csv(client_for, lead, partner, partnership):
    for_lead = client_for(lead).get(page_url("data", partnership)).content.decode()
    for_partner = client_for(partner).get(page_url("data", partnership)).content.decode()

    workbook = export_url("data-export-xlsx", partnership)
    assert f'href="{workbook}"' in for_lead
    assert f'href="{workbook}?small_numbers=show"' in for_lead
    assert f'href="{workbook}"' in for_partner
    assert f'href="{workbook}?small_numbers=show"' not in for_partner


@pytest.mark.django_db
def test_an_export_workbook_is_on_the_activity_timeline(client_for, data_lead, partnership):
    client_for(data_lead).get(export_url("contributions-export-xlsx", partnership))

    with scopes_disabled():
        entry = AuditEntry.objects.get(partnership=partnership, action=AuditEntry.Action.DOWNLOADED)
    assert entry.actor == data_lead
    assert entry.subject_label == "Contributions export (Excel)"
