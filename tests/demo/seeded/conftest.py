"""The demo as `seed_demo` leaves it, seeded once for this folder's tests, which only read it."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="package")
def _seeded_once(django_db_setup, django_db_blocker):
    # Seeding takes seconds; these tests only read the demo, so it is built once for this folder
    # inside a transaction rolled back at the end. Each test still runs in its own savepoint.
    # Made before any test's settings apply, so with the same fast hasher the tests check with.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast:
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(db, _seeded_once):
    """The demo as `seed_demo` leaves it."""
