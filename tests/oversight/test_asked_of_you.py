"""What is asked of you (issue 14): a duty partner's dashboard opens with what their organisation
has still to do (calls to answer, drafts and returned contributions, actions due an update),
and welcomes a newcomer with where to start."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from assessments.models import Contribution
from partnerships.models import Membership
from strategies.models import ActionStatus
from tests.assessments.test_calls import make_call
from tests.factories import (
    ActionFactory,
    ContributionFactory,
    OrganisationFactory,
    PriorityFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.usefixtures("northshire_built_once")

S = Contribution.Status
LONG_AGO = timezone.now() - datetime.timedelta(days=200)


def dashboard(client, partnership) -> str:
    response = client.get(reverse("tenant:dashboard", args=[partnership.slug]))
    assert response.status_code == 200
    return response.content.decode()


def asked_section(page: str) -> str:
    """The section's markup alone, so nothing else on the dashboard can pass a test."""
    match = re.search(r'<section aria-labelledby="asked-of-you".*?</section>', page, re.S)
    assert match, "no 'What is asked of you' section"
    return match.group(0)


def heading(section: str) -> str:
    match = re.search(r'<h2 class="govuk-heading-l" id="asked-of-you">(.*?)</h2>', section, re.S)
    return " ".join(match.group(1).split())


def joined_long_ago(user, partnership) -> None:
    with scopes_disabled():
        Membership.objects.filter(user=user, partnership=partnership).update(
            started_on=timezone.localdate() - datetime.timedelta(days=60)
        )


@pytest.fixture
def live_strategy(partnership):
    return StrategyFactory(partnership=partnership, start_period="2026/27")


def stale_action(strategy, organisation, **fields):
    """An open action nobody has reported on for months: due an update."""
    return ActionFactory(
        priority=PriorityFactory(strategy=strategy),
        lead_organisation=organisation,
        created_at=LONG_AGO,
        **fields,
    )


@pytest.mark.django_db
def test_a_partner_sees_an_open_call_to_their_organisation_with_its_due_date(
    client_for, partnership, probation, partner
):
    due = timezone.localdate() + datetime.timedelta(days=5)
    call = make_call(partnership, [probation], title="Probation caseload figures", due_on=due)

    section = asked_section(dashboard(client_for(partner), partnership))

    assert "Probation caseload figures" in section
    assert due.strftime("%-d %B %Y") in section
    assert reverse("tenant:calls-detail", args=[partnership.slug, call.pk]) in section


@pytest.mark.django_db
def test_overdue_calls_come_first_then_the_soonest(client_for, partnership, probation, partner):
    today = timezone.localdate()
    make_call(partnership, [probation], title="Later call", due_on=today + datetime.timedelta(20))
    make_call(partnership, [probation], title="Overdue call", due_on=today - datetime.timedelta(3))
    make_call(partnership, [probation], title="Sooner call", due_on=today + datetime.timedelta(2))

    section = asked_section(dashboard(client_for(partner), partnership))

    order = [section.index(title) for title in ("Overdue call", "Sooner call", "Later call")]
    assert order == sorted(order)
    assert "Overdue" in section


@pytest.mark.django_db
def test_an_answered_call_or_one_to_another_organisation_is_not_listed(
    client_for, partnership, probation, police, partner
):
    answered = make_call(partnership, [probation], title="Already answered")
    ContributionFactory(
        organisation=probation, call=answered, status=S.SUBMITTED, submitted_at=timezone.now()
    )
    make_call(partnership, [police], title="For the police only")

    section = asked_section(dashboard(client_for(partner), partnership))

    assert "Already answered" not in section
    assert "For the police only" not in section


@pytest.mark.django_db
def test_own_drafts_and_returned_contributions_are_listed_and_no_one_elses(
    client_for, partnership, probation, police, partner
):
    draft = ContributionFactory(organisation=probation, status=S.DRAFT, title="Our draft")
    returned = ContributionFactory(organisation=probation, status=S.RETURNED, title="Sent back")
    ContributionFactory(organisation=police, status=S.DRAFT, title="Police draft")
    ContributionFactory(organisation=police, status=S.RETURNED, title="Police sent back")

    section = asked_section(dashboard(client_for(partner), partnership))

    for contribution in (draft, returned):
        url = reverse("tenant:contributions-detail", args=[partnership.slug, contribution.pk])
        assert url in section
    assert "Returned" in section
    assert "Police draft" not in section
    assert "Police sent back" not in section


@pytest.mark.django_db
def test_actions_their_organisation_leads_or_contributes_to_that_are_due_an_update_appear(
    client_for, partnership, probation, police, partner, live_strategy
):
    led = stale_action(live_strategy, probation, title="Probation mentoring")
    helped = stale_action(live_strategy, police, title="Police patrols with probation")
    with scopes_disabled():
        helped.contributing_organisations.set([probation])
    stale_action(live_strategy, police, title="Police only action")
    stale_action(live_strategy, probation, title="Finished action", status=ActionStatus.COMPLETE)
    # Reported on this week and due next year: nothing is asked yet.
    ActionFactory(
        priority=PriorityFactory(strategy=live_strategy),
        lead_organisation=probation,
        title="Fresh action",
        last_update_on=timezone.localdate(),
    )

    section = asked_section(dashboard(client_for(partner), partnership))

    assert reverse("tenant:actions-detail", args=[partnership.slug, led.pk]) in section
    assert "Probation mentoring" in section
    assert "Police patrols with probation" in section
    for title in ("Police only action", "Finished action", "Fresh action"):
        assert title not in section


@pytest.mark.django_db
def test_the_heading_counts_everything_asked(
    client_for, partnership, probation, partner, live_strategy
):
    make_call(partnership, [probation])
    ContributionFactory(organisation=probation, status=S.DRAFT)
    ContributionFactory(organisation=probation, status=S.RETURNED)
    stale_action(live_strategy, probation)

    section = asked_section(dashboard(client_for(partner), partnership))

    assert heading(section) == "What is asked of you (4)"


@pytest.mark.django_db
def test_when_nothing_is_asked_it_says_so(client_for, partnership, partner):
    section = asked_section(dashboard(client_for(partner), partnership))

    assert heading(section) == "What is asked of you (0)"
    assert "Nothing is asked of you right now." in section


@pytest.mark.django_db
def test_the_section_comes_first_on_a_partners_dashboard(
    client_for, partnership, partner, probation
):
    make_call(partnership, [probation], title="Probation caseload figures")

    page = dashboard(client_for(partner), partnership)

    content = page[page.index('id="main-content"') :]
    assert content.index("<h1") < content.index('id="asked-of-you"')
    assert content.index('id="asked-of-you"') < content.index("Nation")
    assert content.index('id="asked-of-you"') < content.index(">Organisations</h2>")


@pytest.mark.django_db
def test_an_observer_is_asked_only_what_their_roles_allow(
    client_for, partnership, vcs, observer, live_strategy
):
    make_call(partnership, [vcs], title="For the youth trust")
    ContributionFactory(organisation=vcs, status=S.DRAFT, title="Youth trust draft")
    stale_action(live_strategy, vcs, title="Youth trust action")

    section = asked_section(dashboard(client_for(observer), partnership))

    assert heading(section) == "What is asked of you (0)"


@pytest.mark.django_db
def test_a_newcomer_is_welcomed_and_pointed_at_the_first_thing_asked(
    client_for, partnership, probation, partner
):
    call = make_call(partnership, [probation], title="Probation caseload figures")

    section = asked_section(dashboard(client_for(partner), partnership))

    welcome = " ".join(section.split())
    assert (
        "Welcome to Northshire Serious Violence Partnership: you represent Northshire "
        "Probation Delivery Unit as Duty partner, Responsible." in welcome
    )
    url = reverse("tenant:calls-detail", args=[partnership.slug, call.pk])
    assert f'Start with <a class="govuk-link" href="{url}">' in welcome


@pytest.mark.django_db
def test_a_newcomer_with_nothing_asked_is_pointed_at_the_guidance(client_for, partnership, partner):
    section = asked_section(dashboard(client_for(partner), partnership))

    assert "Welcome to Northshire" in section
    assert f'href="{reverse("guidance:index")}"' in section


@pytest.mark.django_db
def test_a_member_of_long_standing_is_not_welcomed(client_for, partnership, partner):
    joined_long_ago(partner, partnership)

    section = asked_section(dashboard(client_for(partner), partnership))

    assert "Welcome to" not in section


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["lead", "convener"])
def test_the_lead_and_convener_dashboards_have_no_such_section(
    request, client_for, partnership, council, opcc, persona
):
    make_call(partnership, [council, opcc], title="Asked of everyone")
    ContributionFactory(organisation=council, status=S.DRAFT, title="Council draft")

    page = dashboard(client_for(request.getfixturevalue(persona)), partnership)

    assert 'id="asked-of-you"' not in page
    assert "What is asked of you" not in page
    assert "Welcome to" not in page


def _lots(partnership, organisation, strategy, count: int) -> None:
    for _ in range(count):
        call = make_call(partnership, [organisation])
        ContributionFactory(organisation=organisation, call=call, status=S.DRAFT)
        ContributionFactory(organisation=organisation, status=S.RETURNED)
        stale_action(strategy, organisation)
        helped = stale_action(strategy, OrganisationFactory(partnership=partnership))
        with scopes_disabled():
            helped.contributing_organisations.set([organisation])


@pytest.mark.django_db
def test_the_section_takes_the_same_queries_for_3_or_12_items(
    client_for, partnership, probation, partner, live_strategy
):
    client = client_for(partner)
    counts = []
    for count, total in ((3, 15), (9, 60)):
        _lots(partnership, probation, live_strategy, count)
        with CaptureQueriesContext(connection) as queries:
            section = asked_section(dashboard(client, partnership))
        assert heading(section) == f"What is asked of you ({total})"
        counts.append(len(queries))

    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_a_busy_organisation_sees_five_of_each_kind_and_where_the_rest_are(
    client_for, partnership, probation, partner
):
    for number in range(8):
        ContributionFactory(organisation=probation, status=S.DRAFT, title=f"Draft {number}")

    section = asked_section(dashboard(client_for(partner), partnership))

    assert heading(section) == "What is asked of you (8)"
    assert len(re.findall(r'govuk-task-list__link"[^>]*>Draft \d</a>', section)) == 5
    assert "3 more things are asked of you and not listed here" in " ".join(section.split())
    assert reverse("tenant:todo", args=[partnership.slug]) in section


# --- The count beside "To do" on every partnership page ---


def test_the_navigation_counts_what_the_to_do_page_asks(
    client_for, partner, partnership, probation
):
    make_call(partnership, [probation], title="Probation caseload figures")

    html = client_for(partner).get(reverse("tenant:todo", args=[partnership.slug])).content.decode()

    assert '<strong class="app-count">1<span' in html
    assert "thing to do" in html


def test_nothing_to_do_shows_no_count(client_for, observer, partnership):
    html = (
        client_for(observer)
        .get(reverse("tenant:dashboard", args=[partnership.slug]))
        .content.decode()
    )

    assert "app-count" not in html
