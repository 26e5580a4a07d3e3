"""Shared fixtures: the people in our stories, and the rules for tests that need services.

Tests that need something a newcomer's machine may lack (Chromium, PostgreSQL, Redis) skip with a
one-line reason. CI sets SVD_REQUIRE_ALL_TESTS=1, which turns any skip into a failure, so there
every test always runs.
"""

import importlib
import os

import pytest
from django_scopes import scopes_disabled
from pytest_django.plugin import blocking_manager_key

from assessments.models import Assessment, Finding, Recommendation
from svd_portal.celery import app as celery_app
from tests.factories import (
    AssessmentFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    StrategyFactory,
    UserFactory,
)

REQUIRE_ALL = os.environ.get("SVD_REQUIRE_ALL_TESTS", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, dropped at the end even if a session outlives its test: a worker
    subprocess killed on purpose, or a live server's thread, can leave one, and PostgreSQL will
    not drop a database in use."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


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


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_in_process():
    # Tasks queued by services run at once, in the test, so their effects (emails) can be seen.
    # tests/test_worker.py proves the real broker-and-worker path separately.
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = False


# --- Reference data -------------------------------------------------------------------------------


def restore_reference_data() -> None:
    """Reload what migrations load (the Duty catalogue, the measures) after a transactional
    test's flush emptied it, so later tests in the same process find it."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    from partnerships import catalogue
    from partnerships.models import DutyElement

    # The flush re-creates content types with new ids; forget the cached old ones.
    ContentType.objects.clear_cache()
    if DutyElement.objects.exists():
        return
    catalogue.load(apps)
    # The "other invited" sector and the seeded measures come from data migrations too.
    for module, function in [
        ("partnerships.migrations.0004_other_invited_sector", "add_sector"),
        ("assessments.migrations.0002_seed_measures", "add_measures"),
    ]:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    # After every fixture is torn down, so after a transactional test's flush: put back what the
    # next test in this process expects, whichever test that is.
    marker = item.get_closest_marker("django_db")
    flushed = (marker and marker.kwargs.get("transaction")) or {
        "transactional_db",
        "live_server",
    } & set(getattr(item, "fixturenames", ()))
    # After the last test the session tears the test database down: nothing needs the data.
    if flushed and nextitem is not None:
        with item.config.stash[blocking_manager_key].unblock():
            restore_reference_data()


# --- People ---------------------------------------------------------------------------------------


@pytest.fixture
def priya(db):
    """Priya leads the Northshire partnership (see `lead`); as a user she just signs in."""
    return UserFactory(
        email="priya@example.org", full_name="Priya Shah", job_title="Partnership lead"
    )


@pytest.fixture
def tom(db):
    """Tom is a police data lead (see `data_lead`)."""
    return UserFactory(email="tom@example.org", full_name="Tom Evans", job_title="Police data lead")


@pytest.fixture
def signed_in_client(client, priya):
    client.force_login(priya)
    return client


# --- Two partnerships and the people in them ------------------------------------------------------


@pytest.fixture
def partnership(db):
    """Northshire, where our personas work."""
    return PartnershipFactory(name="Northshire Serious Violence Partnership", slug="northshire")


@pytest.fixture
def other_partnership(db):
    """Southvale, a different tenant: nothing of it may show in Northshire, or the reverse."""
    return PartnershipFactory(
        name="Southvale Community Safety Partnership", slug="southvale", nation="wales"
    )


@pytest.fixture
def council(partnership):
    return OrganisationFactory(
        partnership=partnership, name="Northshire County Council", sector_slug="local-authority"
    )


@pytest.fixture
def police(partnership):
    return OrganisationFactory(
        partnership=partnership, name="Northshire Police", sector_slug="police"
    )


@pytest.fixture
def probation(partnership):
    return OrganisationFactory(
        partnership=partnership, name="Northshire Probation Delivery Unit", sector_slug="probation"
    )


@pytest.fixture
def opcc(partnership):
    return OrganisationFactory(
        partnership=partnership,
        name="Office of the Northshire PCC",
        sector_slug="local-policing-body",
    )


@pytest.fixture
def vcs(partnership):
    return OrganisationFactory(
        partnership=partnership,
        name="Northshire Youth Trust",
        sector_slug="voluntary-and-community-sector",
    )


@pytest.fixture
def lead(priya, council):
    """Priya, partnership lead: manages organisations, members and invitations."""
    MembershipFactory(user=priya, organisation=council, portal_role="lead", accountable=True)
    return priya


@pytest.fixture
def partner(db, probation):
    """Paul, duty partner for probation: sees members and gaps, changes nothing of others'."""
    user = UserFactory(email="paul@example.org", full_name="Paul Reid")
    MembershipFactory(user=user, organisation=probation, portal_role="partner", responsible=True)
    return user


@pytest.fixture
def data_lead(tom, police):
    """Tom, duty partner and police data lead."""
    MembershipFactory(user=tom, organisation=police, portal_role="partner", data_lead=True)
    return tom


@pytest.fixture
def convener(db, opcc):
    """Grace, convener from the PCC's office: oversees, exports, sees activity; manages nothing."""
    user = UserFactory(email="grace@example.org", full_name="Grace Okafor")
    MembershipFactory(user=user, organisation=opcc, portal_role="convener")
    return user


@pytest.fixture
def observer(db, vcs):
    """Olive, observer from a youth charity: reads the dashboard and member list only."""
    user = UserFactory(email="olive@example.org", full_name="Olive Grant")
    MembershipFactory(user=user, organisation=vcs, portal_role="observer")
    return user


@pytest.fixture
def outsider(other_partnership):
    """Oscar leads Southvale: to him, everything in Northshire is a 404."""
    user = UserFactory(email="oscar@example.org", full_name="Oscar Lloyd")
    organisation = OrganisationFactory(
        partnership=other_partnership, name="Southvale Council", sector_slug="local-authority"
    )
    MembershipFactory(user=user, organisation=organisation, portal_role="lead")
    return user


@pytest.fixture
def client_for(client):
    """A test client signed in as the given person: `client_for(lead).get(url)`."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


# --- The Northshire SNA and strategy the strategy and document stories share ---------------------


@pytest.fixture
def sna(partnership):
    """Northshire's agreed 2026/27 SNA, with two findings and a recommendation answering them."""
    assessment = AssessmentFactory(
        partnership=partnership, period="2026/27", status=Assessment.Status.AGREED
    )
    with scopes_disabled():
        knives = Finding.objects.create(
            partnership=partnership,
            assessment=assessment,
            kind=Finding.Kind.PLACE,
            title="Knife crime in the town centre at night",
            description="Two thirds of knife offences happen there.",
        )
        exclusion = Finding.objects.create(
            partnership=partnership,
            assessment=assessment,
            kind=Finding.Kind.RISK_FACTOR,
            title="School exclusion",
            description="Most young victims had been excluded.",
        )
        recommendation = Recommendation.objects.create(
            partnership=partnership,
            assessment=assessment,
            title="Put youth workers in the night-time economy",
        )
        recommendation.findings.set([knives, exclusion])
    return assessment


@pytest.fixture
def strategy(sna, partnership):
    """A draft 2026/27 to 2028/29 strategy resting on the SNA."""
    return StrategyFactory(
        partnership=partnership,
        assessment=sna,
        title="Northshire Serious Violence Strategy",
        start_period="2026/27",
        end_period="2028/29",
    )
