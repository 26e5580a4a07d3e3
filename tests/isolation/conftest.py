import pytest
from django.db import connection

from partnerships import row_security


@pytest.fixture
def as_the_application_role(db, application_role):
    """The connection is an ordinary role, neither superuser nor BYPASSRLS, with the rights the
    application's role has (tests/conftest.py sets it for every test on PostgreSQL; these
    tests need it, so they say so, and skip on SQLite)."""
    if application_role is None:
        pytest.skip("row-level security is PostgreSQL's: set DATABASE_URL to a PostgreSQL one")
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {application_role}")
    assert not row_security.can_bypass()


@pytest.fixture
def scoping_switched_off(monkeypatch):
    """django-scopes filters nothing and refuses nothing: the database is the only wall."""
    import django_scopes.manager

    monkeypatch.setattr(django_scopes.manager, "get_scope", lambda: {"_enabled": False})
