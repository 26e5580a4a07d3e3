"""The lead takes the invitations list away as CSV or as an Excel workbook, and anyone who
follows representation takes its two tables: each as the page shows it, every page of it, with
its filter, and nothing a spreadsheet would run."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from partnerships import services
from partnerships.models import AuditEntry, Invitation
from partnerships.roles import PortalRole
from tests.common.test_list_exports import csv_rows, download_url, formulas_in, xlsx_rows
from tests.factories import InvitationFactory, OrganisationFactory

# The personas appear in every story here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")
# Every download is a tenant URL, so the isolation walk (tests/isolation) proves that
# another partnership's member gets a 404 at each, in both formats.

FORMULA = '=HYPERLINK("http://x")'
# Each list's downloads, the persona who may see its page, and one who may not.
LISTS = {
    "invitations": ("lead", "partner"),
    "representation": ("partner", "observer"),
    "representation-relevant": ("partner", "observer"),
}
PAGES = {
    "invitations": "invitations",
    "representation": "representation",
    "representation-relevant": "representation",
}


def page_url(name: str, partnership, query: str = "") -> str:
    return reverse(f"tenant:{name}", args=[partnership.slug]) + query


def both(client, name: str, partnership, query: str = ""):
    """The list's CSV rows, its workbook's rows, and the workbook itself."""
    as_csv = client.get(download_url(name, "csv", partnership, query=query))
    as_xlsx = client.get(download_url(name, "xlsx", partnership, query=query))
    assert as_csv.status_code == as_xlsx.status_code == 200
    return csv_rows(as_csv), xlsx_rows(as_xlsx), as_xlsx


def invite(partnership, lead, organisation, email: str, **roles) -> Invitation:
    return services.invitation_create(
        partnership=partnership,
        email=email,
        organisation=organisation,
        portal_role=PortalRole.PARTNER,
        duty_roles=[role for role, held in roles.items() if held],
        acting_user=lead,
    )


def emails_listed(page: str) -> list[str]:
    """The invited addresses in the page's table."""
    return re.findall(r'class="govuk-table__header app-break-words">([^<]+)</th>', page)


@pytest.fixture
def schools(partnership):
    """A relevant authority that nobody from has joined yet."""
    return OrganisationFactory(
        partnership=partnership, name="Northshire Schools", sector_slug="education"
    )


# --- Every list ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
def test_each_list_downloads_as_a_csv_and_a_workbook_with_the_same_rows(
    request, client_for, partnership, lead, police, schools, name
):
    invite(partnership, lead, police, "ana@example.org", data_lead=True)
    client = client_for(request.getfixturevalue(LISTS[name][0]))

    as_csv, as_xlsx, _workbook = both(client, name, partnership)

    assert as_csv[0] == as_xlsx[0]
    assert [row[0] for row in as_csv[1:]] == [row[0] for row in as_xlsx[1:]]
    assert len(as_csv) > 1


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
def test_the_page_offers_its_download(
    request, client_for, partnership, lead, police, schools, name
):
    invite(partnership, lead, police, "ana@example.org")

    page = client_for(request.getfixturevalue(LISTS[name][0])).get(
        page_url(PAGES[name], partnership)
    )

    html = page.content.decode()
    assert download_url(name, "csv", partnership) in html
    assert download_url(name, "xlsx", partnership) in html


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("name", LISTS)
def test_a_list_download_needs_the_pages_permission(request, client_for, partnership, name, fmt):
    who = client_for(request.getfixturevalue(LISTS[name][1]))

    assert who.get(page_url(PAGES[name], partnership)).status_code == 403
    assert who.get(download_url(name, fmt, partnership)).status_code == 403


# --- Invitations ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_invitations_download_holds_every_page_of_the_pending_ones(
    client_for, lead, partnership, police
):
    for n in range(27):
        invite(partnership, lead, police, f"invitee{n:02}@example.org")
    client = client_for(lead)

    page = client.get(page_url("invitations", partnership)).content.decode()
    as_csv, as_xlsx, _workbook = both(client, "invitations", partnership)

    emails = [row[0] for row in as_csv[1:]]
    assert len(emails_listed(page)) == 25  # one page of the list…
    assert sorted(emails) == [f"invitee{n:02}@example.org" for n in range(27)]  # …all of it
    assert emails_listed(page) == emails[:25]
    assert [row[0] for row in as_xlsx[1:]] == emails


@pytest.mark.django_db
def test_the_invitations_download_shows_the_pages_columns(client_for, lead, partnership, police):
    invite(partnership, lead, police, "ana@example.org", data_lead=True)

    as_csv, as_xlsx, _workbook = both(client_for(lead), "invitations", partnership)

    today = timezone.localdate()
    assert as_csv[0] == [
        "Email address",
        "Organisation",
        "Portal role",
        "Duty roles",
        "Status",
        "Sent",
        "Expires",
        "Invited by",
    ]
    assert as_csv[1] == [
        "ana@example.org",
        "Northshire Police",
        "Duty partner",
        "Data lead",
        "Pending",
        today.isoformat(),
        (today + timedelta(days=14)).isoformat(),
        "Priya Shah",
    ]
    assert as_xlsx[1][:5] == as_csv[1][:5]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_invitations_download_keeps_the_pages_status(
    client_for, lead, partnership, police, probation, fmt
):
    invite(partnership, lead, police, "waiting@example.org")
    revoked = invite(partnership, lead, probation, "revoked@example.org")
    services.invitation_revoke(invitation=revoked, acting_user=lead)
    client = client_for(lead)

    page = client.get(page_url("invitations", partnership, "?status=revoked")).content.decode()
    response = client.get(download_url("invitations", fmt, partnership, query="?status=revoked"))

    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert emails_listed(page) == ["revoked@example.org"]
    assert [row[0] for row in rows[1:]] == ["revoked@example.org"]
    assert rows[0][6] == "Revoked"
    assert f'{download_url("invitations", fmt, partnership)}?status=revoked"' in page


@pytest.mark.django_db
def test_a_formula_in_an_invitation_is_neutralised(client_for, lead, partnership, police):
    with scopes_disabled():
        police.name = FORMULA
        police.save()
    InvitationFactory(organisation=police, email="ana@example.org", invited_by=lead)

    as_csv, as_xlsx, workbook = both(client_for(lead), "invitations", partnership)

    assert not as_csv[1][1].startswith("=")
    assert as_xlsx[1][1] == FORMULA
    assert not formulas_in(workbook)


@pytest.mark.django_db
def test_each_invitations_download_is_on_the_activity_timeline(client_for, lead, partnership):
    client_for(lead).get(download_url("invitations", "xlsx", partnership, query="?status=expired"))

    with scopes_disabled():
        entry = AuditEntry.objects.get(partnership=partnership, action=AuditEntry.Action.DOWNLOADED)
    assert entry.subject_label == "Expired invitations list (Excel)"


# --- Representation ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_representation_download_says_who_holds_each_role_as_the_page_does(
    client_for, partner, lead, partnership, police, probation, council
):
    invite(partnership, lead, probation, "dee@example.org", data_lead=True)
    client = client_for(partner)

    page = client.get(page_url("representation", partnership)).content.decode()
    as_csv, as_xlsx, _workbook = both(client, "representation", partnership)

    assert as_csv[0] == ["Organisation", "Sector", "Accountable", "Responsible", "Data lead"]
    rows = {row[0]: row for row in as_csv[1:]}
    assert set(rows) == {council.name, police.name, probation.name}
    assert all(name in page for name in rows)
    assert rows[council.name][2] == "Priya Shah"
    assert rows[police.name][4] == "Tom Evans"
    assert rows[probation.name][3] == "Paul Reid"
    assert rows[police.name][2].startswith("Missing")
    # A pending invitation shows against the gap it would fill, as on the page.
    assert "dee@example.org, sent" in rows[probation.name][4]
    assert [row[:2] for row in as_xlsx[1:]] == [row[:2] for row in as_csv[1:]]


@pytest.mark.django_db
def test_the_relevant_authorities_download_says_which_have_engaged(
    client_for, partner, partnership, schools
):
    OrganisationFactory(
        partnership=partnership, name=FORMULA, sector_slug="prisons-and-secure-estate"
    )
    client = client_for(partner)

    page = client.get(page_url("representation", partnership)).content.decode()
    as_csv, as_xlsx, workbook = both(client, "representation-relevant", partnership)

    assert as_csv[0] == ["Organisation", "Sector", "Status"]
    rows = {row[0]: row[2] for row in as_csv[1:]}
    assert rows["Northshire Schools"] == "Not yet engaged"
    assert "Northshire Schools" in page
    assert f"'{FORMULA}" in rows  # shown with a leading quote, never run
    assert FORMULA in [row[0] for row in as_xlsx[1:]]
    assert not formulas_in(workbook)
