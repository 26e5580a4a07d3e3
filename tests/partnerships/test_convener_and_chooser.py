"""Where people land after signing in, the partnership chooser, and the convener's overview of
every partnership they convene."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from partnerships import selectors, services
from partnerships.models import Membership
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, PartnershipFactory

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
        {"username": "priya@example.org", "password": PASSWORD},
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
    [(row, gaps)] = response.context["rows"]
    assert row == partnership
    assert row.organisation_count == 5
    assert row.member_count == 5
    assert gaps.missing_count == 6
    assert [o.name for o in gaps.lacking_accountable] == [
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

    [(row, _gaps)] = client_for(convener).get(OVERVIEW).context["rows"]

    assert row.organisation_count == 2  # the council and the PCC's office
    assert row.member_count == 2  # Priya and Grace


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

    assert [p for p, _gaps in rows] == [partnership]


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


@pytest.mark.django_db
def test_the_overview_takes_as_many_queries_for_50_partnerships_as_for_5(client_for, convener):
    client = client_for(convener)
    convene(convener, 4)  # and Northshire makes 5
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(OVERVIEW).context["rows"]) == 5
    convene(convener, 45)
    with CaptureQueriesContext(connection) as many:
        response = client.get(OVERVIEW)
    assert len(response.context["rows"]) == 25  # a page of them

    assert len(many) == len(few)


@pytest.mark.django_db
def test_a_convener_of_many_partnerships_pages_through_them(client_for, convener):
    convene(convener, 29)  # and Northshire makes 30

    response = client_for(convener).get(OVERVIEW, {"page": 2})

    assert len(response.context["rows"]) == 5
    assert "govuk-pagination" in response.content.decode()


@pytest.mark.django_db
def test_gaps_for_50_partnerships_take_as_many_queries_as_for_5(convener):
    convene(convener, 50)
    partnerships = list(selectors.convened_partnerships(user=convener))
    with CaptureQueriesContext(connection) as few:
        few_gaps = selectors.representation_gaps_for(partnerships=partnerships[:5])
    with CaptureQueriesContext(connection) as many:
        many_gaps = selectors.representation_gaps_for(partnerships=partnerships)

    assert len(many) == len(few)
    assert len(many_gaps) == 51
    assert len(few_gaps) == 5
    # each new partnership's police force lacks an accountable person; Northshire has no force here
    assert sum(len(gaps.lacking_accountable) for gaps in many_gaps.values()) == 50
