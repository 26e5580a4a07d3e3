"""The tenant wall, a second time, in PostgreSQL: row-level security on every tenant table.

django-scopes already refuses a query on a tenant model made outside a partnership's scope, and
every tenant query is filtered to the request's partnership. This is defence in depth for when
that code is wrong: inside a tenant request the database itself returns, and accepts, only the
partnership's own rows, whatever SQL the application sends.

- Every table with a `partnership` column (each tenant model and its history), and the
  partnerships table by its id, has the policy `svd_tenant_wall`, forced on the table's owner
  too. The policy reads `svd_current_partnership()`: the `svd.partnership` setting, which
  `confined_to` sets per transaction (`set_config(..., true)`), so it ends with the transaction
  and never leaks to the next request on a pooled connection.
- Outside a tenant transaction the setting is empty and the policy lets rows through: the
  cross-partnership paths (the convener overview, a person's list of partnerships, the admin,
  commands, the workers) are filtered by the application. A cross-partnership read inside a
  tenant request (the partnership switcher) goes through `crossing_the_wall`, which says why
  in the log and puts the wall back after.
- The policies are (re)applied after every `migrate` (`apply_policies`), so a new tenant table
  is covered the moment it exists; `manage.py check --database default` warns if the database
  user can bypass them (a superuser or BYPASSRLS role: connect as an ordinary role).

SQLite has no row-level security: there the application's filters are the only wall.
"""

import contextlib
import logging
from contextvars import ContextVar

from django.apps import apps
from django.core.checks import Tags, Warning, register
from django.db import connection, transaction

logger = logging.getLogger("svd.tenant_wall")

SETTING = "svd.partnership"
POLICY = "svd_tenant_wall"

FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION svd_current_partnership() RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT nullif(current_setting('{SETTING}', true), '')::bigint $$
"""


def tenant_tables() -> list[tuple[str, str]]:
    """(table, column) for every table that belongs to one partnership: the partnerships table
    (and its history) by its id, and every model (history included) with a `partnership` foreign
    key. Many-to-many link tables hold only pairs of ids, each of a walled row, and the Duty
    catalogue is shared reference data."""
    from .models import Partnership

    tables = {(Partnership._meta.db_table, Partnership._meta.pk.column)}
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        if getattr(model, "instance_type", None) is Partnership:
            # The partnerships table's own history: its id is the partnership's.
            tables.add((model._meta.db_table, model._meta.get_field("id").column))
            continue
        for field in model._meta.concrete_fields:
            # `content_object`: guardian's grants of permissions on a partnership.
            if field.name in {"partnership", "content_object"} and (
                field.related_model is Partnership
            ):
                tables.add((model._meta.db_table, field.column))
    return sorted(tables)


def _policy_sql(table: str, column: str) -> list[str]:
    quoted = connection.ops.quote_name(table)
    column = connection.ops.quote_name(column)
    visible = f"svd_current_partnership() IS NULL OR {column} = svd_current_partnership()"
    return [
        f"ALTER TABLE {quoted} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {quoted} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS {POLICY} ON {quoted}",
        f"CREATE POLICY {POLICY} ON {quoted} USING ({visible}) WITH CHECK ({visible})",
    ]


def apply_policies(*, using: str = "default", **kwargs) -> int:
    """Put the wall on every tenant table that lacks it. Returns how many tables changed."""
    if connection.vendor != "postgresql" or using != "default":
        return 0
    tables = tenant_tables()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_policies"
            " WHERE schemaname = current_schema() AND policyname = %s",
            [POLICY],
        )
        walled = {row[0] for row in cursor.fetchall()}
        missing = [(table, column) for table, column in tables if table not in walled]
        if not missing:
            return 0
        with transaction.atomic():
            cursor.execute(FUNCTION_SQL)
            for table, column in missing:
                for statement in _policy_sql(table, column):
                    cursor.execute(statement)
    logger.info("Row-level security applied to %s tables", len(missing))
    return len(missing)


# The partnership the current tenant transaction is confined to, as this code set it.
_confined: ContextVar[int | None] = ContextVar("svd_confined_to", default=None)


@contextlib.contextmanager
def confined_to(partnership):
    """Run the block in a transaction in which PostgreSQL returns only `partnership`'s rows."""
    if connection.vendor != "postgresql":
        yield
        return
    nested = connection.in_atomic_block
    previous = _confined.get()
    token = _confined.set(partnership.pk)
    try:
        with transaction.atomic():
            _set(partnership.pk)
            try:
                yield
            finally:
                # Inside an outer transaction (a test's) the setting would outlive this block.
                if nested and not connection.needs_rollback:
                    _set(previous)
    finally:
        _confined.reset(token)


@contextlib.contextmanager
def crossing_the_wall(*, reason: str, routine: bool = False):
    """Read across partnerships inside a tenant transaction, for `reason` (logged), then put
    the wall back. Outside a tenant transaction there is no wall to cross. A `routine` crossing,
    made on every page (the header's count of the person's own notifications), is logged at
    debug level, so the log at info level keeps the rare ones worth reading."""
    current = _confined.get()
    if connection.vendor != "postgresql" or current is None:
        yield
        return
    logger.log(
        logging.DEBUG if routine else logging.INFO,
        "Crossing the tenant wall of partnership %s: %s",
        current,
        reason,
    )
    _set(None)
    try:
        yield
    finally:
        if not connection.needs_rollback:
            _set(current)


def _set(partnership_id: int | None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config(%s, %s, true)",
            [SETTING, "" if partnership_id is None else str(partnership_id)],
        )


def can_bypass() -> bool:
    """Whether the database user ignores row-level security (a superuser or BYPASSRLS role)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
        return bool(cursor.fetchone()[0])


@register(Tags.database)
def check_the_wall_holds(app_configs=None, databases=None, **kwargs):
    """`manage.py check --database default`: warn if the database user can ignore the wall."""
    if not databases or "default" not in databases or connection.vendor != "postgresql":
        return []
    if can_bypass():
        return [
            Warning(
                "The database user is a superuser or has BYPASSRLS: PostgreSQL's row-level "
                "security does not apply to it, so the tenant wall is the application's alone.",
                hint="Connect web, worker and beat as an ordinary role (docker-compose.yml's "
                "svd_app; see docs/security.md), keeping the owner for migrations.",
                id="partnerships.W001",
            )
        ]
    return []
