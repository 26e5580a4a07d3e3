"""The stored full-text search column that partnership search reads on PostgreSQL, and the SQL
of the triggers that keep it (run by each app's migration)."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class StoredSearchVector(SearchVectorField):
    """A row's searchable words as PostgreSQL's tsvector, written only by a database trigger
    (each model's migration creates it, with the GIN index): never in a form, the admin or the
    row's history. SQLite has the column but leaves it empty; search there reads the text."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("null", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def _check_postgres_installed(self, *args):
        # Django's field asks for django.contrib.postgres in INSTALLED_APPS; the portal leaves it
        # out (it also runs on SQLite), and the column needs only the tsvector type and the
        # `@@` lookup, which Django registers on importing the field.
        return []


class WithoutSearchVector(models.Manager):
    """A searchable model's manager: its rows come without the stored vector. Search reads the
    vector in SQL and no Python code ever does, so every list and page would otherwise carry a
    row's whole vocabulary (as long as its text) for nothing. A row saved after being read this
    way writes only the fields it read, so the trigger's vector is never overwritten."""

    def get_queryset(self):
        return super().get_queryset().defer("search_vector")


# The SQL below is run by migrations, so a change to it reaches only databases made afterwards:
# to change a vector, add a migration that replaces the function and backfills again.
#
# A row's vector is exactly what search would compute as it ran, SearchVector(*fields,
# config="english"): the fields joined with spaces, so matches and ranks are the same. A trigger
# rather than save(), because rows are also written by bulk_create, QuerySet.update and plain SQL.
# It recomputes the vector when the row is inserted, when a searched column changes, or when
# anything at all is written to the vector (the value written is ignored: writing NULL is how to
# ask for a fresh one), and otherwise keeps it, so a change of status costs nothing.


def search_vector_sql(
    table: str, columns: list[str], joined: tuple[str, str, str] | None = None
) -> tuple[list[str], list[str]]:
    """(forward, reverse) statements for `table`.search_vector: one UPDATE filling it for every
    row, the trigger keeping it, and its GIN index. `joined` is (foreign key column, other table,
    name column): a required foreign key's name, searched after the row's own columns. A column
    may be an expression on the row, such as "snapshot->>'title'"."""
    # Table and column names are the migrations' own literals, never input: S608 is noqa'd.
    # The text is SearchVector's: each column (or "") joined by spaces.
    row_text = " || ' ' || ".join(f"COALESCE({{row}}.{column}, '')" for column in columns)
    watched = list(columns)
    backfill_from = ""
    if joined:
        key, other, name = joined
        row_text += " || ' ' || COALESCE({name}, '')"
        watched.append(key)
        # The foreign key is required, so the inner join leaves no row out.
        backfill_from = f" FROM {other} o WHERE o.id = t.{key}"
        name_in_trigger = f"(SELECT o.{name} FROM {other} o WHERE o.id = NEW.{key})"  # noqa: S608
        name_in_backfill = f"o.{name}"
    else:
        name_in_trigger = name_in_backfill = ""
    in_trigger = row_text.format(row="NEW", name=name_in_trigger)
    in_backfill = row_text.format(row="t", name=name_in_backfill)
    to_vector = f"to_tsvector('english'::regconfig, {in_backfill})"
    backfill = f"UPDATE {table} t SET search_vector = {to_vector}{backfill_from}"  # noqa: S608
    unchanged = " AND ".join(
        f"(NEW.{column}) IS NOT DISTINCT FROM (OLD.{column})" for column in watched
    )
    function = f"{table}_search_vector"
    forward = [
        # Filled before the trigger and index exist: one pass, no trigger per row. The migration
        # added the column in the same transaction, so the table is locked until it commits.
        backfill,
        f"""CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND {unchanged}
               AND OLD.search_vector IS NOT NULL
               AND NEW.search_vector IS NOT DISTINCT FROM OLD.search_vector THEN
                RETURN NEW;
            END IF;
            NEW.search_vector := to_tsvector('english'::regconfig, {in_trigger});
            RETURN NEW;
        END
        $$""",
        f"CREATE TRIGGER {function} BEFORE INSERT OR UPDATE ON {table}"
        f" FOR EACH ROW EXECUTE FUNCTION {function}()",
        f"CREATE INDEX {table}_search ON {table} USING gin (search_vector)",
        # The planner's estimate of how many rows a word matches comes from these statistics.
        f"ANALYZE {table}",
    ]
    reverse = [
        f"DROP INDEX IF EXISTS {table}_search",
        f"DROP TRIGGER IF EXISTS {function} ON {table}",
        f"DROP FUNCTION IF EXISTS {function}()",
    ]
    return forward, reverse


def renamed_sql(table: str, key: str, other: str) -> tuple[list[str], list[str]]:
    """(forward, reverse) statements: renaming a row of `other` asks the rows of `table` naming
    it by `key` for fresh vectors (theirs hold its name)."""
    function = f"{table}_{key}_renamed"
    forward = [
        f"""CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE {table} SET search_vector = NULL WHERE {key} = NEW.id;
            RETURN NULL;
        END
        $$""",  # noqa: S608
        f"CREATE TRIGGER {function} AFTER UPDATE OF name ON {other} FOR EACH ROW"
        f" WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION {function}()",
    ]
    reverse = [
        f"DROP TRIGGER IF EXISTS {function} ON {other}",
        f"DROP FUNCTION IF EXISTS {function}()",
    ]
    return forward, reverse


def run_on_postgresql(statements: list[str]):
    """A RunPython function running the statements on PostgreSQL, and nothing elsewhere."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run
