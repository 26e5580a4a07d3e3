"""The data pages: every member who sees the SNA reads the measures and their trends from
accepted figures. Uploading them is in test_data_returns.py."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from assessments import services
from assessments.models import Contribution, DataPoint
from assessments.selectors.data import RETURNS_SHOWN
from assessments.uploads import parse_upload
from tests.assessments.data_stories import HEADER, KNIFE, list_url, upload_url
from tests.factories import ContributionFactory, measure
from tests.query_counts import cold_cache

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

VIEWERS = ["lead", "partner", "data_lead", "convener"]


def accepted_return(organisation, figures: list[tuple[str, str, str]], slug: str = KNIFE):
    """An accepted data return holding (period label, area, value) figures for one measure."""
    contribution = ContributionFactory(
        organisation=organisation,
        kind=Contribution.Kind.DATA_RETURN,
        status=Contribution.Status.ACCEPTED,
        accepted_revision=1,
    )
    result = parse_upload(
        name="figures.csv",
        data="\n".join([HEADER, *(f"{slug},{p},{a},{v}" for p, a, v in figures)]).encode(),
        measure_slugs={slug},
        known_areas=set(),
    )
    assert not result.errors, result.errors
    with scopes_disabled():
        DataPoint.objects.bulk_create(
            DataPoint(
                partnership=organisation.partnership,
                contribution=contribution,
                measure=measure(row.measure),
                period_start=row.period_start,
                period_label=row.period_label,
                area=row.area,
                value=row.value,
            )
            for row in result.rows
        )
        # Written past the services, as the scale seeder does: recount the kept totals too.
        services.measure_totals_refresh(partnership_id=organisation.partnership_id)
    return contribution


def quarters(count: int, area: str = "Northshire", value: int = 10) -> list[tuple[str, str, str]]:
    return [(f"{2015 + n // 4}-Q{n % 4 + 1}", area, str(value + n)) for n in range(count)]


def measure_url(partnership, slug: str = KNIFE) -> str:
    return reverse("tenant:data-measure", args=[partnership.slug, slug])


# --- Who may see the data -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", VIEWERS)
@pytest.mark.parametrize("page", ["list", "measure"])
def test_members_who_see_the_sna_see_the_data(
    request, client_for, everyone, partnership, persona, page
):
    url = list_url(partnership) if page == "list" else measure_url(partnership)

    response = client_for(request.getfixturevalue(persona)).get(url)

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["list", "measure"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_observer_may_not_see_the_data(client_for, observer, partnership, page, method):
    url = list_url(partnership) if page == "list" else measure_url(partnership)

    assert getattr(client_for(observer), method)(url).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["list", "measure", "upload"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_outsiders_get_404_and_the_signed_out_sign_in(
    client, client_for, outsider, data_return, page, method
):
    partnership = data_return.partnership
    url = {
        "list": list_url(partnership),
        "measure": measure_url(partnership),
        "upload": upload_url(data_return),
    }[page]

    assert getattr(client, method)(url).status_code == 302
    assert getattr(client_for(outsider), method)(url).status_code == 404


@pytest.mark.django_db
def test_an_unknown_measure_is_404(client_for, lead, partnership):
    assert client_for(lead).get(measure_url(partnership, "no-such-measure")).status_code == 404


@pytest.mark.django_db
def test_pages_refuse_methods_they_do_not_take(client_for, lead, partnership):
    assert client_for(lead).post(list_url(partnership)).status_code == 405
    assert client_for(lead).post(measure_url(partnership)).status_code == 405


# --- The measures and their trends ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_shows_each_measures_latest_accepted_total(client_for, lead, police, partnership):
    accepted_return(
        police, [("2025-Q1", "North", "7"), ("2025-Q2", "North", "20"), ("2025-Q2", "South", "22")]
    )
    draft = ContributionFactory(organisation=police, kind=Contribution.Kind.DATA_RETURN)
    with scopes_disabled():
        DataPoint.objects.create(
            partnership=partnership,
            contribution=draft,
            measure=measure(KNIFE),
            period_start="2025-07-01",
            period_label="2025-Q3",
            area="North",
            value=Decimal(999),
        )

    page = client_for(lead).get(list_url(partnership)).content.decode()

    assert "2025-Q2" in page
    assert "42 offences" in page
    assert "2025-Q3" not in page  # a draft's figures are nobody's evidence yet
    assert page.count("No accepted figures yet") == 7


@pytest.mark.django_db
def test_the_trend_sums_accepted_figures_per_period(
    client_for, lead, police, probation, partnership
):
    accepted_return(police, [("2025-Q1", "North", "10"), ("2025-Q2", "North", "20")])
    accepted_return(probation, [("2025-Q1", "South", "5"), ("2025-Q2", "South", "6")])

    response = client_for(lead).get(measure_url(partnership))
    page = response.content.decode()

    assert response.status_code == 200
    assert str(response.context["rows"]) == "[('2025-Q1', '15'), ('2025-Q2', '26')]"
    assert page.count('class="app-chart__marker"') == 2
    assert 'role="img"' in page
    assert "<table" in page


@pytest.mark.django_db
def test_the_trend_filters_by_area(client_for, lead, police, partnership):
    accepted_return(police, [("2025-Q1", "North", "10"), ("2025-Q1", "South", "7")])

    response = client_for(lead).get(
        measure_url(partnership), {"area": "South", "applied": "1", "suppress": "on"}
    )

    assert response.context["rows"] == [("2025-Q1", "7")]
    assert "Knife and offensive-weapon offences: South" in response.content.decode()


@pytest.mark.django_db
def test_small_numbers_are_suppressed_unless_the_reader_turns_it_off(
    client_for, lead, police, partnership
):
    accepted_return(police, [("2025-Q1", "N", "3"), ("2025-Q2", "N", "0"), ("2025-Q3", "N", "12")])
    client = client_for(lead)

    default = client.get(measure_url(partnership))
    shown = client.get(measure_url(partnership), {"applied": "1"})

    assert default.context["rows"] == [("2025-Q1", "<5"), ("2025-Q2", "0"), ("2025-Q3", "12")]
    assert default.content.decode().count('class="app-chart__marker"') == 2
    assert 'name="suppress" class="govuk-checkboxes__input" id="id_suppress" checked' in (
        default.content.decode()
    )
    assert shown.context["rows"] == [("2025-Q1", "3"), ("2025-Q2", "0"), ("2025-Q3", "12")]
    assert shown.content.decode().count('class="app-chart__marker"') == 3


@pytest.mark.django_db
def test_a_measure_with_no_accepted_figures(client_for, lead, partnership):
    page = client_for(lead).get(measure_url(partnership)).content.decode()

    assert "There are no accepted figures for this measure yet" in page
    assert "No figures to show" in page


@pytest.mark.django_db
def test_the_trend_page_makes_the_same_queries_for_5_or_50_figures(
    client_for, lead, police, probation, partnership
):
    client = client_for(lead)
    accepted_return(police, quarters(5))
    client.get(measure_url(partnership))  # warm the session
    cold_cache()
    with CaptureQueriesContext(connection) as few:
        assert client.get(measure_url(partnership)).status_code == 200

    accepted_return(probation, quarters(45, area="South"))
    cold_cache()
    with CaptureQueriesContext(connection) as many:
        response = client.get(measure_url(partnership))

    assert len(response.context["rows"]) == 45
    assert len(many) == len(few)


@pytest.mark.django_db
def test_the_returns_to_upload_to_are_a_page_with_a_link_to_the_rest(
    client_for, partner, probation, partnership
):
    # An organisation returning figures every quarter for years has hundreds of returns: the
    # page lists the first and sends the person to the contributions list for the others.
    ContributionFactory.create_batch(
        RETURNS_SHOWN + 2,
        organisation=probation,
        kind=Contribution.Kind.DATA_RETURN,
        status=Contribution.Status.DRAFT,
    )

    page = client_for(partner).get(list_url(partnership)).content.decode()

    listed = re.findall(r'href="/p/[^/]+/contributions/\d+/data/"', page)
    assert len(listed) == RETURNS_SHOWN
    assert f"Showing {RETURNS_SHOWN} of {RETURNS_SHOWN + 2}." in page
    contributions = reverse("tenant:contributions", args=[partnership.slug])
    assert f'href="{contributions}?kind=data_return&amp;mine=on"' in page


@pytest.mark.django_db
def test_the_measure_list_makes_the_same_queries_for_5_or_50_figures(
    client_for, partner, police, probation, partnership
):
    client = client_for(partner)
    accepted_return(police, quarters(5))
    client.get(list_url(partnership))
    cold_cache()
    with CaptureQueriesContext(connection) as few:
        client.get(list_url(partnership))

    accepted_return(probation, quarters(45), slug="violence-with-injury")
    ContributionFactory.create_batch(3, organisation=probation, kind=Contribution.Kind.DATA_RETURN)
    cold_cache()
    with CaptureQueriesContext(connection) as many:
        client.get(list_url(partnership))

    assert len(many) == len(few)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["list", "measure"])
def test_the_data_pages_read_the_partnerships_kept_totals_not_every_figure(
    client_for, lead, police, partnership, page
):
    # At national scale re-totalling a partnership's 100,000 figures was most of each request.
    accepted_return(police, quarters(3))
    path = list_url(partnership) if page == "list" else measure_url(partnership)

    cold_cache()
    with CaptureQueriesContext(connection) as queries:
        assert client_for(lead).get(path).status_code == 200

    sql = [query["sql"] for query in queries.captured_queries]
    assert not [s for s in sql if '"assessments_datapoint"' in s]
    totals = [s for s in sql if '"assessments_measuretotal"' in s]
    assert totals
    for statement in totals:
        assert '"assessments_measuretotal"."partnership_id" =' in statement, statement


# --- Small numbers: suppressed for everyone but the lead and the data leads -----------------------


def csv_values(response) -> list:
    """The Value column of the data export: "<5", or the figure as a number."""
    text = response.content.decode("utf-8-sig")
    values = [row[5] for row in csv.reader(io.StringIO(text))][1:]
    return [value if value == "<5" else Decimal(value) for value in values]


def chart_of(response) -> str:
    page = response.content.decode()
    return page[page.index("<svg") : page.index("</svg>")]


@pytest.mark.django_db
def test_a_partner_asking_to_see_small_numbers_still_sees_them_suppressed(
    client_for, partner, police, partnership
):
    accepted_return(police, [("2025-Q1", "N", "3"), ("2025-Q2", "N", "0"), ("2025-Q3", "N", "12")])
    client = client_for(partner)

    # The box a lead would untick, sent anyway: "applied" without "suppress".
    response = client.get(measure_url(partnership), {"applied": "1"})
    export = client.get(
        reverse("tenant:data-export", args=[partnership.slug]), {"small_numbers": "show"}
    )

    page = response.content.decode()
    assert response.context["rows"] == [("2025-Q1", "<5"), ("2025-Q2", "0"), ("2025-Q3", "12")]
    assert 'name="suppress"' not in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' not in page
    assert chart_of(response).count('class="app-chart__marker"') == 2
    assert "1 period has no figure or a suppressed small number" in chart_of(response)
    assert export.status_code == 200
    assert csv_values(export) == ["<5", 0, 12]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["lead", "data_lead"])
def test_the_lead_and_a_data_lead_may_switch_suppression_off(
    request, client_for, police, partnership, persona
):
    accepted_return(police, [("2025-Q1", "N", "3"), ("2025-Q2", "N", "12")])
    client = client_for(request.getfixturevalue(persona))
    export_url = reverse("tenant:data-export", args=[partnership.slug])

    default = client.get(measure_url(partnership))
    shown = client.get(measure_url(partnership), {"applied": "1"})

    assert 'name="suppress"' in default.content.decode()
    assert default.context["rows"] == [("2025-Q1", "<5"), ("2025-Q2", "12")]
    assert shown.context["rows"] == [("2025-Q1", "3"), ("2025-Q2", "12")]
    assert chart_of(shown).count('class="app-chart__marker"') == 2
    assert csv_values(client.get(export_url)) == ["<5", 12]
    assert csv_values(client.get(export_url, {"small_numbers": "show"})) == [3, 12]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["partner", "convener"])
def test_a_data_returns_own_page_suppresses_its_small_figures_for_other_members(
    request, client_for, police, persona
):
    contribution = accepted_return(police, [("2025-Q1", "N", "2"), ("2025-Q2", "N", "40")])
    page = (
        client_for(request.getfixturevalue(persona))
        .get(reverse("tenant:contributions-detail", args=["northshire", contribution.pk]))
        .content.decode()
    )

    cells = re.findall(r'govuk-table__cell--numeric">([^<]*)</td>', page)
    assert cells == ["&lt;5", "40"]
