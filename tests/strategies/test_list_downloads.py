"""Everyone who sees the response strategy takes its lists away as CSV or as an Excel workbook:
its measures, sign-off, consultation record, meetings, commissioning, landscape and annual
reviews. Each download holds the rows its page lists (every page of them, with the page's
filters), never a small figure the page hides, and nothing a spreadsheet would run."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django_scopes import scopes_disabled

from assessments.models import OutsideBody, ProvisionService
from strategies.models import Commission, Consultation, Meeting, Review, SignOff, Strategy
from tests.common.test_list_exports import csv_rows, download_url, formulas_in, xlsx_rows
from tests.factories import (
    LandscapeEntryFactory,
    OrganisationFactory,
    PriorityFactory,
    StrategyMeasureFactory,
)
from tests.query_counts import cold_cache
from tests.strategies.test_measures import data_return, knife_measure

# The personas appear in every story here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")
# Every download is a tenant URL, so the isolation walk (tests/isolation) proves that
# another partnership's member gets a 404 at each, in both formats.

FORMULA = '=HYPERLINK("http://x")'
# The lists that belong to one strategy, whose addresses carry its id.
UNDER_STRATEGY = {"strategy-measures", "sign-offs", "consultations", "reviews"}


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def page_url(name: str, strategy, query: str = "") -> str:
    args = [strategy.pk] if name in UNDER_STRATEGY else []
    return reverse(f"tenant:{name}", args=[strategy.partnership.slug, *args]) + query


def list_url(name: str, fmt: str, strategy, query: str = "") -> str:
    args = [strategy.pk] if name in UNDER_STRATEGY else []
    return download_url(name, fmt, strategy.partnership, *args, query=query)


# --- Rows in each list, with `text` where a person types it ---------------------------------------


def measure_named(strategy, text: str):
    StrategyMeasureFactory(strategy=strategy, name=text)


def sign_off_by(strategy, text: str, organisation=None, *, version=None, **fields) -> SignOff:
    """A decision of `organisation` (a new specified authority unless given), by the body `text`."""
    organisation = organisation or OrganisationFactory(
        partnership=strategy.partnership, name=f"{text} authority", sector_slug="police"
    )
    with scopes_disabled():
        return SignOff.objects.create(
            partnership=strategy.partnership,
            strategy=strategy,
            version=version or strategy.version,
            organisation=organisation,
            decision=fields.pop("decision", SignOff.Decision.APPROVED),
            body=text,
            decided_on=fields.pop("decided_on", days_ago(5)),
            minute_reference=fields.pop("minute_reference", "CAB/2026/4"),
            **fields,
        )


def school_consulted(strategy, text: str, **fields) -> Consultation:
    """A school in the partnership, invited to respond; `text` is its response."""
    school = OrganisationFactory(
        partnership=strategy.partnership, name=f"{text} school", sector_slug="education"
    )
    with scopes_disabled():
        return Consultation.objects.create(
            partnership=strategy.partnership,
            strategy=strategy,
            organisation=school,
            invited_on=fields.pop("invited_on", days_ago(40)),
            response=text,
            **fields,
        )


def meeting_titled(strategy, text: str, *attendees, on=None) -> Meeting:
    with scopes_disabled():
        meeting = Meeting.objects.create(
            partnership=strategy.partnership,
            held_on=on or days_ago(7),
            kind=Meeting.Kind.BOARD,
            title=text,
        )
        meeting.attendees.set(attendees)
    return meeting


def commission_titled(strategy, text: str, **fields) -> Commission:
    commissioner = fields.pop("commissioner", None) or OrganisationFactory(
        partnership=strategy.partnership
    )
    values = {"kind": Commission.Kind.SERVICE, "status": Commission.Status.LIVE} | fields
    with scopes_disabled():
        return Commission.objects.create(
            partnership=strategy.partnership, commissioner=commissioner, title=text, **values
        )


def provision(strategy, organisation, name: str) -> ProvisionService:
    with scopes_disabled():
        return ProvisionService.objects.create(
            partnership=strategy.partnership,
            added_by_organisation=organisation,
            provider=organisation.name,
            name=name,
            description="Youth workers at the hospital.",
            area="Northshire",
            tier="secondary",
        )


def landscape_entry_named(strategy, text: str, **fields):
    return LandscapeEntryFactory(partnership=strategy.partnership, name=text, **fields)


def review_on(strategy, reviewed_on: datetime.date, *participants, **fields) -> Review:
    with scopes_disabled():
        review = Review.objects.create(
            partnership=strategy.partnership, strategy=strategy, reviewed_on=reviewed_on, **fields
        )
        review.participants.set(participants)
    return review


def _found(pattern: str, page: str) -> list[str]:
    return [html.unescape(found.strip()) for found in re.findall(pattern, page)]


ROW_HEADER = r'<th scope="row" class="govuk-table__header">\s*([^<]+?)\s*<'


def _link_texts(path: str):
    return lambda page: _found(rf'href="/p/northshire/{path}">([^<]+)<', page)


def _sign_off_rows(page: str) -> list[str]:
    tables = page.split('id="consultation"', 1)[0]  # the consultation summary follows
    return _found(ROW_HEADER, tables)


# How to read each page's rows from it, in order, and the download column that holds the same.
LISTED = {
    "strategy-measures": (_link_texts(r"strategy-measures/\d+/"), 0),
    "sign-offs": (_sign_off_rows, 1),
    "consultations": (lambda page: _found(ROW_HEADER, page), 0),
    "meetings": (_link_texts(r"meetings/\d+/"), 1),
    "commissioning": (_link_texts(r"commissioning/\d+/edit/"), 0),  # as the lead sees it
    "landscape": (
        lambda page: _found(r'<h3 class="govuk-summary-card__title">([^<]+)</h3>', page),
        1,
    ),
    "reviews": (_link_texts(r"reviews/\d+/"), 0),  # by date
}


def fill(name: str, strategy, text: str) -> None:
    """One row in the list `name`, with `text` typed where the download shows it."""
    if name == "strategy-measures":
        measure_named(strategy, text)
    elif name == "sign-offs":
        sign_off_by(strategy, text)
    elif name == "consultations":
        school_consulted(strategy, text)
    elif name == "meetings":
        meeting_titled(strategy, text)
    elif name == "commissioning":
        commission_titled(strategy, text)
    elif name == "landscape":
        landscape_entry_named(strategy, text)
    else:  # a review has nothing typed in its list's columns, only its date
        review_on(strategy, days_ago(len(text)))


def as_on_the_page(name: str, cell) -> str:
    """A download's cell as the page writes it: reviews are listed by their date."""
    if name == "reviews":
        if isinstance(cell, datetime.datetime):
            cell = cell.date()
        elif isinstance(cell, str):
            cell = datetime.date.fromisoformat(cell)
        return date_format(cell, "j F Y")
    return cell


# --- Every list -----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTED)
def test_each_list_downloads_as_a_csv_and_a_workbook_holding_the_pages_rows(
    client_for, lead, strategy, name
):
    fill(name, strategy, "Alpha")
    fill(name, strategy, "Bravo rows")
    client = client_for(lead)

    page = client.get(page_url(name, strategy)).content.decode()
    as_csv = client.get(list_url(name, "csv", strategy))
    as_xlsx = client.get(list_url(name, "xlsx", strategy))

    assert as_csv.status_code == as_xlsx.status_code == 200
    assert as_csv["Content-Disposition"].endswith('.csv"')
    assert as_xlsx["Content-Disposition"].endswith('.xlsx"')
    csv_table, xlsx_table = csv_rows(as_csv), xlsx_rows(as_xlsx)
    assert csv_table[0] == xlsx_table[0]
    listed, column = LISTED[name]
    shown = listed(page)
    assert len(shown) >= 2
    assert [as_on_the_page(name, row[column]) for row in csv_table[1:]] == shown
    assert [as_on_the_page(name, row[column]) for row in xlsx_table[1:]] == shown


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTED)
def test_each_page_offers_its_download(client_for, partner, strategy, name):
    fill(name, strategy, "Alpha")

    page = client_for(partner).get(page_url(name, strategy)).content.decode()

    assert f'data-download-list="{name}"' in page
    for fmt in ("csv", "xlsx"):  # with the page's query string, here none
        assert re.search(rf'href="{re.escape(list_url(name, fmt, strategy))}\??"', page)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(set(LISTED) - {"reviews"}))
def test_a_formula_typed_into_a_list_is_neutralised_in_both_formats(
    client_for, lead, strategy, name
):
    fill(name, strategy, FORMULA)
    client = client_for(lead)

    as_csv = client.get(list_url(name, "csv", strategy))
    as_xlsx = client.get(list_url(name, "xlsx", strategy))

    cells = [cell for row in csv_rows(as_csv)[1:] for cell in row]
    assert f"'{FORMULA}" in cells  # shown with a leading quote, never run
    assert not any(cell.startswith("=") for cell in cells)
    assert FORMULA in [cell for row in xlsx_rows(as_xlsx)[1:] for cell in row]  # text, as typed
    assert not formulas_in(as_xlsx)


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTED)
def test_an_observer_who_does_not_see_the_strategy_cannot_download_its_lists(
    client_for, observer, strategy, name
):
    response = client_for(observer).get(list_url(name, "csv", strategy))

    assert response.status_code == 403


# --- Measures -------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_small_latest_figure_stays_suppressed_in_the_measures_download(
    client_for, lead, strategy, police, fmt
):
    knife_measure(strategy)
    data_return(police, [(0, "Northshire", "96"), (1, "Northshire", "3")])
    client = client_for(lead)  # who may see small numbers, but not on this list

    page = client.get(page_url("strategy-measures", strategy)).content.decode()
    response = client.get(list_url("strategy-measures", fmt, strategy))

    [header, row] = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    figures = dict(zip(header, row, strict=True))
    assert "&lt;5" in page
    assert figures["Latest value"] == "<5"
    assert figures["Latest period"] == "2025-Q2"
    assert figures["Change since the baseline"] == ""  # 3 less 100 would give it away
    assert figures["Progress"] == "Improving"


@pytest.mark.django_db
def test_the_measures_download_gives_figures_as_numbers_and_names_the_priority(
    client_for, partner, strategy, police
):
    knife_measure(strategy, priority=PriorityFactory(strategy=strategy, title="Knife crime"))
    data_return(police, [(0, "Northshire", "96"), (1, "Northshire", "1204.5")])

    [header, row] = xlsx_rows(
        client_for(partner).get(list_url("strategy-measures", "xlsx", strategy))
    )

    figures = dict(zip(header, row, strict=True))
    assert figures["Measure"] == "Knife offences"
    assert figures["Priority"] == "Knife crime"
    assert (figures["Baseline"], figures["Target"], figures["Latest value"]) == (100, 80, 1204.5)
    assert figures["Change since the baseline"] == 1104.5
    assert figures["Progress"] == "Getting worse"
    assert figures["Data-return measure"] != "Not linked"


# --- Sign-off and the consultation record ---------------------------------------------------------


@pytest.mark.django_db
def test_the_sign_off_download_holds_who_is_outstanding_and_earlier_versions(
    client_for, partner, strategy, council, police, probation
):
    sign_off_by(strategy, "Cabinet", council, decided_on=datetime.date(2026, 1, 12))
    with scopes_disabled():
        Strategy.objects.filter(pk=strategy.pk).update(version=2)
        strategy.refresh_from_db()
    sign_off_by(strategy, "Chief officers", police, decision=SignOff.Decision.NOT_APPROVED)

    rows = csv_rows(client_for(partner).get(list_url("sign-offs", "csv", strategy)))

    assert [row[:4] for row in rows[1:]] == [
        ["2", "Northshire County Council", "Specified authority", "Outstanding"],
        ["2", "Northshire Police", "Specified authority", "Not approved"],
        ["2", "Northshire Probation Delivery Unit", "Specified authority", "Outstanding"],
        ["1", "Northshire County Council", "Specified authority", "Approved"],
    ]
    assert rows[-1][5:] == ["Cabinet", "2026-01-12", "CAB/2026/4"]


@pytest.mark.django_db
def test_the_consultation_download_lists_every_relevant_authority_without_contact_details(
    client_for, lead, strategy, consultee
):
    with scopes_disabled():
        OutsideBody.objects.filter(name="St Aidan's Academy").update(
            contact_email="safeguarding@staidans.example.org"
        )
    school_consulted(
        strategy,
        "Name alternative provision.",
        responded_on=days_ago(20),
        taken_into_account="Priority 2 names it.",
    )

    response = client_for(lead).get(list_url("consultations", "csv", strategy))

    rows = {row[0]: row[1:] for row in csv_rows(response)[1:]}
    assert rows["Name alternative provision. school"][1:4] == [
        "Yes",
        "Responded",
        days_ago(40).isoformat(),
    ]
    assert rows["Name alternative provision. school"][-2:] == [
        "Name alternative provision.",
        "Priority 2 names it.",
    ]
    assert rows["St Aidan's Academy"][1:3] == ["No", "Not yet consulted"]
    assert "@" not in response.content.decode()


# --- Meetings, commissioning, the landscape and reviews -------------------------------------------


@pytest.mark.django_db
def test_the_meetings_download_holds_every_page_of_the_list(
    client_for, partner, strategy, council, police
):
    for n in range(30):
        meeting_titled(strategy, f"Board {n:02}", council, police, on=days_ago(n))
    client = client_for(partner)

    page = client.get(page_url("meetings", strategy)).content.decode()
    rows = csv_rows(client.get(list_url("meetings", "csv", strategy)))

    assert "30 meetings" in page
    assert len(LISTED["meetings"][0](page)) == 25  # one page of the list…
    assert [row[1] for row in rows[1:]] == [f"Board {n:02}" for n in range(30)]  # …all of it
    assert rows[1] == [days_ago(0).isoformat(), "Board 00", "Partnership board", "2", "No"]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_commissioning_download_keeps_the_pages_filters(client_for, lead, strategy, fmt):
    commission_titled(strategy, "Detached youth work")
    commission_titled(strategy, "Hospital navigators", kind=Commission.Kind.OPPORTUNITY)
    commission_titled(strategy, "Mentoring", status=Commission.Status.ENDED)
    query = "?kind=service&status=live"
    client = client_for(lead)

    page = client.get(page_url("commissioning", strategy, query)).content.decode()
    response = client.get(list_url("commissioning", fmt, strategy, query))

    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert LISTED["commissioning"][0](page) == ["Detached youth work"]
    assert [row[0] for row in rows[1:]] == ["Detached youth work"]
    link = html.escape(list_url("commissioning", fmt, strategy, "?kind=service&status=live"))
    assert f'href="{link}"' in page


@pytest.mark.django_db
def test_the_commissioning_download_gives_the_value_and_what_each_answers(
    client_for, partner, strategy, opcc, police
):
    commission = commission_titled(
        strategy,
        "Detached youth work",
        commissioner=opcc,
        value=Decimal("1234.50"),
        starts_on=datetime.date(2026, 4, 1),
    )
    with scopes_disabled():
        commission.priorities.set([PriorityFactory(strategy=strategy, title="Knife crime")])
        commission.provision.set([provision(strategy, police, "Hospital navigators")])

    [header, row] = xlsx_rows(client_for(partner).get(list_url("commissioning", "xlsx", strategy)))

    columns = dict(zip(header, row, strict=True))
    assert columns["Commissioner"] == "Office of the Northshire PCC"
    assert columns["Value (£)"] == 1234.5
    assert columns["Start date"] == datetime.datetime(2026, 4, 1)
    assert columns["End date"] == ""
    assert columns["Status"] == "Live"
    assert columns["Priorities"] == f"Knife crime ({strategy.period})"
    assert columns["Provision map"] == "Hospital navigators"


@pytest.mark.django_db
def test_the_landscape_download_is_grouped_by_kind_as_the_page_is(client_for, partner, strategy):
    landscape_entry_named(strategy, "Youth justice plan", kind="other_strategy")
    landscape_entry_named(strategy, "Community safety plan", web_address="https://csp.example.org")
    landscape_entry_named(strategy, "Combating drugs plan", kind="combating_drugs")

    rows = csv_rows(client_for(partner).get(list_url("landscape", "csv", strategy)))

    assert [row[:2] for row in rows[1:]] == [
        ["Community safety partnership", "Community safety plan"],
        ["Combating drugs partnership", "Combating drugs plan"],
        ["Other local strategy", "Youth justice plan"],
    ]
    assert rows[1][5] == "https://csp.example.org"


@pytest.mark.django_db
def test_the_reviews_download_says_where_each_review_has_got_to(
    client_for, partner, strategy, council, police
):
    review_on(strategy, days_ago(400), council, police)
    review_on(
        strategy,
        days_ago(30),
        council,
        decision=Review.Decision.REVISE,
        completed_at=timezone.now(),
    )

    rows = csv_rows(client_for(partner).get(list_url("reviews", "csv", strategy)))

    assert rows[0] == [
        "Date of the review",
        "Status",
        "Decision",
        "Organisations that took part",
        "Completed on",
    ]
    assert [row[:4] for row in rows[1:]] == [
        [days_ago(30).isoformat(), "Complete", "Revise the strategy", "1"],
        [days_ago(400).isoformat(), "In progress", "", "2"],
    ]
    assert rows[1][4].startswith(timezone.localdate().isoformat())
    assert rows[2][4] == ""


# --- Queries --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_commissioning_download_uses_the_same_queries_for_5_and_50_rows(
    client_for, lead, strategy, opcc, police, council
):
    priorities = [PriorityFactory(strategy=strategy, title=f"Priority {n}") for n in range(2)]
    services = [provision(strategy, police, f"Service {n}") for n in range(2)]
    client = client_for(lead)
    counts, made = [], 0
    for total in (5, 50):
        for n in range(made, total):
            commission = commission_titled(
                strategy, f"Commission {n:02}", commissioner=(opcc, council)[n % 2]
            )
            with scopes_disabled():
                commission.priorities.set(priorities)
                commission.provision.set(services)
        made = total
        for fmt in ("csv", "xlsx"):
            cold_cache()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(list_url("commissioning", fmt, strategy))
            assert response.status_code == 200
            assert len(csv_rows(response) if fmt == "csv" else xlsx_rows(response)) == total + 1
            counts.append(len(queries))

    assert counts[:2] == counts[2:]
