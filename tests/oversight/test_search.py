"""Search across a partnership: a member types a word and finds the members, organisations,
contributions, findings, actions, meetings and strategies it names — only those the pages
already show them, a constant number of queries however many match, and a page (never an
error) whatever they type."""

import dataclasses
import datetime
import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from assessments.models import AssessmentModule, Contribution, Finding
from oversight.selectors import search
from partnerships.access import actor_for
from partnerships.roles import Permission
from strategies.models import Meeting, StrategyVersion
from tests.factories import (
    ActionFactory,
    AssessmentFactory,
    ContributionFactory,
    MembershipFactory,
    OrganisationFactory,
    PriorityFactory,
    StrategyFactory,
    UserFactory,
)
from tests.query_counts import cold_cache

pytestmark = pytest.mark.usefixtures("northshire_built_once")

S = Contribution.Status


def search_url(partnership, q: str | None = None) -> str:
    url = reverse("tenant:search", args=[partnership.slug])
    return url if q is None else f"{url}?{urlencode({'q': q})}"


def found(response) -> dict[str, list[str]]:
    """What the results page lists, by kind: {"contributions": ["Kestrel estate survey"], …}."""
    return {
        group["key"]: [hit.title for hit in group["hits"]] for group in response.context["groups"]
    }


# --- One row of each kind, named with a word nothing else uses ---------------------------------


def a_member(partnership, police):
    user = UserFactory(full_name="Kestrel Jones", email="k.jones@example.org")
    MembershipFactory(user=user, organisation=police)
    return "Kestrel Jones"


def an_organisation(partnership, police):
    OrganisationFactory(
        partnership=partnership,
        name="Kestrel Youth Club",
        sector_slug="voluntary-and-community-sector",
    )
    return "Kestrel Youth Club"


def a_contribution(partnership, police):
    ContributionFactory(organisation=police, title="Kestrel estate survey", status=S.SUBMITTED)
    return "Kestrel estate survey"


def a_finding(partnership, police):
    assessment = AssessmentFactory(partnership=partnership)
    with scopes_disabled():
        Finding.objects.create(
            partnership=partnership,
            assessment=assessment,
            kind=Finding.Kind.PLACE,
            title="Violence around the Kestrel estate",
            description="Most assaults happen at night.",
        )
    return "Violence around the Kestrel estate"


def a_module(partnership, police):
    # An earlier year's SNA, so a strategy's own SNA (for this year) can sit beside it.
    assessment = AssessmentFactory(partnership=partnership, period="2025/26")
    with scopes_disabled():
        AssessmentModule.objects.create(
            partnership=partnership,
            assessment=assessment,
            kind=AssessmentModule.Kind.PLACES,
            order=5,
            body="Most assaults happen around the *Kestrel* estate after dark.",
        )
    return "Places"


def an_action(partnership, police):
    strategy = StrategyFactory(partnership=partnership)
    ActionFactory(
        priority=PriorityFactory(strategy=strategy),
        lead_organisation=police,
        title="Detached youth work",
        description="Two youth workers on the Kestrel estate every evening.",
    )
    return "Detached youth work"


def a_meeting(partnership, police):
    with scopes_disabled():
        Meeting.objects.create(
            partnership=partnership,
            held_on=datetime.date(2026, 3, 4),
            kind=Meeting.Kind.BOARD,
            title="Board meeting",
            decisions="Agreed to fund the Kestrel estate project.",
        )
    return "Board meeting"


def a_strategy(partnership, police):
    StrategyFactory(partnership=partnership, title="Kestrel and district strategy")
    return "Kestrel and district strategy"


def a_version(partnership, police):
    strategy = StrategyFactory(partnership=partnership, title="Serious violence strategy")
    with scopes_disabled():
        StrategyVersion.objects.create(
            partnership=partnership,
            strategy=strategy,
            number=1,
            published_on=datetime.date(2026, 4, 1),
            snapshot={"title": "Serious violence strategy", "summary": "Kestrel comes first."},
        )
    return "Serious violence strategy"


KINDS = {
    "members": a_member,
    "organisations": an_organisation,
    "contributions": a_contribution,
    "findings": a_finding,
    "modules": a_module,
    "actions": an_action,
    "meetings": a_meeting,
    "strategies": a_strategy,
    "versions": a_version,
}


@pytest.mark.parametrize("kind", KINDS)
def test_a_lead_finds_each_kind_by_a_word_in_it(client_for, partnership, police, lead, kind):
    title = KINDS[kind](partnership, police)

    response = client_for(lead).get(search_url(partnership, "kestrel"))

    assert response.status_code == 200
    assert title in found(response)[kind]


@pytest.mark.parametrize("kind", KINDS)
def test_each_result_links_to_a_page_the_lead_may_open(client_for, partnership, police, lead, kind):
    KINDS[kind](partnership, police)
    client = client_for(lead)
    groups = client.get(search_url(partnership, "kestrel")).context["groups"]
    (hit,) = next(group["hits"] for group in groups if group["key"] == kind)

    page = client.get(hit.url.split("#")[0])

    assert page.status_code == 200


def test_every_word_must_match(client_for, partnership, police, lead):
    a_contribution(partnership, police)

    response = client_for(lead).get(search_url(partnership, "kestrel lighthouse"))

    assert "Kestrel estate survey" not in found(response).get("contributions", [])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's full-text search")
def test_postgresql_matches_other_forms_of_a_word_and_leaves_out_minus_words(
    client_for, partnership, police, lead
):
    an_action(partnership, police)  # "Two youth workers on the Kestrel estate every evening."
    client = client_for(lead)

    assert "Detached youth work" in found(client.get(search_url(partnership, "worker")))["actions"]
    assert not found(client.get(search_url(partnership, "kestrel -evening")))["actions"]


# --- Only what the pages show -----------------------------------------------------------------


def test_a_partner_does_not_find_another_organisations_draft(
    client_for, partnership, police, partner
):
    ContributionFactory(organisation=police, title="Kestrel draft notes", status=S.DRAFT)

    response = client_for(partner).get(search_url(partnership, "kestrel"))

    assert found(response)["contributions"] == []
    assert "Kestrel draft notes" not in response.content.decode()


def test_the_organisation_that_wrote_a_draft_finds_it(client_for, partnership, police, data_lead):
    ContributionFactory(organisation=police, title="Kestrel draft notes", status=S.DRAFT)

    response = client_for(data_lead).get(search_url(partnership, "kestrel"))

    assert found(response)["contributions"] == ["Kestrel draft notes"]


def test_an_observer_finds_members_but_not_the_sna_or_the_strategy(
    client_for, partnership, police, observer
):
    a_member(partnership, police)
    a_contribution(partnership, police)
    a_module(partnership, police)
    an_action(partnership, police)

    response = client_for(observer).get(search_url(partnership, "kestrel"))

    assert set(found(response)) == {"members", "organisations"}
    assert "Kestrel estate survey" not in response.content.decode()


def test_a_role_without_view_members_finds_no_members_or_organisations(
    partnership, police, partner
):
    a_member(partnership, police)
    an_organisation(partnership, police)
    actor = actor_for(partner, partnership)
    actor = dataclasses.replace(actor, permissions=actor.permissions - {Permission.VIEW_MEMBERS})

    with scope(partnership=partnership):
        groups = search.partnership_search(actor=actor, text="kestrel")

    assert {group.key for group in groups}.isdisjoint({"members", "organisations"})


def test_a_removed_member_is_not_found_as_on_the_members_list(
    client_for, partnership, police, lead
):
    user = UserFactory(full_name="Kestrel Gone")
    MembershipFactory(user=user, organisation=police, ended_on=datetime.date(2026, 1, 1))

    response = client_for(lead).get(search_url(partnership, "kestrel"))

    assert found(response)["members"] == []


def test_nothing_of_another_partnership_is_found(client_for, partnership, other_partnership, lead):
    southvale = OrganisationFactory(partnership=other_partnership, name="Kestrel Southvale")
    ContributionFactory(organisation=southvale, title="Kestrel in Southvale", status=S.ACCEPTED)

    response = client_for(lead).get(search_url(partnership, "kestrel"))

    assert response.context["found"] == 0
    assert "Southvale" not in response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_member_of_another_partnership_gets_404(client_for, partnership, outsider, method):
    response = getattr(client_for(outsider), method)(search_url(partnership, "kestrel"))

    assert response.status_code == 404


def test_a_signed_out_visitor_is_sent_to_sign_in(client, partnership):
    response = client.get(search_url(partnership, "kestrel"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


def test_search_cannot_be_posted_to(client_for, partnership, lead):
    assert client_for(lead).post(search_url(partnership)).status_code == 405


# --- The page ---------------------------------------------------------------------------------


def test_every_partnership_page_has_a_search_box_that_works_without_javascript(
    client_for, partnership, observer
):
    page = client_for(observer).get(reverse("tenant:dashboard", args=[partnership.slug]))
    html = page.content.decode()

    form = re.search(r'<form[^>]*role="search"[^>]*>.*?</form>', html, re.S).group(0)
    assert 'method="get"' in form
    assert f'action="{search_url(partnership)}"' in form
    assert re.search(r'<label[^>]*for="partnership-search"[^>]*>Search this partnership<', form)
    assert re.search(r'<input[^>]*id="partnership-search"', form) and 'name="q"' in form


def test_the_results_are_grouped_under_headings_with_counts(client_for, partnership, police, lead):
    a_member(partnership, police)
    a_contribution(partnership, police)

    html = client_for(lead).get(search_url(partnership, "kestrel")).content.decode()

    assert "2 results for “kestrel”" in html
    for kind, heading in [("members", "Members"), ("contributions", "Contributions")]:
        assert re.search(
            rf'<h2[^>]*id="{kind}">\s*{heading}\s*<span class="govuk-caption-m">\s*1 result\s*<',
            html,
        )


def test_a_kind_with_more_matches_than_shown_says_so_and_links_to_its_list(
    client_for, partnership, police, lead
):
    for n in range(search.LIMIT + 2):
        ContributionFactory(organisation=police, title=f"Kestrel survey {n}", status=S.SUBMITTED)

    response = client_for(lead).get(search_url(partnership, "kestrel"))
    html = response.content.decode()

    assert len(found(response)["contributions"]) == search.LIMIT
    assert f"Showing the best {search.LIMIT} of {search.LIMIT + 2}" in html
    assert f'href="{reverse("tenant:contributions", args=[partnership.slug])}"' in html


def test_no_results_says_so_with_advice(client_for, partnership, lead):
    html = client_for(lead).get(search_url(partnership, "lighthouse")).content.decode()

    assert "No results for “lighthouse”" in html
    assert "checking your spelling" in html


def test_an_empty_search_shows_just_the_box(client_for, partnership, lead):
    response = client_for(lead).get(search_url(partnership))

    assert response.status_code == 200
    assert response.context["groups"] == []
    assert "No results" not in response.content.decode()


HOSTILE = {
    "very long": "kestrel " * 2000,
    "only punctuation": "!!! ??? ... &&& ||| ()",
    "sql": "'; DROP TABLE partnerships_partnership; --",
    "sql or": "kestrel' OR '1'='1",
    "nul byte": "kes\x00trel",
    "tsquery syntax": 'kestrel & !( | "unbalanced :* <->',
    "markup": "<script>alert('kestrel')</script>",
    "only a minus": "-",
    "stop words": "the and of",
    "unicode": "Késtrel 🦅 ñ",
}


@pytest.mark.parametrize("query", HOSTILE.values(), ids=HOSTILE.keys())
def test_whatever_is_typed_gives_a_page(client_for, partnership, police, lead, query):
    a_contribution(partnership, police)

    response = client_for(lead).get(search_url(partnership, query))

    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


def test_a_nul_byte_is_read_as_a_space(client_for, partnership, police, lead):
    a_contribution(partnership, police)

    response = client_for(lead).get(search_url(partnership, "\x00kestrel\x00"))

    assert found(response)["contributions"] == ["Kestrel estate survey"]


def test_a_very_long_search_is_cut_short_and_says_so(client_for, partnership, police, lead):
    a_contribution(partnership, police)

    response = client_for(lead).get(search_url(partnership, "kestrel " * 100))

    assert len(response.context["query"]) <= search.MAX_LENGTH
    assert "Only the first 200 characters" in response.content.decode()
    assert found(response)["contributions"] == ["Kestrel estate survey"]


# --- Cost -------------------------------------------------------------------------------------


def _kestrels(partnership, police, strategy, first: int, last: int):
    for n in range(first, last):
        MembershipFactory(
            user=UserFactory(full_name=f"Kestrel Person {n}"),
            organisation=OrganisationFactory(partnership=partnership, name=f"Kestrel Org {n}"),
        )
        ContributionFactory(organisation=police, title=f"Kestrel survey {n}", status=S.SUBMITTED)
        ActionFactory(
            priority=PriorityFactory(strategy=strategy),
            lead_organisation=police,
            title=f"Kestrel action {n}",
        )


def test_searching_takes_as_many_queries_for_50_matches_of_each_kind_as_for_5(
    client_for, partnership, police, lead
):
    strategy = StrategyFactory(partnership=partnership, title="Kestrel strategy")
    client = client_for(lead)
    _kestrels(partnership, police, strategy, 0, 5)
    client.get(search_url(partnership, "kestrel"))  # sessions, caches: warmed

    cold_cache()
    with CaptureQueriesContext(connection) as few:
        assert client.get(search_url(partnership, "kestrel")).status_code == 200
    _kestrels(partnership, police, strategy, 5, 50)
    cold_cache()
    with CaptureQueriesContext(connection) as many:
        response = client.get(search_url(partnership, "kestrel"))

    assert found(response)["actions"] and len(found(response)["members"]) == search.LIMIT
    assert len(many) == len(few)


def test_every_kind_is_searched_in_one_query(partnership, police, lead):
    # Kinds whose factories make no SNA or strategy (a second of the same period is refused);
    # every kind the lead may search is in the one query, matches or not.
    made = ["members", "organisations", "contributions", "meetings"]
    for kind in made:
        KINDS[kind](partnership, police)
    actor = actor_for(lead, partnership)

    with scope(partnership=partnership), CaptureQueriesContext(connection) as queries:
        groups = search.partnership_search(actor=actor, text="kestrel")

    assert [group.key for group in groups if group.rows] == made
    assert [group.key for group in groups] == list(KINDS)
    assert len(queries) == 1


@pytest.mark.parametrize(("language", "sector"), [("en-gb", "Police"), ("cy", "Heddlu")])
def test_an_organisation_is_found_by_its_sector_in_either_language_and_named_in_the_readers(
    client_for, partnership, police, lead, language, sector
):
    client = client_for(lead)
    client.cookies["django_language"] = language

    response = client.get(search_url(partnership, "Heddlu"))

    hits = {group["key"]: group["hits"] for group in response.context["groups"]}
    assert [(hit.title, hit.detail) for hit in hits["organisations"]] == [(police.name, sector)]
