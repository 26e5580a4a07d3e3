"""Search across a partnership: its members, organisations, contributions, findings, SNA modules,
actions, meetings, strategies and published strategy versions.

A person finds only what the pages already show them: a kind is searched only if they hold the
permission its list page requires, and its rows are those its list page shows (so a partner never
finds another organisation's draft). The whole search is one query, however many kinds and rows
match: a UNION ALL of each kind's best few, the number matching carried on each row by a window
count.

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
from datetime import date
from typing import NamedTuple

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import QuerySet

from assessments import selectors as assessments
from assessments.models import AssessmentModule, Finding
from partnerships.access import Actor
from partnerships.models import Membership, Organisation
from partnerships.roles import Permission
from strategies.models import Action, Meeting, Strategy, StrategyVersion

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


class Found(NamedTuple):
    """One match, as the results page shows it: only these few columns are read."""

    pk: int
    title: str
    # What each kind shows beside its title (see KINDS): an organisation's or sector's name, a
    # status, a period; the row it belongs to (a strategy, an SNA); a date; a number.
    line: str | None = None
    note: str | None = None
    parent: int | None = None
    on: date | None = None
    number: int | None = None


# Found's columns after pk and title, with their SQL types: every kind's part of the one query
# gives each, NULL where it has none, so the parts line up.
_COLUMNS = (
    ("line", "text"),
    ("note", "text"),
    ("parent", "bigint"),
    ("on", "date"),
    ("number", "integer"),
)


@dataclass(frozen=True)
class SearchKind:
    """One kind of thing searched: who may search it, which rows they may see (the list page's
    rules), the text searched, the order of equal matches, and the columns the page shows.
    `stored`: on PostgreSQL the table's search_vector column holds the text's vector, kept by a
    trigger (common/search.py), with a GIN index.

    The text, order, joins and columns are SQL over the kind's table (by its name) and the
    joins' aliases: the search is one hand-written query, as the ORM's building of eight
    querysets and their model rows was most of a national-scale search's time."""

    key: str
    permission: str
    # The rows the list page shows (unfiltered), as a queryset of the model filtered on its own
    # table's columns: its WHERE clause is what the search's part for this kind keeps to.
    visible: Callable[[Actor], QuerySet]
    table: str
    text: tuple[str, ...]
    order: str
    title: str
    columns: tuple[tuple[str, str], ...] = ()
    joins: str = ""
    stored: bool = False

    def document(self) -> str:
        """The text searched, as one string (as SearchVector joins fields)."""
        return " || ' ' || ".join(f"COALESCE({part}, '')" for part in self.text)

    def vector(self) -> str:
        """The text's vector on PostgreSQL (what a stored kind's trigger keeps)."""
        return f"to_tsvector('english'::regconfig, {self.document()})"


def _t(table: str, column: str) -> str:
    return f'"{table}"."{column}"'


_M, _O, _C = "partnerships_membership", "partnerships_organisation", "assessments_contribution"
_F, _A, _MT = "assessments_finding", "strategies_action", "strategies_meeting"
_AM = "assessments_assessmentmodule"
_S, _V = "strategies_strategy", "strategies_strategyversion"
_SNAPSHOT_TEXT = ("title", "summary", "foreword")

# Members and organisations are computed as searched: a partnership has tens of each, with a few
# short words, so a stored vector would save little and need triggers on users, memberships,
# organisations and sectors to stay true. A stored kind's trigger (in its app's migration) reads
# the same text in the same order as here: tests/oversight/test_search_vectors.py checks.
KINDS = (
    SearchKind(
        key="members",
        permission=Permission.VIEW_MEMBERS,
        # The members list shows current members unless asked for removed ones; never
        # consultees, who are no members.
        visible=lambda actor: (
            Membership.objects.filter(partnership=actor.partnership).active().members()
        ),
        table=_M,
        joins=f'JOIN "accounts_user" u ON u."id" = {_t(_M, "user_id")} '
        f'JOIN "{_O}" o ON o."id" = {_t(_M, "organisation_id")}',
        text=('u."full_name"', 'u."email"', _t(_M, "job_title"), 'o."name"'),
        order='u."full_name", u."email"',
        # As the user's str(): their name, or their email if they gave none.
        title='COALESCE(NULLIF(u."full_name", \'\'), u."email")',
        columns=(("line", 'o."name"'), ("note", _t(_M, "job_title"))),
    ),
    SearchKind(
        key="organisations",
        permission=Permission.VIEW_MEMBERS,
        # The organisations list shows every organisation, retired ones too.
        visible=lambda actor: Organisation.objects.filter(partnership=actor.partnership),
        table=_O,
        joins=f'JOIN "partnerships_sector" s ON s."id" = {_t(_O, "sector_id")}',
        # The sector's name in either language finds it; the page names it in the reader's.
        text=(_t(_O, "name"), 's."name"', 's."name_cy"'),
        order=_t(_O, "name"),
        title=_t(_O, "name"),
        # The line is the sector's slug, named on the page in the reader's language. The number
        # is 1 for a retired organisation.
        columns=(
            ("line", 's."slug"'),
            ("note", 's."authority_type"'),
            ("number", f"CASE WHEN {_t(_O, 'retired_at')} IS NULL THEN 0 ELSE 1 END"),
        ),
    ),
    SearchKind(
        key="contributions",
        permission=Permission.VIEW_ASSESSMENT,
        # Drafts of other organisations stay out, exactly as on the contributions list.
        visible=lambda actor: assessments.contribution_list(actor=actor),
        table=_C,
        joins=f'JOIN "{_O}" o ON o."id" = {_t(_C, "organisation_id")}',
        text=(_t(_C, "title"), _t(_C, "body"), 'o."name"'),
        order=f"{_t(_C, 'created_at')} DESC",
        title=_t(_C, "title"),
        columns=(("line", 'o."name"'), ("note", _t(_C, "status"))),
        stored=True,
    ),
    SearchKind(
        key="findings",
        permission=Permission.VIEW_ASSESSMENT,
        # Every SNA's findings are on its findings page for everyone who sees the SNA.
        visible=lambda actor: Finding.objects.filter(partnership=actor.partnership),
        table=_F,
        joins=f'JOIN "assessments_assessment" a ON a."id" = {_t(_F, "assessment_id")}',
        text=(_t(_F, "title"), _t(_F, "description")),
        order=_t(_F, "title"),
        title=_t(_F, "title"),
        columns=(
            ("line", 'a."period"'),
            ("note", _t(_F, "kind")),
            ("parent", _t(_F, "assessment_id")),
        ),
        stored=True,
    ),
    SearchKind(
        key="modules",
        permission=Permission.VIEW_ASSESSMENT,
        # The SNA document is its modules: each module's page shows it to everyone who sees the
        # SNA. Its title is the kind's words, which the results page gives in the reader's
        # language.
        visible=lambda actor: AssessmentModule.objects.filter(partnership=actor.partnership),
        table=_AM,
        joins=f'JOIN "assessments_assessment" a ON a."id" = {_t(_AM, "assessment_id")}',
        text=(_t(_AM, "body"),),
        order=f'a."period" DESC, {_t(_AM, "order")}',
        title=_t(_AM, "kind"),
        columns=(
            ("line", 'a."period"'),
            ("note", _t(_AM, "status")),
            ("parent", _t(_AM, "assessment_id")),
        ),
        stored=True,
    ),
    SearchKind(
        key="actions",
        permission=Permission.VIEW_STRATEGY,
        # The actions list, unfiltered, shows every action of every strategy.
        visible=lambda actor: Action.objects.filter(partnership=actor.partnership),
        table=_A,
        joins=f'JOIN "{_S}" s ON s."id" = {_t(_A, "strategy_id")} '
        f'JOIN "{_O}" o ON o."id" = {_t(_A, "lead_organisation_id")}',
        text=(_t(_A, "title"), _t(_A, "description"), 'o."name"'),
        order=_t(_A, "title"),
        title=_t(_A, "title"),
        columns=(("line", 'o."name"'), ("note", 's."title"')),
        stored=True,
    ),
    SearchKind(
        key="meetings",
        permission=Permission.VIEW_STRATEGY,
        visible=lambda actor: Meeting.objects.filter(partnership=actor.partnership),
        table=_MT,
        text=(_t(_MT, "title"), _t(_MT, "decisions"), _t(_MT, "minutes_name")),
        order=f"{_t(_MT, 'held_on')} DESC",
        title=_t(_MT, "title"),
        columns=(("on", _t(_MT, "held_on")),),
        stored=True,
    ),
    SearchKind(
        key="strategies",
        permission=Permission.VIEW_STRATEGY,
        visible=lambda actor: Strategy.objects.filter(partnership=actor.partnership),
        table=_S,
        text=(_t(_S, "title"), _t(_S, "summary"), _t(_S, "foreword")),
        order=f"{_t(_S, 'start_period')} DESC",
        title=_t(_S, "title"),
        columns=(("note", _t(_S, "status")),),
        stored=True,
    ),
    SearchKind(
        key="versions",
        permission=Permission.VIEW_STRATEGY,
        # A published version is read from its frozen snapshot, so that is what is searched.
        visible=lambda actor: StrategyVersion.objects.filter(partnership=actor.partnership),
        table=_V,
        joins=f'JOIN "{_S}" s ON s."id" = {_t(_V, "strategy_id")}',
        text=tuple(f"({_t(_V, 'snapshot')} ->> '{key}')" for key in _SNAPSHOT_TEXT),
        order=f"{_t(_V, 'published_on')} DESC, {_t(_V, 'number')} DESC",
        # The snapshot's title, or the strategy's if the snapshot has none.
        title=f"COALESCE(NULLIF({_t(_V, 'snapshot')} ->> 'title', ''), s.\"title\")",
        columns=(
            ("parent", _t(_V, "strategy_id")),
            ("on", _t(_V, "published_on")),
            ("number", _t(_V, "number")),
        ),
        stored=True,
    ),
)


@dataclass
class SearchGroup:
    """The best matches of one kind and how many match in all."""

    key: str
    rows: list[Found]
    total: int


def _visible_where(kind: SearchKind, actor: Actor) -> tuple[str, list]:
    """The WHERE clause of the kind's visible rows, as SQL over the kind's table."""
    query = kind.visible(actor).query
    sql, params = query.get_compiler(connection=connection).compile(query.where)
    if {alias for alias, count in query.alias_refcount.items() if count} - {kind.table}:
        # A rule that joined another table would name an alias the search does not have.
        raise ImproperlyConfigured(f"Search: {kind.key}'s visible rows must not join")
    return sql, list(params)


def _part(kind: SearchKind, actor: Actor, text: str, limit: int) -> tuple[str, list]:
    """The kind's part of the search: its best matches in order, each with its position among
    them and how many match in all."""
    where, params = _visible_where(kind, actor)
    if connection.vendor == "postgresql":
        query = "websearch_to_tsquery('english'::regconfig, %s)"
        vector = _t(kind.table, "search_vector") if kind.stored else kind.vector()
        match, match_params = f"{vector} @@ {query}", [text]
        rank, rank_params = f"ts_rank({vector}, {query}) DESC, ", [text]
    else:
        # Elsewhere, every word somewhere in the text, case aside (as Django's icontains).
        words = text.split()[:MAX_WORDS]
        match = " AND ".join([f"({kind.document()}) LIKE %s ESCAPE '\\'"] * len(words))
        match_params = [f"%{connection.ops.prep_for_like_query(word)}%" for word in words]
        rank, rank_params = "", []
    columns = dict(kind.columns)
    shown = ", ".join(
        columns.get(name, f"CAST(NULL AS {sql_type})") + f' AS "{name}"'
        for name, sql_type in _COLUMNS
    )
    # Only this module's SQL is put in the string: what was typed, and the visible rows' values,
    # go as parameters.
    sql = (
        f"SELECT * FROM (SELECT %s AS kind, "  # noqa: S608
        f"ROW_NUMBER() OVER (ORDER BY {rank}{kind.order}, {_t(kind.table, 'id')}) AS position, "
        f"COUNT(*) OVER () AS total, {_t(kind.table, 'id')} AS pk, {kind.title} AS title, {shown} "
        f'FROM "{kind.table}" {kind.joins} WHERE ({where}) AND {match} '
        f"ORDER BY position LIMIT %s) AS {kind.key}"
    )
    return sql, [kind.key, *rank_params, *params, *match_params, limit]


def partnership_search(*, actor: Actor, text: str, limit: int = LIMIT) -> list[SearchGroup]:
    """The best matches for `text` of every kind the actor may see, kind by kind (those with
    none too), in one query however many kinds and matches. Nothing is searched for text with
    no letters or digits."""
    text = search_text(text)
    if not searchable(text):
        return []
    kinds = [kind for kind in KINDS if actor.may(kind.permission)]
    if not kinds:
        return []
    parts = [_part(kind, actor, text, limit) for kind in kinds]
    sql = " UNION ALL ".join(part for part, _ in parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, [param for _, params in parts for param in params])
        rows = cursor.fetchall()
    groups = {kind.key: SearchGroup(key=kind.key, rows=[], total=0) for kind in kinds}
    # UNION ALL promises no order across its parts: each row carries its place in its kind.
    for key, _position, total, *found in sorted(rows, key=lambda row: row[1]):
        group = groups[key]
        group.total = total
        row = Found(*found)
        if isinstance(row.on, str):  # SQLite returns dates as text
            row = row._replace(on=date.fromisoformat(row.on))
        group.rows.append(row)
    return list(groups.values())
