"""What is kept between a member's pages (partnerships.member_cache): their to-do list, what is
asked of them and what waits on their decision are read once per change to the partnership's
records, so a change shows at once and nobody sees what was kept for someone else."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Contribution
from strategies.models import Strategy
from tests.factories import (
    ContributionFactory,
    MembershipFactory,
    OrganisationFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.usefixtures("northshire_built_once")

S = Contribution.Status


def page(client, partnership, name: str = "dashboard") -> str:
    response = client.get(reverse(f"tenant:{name}", args=[partnership.slug]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_new_draft_shows_on_the_dashboard_and_to_do_list_already_read(
    client_for, partnership, probation, partner
):
    client = client_for(partner)
    assert "Probation new draft" not in page(client, partnership)
    assert "Probation new draft" not in page(client, partnership, "todo")

    ContributionFactory(organisation=probation, status=S.DRAFT, title="Probation new draft")

    assert "Probation new draft" in page(client, partnership)
    assert "Probation new draft" in page(client, partnership, "todo")


@pytest.mark.django_db
def test_each_member_sees_their_own_organisations_drafts_not_what_was_kept_for_another(
    client_for, partnership, probation, police, partner, data_lead
):
    ContributionFactory(organisation=probation, status=S.DRAFT, title="Probation draft")
    ContributionFactory(organisation=police, status=S.DRAFT, title="Police draft")

    for_probation = page(client_for(partner), partnership, "todo")
    for_police = page(client_for(data_lead), partnership, "todo")

    assert "Probation draft" in for_probation and "Police draft" not in for_probation
    assert "Police draft" in for_police and "Probation draft" not in for_police


@pytest.mark.django_db
def test_work_submitted_after_the_leads_dashboard_was_read_waits_on_their_decision(
    client_for, partnership, probation, lead
):
    client = client_for(lead)
    assert "Probation answer" not in page(client, partnership)

    ContributionFactory(
        organisation=probation,
        status=S.SUBMITTED,
        submitted_at=timezone.now(),
        title="Probation answer",
    )

    assert "Probation answer" in page(client, partnership)


@pytest.mark.django_db
def test_the_partnerships_figures_follow_a_change_to_its_records(
    client_for, partnership, lead, council
):
    client = client_for(lead)
    before = page(client, partnership)
    council.retired_at = timezone.now()
    council.save()

    assert page(client, partnership) != before


def checklist(html: str) -> str:
    start = html.index("Meeting the Duty")
    return html[start : html.index("</ul>", start)]


@pytest.mark.django_db
def test_the_kept_checklist_follows_a_change_and_is_never_another_partnerships(
    client_for, partnership, other_partnership, lead, police
):
    client = client_for(lead)
    before = checklist(page(client, partnership))
    assert "Response strategy published" in before and "Northshire plan" not in before

    # A strategy published: its line is met now, and it names the strategy.
    StrategyFactory(
        partnership=partnership,
        title="Northshire plan",
        status=Strategy.Status.PUBLISHED,
        published_on=timezone.localdate(),
    )
    after = checklist(page(client, partnership))
    assert after != before

    # Another partnership's lead, at the same moment, gets their own partnership's checklist.
    other_police = OrganisationFactory(partnership=other_partnership, sector_slug="police")
    other_lead = MembershipFactory(organisation=other_police, portal_role="lead").user
    theirs = checklist(page(client_for(other_lead), other_partnership))
    assert theirs != after and "Northshire plan" not in theirs
