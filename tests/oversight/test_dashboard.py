"""The partnership dashboard: where a member lands, showing only what their role may see."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from assessments.models import financial_year
from partnerships import services
from partnerships.models import Membership
from strategies.models import Strategy
from tests.factories import (
    ActionFactory,
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PriorityFactory,
    StrategyFactory,
)

PERSONAS = ["lead", "partner", "data_lead", "convener", "observer"]


def dashboard_url(partnership) -> str:
    return reverse("tenant:dashboard", args=[partnership.slug])


@pytest.fixture
def everyone(lead, partner, data_lead, convener, observer):
    """All five Northshire personas, so the dashboard has something to count."""


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_member_sees_the_dashboard(request, client_for, partnership, everyone, persona):
    response = client_for(request.getfixturevalue(persona)).get(dashboard_url(partnership))

    assert response.status_code == 200
    assert partnership.name in response.content.decode()


@pytest.mark.django_db
def test_a_member_of_another_partnership_gets_404(client_for, partnership, outsider):
    assert client_for(outsider).get(dashboard_url(partnership)).status_code == 404


@pytest.mark.django_db
def test_a_signed_out_visitor_is_sent_to_sign_in(client, partnership):
    response = client.get(dashboard_url(partnership))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


@pytest.mark.django_db
def test_the_dashboard_cannot_be_posted_to(client_for, partnership, lead):
    assert client_for(lead).post(dashboard_url(partnership)).status_code == 405


@pytest.mark.django_db
def test_the_dashboard_describes_the_partnership(client_for, partnership, lead, opcc):
    with scopes_disabled():
        services.partnership_set_convener(
            partnership=partnership, organisation=opcc, acting_user=lead
        )

    html = client_for(lead).get(dashboard_url(partnership)).content.decode()

    assert "England" in html
    assert "Community safety partnership" in html
    assert "Northshire Serious Violence" in html  # the factory's area, from the name
    assert "Office of the Northshire PCC" in html


@pytest.mark.django_db
def test_organisations_are_counted_by_statutory_role(client_for, partnership, everyone, lead):
    response = client_for(lead).get(dashboard_url(partnership))

    counts = {label: count for _value, label, count in response.context["organisation_counts"]}
    # council, police and probation; the PCC's office; the youth charity
    assert counts == {
        "Specified authority": 3,
        "Relevant authority": 0,
        "Convener": 1,
        "Wider stakeholder": 1,
    }


@pytest.mark.django_db
def test_retired_organisations_and_removed_members_are_not_counted(
    client_for, partnership, lead, partner, probation
):
    with scopes_disabled():
        services.membership_remove(
            membership=Membership.objects.get(user=partner), acting_user=lead
        )
        services.organisation_retire(organisation=probation, acting_user=lead)

    response = client_for(lead).get(dashboard_url(partnership))

    organisations = {v: n for v, _label, n in response.context["organisation_counts"]}
    members = {v: n for v, _label, n in response.context["member_counts"]}
    assert organisations["specified"] == 1  # only the council
    assert members == {"lead": 1, "convener": 0, "partner": 0, "observer": 0}


@pytest.mark.django_db
def test_members_are_counted_by_portal_role(client_for, partnership, everyone, lead):
    response = client_for(lead).get(dashboard_url(partnership))

    members = {v: n for v, _label, n in response.context["member_counts"]}
    assert members == {"lead": 1, "convener": 1, "partner": 2, "observer": 1}


@pytest.mark.django_db
def test_the_lead_sees_gaps_pending_invitations_and_recent_activity(
    client_for, partnership, lead, police
):
    InvitationFactory(organisation=police, email="new.person@example.org")
    with scopes_disabled():
        services.organisation_edit(
            organisation=police,
            name="Northshire Constabulary",
            sector=police.sector,
            acting_user=lead,
        )

    html = client_for(lead).get(dashboard_url(partnership)).content.decode()

    assert "Duty roles are missing from the specified authorities" in html
    assert "1 invitation is waiting for an answer" in html
    assert "Northshire Constabulary" in html
    assert "By Priya Shah on" in html


@pytest.mark.django_db
def test_an_observer_sees_no_gaps_invitations_or_activity(client_for, partnership, observer):
    response = client_for(observer).get(dashboard_url(partnership))

    html = response.content.decode()
    assert "Representation" not in html
    assert "waiting for an answer" not in html
    assert "Recent activity" not in html
    assert "gaps" not in response.context


@pytest.mark.django_db
def test_a_partner_sees_gaps_but_not_invitations_or_activity(client_for, partnership, partner):
    html = client_for(partner).get(dashboard_url(partnership)).content.decode()

    assert "Duty roles are missing" in html
    assert "waiting for an answer" not in html
    assert "Recent activity" not in html


@pytest.mark.django_db
def test_a_convener_is_offered_the_overview_of_every_partnership_they_convene(
    client_for, partnership, convener
):
    html = client_for(convener).get(dashboard_url(partnership)).content.decode()

    assert reverse("convener-overview") in html


@pytest.mark.django_db
def test_only_a_convener_is_offered_the_convener_overview(client_for, partnership, lead):
    html = client_for(lead).get(dashboard_url(partnership)).content.decode()

    assert reverse("convener-overview") not in html


@pytest.mark.django_db
def test_nothing_from_another_partnership_is_counted(
    client_for, partnership, lead, other_partnership, outsider
):
    response = client_for(lead).get(dashboard_url(partnership))

    members = {v: n for v, _label, n in response.context["member_counts"]}
    assert members["lead"] == 1
    assert "Southvale Council" not in response.content.decode()


def _add_organisations_with_members(partnership, count: int) -> None:
    for n in range(count):
        organisation = OrganisationFactory(partnership=partnership, sector_slug="police")
        MembershipFactory(organisation=organisation, accountable=True, data_lead=n % 2 == 0)
        InvitationFactory(organisation=organisation)


@pytest.mark.django_db
def test_the_dashboard_takes_as_many_queries_for_12_organisations_as_for_3(
    client_for, partnership, lead
):
    client = client_for(lead)
    url = dashboard_url(partnership)
    _add_organisations_with_members(partnership, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _add_organisations_with_members(partnership, 9)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(many) == len(few)


@pytest.mark.django_db
def test_a_person_in_several_partnerships_sees_only_this_ones_numbers(client_for, lead):
    elsewhere = PartnershipFactory(name="Eastmarsh Partnership", slug="eastmarsh")
    organisation = OrganisationFactory(partnership=elsewhere, sector_slug="police")
    MembershipFactory(user=lead, organisation=organisation, portal_role="lead")

    response = client_for(lead).get(dashboard_url(elsewhere))

    members = {v: n for v, _label, n in response.context["member_counts"]}
    assert members == {"lead": 1, "convener": 0, "partner": 0, "observer": 0}


# --- The Duty compliance checklist (issue 5) ------------------------------------------------------


@pytest.fixture
def overdue_strategy(partnership):
    """Northshire's strategy for this year, published 13 months ago and never reviewed."""
    published_on = timezone.localdate() - relativedelta(months=13)
    return StrategyFactory(
        partnership=partnership,
        title="Northshire Serious Violence Strategy",
        status=Strategy.Status.PUBLISHED,
        start_period="2026/27",
        end_period="2028/29",
        published_on=published_on,
        next_review_due=published_on + relativedelta(months=12),
    )


def review_line(response):
    return next(line for line in response.context["compliance"].lines if line.key == "review")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["lead", "partner", "convener"])
def test_people_who_see_the_strategy_see_the_duty_checklist(
    request, client_for, partnership, everyone, overdue_strategy, persona
):
    response = client_for(request.getfixturevalue(persona)).get(dashboard_url(partnership))

    html = response.content.decode()
    assert "Meeting the Duty" in html
    for title in [
        "Local definition of serious violence agreed",
        f"Strategic needs assessment agreed for {financial_year(timezone.localdate())}",
        "Response strategy published",
        "Strategy reviewed within the last 12 months",
        "Every specified authority has an accountable representative",
        "Every specified authority has contributed to each core element",
        "Educational, prison and youth custody authorities consulted on the strategy",
    ]:
        assert title in html
    assert "Not met" in html
    assert "Next deadlines" in html
    assert "Actions in Northshire Serious Violence Strategy, by status" in html
    assert reverse("tenant:reviews", args=[partnership.slug, overdue_strategy.pk]) in html


@pytest.mark.django_db
def test_an_observer_sees_no_duty_checklist(client_for, partnership, observer, overdue_strategy):
    response = client_for(observer).get(dashboard_url(partnership))

    assert "Meeting the Duty" not in response.content.decode()
    assert "compliance" not in response.context


@pytest.mark.django_db
def test_the_checklist_changes_once_the_lead_completes_the_annual_review(
    client_for, partnership, lead, council, overdue_strategy
):
    client = client_for(lead)
    before = client.get(dashboard_url(partnership))
    today = timezone.localdate()

    client.post(
        reverse("tenant:reviews-new", args=[partnership.slug, overdue_strategy.pk]),
        {
            "reviewed_on_day": today.day,
            "reviewed_on_month": today.month,
            "reviewed_on_year": today.year,
            "participants": [council.pk],
        },
    )
    with scopes_disabled():
        review = overdue_strategy.reviews.get()
    client.post(
        reverse("tenant:reviews-complete", args=[partnership.slug, review.pk]),
        {"decision": "no_change", "changes_agreed": ""},
    )
    after = client.get(dashboard_url(partnership))

    assert review_line(before).status == "not_met"
    assert review_line(after).status == "met"
    assert after.context["compliance"].met_count == before.context["compliance"].met_count + 1
    next_due = (today + relativedelta(months=12)).strftime("%-d %B %Y")
    assert f"next review due by {next_due}" in after.content.decode()


def _add_actions(strategy, count: int) -> None:
    """Actions led by new organisations, each with an accountable member."""
    priority = PriorityFactory(strategy=strategy)
    for n in range(count):
        action = ActionFactory(
            priority=priority,
            status=["on_track", "off_track", "at_risk"][n % 3],
            due_on=timezone.localdate() + datetime.timedelta(days=n),
        )
        MembershipFactory(organisation=action.lead_organisation, accountable=True)


@pytest.mark.django_db
def test_the_checklist_takes_as_many_queries_for_12_actions_and_organisations_as_for_3(
    client_for, partnership, lead, overdue_strategy
):
    client = client_for(lead)
    url = dashboard_url(partnership)
    _add_actions(overdue_strategy, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).context["compliance"].action_total == 3
    _add_actions(overdue_strategy, 9)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).context["compliance"].action_total == 12

    assert len(many) == len(few)
