"""A change to any of a partnership's records is told once (partnerships/changes.py): the
records' version moves, and what is cached by it — the navigation's to-do count — shows the
change on the very next page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.changes import records_version
from tests.factories import ContributionFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def to_do_count(client, partnership) -> int:
    page = client.get(reverse("tenant:dashboard", args=[partnership.slug])).content.decode()
    found = re.search(r'<strong class="app-count">(\d+)<', page)
    return int(found.group(1)) if found else 0


def test_any_record_of_the_partnership_moves_its_version(partnership, police):
    before = records_version(partnership.pk)

    ContributionFactory(organisation=police)

    assert records_version(partnership.pk) != before


def test_a_record_of_another_partnership_leaves_the_version_alone(partnership, other_partnership):
    before = records_version(partnership.pk)

    OrganisationFactory(partnership=other_partnership, sector_slug="police")

    assert records_version(partnership.pk) == before


def test_a_new_draft_shows_in_the_to_do_count_on_the_next_page(
    client_for, partner, partnership, probation
):
    client = client_for(partner)  # Paul, of probation
    before = to_do_count(client, partnership)

    ContributionFactory(organisation=probation)

    assert to_do_count(client, partnership) == before + 1


def test_the_to_do_count_is_not_counted_again_while_nothing_changes(
    client_for, partner, partnership
):
    client = client_for(partner)
    url = reverse("tenant:dashboard", args=[partnership.slug])
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        client.get(url)

    counted = [q for q in first if "UNION ALL" in q["sql"]]
    assert counted and not [q for q in second if "UNION ALL" in q["sql"]]


def test_a_data_returns_figures_are_not_told_so_deleting_them_stays_one_statement():
    # A receiver on a model makes Django load and signal every row it deletes.
    from django.db.models.signals import post_delete, post_save

    from assessments.models import DataPoint
    from partnerships.models import Organisation

    assert not post_delete.has_listeners(DataPoint) and not post_save.has_listeners(DataPoint)
    assert post_save.has_listeners(Organisation)
