"""Grace opens her convener overview in November 2026 and finds the Duty grant there: this year's
award for Northshire and Southvale, what each partnership was allocated and has spent (the same
figures, to the penny, as the grant's page), and the Home Office returns still to submit, the
overdue one flagged. A grant is hers only if she convenes every partnership it covers: a convener
of one of them sees nothing of it, and a convener with no grant sees no panel at all.

The panel is funding's, shown on oversight's page through oversight/convener_panels.py."""

import datetime
import re
import zoneinfo
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from funding.models import ReturnSubmission, ReturnTemplate
from funding.selectors import grants as grant_selectors
from funding.selectors.overview import convener_panel
from funding.services import grants as services
from tests.factories import MembershipFactory, OrganisationFactory
from tests.funding import test_grants as grant_stories
from tests.funding.spend_stories import part_of, spend_on
from tests.funding.test_grants import LIST, allocate_each, award, convene, detail, lines_of
from tests.query_counts import cold_cache

OVERVIEW = reverse("convener-overview")
TODAY = datetime.date(2026, 11, 15)  # two quarters of 2026/27 have ended
Status = ReturnSubmission.Status

# Grace, who convenes Northshire and Southvale: the grant stories' own fixture.
grace = grant_stories.grace


@pytest.fixture(autouse=True)
def _in_november(time_machine):
    time_machine.move_to(
        datetime.datetime.combine(TODAY, datetime.time(12), zoneinfo.ZoneInfo("Europe/London")),
        tick=False,
    )


def allocate(user, grant, partnership, kind, amount):
    return services.allocation_create(
        grant=grant,
        line=lines_of(grant)[kind],
        partnership=partnership,
        amount=Decimal(amount),
        purpose="Delivery",
        user=user,
    )


@pytest.fixture
def grant(grace, partnership, other_partnership, police):
    """£200,000 for both: Northshire is allocated £85,000.50 and has spent £7,500.05 (£2,499.95
    of it through the police's part of its non-labour allocation); Southvale is allocated
    £40,000 and has spent £12,345.67."""
    grant = award(grace, [partnership, other_partnership])
    services.grant_lines_set(
        grant=grant, user=grace, labour=Decimal("100000"), non_labour=Decimal("100000")
    )
    northshire_staff = allocate(grace, grant, partnership, "labour", "60000")
    northshire_work = allocate(grace, grant, partnership, "non_labour", "25000.50")
    southvale_staff = allocate(grace, grant, other_partnership, "labour", "40000")
    spend_on(northshire_staff, quarter=1, actual="5000.10")
    police_part = part_of(northshire_work, amount="10000", organisation=police)
    spend_on(police_part, quarter=2, actual="2499.95")
    spend_on(southvale_staff, quarter=2, actual="12345.67")
    return grant


def return_due(grant, *, due_on, status=Status.DRAFT, period="2026/27 Q2") -> ReturnSubmission:
    """A return in the state given, made with the models: how it got there (started, checked,
    signed off) is test_returns.py's story; this one is only what the overview shows of it."""
    template, _created = ReturnTemplate.objects.get_or_create(
        name="Serious Violence Duty grant return",
        version=1,
        defaults={"status": ReturnTemplate.Status.PUBLISHED, "published_at": timezone.now()},
    )
    return ReturnSubmission.objects.create(
        grant=grant, template=template, period=period, due_on=due_on, status=status
    )


def panel_of(response):
    [panel] = response.context["panels"]
    return panel.context


def panel_html(response) -> str:
    """The grant panel's part of the page: from its heading to the next section's."""
    html = response.content.decode()
    start = html.index('id="duty-grant"')
    return html[start : html.index("Information requests", start)]


def texts(html: str) -> str:
    """The page's words with tags and runs of white space taken out."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- Award, allocation and spend ---


def test_grace_sees_award_allocated_and_spent_for_the_grant_and_each_partnership(
    client_for, grace, grant, partnership, other_partnership
):
    response = client_for(grace).get(OVERVIEW)

    [shown] = panel_of(response)["grants"]
    assert shown.grant == grant
    assert (shown.overall.awarded, shown.overall.allocated, shown.overall.spent) == (
        Decimal("200000.00"),
        Decimal("125000.50"),
        Decimal("19845.72"),
    )
    assert [(p, f.allocated, f.spent) for p, f in shown.partnerships] == [
        (partnership, Decimal("85000.50"), Decimal("7500.05")),
        (other_partnership, Decimal("40000.00"), Decimal("12345.67")),
    ]
    words = texts(panel_html(response))
    assert "Duty grant for 2026/27" in words
    assert "£200,000.00 awarded, £125,000.50 allocated, £19,845.72 spent" in words
    assert f"{partnership.name} Underspending £85,000.50 £7,500.05 8%" in words
    assert f"{other_partnership.name} Underspending £40,000.00 £12,345.67 30%" in words
    assert "All its partnerships £125,000.50 £19,845.72 15%" in words
    assert "Left to allocate £74,999.50 62% of the award allocated" in words
    assert f'href="{detail(grant)}"' in panel_html(response)
    assert "style=" not in panel_html(response)  # the CSP forbids inline styles


def test_the_figures_reconcile_to_the_penny_with_the_grant_page(client_for, grace, grant):
    client = client_for(grace)

    [shown] = panel_of(client.get(OVERVIEW))["grants"]

    summary = grant_selectors.grant_summary(grant, today=TODAY)
    assert shown.overall == summary.overall
    assert [figures for _p, figures in shown.partnerships] == [
        row.overall for row in summary.partnerships
    ]
    [listed] = client.get(LIST).context["grants"]
    assert (listed.allocated, listed.spent) == (shown.overall.allocated, shown.overall.spent)


def test_partnerships_on_other_pages_of_the_overview_are_counted_not_listed(
    client_for, grace, grant, partnership, monkeypatch
):
    monkeypatch.setattr("oversight.views.homes.PAGE_SIZE", 1)  # Northshire alone on page 1

    response = client_for(grace).get(OVERVIEW)

    [shown] = panel_of(response)["grants"]
    assert [p for p, _f in shown.partnerships] == [partnership]
    assert shown.elsewhere == 1
    assert shown.overall.allocated == Decimal("125000.50")  # still the whole grant
    assert "1 more partnership it funds is on another page" in texts(panel_html(response))


def test_an_earlier_years_grant_shows_only_while_a_return_of_it_is_to_submit(
    client_for, grace, grant, partnership
):
    earlier = award(
        grace,
        [partnership],
        amount="1000",
        title="Duty grant 2025",
        grant_year="2025/26",
        awarded_on=datetime.date(2025, 3, 20),
        starts_on=datetime.date(2025, 4, 1),
        ends_on=datetime.date(2026, 3, 31),
    )
    client = client_for(grace)
    end_of_year = return_due(earlier, due_on=datetime.date(2026, 5, 31), period="2025/26 Q4")

    assert [g.grant for g in panel_of(client.get(OVERVIEW))["grants"]] == [grant, earlier]

    end_of_year.status = Status.SUBMITTED
    end_of_year.save()

    assert [g.grant for g in panel_of(client.get(OVERVIEW))["grants"]] == [grant]


# --- Returns due ---


def test_a_return_due_shows_its_state_and_the_overdue_one_is_flagged(client_for, grace, grant):
    late = return_due(grant, due_on=datetime.date(2026, 10, 31), status=Status.CHECKING)
    next_one = return_due(grant, due_on=datetime.date(2027, 1, 31), period="2026/27 Q3")
    return_due(
        grant, due_on=datetime.date(2026, 7, 31), status=Status.SUBMITTED, period="2026/27 Q1"
    )

    response = client_for(grace).get(OVERVIEW)

    returns = panel_of(response)["returns"]
    assert [(due.submission, due.is_overdue) for due in returns] == [
        (late, True),
        (next_one, False),
    ]
    html = panel_html(response)
    assert texts(html).count("Overdue") == 1
    assert (
        "Serious Violence Duty grant return: 2026/27 Q2 Serious Violence Duty grant (2026/27) "
        "31 October 2026 Overdue With the leads to check"
    ) in texts(html)
    assert "31 January 2027 Being completed" in texts(html)
    for submission in (late, next_one):
        assert f'href="{reverse("funding:return", args=[grant.pk, submission.pk])}"' in html
    assert "2026/27 Q1" not in texts(html)  # submitted: nothing left to do


def test_with_no_return_due_the_panel_says_so(client_for, grace, grant):
    response = client_for(grace).get(OVERVIEW)

    assert panel_of(response)["returns"] == []
    assert "No Home Office returns are waiting to be submitted." in panel_html(response)


# --- Who sees it ---


def test_a_convener_of_only_one_of_its_partnerships_sees_none_of_it(
    client_for, grant, other_partnership
):
    """Sian convenes Southvale alone: the grant also funds Northshire, so it is not hers."""
    office = OrganisationFactory(
        partnership=other_partnership, name="Southvale OPCC", sector_slug="local-policing-body"
    )
    sian = MembershipFactory(organisation=office, portal_role="convener").user
    return_due(grant, due_on=datetime.date(2026, 10, 31))

    response = client_for(sian).get(OVERVIEW)

    assert response.status_code == 200
    assert response.context["panels"] == []
    assert grant.title not in response.content.decode()


def test_a_convener_without_grants_sees_no_panel_and_one_link_to_the_duty_grant(
    client_for, convener
):
    response = client_for(convener).get(OVERVIEW)

    html = response.content.decode()
    assert response.context["panels"] == []
    assert 'id="duty-grant"' not in html
    assert html.count(f'href="{LIST}"') == 1


def test_with_the_panel_the_duty_grant_is_still_linked_once(client_for, grace, grant):
    html = client_for(grace).get(OVERVIEW).content.decode()

    assert 'id="duty-grant"' in html
    assert html.count(f'href="{LIST}"') == 1


@pytest.mark.parametrize("persona", ["lead", "partner", "data_lead", "observer", "outsider"])
def test_the_overview_is_still_404_to_anyone_who_convenes_nothing(
    request, client_for, grant, persona
):
    assert client_for(request.getfixturevalue(persona)).get(OVERVIEW).status_code == 404


# --- Query counts ---

PANEL_QUERIES = 6  # convened, grants, their partnerships, returns, allocated, spent


def three_grants_more(grace, places) -> None:
    """Two more awards over four more partnerships, each allocated, spent and with a return."""
    for number, pair in enumerate([places[:2], places[2:]]):
        more = award(grace, pair, amount="2000", title=f"Top-up {number}")
        services.grant_lines_set(
            grant=more, user=grace, labour=Decimal("1000"), non_labour=Decimal("1000")
        )
        allocate_each(grace, more, pair)
        return_due(more, due_on=datetime.date(2026, 10, 31))


def test_the_panel_takes_as_many_queries_for_3_grants_and_6_partnerships_as_for_1_and_2(
    client_for, grace, partnership, other_partnership, django_assert_num_queries
):
    client = client_for(grace)
    first = award(grace, [partnership, other_partnership], amount="2000")
    services.grant_lines_set(
        grant=first, user=grace, labour=Decimal("1000"), non_labour=Decimal("1000")
    )
    allocate_each(grace, first, [partnership, other_partnership])
    return_due(first, due_on=datetime.date(2026, 12, 31))
    client.get(OVERVIEW)  # the partnerships' standings, worked out and stored on the first visit
    few = queries_for(client)
    with django_assert_num_queries(PANEL_QUERIES):
        convener_panel(grace, [partnership, other_partnership], TODAY)

    places = convene(grace, 4)
    three_grants_more(grace, places)
    client.get(OVERVIEW)
    many = queries_for(client)
    every = [partnership, other_partnership, *places]
    with django_assert_num_queries(PANEL_QUERIES):
        _template, context = convener_panel(grace, every, TODAY)

    assert len(context["grants"]) == 3 and len(context["returns"]) == 3
    assert sum(len(g.partnerships) for g in context["grants"]) == 6
    assert many == few


def test_a_convener_without_grants_pays_two_queries_for_the_panel(
    convener, partnership, django_assert_num_queries
):
    with django_assert_num_queries(2):  # convened, and their grants: none
        assert convener_panel(convener, [partnership], TODAY) is None


def queries_for(client) -> int:
    cold_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(OVERVIEW)
    assert response.status_code == 200
    return len(queries)
