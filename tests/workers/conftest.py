"""Real worker processes for the tests in this folder: a Celery worker started exactly as
`make run` and docker-compose start it, the test's own database and private files shared with
it, and Redis."""

import contextlib
import os
import signal
import subprocess
import sys
from urllib.parse import quote

import pytest
import redis

from tests.workers.export_stories import WORKER_DB_NAME


@pytest.fixture
def start_worker(tmp_path):
    workers = []

    def start(
        *, broker: str, backend: str, queue: str, name: str = "", extra_env: dict | None = None
    ) -> subprocess.Popen:
        """A worker on `queue`, named `name` (by default after its queue), with `extra_env`."""
        env = (
            os.environ
            | {
                "CELERY_BROKER_URL": broker,
                "CELERY_RESULT_BACKEND": backend,
                "VAR_DIR": str(tmp_path / "worker-var"),
                # Exports the worker queues again (after a restart) come back to it alone.
                "EXPORT_QUEUE": queue,
            }
            | (extra_env or {})
        )
        command = [
            *(sys.executable, "-m", "celery", "--app", "svd_portal", "worker"),
            *("--loglevel", "INFO", "--concurrency", "1", "--queues", queue),
            *("--without-gossip", "--without-mingle", "--hostname", name or f"test-{queue}@%h"),
        ]
        log = (tmp_path / "worker.log").open("a")
        # A session of its own, so a test can kill the worker with its pool processes.
        process = subprocess.Popen(command, env=env, stdout=log, stderr=log, start_new_session=True)
        workers.append(process)
        return process

    yield start

    for process in workers:
        if process.poll() is not None:
            continue
        # The test has seen what it came for and its queue is its own, so nothing is left to
        # finish or hand back: stop the worker and its pool at once (a warm shutdown spends
        # seconds waiting on the broker).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {url}: start redis-server or set REDIS_URL")
    return url


@pytest.fixture
def worker_shares_the_test_database(monkeypatch, settings, tmp_path):
    """Point a worker started by this test at the test's database (test_<name>, not the
    configured one) and at private files this test can read."""
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("the worker cannot share SQLite's in-memory test database: use PostgreSQL")
    db = connection.settings_dict
    user, password = quote(db["USER"] or "", safe=""), quote(db["PASSWORD"] or "", safe="")
    host, port = db["HOST"] or "localhost", db["PORT"] or 5432
    # Named, so a test can drop the worker's connections and no other (test_worker_faults.py).
    monkeypatch.setenv(
        "DATABASE_URL",
        f"postgres://{user}:{password}@{host}:{port}/{db['NAME']}?application_name={WORKER_DB_NAME}",
    )
    settings.MEDIA_ROOT = tmp_path / "private"
    monkeypatch.setenv("PRIVATE_MEDIA_ROOT", str(settings.MEDIA_ROOT))
    return settings.MEDIA_ROOT
