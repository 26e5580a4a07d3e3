"""Redis goes away during a burst of exports, and comes back with or without what it held:
every export asked for ends "ready", rendered once into one file, and asking never failed.

Each test runs its own redis-server on a spare port (never the shared one) and a real worker
on it; the test plays Celery beat, running the outbox dispatcher and the export sweeper.
"""

import shutil
import signal
import socket
import subprocess
import time

import pytest
import redis
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from documents import services as exports
from documents.models import ExportJob
from outbox import services as outbox
from outbox.models import Message, WorkerHeartbeat
from partnerships import services as partnerships
from partnerships.access import Actor
from tests.factories import OrganisationFactory, StrategyFactory, UserFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

BURST = 4


def spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A redis-server of the test's own, to kill (as a crash would) and start again."""

    def __init__(self, directory):
        self.port, self.directory, self.process = spare_port(), directory, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self, *, persistent: bool) -> None:
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--dir", str(self.directory)),
                *("--appendonly", "yes" if persistent else "no", "--appendfsync", "always"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                redis.Redis.from_url(self.url, socket_connect_timeout=0.2).ping()
                return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise AssertionError("the private redis-server did not start")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def private_redis(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("no redis-server: install it (apt install redis-server)")
    server = PrivateRedis(tmp_path)
    yield server
    server.kill()


@pytest.fixture
def publishing_to(private_redis):
    """This process publishes for real (not eagerly, as other tests do) to the private Redis."""
    from svd_portal.celery import app

    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = private_redis.url, False
    app.amqp._producer_pool = None
    yield
    app.conf.broker_url, app.conf.task_always_eager = saved
    app.amqp._producer_pool = None


def ask_for_a_burst() -> list[ExportJob]:
    jobs = []
    for number in range(BURST):
        strategy = StrategyFactory(title=f"Strategy {number}")
        with scope(partnership=strategy.partnership):
            jobs.append(
                exports.export_request(
                    kind="strategy", source=strategy, actor=Actor.system(strategy.partnership)
                )
            )
    return jobs


def wait_for_a_worker(deadline: float) -> None:
    while not WorkerHeartbeat.objects.exists():
        assert time.monotonic() < deadline, "no worker started"
        time.sleep(0.2)


def play_beat_until_finished(jobs, *, deadline: float) -> list[ExportJob]:
    """What Celery beat does every few seconds, until every job has finished."""
    while True:
        outbox.dispatch(now=timezone.now())
        exports.export_sweep(now=timezone.now())
        with scopes_disabled():
            current = list(ExportJob.objects.filter(pk__in=[job.pk for job in jobs]))
        if all(job.is_finished for job in current) or time.monotonic() > deadline:
            return current
        time.sleep(0.5)


def assert_each_rendered_once(jobs, media_root) -> None:
    assert [(job.status, job.attempts) for job in jobs] == [("ready", 1)] * BURST
    assert sorted(media_root.rglob("*.pdf")) == sorted(media_root / job.file.name for job in jobs)


def test_exports_asked_for_while_redis_is_down_render_once_it_is_back(
    start_worker, private_redis, publishing_to, worker_shares_the_test_database
):
    private_redis.start(persistent=False)
    start_worker(broker=private_redis.url, backend=private_redis.url, queue="documents")
    wait_for_a_worker(time.monotonic() + 60)
    private_redis.kill()

    started = time.monotonic()
    jobs = ask_for_a_burst()  # Redis is down: each request still succeeds
    assert time.monotonic() - started < 30
    assert {job.status for job in jobs} == {"queued"}

    private_redis.start(persistent=False)
    finished = play_beat_until_finished(jobs, deadline=time.monotonic() + 120)

    assert_each_rendered_once(finished, worker_shares_the_test_database)


@pytest.mark.parametrize("persistent", [False, True], ids=["without-its-data", "with-its-data"])
def test_exports_waiting_in_redis_when_it_restarts_render_once(
    settings, start_worker, private_redis, publishing_to, worker_shares_the_test_database,
    persistent,
):  # fmt: skip
    settings.EXPORT_REQUEUE_AFTER = 3
    private_redis.start(persistent=persistent)
    jobs = ask_for_a_burst()  # published, waiting in Redis: no worker yet
    private_redis.kill()  # a crash: without persistence the waiting messages are gone
    private_redis.start(persistent=persistent)
    start_worker(broker=private_redis.url, backend=private_redis.url, queue="documents")

    finished = play_beat_until_finished(jobs, deadline=time.monotonic() + 120)

    assert_each_rendered_once(finished, worker_shares_the_test_database)


def test_invitations_emailed_while_redis_is_down_are_each_sent_once_it_is_back(
    start_worker, private_redis, publishing_to, worker_shares_the_test_database, tmp_path
):
    private_redis.start(persistent=False)
    start_worker(broker=private_redis.url, backend=private_redis.url, queue="celery")
    wait_for_a_worker(time.monotonic() + 60)
    private_redis.kill()
    organisation = OrganisationFactory(sector_slug="police")
    lead = UserFactory()
    emails = [f"officer{number}@police.example.org" for number in range(BURST)]
    for email in emails:  # Redis is down: each invitation is still made
        partnerships.invitation_create(
            partnership=organisation.partnership, email=email, organisation=organisation,
            portal_role="partner", duty_roles=[], acting_user=lead,
        )  # fmt: skip

    private_redis.start(persistent=False)
    deadline = time.monotonic() + 120
    while Message.objects.filter(done_at__isnull=True).exists() and time.monotonic() < deadline:
        outbox.dispatch(now=timezone.now())
        time.sleep(0.5)

    assert [(m.attempts, m.done_at is not None) for m in Message.objects.all()] == [
        (1, True)
    ] * BURST
    # The worker's console email backend writes each email it sends to its log: once each.
    log = (tmp_path / "worker.log").read_text()
    assert [log.count(f"To: {email}") for email in emails] == [1] * BURST


def test_readyz_is_unhealthy_while_redis_or_every_worker_is_away_and_healthy_again_after(
    settings, client, start_worker, private_redis, publishing_to, worker_shares_the_test_database
):
    settings.READY_WORKER_SILENCE = 5
    private_redis.start(persistent=False)
    worker = start_worker(
        broker=private_redis.url, backend=private_redis.url, queue="celery",
        extra_env={"WORKER_HEARTBEAT_EVERY": "1"},
    )  # fmt: skip
    wait_for_a_worker(time.monotonic() + 60)

    def ready_checks() -> tuple[int, bool, bool]:
        response = client.get("/readyz/")
        checks = response.json()["checks"]
        return response.status_code, checks["broker"]["ok"], checks["workers"]["ok"]

    assert ready_checks() == (200, True, True)
    private_redis.kill()
    assert ready_checks()[:2] == (503, False)
    private_redis.start(persistent=False)
    assert ready_checks() == (200, True, True)

    worker.send_signal(signal.SIGKILL)
    worker.wait()
    deadline = time.monotonic() + 60
    while ready_checks()[0] == 200 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert ready_checks() == (503, True, False)

    start_worker(
        broker=private_redis.url, backend=private_redis.url, queue="celery",
        extra_env={"WORKER_HEARTBEAT_EVERY": "1"},
    )  # fmt: skip
    while ready_checks()[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert ready_checks() == (200, True, True)
