"""Analysts take CSV copies of the evidence; spreadsheets never run what partners typed."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from assessments.models import Contribution, DataPoint
from partnerships.models import AuditEntry
from tests.factories import ContributionFactory, measure

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")


def rows_of(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))


def accept(contribution: Contribution) -> Contribution:
    with scopes_disabled():
        contribution.status = Contribution.Status.ACCEPTED
        contribution.submitted_at = timezone.now()
        contribution.accepted_revision = contribution.revision
        contribution.save()
    return contribution


@pytest.fixture
def export_url(partnership):
    return reverse("tenant:contributions-export", args=[partnership.slug])


@pytest.fixture
def data_url(partnership):
    return reverse("tenant:data-export", args=[partnership.slug])


@pytest.mark.django_db
def test_a_formula_typed_into_a_title_is_neutralised(client_for, lead, police, export_url):
    accept(ContributionFactory(organisation=police, title='=HYPERLINK("http://evil.example")'))

    rows = rows_of(client_for(lead).get(export_url))

    assert rows[1][0] == '\'=HYPERLINK("http://evil.example")'


@pytest.mark.django_db
def test_drafts_stay_with_their_organisation(client_for, lead, police, export_url):
    ContributionFactory(organisation=police, title="Unfinished thoughts")
    accept(ContributionFactory(organisation=police, title="Knife crime profile"))

    titles = [row[0] for row in rows_of(client_for(lead).get(export_url))[1:]]

    assert titles == ["Knife crime profile"]


@pytest.mark.django_db
def test_each_download_is_on_the_activity_timeline(client_for, data_lead, export_url, partnership):
    response = client_for(data_lead).get(export_url)

    assert response["Content-Disposition"].startswith(
        'attachment; filename="northshire-contributions-'
    )
    with scopes_disabled():
        entry = AuditEntry.objects.get(partnership=partnership, action=AuditEntry.Action.DOWNLOADED)
    assert entry.actor == data_lead
    assert entry.subject_label == "Contributions export (CSV)"


@pytest.mark.django_db
def test_the_data_export_holds_only_accepted_figures(client_for, lead, police, data_url):
    accepted = accept(ContributionFactory(organisation=police, kind="data_return"))
    pending = ContributionFactory(organisation=police, kind="data_return")
    with scopes_disabled():
        for contribution, value in [(accepted, 41), (pending, 999)]:
            DataPoint.objects.create(
                partnership=contribution.partnership,
                contribution=contribution,
                measure=measure(),
                period_start=date(2025, 4, 1),
                period_label="2025-Q2",
                area="Northshire",
                value=value,
            )

    rows = rows_of(client_for(lead).get(data_url))

    assert [row[5] for row in rows[1:]] == ["41.00"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["contributions-export", "data-export"])
def test_observers_cannot_export_the_restricted_evidence(client_for, observer, partnership, name):
    response = client_for(observer).get(reverse(f"tenant:{name}", args=[partnership.slug]))

    assert response.status_code == 403


@pytest.mark.django_db
def test_exports_use_the_same_queries_for_3_and_12_contributions(
    client_for, lead, police, export_url
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(lead)
    counts = []
    made = 0
    for total in (3, 12):
        for _ in range(total - made):
            accept(ContributionFactory(organisation=police))
        made = total
        with CaptureQueriesContext(connection) as queries:
            assert len(rows_of(client.get(export_url))) == total + 1
        counts.append(len(queries))

    assert counts[0] == counts[1]
