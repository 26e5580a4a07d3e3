"""Attendance at a partnership board meeting in the last 12 months counts as evidence of
"Engaged" for collaboration in the engagement matrix, and the cell says so."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from assessments.models import Contribution
from oversight import selectors
from partnerships.models import DutyElement
from strategies.models import Meeting
from tests.factories import ContributionFactory, OrganisationFactory

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

K = Meeting.Kind


def matrix_url() -> str:
    return reverse("tenant:matrix", args=["northshire"])


def add_meeting(partnership, *attendees, on=None, kind=K.BOARD) -> Meeting:
    with scopes_disabled():
        meeting = Meeting.objects.create(
            partnership=partnership,
            held_on=on or timezone.localdate() - datetime.timedelta(days=30),
            kind=kind,
            title="Partnership board",
        )
        meeting.attendees.set(attendees)
    return meeting


def cells(partnership, organisation) -> dict[str, str]:
    with scopes_disabled():
        _elements, rows = selectors.engagement_matrix(partnership=partnership)
    row = next(r for r in rows if r.organisation == organisation)
    return {element.slug: level for element, level in row.cells}


def collaboration_cell(page: str, organisation) -> str:
    """The collaboration cell of an organisation's row on the matrix page."""
    row = page.split(f"{organisation.name}\n", 1)[1].split("</tr>", 1)[0]
    return row.split('<td class="govuk-table__cell">')[4].split("</td>", 1)[0]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [K.BOARD, K.EXTRAORDINARY])
def test_board_attendance_lifts_collaboration_to_engaged(partnership, police, probation, kind):
    add_meeting(partnership, police, kind=kind)

    assert cells(partnership, police)["collaboration"] == "engaged"
    assert cells(partnership, probation)["collaboration"] == "none"


@pytest.mark.django_db
def test_attendance_counts_only_for_collaboration(partnership, police):
    add_meeting(partnership, police)

    others = cells(partnership, police)
    del others["collaboration"]

    assert set(others.values()) == {"none"}


@pytest.mark.django_db
def test_a_board_meeting_13_months_ago_does_not_count(partnership, police):
    add_meeting(partnership, police, on=timezone.localdate() - relativedelta(months=13))

    assert cells(partnership, police)["collaboration"] == "none"


@pytest.mark.django_db
def test_a_board_meeting_exactly_12_months_ago_still_counts(partnership, police):
    add_meeting(partnership, police, on=timezone.localdate() - relativedelta(months=12))

    assert cells(partnership, police)["collaboration"] == "engaged"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [K.TASK_AND_FINISH, K.DELIVERY_GROUP])
def test_a_group_meeting_does_not_count(partnership, police, kind):
    add_meeting(partnership, police, kind=kind)

    assert cells(partnership, police)["collaboration"] == "none"


@pytest.mark.django_db
def test_another_partnerships_board_does_not_count(partnership, other_partnership, police):
    elsewhere = OrganisationFactory(partnership=other_partnership)
    add_meeting(other_partnership, elsewhere)

    assert cells(partnership, police)["collaboration"] == "none"


@pytest.mark.django_db
def test_attendance_never_lowers_actively_participating(partnership, police):
    with scopes_disabled():
        collaboration = DutyElement.objects.get(slug="collaboration")
    ContributionFactory(
        organisation=police,
        element=collaboration,
        level="actively_participating",
        status=Contribution.Status.ACCEPTED,
    )
    add_meeting(partnership, police)

    assert cells(partnership, police)["collaboration"] == "actively_participating"


@pytest.mark.django_db
def test_the_cell_says_the_evidence_is_board_attendance_and_links_to_meetings(
    client_for, lead, partnership, police
):
    add_meeting(partnership, police)
    add_meeting(partnership, police)

    page = client_for(lead).get(matrix_url()).content.decode()
    cell = collaboration_cell(page, police)

    assert 'govuk-tag--blue">Engaged<' in cell
    assert "board attendance" in cell
    assert reverse("tenant:meetings", args=["northshire"]) in cell
    assert "Northshire Police attended 2 partnership board meetings in the last 12 months" in (
        " ".join(cell.split())
    )
    # No accepted contribution stands behind it, so it does not send people to an empty list.
    assert "status=accepted" not in cell


@pytest.mark.django_db
def test_a_cell_with_contributions_and_attendance_links_to_both(
    client_for, lead, partnership, police
):
    with scopes_disabled():
        collaboration = DutyElement.objects.get(slug="collaboration")
    ContributionFactory(
        organisation=police,
        element=collaboration,
        level="engaged",
        status=Contribution.Status.ACCEPTED,
    )
    add_meeting(partnership, police)

    cell = collaboration_cell(client_for(lead).get(matrix_url()).content.decode(), police)

    assert "element=collaboration&amp;status=accepted" in cell
    assert "board attendance" in cell


def _organisations_at_board_meetings(partnership, count: int) -> None:
    for index in range(count):
        organisation = OrganisationFactory(partnership=partnership)
        add_meeting(
            partnership,
            organisation,
            kind=K.BOARD if index % 3 else K.TASK_AND_FINISH,
        )
        ContributionFactory(organisation=organisation, status=Contribution.Status.ACCEPTED)


@pytest.mark.django_db
def test_the_matrix_takes_the_same_queries_for_3_or_12_organisations_and_meetings(
    client_for, lead, partnership
):
    client = client_for(lead)
    counts = []
    for count in (3, 9):
        _organisations_at_board_meetings(partnership, count)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(matrix_url()).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_the_strategy_records_add_three_queries_to_the_matrix(partnership, police):
    add_meeting(partnership, police)

    with scopes_disabled(), CaptureQueriesContext(connection) as queries:
        selectors.engagement_matrix(partnership=partnership)

    # Elements, organisations, contributions; then board attendance, sign-offs and reviews.
    assert len(queries) == 6
