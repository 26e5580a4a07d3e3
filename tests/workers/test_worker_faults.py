"""A worker killed mid-render and replaced by one with another name, and a database that drops
the worker's connections mid-render: each export still ends "ready", once, in one file.

The test plays Celery beat (the export sweeper); renders beat every second here, so a silent
one is found within seconds rather than the minute production allows.
"""

import os
import signal
import time
import uuid

import pytest
from django.db import connection
from django.utils import timezone
from django_scopes import scopes_disabled

from documents import services as exports
from tests.workers.export_stories import (
    WORKER_DB_NAME,
    assert_rendered_once,
    export_job,
    send_export,
    wait_while,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# The worker's renders beat every second.
FAST_HEARTBEAT = {"EXPORT_HEARTBEAT_EVERY": "1"}


def sweep_until_finished(job, *, deadline: float) -> None:
    """What Celery beat does every few seconds: the sweeper, until the job has finished."""
    with scopes_disabled():
        while not job.is_finished and time.monotonic() < deadline:
            exports.export_sweep(now=timezone.now())
            time.sleep(0.5)
            job.refresh_from_db()


def test_a_render_whose_worker_is_killed_is_taken_over_by_a_worker_with_another_name(
    settings, start_worker, redis_url, worker_shares_the_test_database
):
    settings.EXPORT_HEARTBEAT_TIMEOUT = 5
    job = export_job(priorities=100)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    first = start_worker(
        broker=redis_url, backend=redis_url, queue=queue, name=f"first-{queue}@%h",
        extra_env=FAST_HEARTBEAT,
    )  # fmt: skip
    send_export(job, redis_url=redis_url, queue=queue)
    deadline = time.monotonic() + 120
    wait_while(job, {"queued"}, deadline=deadline)
    assert job.status == "rendering"

    os.killpg(first.pid, signal.SIGKILL)  # the container is gone, pool and all
    first.wait()
    start_worker(
        broker=redis_url, backend=redis_url, queue=queue, name=f"second-{queue}@%h",
        extra_env=FAST_HEARTBEAT,
    )  # fmt: skip
    sweep_until_finished(job, deadline=deadline)

    assert_rendered_once(job, media_root=worker_shares_the_test_database, attempts=2)


def test_a_render_whose_database_connections_drop_still_finishes_once(
    start_worker, redis_url, worker_shares_the_test_database
):
    job = export_job(priorities=100)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    start_worker(broker=redis_url, backend=redis_url, queue=queue, extra_env=FAST_HEARTBEAT)
    send_export(job, redis_url=redis_url, queue=queue)
    deadline = time.monotonic() + 120
    wait_while(job, {"queued"}, deadline=deadline)
    assert job.status == "rendering"

    # A failover, as the worker sees it: its connections to the test database are dropped.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = %s",
            [WORKER_DB_NAME],
        )
        assert cursor.fetchone()[0] >= 1
    wait_while(job, {"rendering"}, deadline=deadline)

    assert_rendered_once(job, media_root=worker_shares_the_test_database, attempts=1)
