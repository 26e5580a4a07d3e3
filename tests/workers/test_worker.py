"""Tasks really travel: from this process, through a broker, to a separate worker and back.

The worker is started exactly as `make run` and docker-compose start it (`celery --app
svd_portal worker`), on a queue of its own so a developer's running worker never steals the task.
"""

import os
import signal
import time
import uuid

import pytest
from celery import Celery

from tests.workers.export_stories import (
    assert_rendered_once,
    client_app,
    export_job,
    send_export,
    wait_while,
)

pytestmark = pytest.mark.worker


def round_trip(app: Celery, queue: str) -> dict:
    result = app.send_task("svd_portal.tasks.ping", queue=queue)
    try:
        return result.get(timeout=90)
    finally:
        app.close()


def test_a_task_round_trips_through_the_embedded_broker(start_worker, tmp_path):
    broker = f"sqla+sqlite:///{tmp_path / 'broker.sqlite'}"
    backend = f"db+sqlite:///{tmp_path / 'results.sqlite'}"
    queue = f"test-{uuid.uuid4().hex[:8]}"
    start_worker(broker=broker, backend=backend, queue=queue)

    reply = round_trip(client_app(broker=broker, backend=backend), queue)

    assert reply["reply"] == "pong"


def test_a_task_round_trips_through_redis(start_worker, redis_url):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    start_worker(broker=redis_url, backend=redis_url, queue=queue)

    reply = round_trip(client_app(broker=redis_url, backend=redis_url), queue)

    assert reply["reply"] == "pong"


@pytest.mark.django_db(transaction=True)
def test_a_worker_renders_an_export_through_redis(
    start_worker, redis_url, worker_shares_the_test_database
):
    job = export_job()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    start_worker(broker=redis_url, backend=redis_url, queue=queue)

    send_export(job, redis_url=redis_url, queue=queue)

    wait_while(job, {"queued", "rendering"}, deadline=time.monotonic() + 120)
    assert_rendered_once(job, media_root=worker_shares_the_test_database, attempts=1)


def pool_process(queue: str) -> int:
    """The pid of the one pool process (the one that renders) of the worker on `queue`: forked
    from the worker, it shares its command line."""
    from pathlib import Path

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        workers = {}
        for proc in Path("/proc").glob("[0-9]*"):
            try:
                if f"test-{queue}@".encode() in (proc / "cmdline").read_bytes():
                    status = (proc / "status").read_text()
                    workers[int(proc.name)] = int(status.split("PPid:")[1].split()[0])
            except (FileNotFoundError, ProcessLookupError):
                continue
        children = [pid for pid, parent in workers.items() if parent in workers]
        if children:
            return children[0]
        time.sleep(0.2)
    raise AssertionError("the worker started no pool process")


@pytest.mark.django_db(transaction=True)
def test_an_export_whose_rendering_process_is_killed_completes_once(
    start_worker, redis_url, worker_shares_the_test_database
):
    """The process rendering a PDF is killed (as the kernel's OOM killer would): the worker
    hands the message back to Redis, a fresh pool process takes the job over, and one file is
    written."""
    from pathlib import Path

    if not Path("/proc/self/task").is_dir():
        pytest.skip("finding the worker's pool process needs Linux's /proc")
    job = export_job(priorities=100)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    start_worker(broker=redis_url, backend=redis_url, queue=queue)

    send_export(job, redis_url=redis_url, queue=queue)
    deadline = time.monotonic() + 120
    wait_while(job, {"queued"}, deadline=deadline)
    assert job.status == "rendering"
    # Found once it renders: a pool process seen while the worker starts up may be replaced
    # before the job reaches it (the test once killed a process already gone).
    os.kill(pool_process(queue), signal.SIGKILL)

    wait_while(job, {"queued", "rendering"}, deadline=deadline)
    assert_rendered_once(job, media_root=worker_shares_the_test_database, attempts=2)


@pytest.mark.django_db(transaction=True)
def test_an_export_whose_whole_worker_is_killed_completes_once_when_it_starts_again(
    start_worker, redis_url, worker_shares_the_test_database
):
    """The whole worker, pool and all, is killed mid-render (the machine or container stops):
    Redis would hold the message back for an hour, so the worker, started again, hands its
    unfinished job back to the queue and renders it once."""
    job = export_job(priorities=100)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = start_worker(broker=redis_url, backend=redis_url, queue=queue)

    send_export(job, redis_url=redis_url, queue=queue)
    deadline = time.monotonic() + 120
    wait_while(job, {"queued"}, deadline=deadline)
    assert job.status == "rendering"
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    start_worker(broker=redis_url, backend=redis_url, queue=queue)

    wait_while(job, {"queued", "rendering"}, deadline=deadline)
    assert_rendered_once(job, media_root=worker_shares_the_test_database, attempts=2)
