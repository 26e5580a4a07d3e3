"""Search across a partnership: its members, organisations, contributions, findings, actions,
meetings, strategies and published strategy versions.

A person finds only what the pages already show them: a kind is searched only if they hold the
permission its list page requires, and its rows are those of the list page's own selector (so a
partner never finds another organisation's draft). Each kind costs one query, however many rows
match: the best few, with the number matching carried on each row by a window count.

PostgreSQL ranks the matches by full-text search (English stemming; the search box reads like a
web search: quoted phrases, "or", and -word to leave a word out); SQLite, for development and
tests, finds rows containing every word, in plain order. The kinds with long text (contributions,
findings, actions, meetings, strategies, versions) keep their vectors in a column that a trigger
maintains, with a GIN index (common/search.py), so a search reads the index instead of running
to_tsvector over every row of a big partnership; the short kinds are computed as searched.

The PDF exports are not searched: they belong to the documents app, beside this one in the
layers, so neither imports the other.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, Expression, F, QuerySet, TextField, Value, Window
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, Concat

from assessments import selectors as assessments
from assessments.models import Finding
from partnerships import selectors as partnerships
from partnerships.access import Actor
from partnerships.roles import Permission
from strategies import selectors as strategies
from strategies.models import StrategyVersion

# The best matches shown of each kind; the page says how many more there are.
LIMIT = 10
# Longer searches are cut short: nobody types more, and it bounds the work a query asks for.
MAX_LENGTH = 200
MAX_WORDS = 10
# Control characters (NUL among them, which PostgreSQL refuses in a string) are never wanted.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_WORD = re.compile(r"\w")


def search_text(raw: str) -> str:
    """What was typed, made safe to search for: control characters become spaces, runs of
    spaces one, and it is cut to MAX_LENGTH."""
    return " ".join(_CONTROL.sub(" ", raw or "").split())[:MAX_LENGTH].strip()


def searchable(text: str) -> bool:
    """Whether the text has a letter or digit to look for (punctuation alone finds nothing)."""
    return bool(_WORD.search(text))


@dataclass(frozen=True)
class SearchKind:
    """One kind of thing searched: who may search it, which rows they may see (the list page's
    selector), the fields whose text is searched, and the order of equal matches. `stored`: on
    PostgreSQL the model's search_vector column holds the fields' vector, kept by a trigger."""

    key: str
    permission: str
    visible: Callable[[Actor], QuerySet]
    fields: tuple[str | Expression, ...]
    order: tuple[str, ...]
    related: tuple[str, ...] = ()
    stored: bool = False


# Members and organisations are computed as searched: a partnership has tens of each, with a few
# short words, so a stored vector would save little and need triggers on users, memberships,
# organisations and sectors to stay true. A stored kind's trigger (in its app's migration) reads
# the same fields in the same order as here: tests/oversight/test_search_vectors.py checks.
KINDS = (
    SearchKind(
        key="members",
        permission=Permission.VIEW_MEMBERS,
        # The members list shows current members unless asked for removed ones.
        visible=lambda actor: partnerships.member_list(partnership=actor.partnership),
        fields=("user__full_name", "user__email", "job_title", "organisation__name"),
        order=("user__full_name", "user__email"),
        related=("user", "organisation"),
    ),
    SearchKind(
        key="organisations",
        permission=Permission.VIEW_MEMBERS,
        visible=lambda actor: partnerships.organisation_list(partnership=actor.partnership),
        fields=("name", "sector__name"),
        order=("name",),
        related=("sector",),
    ),
    SearchKind(
        key="contributions",
        permission=Permission.VIEW_ASSESSMENT,
        # Drafts of other organisations stay out, exactly as on the contributions list.
        visible=lambda actor: assessments.contribution_list(actor=actor),
        fields=("title", "body", "organisation__name"),
        order=("-created_at",),
        related=("organisation",),
        stored=True,
    ),
    SearchKind(
        key="findings",
        permission=Permission.VIEW_ASSESSMENT,
        # Every SNA's findings are on its findings page for everyone who sees the SNA.
        visible=lambda actor: Finding.objects.filter(partnership=actor.partnership),
        fields=("title", "description"),
        order=("title",),
        related=("assessment",),
        stored=True,
    ),
    SearchKind(
        key="actions",
        permission=Permission.VIEW_STRATEGY,
        visible=lambda actor: strategies.action_list(partnership=actor.partnership),
        fields=("title", "description", "lead_organisation__name"),
        order=("title",),
        related=("strategy", "lead_organisation"),
        stored=True,
    ),
    SearchKind(
        key="meetings",
        permission=Permission.VIEW_STRATEGY,
        visible=lambda actor: strategies.meeting_list(partnership=actor.partnership),
        fields=("title", "decisions", "minutes_name"),
        order=("-held_on",),
        stored=True,
    ),
    SearchKind(
        key="strategies",
        permission=Permission.VIEW_STRATEGY,
        visible=lambda actor: strategies.strategy_list(partnership=actor.partnership),
        fields=("title", "summary", "foreword"),
        order=("-start_period",),
        stored=True,
    ),
    SearchKind(
        key="versions",
        permission=Permission.VIEW_STRATEGY,
        # A published version is read from its frozen snapshot, so that is what is searched.
        visible=lambda actor: StrategyVersion.objects.filter(partnership=actor.partnership),
        fields=(KT("snapshot__title"), KT("snapshot__summary"), KT("snapshot__foreword")),
        order=("-published_on", "-number"),
        related=("strategy",),
        stored=True,
    ),
)


@dataclass
class SearchGroup:
    """The best matches of one kind and how many match in all."""

    key: str
    rows: list
    total: int


def _as_text(field: str | Expression) -> Expression:
    expression = F(field) if isinstance(field, str) else field
    return Coalesce(Cast(expression, TextField()), Value(""))


def _matching(kind: SearchKind, queryset: QuerySet, text: str) -> QuerySet:
    if connection.vendor == "postgresql":
        query = SearchQuery(text, config="english", search_type="websearch")
        if kind.stored:
            # The vector is for matching and ranking here, not for the page: left in the database.
            matched = queryset.filter(search_vector=query).defer("search_vector")
            vector = F("search_vector")
        else:
            vector = SearchVector(*kind.fields, config="english")
            matched = queryset.annotate(search=vector).filter(search=query)
        return matched.annotate(rank=SearchRank(vector, query)).order_by("-rank", *kind.order, "pk")
    # Elsewhere, every word somewhere in the fields, case aside.
    parts = []
    for field in kind.fields:
        parts += [_as_text(field), Value(" ")]
    matched = queryset.annotate(haystack=Concat(*parts, output_field=TextField()))
    for word in text.split()[:MAX_WORDS]:
        matched = matched.filter(haystack__icontains=word)
    return matched.order_by(*kind.order, "pk")


def partnership_search(*, actor: Actor, text: str, limit: int = LIMIT) -> list[SearchGroup]:
    """The best matches for `text` of every kind the actor may see, kind by kind (those with
    none too): one query a kind. Nothing is searched for text with no letters or digits."""
    text = search_text(text)
    if not searchable(text):
        return []
    groups = []
    for kind in KINDS:
        if not actor.may(kind.permission):
            continue
        visible = kind.visible(actor)
        # The list page's rows, by key: its own joins, counts and ordering are not wanted here.
        rows = visible.model.objects.filter(
            partnership=actor.partnership, pk__in=visible.values("pk")
        )
        if kind.related:
            rows = rows.select_related(*kind.related)
        matches = list(_matching(kind, rows, text).annotate(total=Window(Count("pk")))[:limit])
        groups.append(
            SearchGroup(key=kind.key, rows=matches, total=matches[0].total if matches else 0)
        )
    return groups
