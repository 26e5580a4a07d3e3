"""Search's stored vectors on PostgreSQL: a database trigger keeps each searched row's vector
whichever way the row was written (save, bulk_create, QuerySet.update, an organisation renamed),
it is exactly the vector search used to compute as it ran, and a search reads it rather than
running to_tsvector over the rows' text."""

import datetime

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from assessments.models import AssessmentModule, Contribution, Finding
from oversight.selectors import search
from partnerships.access import actor_for
from strategies.models import Action, Meeting, StrategyVersion
from tests.factories import (
    ActionFactory,
    ContributionFactory,
    OrganisationFactory,
    PriorityFactory,
    StrategyFactory,
)

pytestmark = [
    pytest.mark.usefixtures("northshire_built_once"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's full-text search"),
]

S = Contribution.Status


def found(actor, text: str) -> dict[str, list[str]]:
    """The titles of every kind found, by kind."""
    with scope(partnership=actor.partnership):
        groups = search.partnership_search(actor=actor, text=text)
    return {group.key: [row.title for row in group.rows] for group in groups}


@pytest.fixture
def actor(partnership, lead):
    return actor_for(lead, partnership)


def test_a_contribution_made_by_bulk_create_is_found(actor, partnership, police):
    made = ContributionFactory.build(
        organisation=police, title="Osprey survey", body="Lighthouse estate", status=S.SUBMITTED
    )
    with scopes_disabled():
        Contribution.objects.bulk_create([made])

    assert found(actor, "lighthouse")["contributions"] == ["Osprey survey"]


def test_an_action_changed_by_queryset_update_is_found_by_its_new_words(actor, partnership, police):
    action = ActionFactory(
        priority=PriorityFactory(strategy=StrategyFactory(partnership=partnership)),
        lead_organisation=police,
        title="Detached youth work",
    )
    with scopes_disabled():
        Action.objects.filter(pk=action.pk).update(description="Evenings at the lighthouse")

    assert found(actor, "lighthouse")["actions"] == ["Detached youth work"]
    assert found(actor, "evening")["actions"] == ["Detached youth work"]


def test_words_taken_out_by_queryset_update_are_no_longer_found(actor, police):
    ContributionFactory(organisation=police, title="Osprey survey", status=S.SUBMITTED)
    with scopes_disabled():
        Contribution.objects.filter(title="Osprey survey").update(title="Kestrel survey")

    assert found(actor, "osprey")["contributions"] == []
    assert found(actor, "kestrel")["contributions"] == ["Kestrel survey"]


def test_renaming_an_organisation_finds_its_contributions_and_actions_by_the_new_name(
    actor, partnership
):
    trust = OrganisationFactory(partnership=partnership, name="Harbour Trust")
    ContributionFactory(organisation=trust, title="Evening survey", status=S.SUBMITTED)
    ActionFactory(
        priority=PriorityFactory(strategy=StrategyFactory(partnership=partnership)),
        lead_organisation=trust,
        title="Detached youth work",
    )
    with scopes_disabled():
        type(trust).objects.filter(pk=trust.pk).update(name="Lighthouse Trust")

    assert found(actor, "harbour")["contributions"] == []
    assert found(actor, "lighthouse")["contributions"] == ["Evening survey"]
    assert found(actor, "lighthouse")["actions"] == ["Detached youth work"]


def test_a_change_of_status_keeps_the_vector(police):
    contribution = ContributionFactory(organisation=police, title="Osprey survey")
    with scopes_disabled():
        rows = Contribution.objects.filter(pk=contribution.pk)
        before = rows.values_list("search_vector", flat=True).get()
        rows.update(status=S.SUBMITTED, search_vector=F("search_vector"))

        assert rows.values_list("search_vector", flat=True).get() == before


def _one_of_each_stored_kind(partnership, police):
    ContributionFactory(
        organisation=police,
        title="Kestrel survey",
        body="Knife crime, at night.",
        status=S.SUBMITTED,
    )
    strategy = StrategyFactory(
        partnership=partnership, title="Kestrel strategy", summary="Young people first."
    )
    ActionFactory(
        priority=PriorityFactory(strategy=strategy),
        lead_organisation=police,
        title="Kestrel patrols",
        description="Two officers every evening.",
    )
    with scopes_disabled():
        Finding.objects.create(
            partnership=partnership,
            assessment=strategy.assessment,
            kind=Finding.Kind.PLACE,
            title="Kestrel estate",
            description="Most assaults happen at night.",
        )
        AssessmentModule.objects.create(
            partnership=partnership,
            assessment=strategy.assessment,
            kind=AssessmentModule.Kind.PLACES,
            order=5,
            body="Most assaults happen around the Kestrel estate after dark.",
        )
        Meeting.objects.create(
            partnership=partnership,
            held_on=datetime.date(2026, 3, 4),
            kind=Meeting.Kind.BOARD,
            title="Board meeting",
            decisions="Fund the Kestrel estate project.",
            minutes_name="kestrel-minutes.pdf",
        )
        StrategyVersion.objects.create(
            partnership=partnership,
            strategy=strategy,
            number=1,
            published_on=datetime.date(2026, 4, 1),
            snapshot={"title": "Kestrel strategy", "summary": "Young people first."},
        )


STORED = [kind for kind in search.KINDS if kind.stored]


@pytest.mark.parametrize("kind", STORED, ids=[kind.key for kind in STORED])
def test_each_stored_vector_is_the_one_search_used_to_compute(partnership, police, actor, kind):
    _one_of_each_stored_kind(partnership, police)

    table = kind.table
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT "{table}"."search_vector", {kind.vector()} FROM "{table}" {kind.joins} '  # noqa: S608
            f'WHERE "{table}"."partnership_id" = %s',
            [partnership.pk],
        )
        pairs = cursor.fetchall()

    assert pairs
    assert all(stored == computed for stored, computed in pairs)


def test_a_search_reads_the_stored_vectors_and_computes_none_for_long_text(
    partnership, police, actor
):
    _one_of_each_stored_kind(partnership, police)

    with CaptureQueriesContext(connection) as queries:
        groups = found(actor, "kestrel")

    assert all(groups[kind.key] for kind in STORED)
    (sql,) = [q["sql"] for q in queries if "websearch_to_tsquery" in q["sql"]]
    parts = {part.split("' AS kind")[0].split("'")[-1]: part for part in sql.split(" UNION ALL ")}
    for kind in STORED:
        assert f'"{kind.table}"."search_vector" @@ websearch_to_tsquery' in parts[kind.key]
        assert "to_tsvector" not in parts[kind.key], kind.key


def test_rows_read_for_a_page_leave_the_vector_out_and_saving_one_keeps_it(police):
    # No page reads a row's vocabulary: it stays in the database, and a row read without it
    # and saved again (its title changed) has its vector rebuilt by the trigger, not emptied.
    made = ContributionFactory(organisation=police, title="Osprey survey", status=S.SUBMITTED)
    with scopes_disabled(), CaptureQueriesContext(connection) as queries:
        contribution = Contribution.objects.get(pk=made.pk)
        contribution.title = "Kestrel survey"
        contribution.save()

    assert all("search_vector" not in query["sql"] for query in queries.captured_queries)
    with scopes_disabled():
        stored = Contribution.objects.filter(pk=made.pk).values_list("search_vector", flat=True)
        assert "kestrel" in stored.get() and "osprey" not in stored.get()
