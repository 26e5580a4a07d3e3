"""The tenant wall a second time, in PostgreSQL alone (partnerships/row_security.py).

These tests connect as an ordinary role, as web, worker and beat do in production (the test
database's superuser would ignore row-level security), and then:
- every tenant table has the policy, forced on its owner;
- inside a tenant transaction, raw SQL for another partnership's rows finds nothing and cannot
  write them, and a tenant page served with django-scopes off lists only its own rows.
test_walk_without_scopes.py runs the whole isolation walk that way.
"""

import logging

import pytest
from django.db import DatabaseError, connection, transaction
from django_scopes import scopes_disabled

from partnerships import row_security
from partnerships.models import Membership, Partnership
from tests.factories import ContributionFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.usefixtures("as_the_application_role")


@pytest.fixture
def two_partnerships(partnership, other_partnership):
    """A contribution and a member in each of Northshire and Southvale."""
    here = OrganisationFactory(partnership=partnership)
    there = OrganisationFactory(partnership=other_partnership)
    ContributionFactory(organisation=here)
    ContributionFactory(organisation=there)
    MembershipFactory(organisation=here)
    MembershipFactory(organisation=there)
    return partnership, other_partnership


def count(sql: str, params=()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def test_every_tenant_table_has_the_wall_forced_on_its_owner():
    tables = {table for table, _column in row_security.tenant_tables()}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_policies p ON p.tablename = c.relname"
            " WHERE p.policyname = %s AND c.relrowsecurity AND c.relforcerowsecurity",
            [row_security.POLICY],
        )
        walled = {row[0] for row in cursor.fetchall()}

    assert len(tables) > 50
    assert tables <= walled
    assert {"assessments_contribution", "partnerships_membership", "documents_exportjob"} <= tables


def test_raw_sql_for_another_partnerships_rows_inside_a_tenant_transaction_finds_nothing(
    two_partnerships,
):
    northshire, southvale = two_partnerships

    with row_security.confined_to(northshire):
        theirs = count(
            "SELECT count(*) FROM assessments_contribution WHERE partnership_id = %s",
            [southvale.pk],
        )
        members = count("SELECT count(DISTINCT partnership_id) FROM partnerships_membership")
        partnerships = count("SELECT count(*) FROM partnerships_partnership")
        ours = count(
            "SELECT count(*) FROM assessments_contribution WHERE partnership_id = %s",
            [northshire.pk],
        )

    assert (theirs, members, partnerships) == (0, 1, 1)
    assert ours >= 1


def test_another_partnerships_rows_cannot_be_changed_or_added_from_inside(two_partnerships):
    northshire, southvale = two_partnerships

    with row_security.confined_to(northshire):
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE assessments_contribution SET title = 'Changed' WHERE partnership_id = %s",
                [southvale.pk],
            )
            changed = cursor.rowcount
        with (
            pytest.raises(DatabaseError, match="row-level security"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(
                "UPDATE partnerships_membership SET partnership_id = %s WHERE partnership_id = %s",
                [southvale.pk, northshire.pk],
            )

    assert changed == 0


def test_the_wall_ends_with_the_tenant_transaction(two_partnerships):
    northshire, _southvale = two_partnerships

    with row_security.confined_to(northshire):
        inside = count("SELECT count(*) FROM partnerships_partnership")
    outside = count("SELECT count(*) FROM partnerships_partnership")

    assert (inside, outside) == (1, 2)


def test_crossing_the_wall_says_why_and_puts_it_back(two_partnerships, caplog):
    northshire, _southvale = two_partnerships

    with row_security.confined_to(northshire):
        with (
            caplog.at_level(logging.INFO, logger="svd.tenant_wall"),
            row_security.crossing_the_wall(reason="the partnership switcher"),
        ):
            across = count("SELECT count(*) FROM partnerships_partnership")
        after = count("SELECT count(*) FROM partnerships_partnership")

    assert (across, after) == (2, 1)
    assert "the partnership switcher" in caplog.text


@pytest.mark.usefixtures("scoping_switched_off")
def test_a_tenant_page_is_confined_by_the_database(client, lead, partnership, other_partnership):
    """A page of Northshire, served with django-scopes off: the database returns no Southvale
    member to list."""
    with scopes_disabled():
        MembershipFactory(
            organisation=OrganisationFactory(partnership=other_partnership),
            user__full_name="Someone From Southvale",
        )
    client.force_login(lead)

    page = client.get(f"/p/{partnership.slug}/members/").content.decode()

    assert "Someone From Southvale" not in page
    assert (
        Membership.objects.with_scopes_disabled()
        .filter(user__full_name="Someone From Southvale")
        .exists()
    )
    assert Partnership.objects.count() == 2
