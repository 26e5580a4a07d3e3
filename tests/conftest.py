"""Shared fixtures: the people in our stories, and the rules for tests that need services.

Tests that need something a newcomer's machine may lack (Chromium, PostgreSQL, Redis) skip with a
one-line reason. CI sets SVD_REQUIRE_ALL_TESTS=1, which turns any skip into a failure, so there
every test always runs.
"""

import gc
import importlib
import os

import pytest
from django.db import transaction
from django_scopes import scopes_disabled
from pytest_django.plugin import blocking_manager_key

from assessments.models import Assessment, Finding, Recommendation
from strategies.models import Strategy
from svd_portal.celery import app as celery_app
from tests.factories import (
    ActionFactory,
    AssessmentFactory,
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PriorityFactory,
    StrategyFactory,
    UserFactory,
)

REQUIRE_ALL = os.environ.get("SVD_REQUIRE_ALL_TESTS", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, on PostgreSQL with the application's role granted on it (see
    APPLICATION_ROLE below), and dropped at the end even if a session outlives its test: a
    worker subprocess killed on purpose, or a live server's thread, can leave one, and
    PostgreSQL will not drop a database in use."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            _make_application_role(cursor)
    yield

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


# On PostgreSQL the suite queries as an ordinary role, as web, worker and beat connect in
# production, so row-level security (partnerships/row_security.py) applies to every tenant page
# it serves: the superuser that made the test database would ignore the policies.
APPLICATION_ROLE = "svd_test_application"


def _make_application_role(cursor) -> None:
    # Roles are the server's, shared by every test database: made by whichever test process
    # gets there first. Granted on this process's test database, once it is migrated.
    cursor.execute(
        f"""DO $$ BEGIN
            CREATE ROLE {APPLICATION_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"""
    )
    cursor.execute(f"GRANT USAGE ON SCHEMA public TO {APPLICATION_ROLE}")
    cursor.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {APPLICATION_ROLE}")
    cursor.execute(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {APPLICATION_ROLE}")


@pytest.fixture(scope="session")
def application_role(django_db_setup) -> str | None:
    """The role tests query as on PostgreSQL (made by django_db_setup), or None on SQLite."""
    from django.db import connection

    return APPLICATION_ROLE if connection.vendor == "postgresql" else None


@pytest.fixture(autouse=True)
def _as_the_application_role(request):
    """Each test in a transaction of its own (undone at its end) runs as the application role.
    Transactional tests, live servers and workers keep the superuser: they flush tables and
    stop connections, which the application role may not."""
    names = request.fixturenames
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "db" not in names:
        return
    if (
        (marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)))
        or "transactional_db" in names
        or "live_server" in names
    ):
        return
    role = request.getfixturevalue("application_role")
    if role is None:
        return
    request.getfixturevalue("db")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {role}")


def pytest_configure(config):
    # The suite makes millions of short-lived objects and few cycles: Python's cycle collector,
    # run every 700 allocations by default, costs a tenth of the suite's time. Collect far less
    # often, and never look again at what was loaded before the tests began.
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


SEEDED_DEMO = "tests/demo/seeded/"


def pytest_xdist_make_scheduler(config, log):
    """`--dist loadfile`, except that the files reading one seeded demo (tests/demo/seeded/) are
    one unit of work: one worker runs them all and seeds the demo once, not once per file."""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class SeededDemoTogether(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)
            return SEEDED_DEMO if scope.startswith(SEEDED_DEMO) else scope

    return SeededDemoTogether(config, log)


def pytest_collection_modifyitems(config, items):
    """Send the slowest test files to the workers first, so that no worker is left running one
    long file at the end while the other waits: the files that drive a browser or a Celery worker
    (seconds to minutes each), then the others by how many tests they hold. `make test` runs
    xdist with --no-loadscope-reorder so it keeps this order. The files that read one seeded demo
    (tests/demo/seeded/) stay together, so a worker seeds it once for them all."""

    def group(item):
        return item.path.parent if item.nodeid.startswith(SEEDED_DEMO) else item.path

    per_group: dict = {}
    for item in items:
        slow, count = per_group.get(group(item), (False, 0))
        is_slow = any(item.get_closest_marker(name) for name in ("browser", "worker"))
        per_group[group(item)] = (slow or is_slow, count + 1)
    items.sort(
        key=lambda item: (
            not per_group[group(item)][0],
            -per_group[group(item)][1],
            str(group(item)),
        )
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_ALL and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped, but SVD_REQUIRE_ALL_TESTS is set: {reason}"


@pytest.fixture(autouse=True, scope="session")
def _fast_passwords():
    # Real hashing is deliberately slow; tests check behaviour, not the hasher. Set once for the
    # session (not through the `settings` fixture in every test, which would tell every
    # listener that settings changed, and rebuild the shared client handler below each time).
    from django.conf import settings
    from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_hashers.cache_clear()
    get_hashers_by_algorithm.cache_clear()


@pytest.fixture(autouse=True, scope="session")
def _cache_of_our_own():
    """A cache in this process, not the shared Redis: sign-in rate limits count in the cache,
    and one test's failed attempts must not throttle another's (nor could a test clear Redis,
    which other test processes and the broker share)."""
    from django.conf import settings
    from django.core.cache import caches
    from django.utils.connection import Local

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # What Django's own setting_changed receiver does for CACHES.
    caches._settings = caches.settings = caches.configure_settings(None)
    caches._connections = Local(False)


@pytest.fixture(autouse=True)
def _rate_limits_start_afresh(_cache_of_our_own):
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _english_until_asked():
    """Each test starts in the portal's own language. A request activates the language it is
    served in for the whole thread and nothing turns it off (in production the next request's
    LocaleMiddleware does), so a Welsh page in one test would otherwise leave a service called
    directly in the next test speaking Welsh."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


class _SharedHandler:
    """One request handler for every test client in the process. Building the middleware chain
    is slow (WhiteNoise indexes every static file as it starts: some 50 ms a client), and
    Django's own test cases share one client across many tests too. A changed setting (a test
    using the `settings` fixture) builds the chain again, since middleware reads settings as it
    starts."""

    handler = None

    @classmethod
    def get(cls):
        from django.test.client import ClientHandler

        if cls.handler is None:
            cls.handler = ClientHandler(enforce_csrf_checks=False)
        return cls.handler

    @classmethod
    def forget(cls, **kwargs):
        cls.handler = None


@pytest.fixture
def client():
    """Django's test client, on the process's shared request handler (see _SharedHandler)."""
    from django.core.signals import setting_changed
    from django.test import Client

    setting_changed.connect(_SharedHandler.forget, dispatch_uid="tests-shared-client-handler")
    client = Client()
    client.handler = _SharedHandler.get()
    return client


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_in_process():
    # Tasks queued by services run at once, in the test, so their effects (emails) can be seen.
    # tests/workers/ proves the real broker-and-worker path separately.
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
    # That sector's Welsh, as its migration's successor gives it (catalogue.load gave the rest).
    catalogue.fill_languages(apps, kinds=["Sector"])


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
#
# Each persona is made by a `make_*` function and offered as a fixture of the same name. A test
# module that uses them in most of its tests can build them all once instead of in every test:
# `pytestmark = pytest.mark.usefixtures("northshire_built_once")` (see below).


def make_priya():
    return UserFactory(
        email="priya@example.org", full_name="Priya Shah", job_title="Partnership lead"
    )


def make_tom():
    return UserFactory(email="tom@example.org", full_name="Tom Evans", job_title="Police data lead")


def make_partnership():
    return PartnershipFactory(name="Northshire Serious Violence Partnership", slug="northshire")


def make_other_partnership():
    return PartnershipFactory(
        name="Southvale Community Safety Partnership", slug="southvale", nation="wales"
    )


ORGANISATIONS = {
    "council": ("Northshire County Council", "local-authority"),
    "police": ("Northshire Police", "police"),
    "probation": ("Northshire Probation Delivery Unit", "probation"),
    "opcc": ("Office of the Northshire PCC", "local-policing-body"),
    "vcs": ("Northshire Youth Trust", "voluntary-and-community-sector"),
}


def make_organisation(key: str, partnership):
    name, sector = ORGANISATIONS[key]
    return OrganisationFactory(partnership=partnership, name=name, sector_slug=sector)


def make_lead(priya, council):
    MembershipFactory(user=priya, organisation=council, portal_role="lead", accountable=True)
    return priya


def make_partner(probation):
    user = UserFactory(email="paul@example.org", full_name="Paul Reid")
    MembershipFactory(user=user, organisation=probation, portal_role="partner", responsible=True)
    return user


def make_data_lead(tom, police):
    MembershipFactory(user=tom, organisation=police, portal_role="partner", data_lead=True)
    return tom


def make_convener(opcc):
    user = UserFactory(email="grace@example.org", full_name="Grace Okafor")
    MembershipFactory(user=user, organisation=opcc, portal_role="convener")
    return user


def make_observer(vcs):
    user = UserFactory(email="olive@example.org", full_name="Olive Grant")
    MembershipFactory(user=user, organisation=vcs, portal_role="observer")
    return user


def make_consultee(partnership, invited_by=None):
    """Sam from a school outside the partnership, who accepted an invitation to respond to the
    consultation: a consultee (no organisation), with the body they speak for recorded."""
    from assessments.models import BodyContact, OutsideBody

    user = UserFactory(email="sam@example.org", full_name="Sam Patel", job_title="")
    with scopes_disabled():
        body = OutsideBody.objects.create(
            partnership=partnership, name="St Aidan's Academy", kind="educational"
        )
        invitation = InvitationFactory(
            partnership=partnership,
            organisation=None,
            email=user.email,
            portal_role="consultee",
            status="accepted",
            accepted_by=user,
            invited_by=invited_by,
        )
        BodyContact.objects.create(
            partnership=partnership, outside_body=body, invitation=invitation
        )
    MembershipFactory(
        user=user, partnership=partnership, organisation=None, portal_role="consultee"
    )
    return user


def make_outsider(other_partnership):
    user = UserFactory(email="oscar@example.org", full_name="Oscar Lloyd")
    organisation = OrganisationFactory(
        partnership=other_partnership, name="Southvale Council", sector_slug="local-authority"
    )
    MembershipFactory(user=user, organisation=organisation, portal_role="lead")
    return user


@pytest.fixture(scope="module")
def northshire_built_once(django_db_setup, django_db_blocker):
    """Both partnerships and every persona, made once for a test module inside a transaction
    rolled back when the module ends. Each test still runs in a savepoint of its own, so what
    one test changes the next never sees; the persona fixtures hand each test fresh copies.
    For modules whose tests use the personas throughout: every persona then exists in every
    test, whether it asked for them or not."""
    with django_db_blocker.unblock(), transaction.atomic():
        made = {
            "priya": make_priya(),
            "tom": make_tom(),
            "partnership": make_partnership(),
            "other_partnership": make_other_partnership(),
        }
        made |= {key: make_organisation(key, made["partnership"]) for key in ORGANISATIONS}
        made |= {
            "lead": make_lead(made["priya"], made["council"]),
            "partner": make_partner(made["probation"]),
            "data_lead": make_data_lead(made["tom"], made["police"]),
            "convener": make_convener(made["opcc"]),
            "observer": make_observer(made["vcs"]),
            "outsider": make_outsider(made["other_partnership"]),
        }
        yield {name: (type(row), row.pk) for name, row in made.items()}
        transaction.set_rollback(True)


def built_once(request, name: str):
    """A fresh copy of the persona `name` if the module built them once, else None."""
    if "northshire_built_once" not in request.fixturenames:
        return None
    model, pk = request.getfixturevalue("northshire_built_once")[name]
    return model._base_manager.get(pk=pk)


@pytest.fixture
def priya(request, db):
    """Priya leads the Northshire partnership (see `lead`); as a user she just signs in."""
    return built_once(request, "priya") or make_priya()


@pytest.fixture
def tom(request, db):
    """Tom is a police data lead (see `data_lead`)."""
    return built_once(request, "tom") or make_tom()


@pytest.fixture
def signed_in_client(client, priya):
    client.force_login(priya)
    return client


# --- Two partnerships and the people in them ------------------------------------------------------


@pytest.fixture
def partnership(request, db):
    """Northshire, where our personas work."""
    return built_once(request, "partnership") or make_partnership()


@pytest.fixture
def other_partnership(request, db):
    """Southvale, a different tenant: nothing of it may show in Northshire, or the reverse."""
    return built_once(request, "other_partnership") or make_other_partnership()


@pytest.fixture
def council(request, partnership):
    return built_once(request, "council") or make_organisation("council", partnership)


@pytest.fixture
def police(request, partnership):
    return built_once(request, "police") or make_organisation("police", partnership)


@pytest.fixture
def probation(request, partnership):
    return built_once(request, "probation") or make_organisation("probation", partnership)


@pytest.fixture
def opcc(request, partnership):
    return built_once(request, "opcc") or make_organisation("opcc", partnership)


@pytest.fixture
def vcs(request, partnership):
    return built_once(request, "vcs") or make_organisation("vcs", partnership)


@pytest.fixture
def lead(request, priya, council):
    """Priya, partnership lead: manages organisations, members and invitations."""
    return built_once(request, "lead") or make_lead(priya, council)


@pytest.fixture
def partner(request, db, probation):
    """Paul, duty partner for probation: sees members and gaps, changes nothing of others'."""
    return built_once(request, "partner") or make_partner(probation)


@pytest.fixture
def data_lead(request, tom, police):
    """Tom, duty partner and police data lead."""
    return built_once(request, "data_lead") or make_data_lead(tom, police)


@pytest.fixture
def convener(request, db, opcc):
    """Grace, convener from the PCC's office: oversees, exports, sees activity; manages nothing."""
    return built_once(request, "convener") or make_convener(opcc)


@pytest.fixture
def observer(request, db, vcs):
    """Olive, observer from a youth charity: reads the dashboard and member list only."""
    return built_once(request, "observer") or make_observer(vcs)


@pytest.fixture
def consultee(request, partnership):
    """Sam, head of safeguarding at St Aidan's Academy, a school outside the partnership:
    invited only to read the draft strategy and respond to its consultation (s.8(4)). Belongs
    to no organisation, counts as no member, and every other page of Northshire is a 403."""
    return make_consultee(partnership)


@pytest.fixture
def outsider(request, other_partnership):
    """Oscar leads Southvale: to him, everything in Northshire is a 404."""
    return built_once(request, "outsider") or make_outsider(other_partnership)


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


@pytest.fixture
def probation_action(strategy, probation):
    """An action of the published strategy, led by Paul's organisation, probation."""
    with scopes_disabled():
        Strategy.objects.filter(pk=strategy.pk).update(status=Strategy.Status.PUBLISHED)
    priority = PriorityFactory(strategy=strategy, title="Reduce knife crime in the town centre")
    return ActionFactory(priority=priority, lead_organisation=probation, title="Youth workers")


@pytest.fixture
def broker_away(monkeypatch):
    """The broker refuses every publication (as Redis does while it restarts) until
    `broker_away.back()`; tasks published once it is back run in the test as usual."""
    from celery.app.task import Task
    from kombu.exceptions import OperationalError

    class Broker:
        away = True

        def back(self):
            self.away = False

    broker = Broker()
    publish = Task.apply_async

    def apply_async(task, *args, **kwargs):
        if broker.away:
            raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        return publish(task, *args, **kwargs)

    monkeypatch.setattr(Task, "apply_async", apply_async)
    return broker
