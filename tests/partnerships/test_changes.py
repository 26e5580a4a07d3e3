"""A change to any of a partnership's records is told once (partnerships/changes.py): the
records' version moves, and what is cached by it — the navigation's to-do count — shows the
change on the very next page."""

import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.changes import records_changed, records_version, versions_read_once
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


def test_a_change_told_by_hand_moves_the_version(partnership, other_partnership):
    # A bulk write sends no signal: whoever makes one says so.
    before, theirs = records_version(partnership.pk), records_version(other_partnership.pk)

    records_changed(partnership_id=partnership.pk)

    assert records_version(partnership.pk) != before
    assert records_version(other_partnership.pk) == theirs


def test_one_request_reads_the_version_once_and_sees_its_own_change(partnership, police):
    # A page asks for several kept figures; each would read the version from the cache again.
    with versions_read_once(), mock.patch.object(cache, "get", wraps=cache.get) as reads:
        first = records_version(partnership.pk)
        assert records_version(partnership.pk) == first
        assert reads.call_count == 1

        ContributionFactory(organisation=police)  # a change within the same request

        assert records_version(partnership.pk) != first


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
