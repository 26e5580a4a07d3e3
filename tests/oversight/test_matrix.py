"""The engagement matrix: organisations × the nine Duty elements, each cell the highest level
accepted contributions evidence, in words as well as colour."""

import csv
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django_scopes import scopes_disabled

from assessments.models import Contribution
from oversight import selectors
from partnerships.models import AuditEntry, DutyElement
from tests.factories import ContributionFactory, OrganisationFactory

S = Contribution.Status


def matrix_url(partnership, query="") -> str:
    return reverse("tenant:matrix", args=[partnership.slug]) + query


def element(slug: str) -> DutyElement:
    with scopes_disabled():
        return DutyElement.objects.get(slug=slug)


def cell(partnership, organisation, slug: str) -> str:
    with scopes_disabled():
        _elements, rows = selectors.engagement_matrix(partnership=partnership)
    row = next(r for r in rows if r.organisation == organisation)
    return next(level for e, level in row.cells if e.slug == slug)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["lead", "partner", "data_lead", "convener"])
def test_members_who_see_the_sna_see_the_matrix(request, client_for, partnership, persona):
    response = client_for(request.getfixturevalue(persona)).get(matrix_url(partnership))

    assert response.status_code == 200
    assert "Engagement matrix" in response.content.decode()


@pytest.mark.django_db
def test_an_observer_may_not_see_the_matrix(client_for, partnership, observer):
    assert client_for(observer).get(matrix_url(partnership)).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_member_of_another_partnership_gets_404(client_for, partnership, outsider, method):
    assert getattr(client_for(outsider), method)(matrix_url(partnership)).status_code == 404


@pytest.mark.django_db
def test_a_signed_out_visitor_is_sent_to_sign_in(client, partnership):
    response = client.get(matrix_url(partnership))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


@pytest.mark.django_db
def test_the_matrix_cannot_be_posted_to(client_for, partnership, lead):
    assert client_for(lead).post(matrix_url(partnership)).status_code == 405


@pytest.mark.django_db
def test_actively_participating_beats_engaged(partnership, police):
    sna = element("strategic-needs-assessment")
    ContributionFactory(organisation=police, element=sna, level="engaged", status=S.ACCEPTED)
    ContributionFactory(
        organisation=police, element=sna, level="actively_participating", status=S.ACCEPTED
    )
    ContributionFactory(
        organisation=police, element=element("data-sharing"), level="engaged", status=S.ACCEPTED
    )

    assert cell(partnership, police, "strategic-needs-assessment") == "actively_participating"
    assert cell(partnership, police, "data-sharing") == "engaged"
    assert cell(partnership, police, "collaboration") == "none"


@pytest.mark.django_db
@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.RETURNED])
def test_only_accepted_contributions_count(partnership, police, probation, status):
    ContributionFactory(organisation=probation, level="actively_participating", status=status)
    ContributionFactory(organisation=police, level="engaged", status=S.ACCEPTED)
    ContributionFactory(organisation=police, level="actively_participating", status=status)

    assert cell(partnership, probation, "strategic-needs-assessment") == "none"
    assert cell(partnership, police, "strategic-needs-assessment") == "engaged"


@pytest.mark.django_db
def test_the_matrix_is_a_real_table_with_levels_in_words(client_for, partnership, police, lead):
    ContributionFactory(organisation=police, level="actively_participating", status=S.ACCEPTED)

    page = client_for(lead).get(matrix_url(partnership)).content.decode()

    assert page.count('<th scope="col" class="govuk-table__header">') == 10
    assert '<span class="govuk-visually-hidden">Effective commissioning</span>' in page
    assert re.search(r'<th scope="row" class="govuk-table__header">\s*Northshire Police', page)
    assert 'govuk-tag--green">Actively participating<' in page
    assert 'govuk-tag--grey">None<' in page
    try:
        contributions_url = reverse("tenant:contributions", args=[partnership.slug])
    except NoReverseMatch:
        return  # the contributions list isn't built yet, so cells are plain text
    assert (
        f"{contributions_url}?organisation={police.pk}&amp;element=strategic-needs-assessment"
        "&amp;status=accepted"
    ) in page


@pytest.mark.django_db
def test_the_matrix_filters_by_statutory_role(client_for, partnership, police, vcs, lead):
    client = client_for(lead)

    specified = client.get(matrix_url(partnership, "?role=specified")).content.decode()
    wider = client.get(matrix_url(partnership, "?role=wider")).content.decode()
    nonsense = client.get(matrix_url(partnership, "?role=nonsense")).content.decode()

    assert "Northshire Police" in specified and "Northshire Youth Trust" not in specified
    assert "Northshire Youth Trust" in wider and "Northshire Police" not in wider
    assert "Select a statutory role from the list" in nonsense
    assert "Northshire Police" in nonsense and "Northshire Youth Trust" in nonsense


@pytest.mark.django_db
def test_retired_organisations_leave_the_matrix(partnership, police, probation):
    from django.utils import timezone

    with scopes_disabled():
        probation.retired_at = timezone.now()
        probation.save()
        _elements, rows = selectors.engagement_matrix(partnership=partnership)

    assert [row.organisation for row in rows] == [police]


def _organisations_with_evidence(partnership, count: int) -> None:
    for index in range(count):
        organisation = OrganisationFactory(partnership=partnership)
        ContributionFactory(organisation=organisation, status=S.ACCEPTED)
        ContributionFactory(
            organisation=organisation,
            element=element("collaboration"),
            level="actively_participating" if index % 2 else "engaged",
            status=S.ACCEPTED,
        )
        ContributionFactory(organisation=organisation, status=S.SUBMITTED)


@pytest.mark.django_db
def test_the_matrix_takes_the_same_queries_for_3_or_12_organisations(client_for, partnership, lead):
    client = client_for(lead)
    counts = []
    for count in (3, 9):
        _organisations_with_evidence(partnership, count)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(matrix_url(partnership)).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


# --- The whole matrix, to take away ---


def export_url(partnership, fmt: str) -> str:
    return reverse(f"tenant:matrix-{fmt}", args=[partnership.slug])


@pytest.mark.django_db
def test_the_matrix_downloads_as_csv_with_every_element_column(client_for, lead, partnership):
    response = client_for(lead).get(export_url(partnership, "csv"))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert rows[0][:2] == ["Organisation", "Statutory role"]
    assert len(rows[0]) == 2 + DutyElement.objects.count()
    assert all(len(row) == len(rows[0]) for row in rows[1:])
    assert len(rows) > 1


@pytest.mark.django_db
def test_the_matrix_downloads_as_a_workbook_whose_text_stays_text(client_for, lead, partnership):
    OrganisationFactory(partnership=partnership, name='=HYPERLINK("http://evil")')

    response = client_for(lead).get(export_url(partnership, "xlsx"))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '=HYPERLINK("http://evil")' in names
    cell = next(c for c in sheet["A"] if c.value == '=HYPERLINK("http://evil")')
    assert cell.data_type == "s"


@pytest.mark.django_db
def test_a_download_of_the_matrix_is_on_the_timeline(client_for, lead, partnership):
    client_for(lead).get(export_url(partnership, "csv"))

    with scopes_disabled():
        entry = AuditEntry.objects.filter(partnership=partnership).latest("occurred_at")
    assert entry.action == AuditEntry.Action.DOWNLOADED
    assert "Engagement matrix" in entry.subject_label


@pytest.mark.django_db
def test_an_observer_cannot_download_the_matrix(client_for, observer, partnership):
    assert client_for(observer).get(export_url(partnership, "csv")).status_code == 403
