"""Shared fixtures: the people in our stories, and the rules for tests that need services.

Tests that need something a newcomer's machine may lack (Chromium, PostgreSQL, Redis) skip with a
one-line reason. CI sets SVD_REQUIRE_ALL_TESTS=1, which turns any skip into a failure, so there
every test always runs.
"""

import os

import pytest

from tests.factories import UserFactory

REQUIRE_ALL = os.environ.get("SVD_REQUIRE_ALL_TESTS", "").lower() in {"1", "true", "yes"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_ALL and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped, but SVD_REQUIRE_ALL_TESTS is set: {reason}"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Real hashing is deliberately slow; tests check behaviour, not the hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def priya(db):
    """Priya leads a partnership: she signs in to manage it (her powers arrive with tenancy)."""
    return UserFactory(
        email="priya@example.org", full_name="Priya Shah", job_title="Partnership lead"
    )


@pytest.fixture
def tom(db):
    """Tom is a police data lead: a duty partner who submits data returns."""
    return UserFactory(email="tom@example.org", full_name="Tom Evans", job_title="Police data lead")


@pytest.fixture
def signed_in_client(client, priya):
    client.force_login(priya)
    return client
