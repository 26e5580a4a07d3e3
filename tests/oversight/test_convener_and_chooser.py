"""Where people land after signing in, the partnership chooser, and the convener's overview of
every partnership they convene."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from assessments.models import LocalDefinition
from oversight import services as oversight_services
from partnerships import selectors, services
from partnerships.models import Membership
from strategies.models import Strategy
from tests.factories import (
    PASSWORD,
    ActionFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PriorityFactory,
    StrategyFactory,
    UserFactory,
)

CHOOSER = reverse("partnership-chooser")
OVERVIEW = reverse("convener-overview")
NOT_A_MEMBER = "You are not a member of any partnership yet."


def dashboard_url(partnership) -> str:
    return reverse("tenant:dashboard", args=[partnership.slug])


@pytest.fixture
def in_both(lead, other_partnership):
    """Priya leads Northshire and is also a partner in Southvale."""
    organisation = OrganisationFactory(
        partnership=other_partnership, name="Southvale Local Health Board", sector_slug="health"
    )
    MembershipFactory(user=lead, organisation=organisation, portal_role="partner")
    return lead


# --- Landing after sign-in ---


@pytest.mark.django_db
def test_a_person_in_one_partnership_lands_on_its_dashboard(client_for, partnership, lead):
    response = client_for(lead).get(reverse("home"))

    assert response.status_code == 302
    assert response.url == dashboard_url(partnership)


@pytest.mark.django_db
def test_a_person_in_northshire_and_southvale_lands_on_the_chooser(client_for, in_both):
    response = client_for(in_both).get(reverse("home"))

    assert response.status_code == 302
    assert response.url == CHOOSER


@pytest.mark.django_db
def test_signing_in_takes_a_member_to_their_partnership(client, partnership, lead):
    response = client.post(
        reverse("accounts:sign-in"),
        {"login": "priya@example.org", "password": PASSWORD},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == dashboard_url(partnership)


@pytest.mark.django_db
def test_a_person_in_no_partnership_sees_the_guidance_and_how_to_join(client_for, priya):
    response = client_for(priya).get(reverse("home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert NOT_A_MEMBER in html
    assert "Elements of the Duty" in html


@pytest.mark.django_db
def test_a_removed_member_is_treated_as_in_no_partnership(client_for, lead, partner, partnership):
    with scopes_disabled():
        services.membership_remove(
            membership=Membership.objects.get(user=partner), acting_user=lead
        )

    response = client_for(partner).get(reverse("home"))

    assert response.status_code == 200
    assert NOT_A_MEMBER in response.content.decode()


@pytest.mark.django_db
def test_a_signed_out_visitor_still_sees_the_start_page(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert NOT_A_MEMBER not in response.content.decode()


# --- The partnership chooser ---


@pytest.mark.django_db
def test_the_chooser_lists_each_partnership_with_the_persons_organisation_and_role(
    client_for, partnership, other_partnership, in_both
):
    html = client_for(in_both).get(CHOOSER).content.decode()

    assert partnership.name in html
    assert other_partnership.name in html
    assert "Northshire County Council" in html
    assert "Southvale Local Health Board" in html
    assert "Partnership lead" in html
    assert "Duty partner" in html
    assert dashboard_url(partnership) in html
    assert dashboard_url(other_partnership) in html


@pytest.mark.django_db
def test_the_chooser_leaves_out_partnerships_the_person_has_left(
    client_for, partnership, other_partnership, in_both, outsider
):
    with scopes_disabled():
        services.membership_remove(
            membership=Membership.objects.get(user=in_both, partnership=other_partnership),
            acting_user=outsider,
        )

    html = client_for(in_both).get(CHOOSER).content.decode()

    assert partnership.name in html
    assert other_partnership.name not in html


@pytest.mark.django_db
def test_the_chooser_shows_nobody_elses_memberships(client_for, partnership, lead, outsider):
    html = client_for(lead).get(CHOOSER).content.decode()

    assert "Southvale" not in html


@pytest.mark.django_db
def test_a_person_in_no_partnership_is_told_how_to_join(client_for, priya):
    response = client_for(priya).get(CHOOSER)

    assert response.status_code == 200
    html = response.content.decode()
    assert NOT_A_MEMBER in html
    assert reverse("guidance:index") in html


@pytest.mark.django_db
def test_the_chooser_needs_a_signed_in_person(client):
    response = client.get(CHOOSER)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


@pytest.mark.django_db
def test_the_chooser_offers_a_convener_their_overview(client_for, partnership, convener):
    assert OVERVIEW in client_for(convener).get(CHOOSER).content.decode()


# --- The convener overview ---


@pytest.mark.django_db
def test_a_convener_sees_each_partnership_with_its_numbers_and_gaps(
    client_for, partnership, lead, partner, data_lead, convener, observer
):
    response = client_for(convener).get(OVERVIEW)

    assert response.status_code == 200
    [row] = response.context["rows"]
    assert row["partnership"] == partnership
    assert row["partnership"].organisation_count == 5
    assert row["partnership"].member_count == 5
    assert row["standing"].missing_roles == 6
    assert row["standing"].lacking_accountable == [
        "Northshire Police",
        "Northshire Probation Delivery Unit",
    ]
    html = response.content.decode()
    assert dashboard_url(partnership) in html
    assert "Northshire Probation Delivery Unit" in html


@pytest.mark.django_db
def test_the_overview_counts_only_active_organisations_and_members(
    client_for, partnership, lead, partner, convener, probation
):
    with scopes_disabled():
        services.membership_remove(
            membership=Membership.objects.get(user=partner), acting_user=lead
        )
        services.organisation_retire(organisation=probation, acting_user=lead)

    [row] = client_for(convener).get(OVERVIEW).context["rows"]

    assert row["partnership"].organisation_count == 2  # the council and the PCC's office
    assert row["partnership"].member_count == 2  # Priya and Grace


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["lead", "partner", "data_lead", "observer", "outsider"])
def test_someone_who_convenes_nothing_gets_404(request, client_for, partnership, persona):
    assert client_for(request.getfixturevalue(persona)).get(OVERVIEW).status_code == 404


@pytest.mark.django_db
def test_a_convener_who_has_been_removed_gets_404(client_for, partnership, lead, convener):
    with scopes_disabled():
        services.membership_remove(
            membership=Membership.objects.get(user=convener), acting_user=lead
        )

    assert client_for(convener).get(OVERVIEW).status_code == 404


@pytest.mark.django_db
def test_the_overview_needs_a_signed_in_person(client):
    response = client.get(OVERVIEW)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


@pytest.mark.django_db
def test_the_overview_leaves_out_partnerships_where_the_person_is_not_convener(
    client_for, partnership, convener, other_partnership
):
    organisation = OrganisationFactory(partnership=other_partnership, sector_slug="police")
    MembershipFactory(user=convener, organisation=organisation, portal_role="partner")

    rows = client_for(convener).get(OVERVIEW).context["rows"]

    assert [row["partnership"] for row in rows] == [partnership]


@pytest.mark.django_db
def test_the_overview_cannot_be_posted_to(client_for, convener):
    assert client_for(convener).post(OVERVIEW).status_code == 405


def convene(user, count: int) -> None:
    """Make `user` the convener of `count` new partnerships, each with a police force."""
    for _n in range(count):
        partnership = PartnershipFactory()
        office = OrganisationFactory(partnership=partnership, sector_slug="local-policing-body")
        police = OrganisationFactory(partnership=partnership, sector_slug="police")
        MembershipFactory(user=user, organisation=office, portal_role="convener")
        MembershipFactory(organisation=police, data_lead=True)


@pytest.fixture
def pages_of_five(monkeypatch):
    """Pages of five partnerships instead of 25, so a dozen of them run to three pages."""
    monkeypatch.setattr("oversight.views.homes.PAGE_SIZE", 5)


@pytest.mark.django_db
def test_the_overview_takes_as_many_queries_for_12_partnerships_as_for_3(
    client_for, convener, pages_of_five
):
    client = client_for(convener)
    convene(convener, 2)  # and Northshire makes 3
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(OVERVIEW).context["rows"]) == 3
    convene(convener, 9)
    with CaptureQueriesContext(connection) as many:
        response = client.get(OVERVIEW)
    assert len(response.context["rows"]) == 5  # a page of them

    assert len(many) == len(few)


@pytest.mark.django_db
def test_a_convener_of_many_partnerships_pages_through_them(client_for, convener, pages_of_five):
    convene(convener, 6)  # and Northshire makes 7

    response = client_for(convener).get(OVERVIEW, {"page": 2})

    assert len(response.context["rows"]) == 2
    assert "govuk-pagination" in response.content.decode()


@pytest.mark.django_db
def test_in_name_order_only_the_pages_partnerships_have_their_checklist_read(
    client_for, convener, pages_of_five, monkeypatch
):
    # A convener of a whole region pays for the 25 partnerships shown, not for all 300; and a
    # checklist computed once is stored, not computed again for the next page.
    read_for = []
    real = oversight_services.compliance_for

    def counting(*, partnerships, today):
        read_for.append(len(partnerships))
        return real(partnerships=partnerships, today=today)

    monkeypatch.setattr(oversight_services, "compliance_for", counting)
    convene(convener, 11)  # and Northshire makes 12
    client = client_for(convener)

    by_name = client.get(OVERVIEW, {"page": 2})
    by_standing = client.get(OVERVIEW, {"sort": "met"})
    again = client.get(OVERVIEW, {"sort": "off_track"})

    assert len(by_name.context["rows"]) == len(by_standing.context["rows"]) == 5
    assert len(again.context["rows"]) == 5
    assert read_for == [5, 7]


@pytest.mark.django_db
def test_gaps_for_12_partnerships_take_as_many_queries_as_for_3(convener):
    convene(convener, 12)
    partnerships = list(selectors.convened_partnerships(user=convener))
    with CaptureQueriesContext(connection) as few:
        few_gaps = selectors.representation_gaps_for(partnerships=partnerships[:3])
    with CaptureQueriesContext(connection) as many:
        many_gaps = selectors.representation_gaps_for(partnerships=partnerships)

    assert len(many) == len(few)
    assert len(many_gaps) == 13
    assert len(few_gaps) == 3
    # each new partnership's police force lacks an accountable person; Northshire has no force here
    assert sum(len(gaps.lacking_accountable) for gaps in many_gaps.values()) == 12


# --- The Duty checklist on the convener overview (issue 5) ----------------------------------------


def convened_by(user, name: str) -> object:
    partnership = PartnershipFactory(name=name)
    office = OrganisationFactory(partnership=partnership, sector_slug="local-policing-body")
    MembershipFactory(user=user, organisation=office, portal_role="convener")
    return partnership


def publish(partnership, *, published_on, off_track: int = 0):
    strategy = StrategyFactory(
        partnership=partnership,
        status=Strategy.Status.PUBLISHED,
        start_period="2026/27",
        end_period="2028/29",
        published_on=published_on,
        next_review_due=published_on + relativedelta(months=12),
    )
    priority = PriorityFactory(strategy=strategy)
    for _n in range(off_track):
        ActionFactory(priority=priority, status="off_track")
    return strategy


@pytest.fixture
def three_convened(db):
    """Gwen convenes Ashby (nothing done yet), Bexley (definition agreed, strategy published
    two months ago, two actions off track) and Cromer (strategy published 13 months ago and
    never reviewed, one action off track)."""
    gwen = UserFactory(email="gwen@example.org")
    today = timezone.localdate()
    convened_by(gwen, "Ashby Partnership")
    bexley = convened_by(gwen, "Bexley Partnership")
    with scopes_disabled():
        LocalDefinition.objects.create(
            partnership=bexley,
            version=1,
            summary="Ours",
            status=LocalDefinition.Status.AGREED,
            agreed_on=today,
        )
    publish(bexley, published_on=today - relativedelta(months=2), off_track=2)
    cromer = convened_by(gwen, "Cromer Partnership")
    publish(cromer, published_on=today - relativedelta(months=13), off_track=1)
    return gwen


def names(response) -> list[str]:
    return [row["partnership"].name.split()[0] for row in response.context["rows"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sort", "order", "direction"),
    [
        ("name", ["Ashby", "Bexley", "Cromer"], "ascending"),
        ("met", ["Ashby", "Cromer", "Bexley"], "ascending"),
        ("off_track", ["Bexley", "Cromer", "Ashby"], "descending"),
        ("review", ["Ashby", "Cromer", "Bexley"], "ascending"),
    ],
)
def test_the_overview_sorts_by_each_column(client_for, three_convened, sort, order, direction):
    response = client_for(three_convened).get(OVERVIEW, {"sort": sort})

    assert names(response) == order
    html = response.content.decode()
    assert html.count(f'aria-sort="{direction}"') == 1
    assert html.count('aria-sort="none"') == 3
    assert f"?sort={sort}" in html


@pytest.mark.django_db
def test_the_overview_is_sorted_by_name_unless_asked_otherwise(client_for, three_convened):
    for query in ({}, {"sort": "nonsense"}):
        assert names(client_for(three_convened).get(OVERVIEW, query)) == [
            "Ashby",
            "Bexley",
            "Cromer",
        ]


@pytest.mark.django_db
def test_the_overview_shows_each_partnerships_checklist_and_actions(client_for, three_convened):
    response = client_for(three_convened).get(OVERVIEW, {"sort": "name"})

    rows = response.context["rows"]
    met = {row["partnership"].name.split()[0]: row["standing"].met_count for row in rows}
    off_track = {row["partnership"].name.split()[0]: row["standing"].off_track for row in rows}
    # Bexley and Cromer also meet two traceability lines: their SNAs record no recommendation
    # or finding to leave untraced (their actions name no measure, so not the third).
    assert met == {"Ashby": 0, "Bexley": 5, "Cromer": 3}
    assert off_track == {"Ashby": 0, "Bexley": 2, "Cromer": 1}
    html = response.content.decode()
    assert "5 of 11" in html
    assert "Local definition" in html
    assert "Overdue" in html  # Cromer's review
    assert '<strong class="govuk-tag govuk-tag--red">Off track</strong>' in html


@pytest.mark.django_db
def test_sorting_keeps_to_the_page_and_paging_keeps_the_sort(
    client_for, three_convened, pages_of_five
):
    for n in range(3):
        convened_by(three_convened, f"Zed {n:02d} Partnership")

    response = client_for(three_convened).get(OVERVIEW, {"sort": "off_track", "page": 2})

    assert len(response.context["rows"]) == 1
    assert "sort=off_track&amp;page=1" in response.content.decode()


def convene_with_strategies(user, count: int) -> None:
    """`count` more partnerships for `user` to convene, each with a strategy and actions."""
    today = timezone.localdate()
    for _n in range(count):
        partnership = PartnershipFactory()
        office = OrganisationFactory(partnership=partnership, sector_slug="local-policing-body")
        MembershipFactory(user=user, organisation=office, portal_role="convener")
        publish(partnership, published_on=today - datetime.timedelta(days=30), off_track=2)


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["name", "met", "off_track", "review"])
def test_the_sorted_overview_takes_as_many_queries_for_12_partnerships_as_for_3(
    client_for, convener, sort, pages_of_five
):
    client = client_for(convener)
    convene_with_strategies(convener, 2)  # and Northshire makes 3
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(OVERVIEW, {"sort": sort}).context["rows"]) == 3
    convene_with_strategies(convener, 9)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(OVERVIEW, {"sort": sort}).context["rows"]) == 5

    assert len(many) == len(few)


@pytest.mark.django_db
def test_a_convener_lands_on_the_overview_they_came_for(client_for, partnership, convener):
    response = client_for(convener).get(reverse("home"))

    assert response.status_code == 302
    assert response.url == reverse("convener-overview")


@pytest.mark.django_db
def test_the_chooser_shows_a_regional_convener_a_page_of_partnerships_at_a_time(
    client_for, convener, pages_of_five
):
    convene(convener, 6)  # and Northshire makes 7
    client = client_for(convener)

    first = client.get(CHOOSER)
    second = client.get(CHOOSER, {"page": 2})

    assert len(first.context["memberships"]) == 5
    assert len(second.context["memberships"]) == 2
    assert "?page=2" in first.content.decode()
    assert OVERVIEW in second.content.decode()
