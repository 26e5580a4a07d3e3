"""Tasks really travel: from this process, through a broker, to a separate worker and back.

The worker is started exactly as `make run` and docker-compose start it (`celery --app
svd_portal worker`), on a queue of its own so a developer's running worker never steals the task.
"""

import os
import signal
import subprocess
import sys
import uuid

import pytest
import redis
from celery import Celery

pytestmark = pytest.mark.worker


def client_app(*, broker: str, backend: str) -> Celery:
    app = Celery("svd-portal-test-client")
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(broker_url=broker, result_backend=backend)
    if not broker.startswith("redis"):
        app.conf.broker_transport_options = {}
    return app


@pytest.fixture
def start_worker(tmp_path):
    workers = []

    def start(*, broker: str, backend: str, queue: str) -> None:
        env = os.environ | {
            "CELERY_BROKER_URL": broker,
            "CELERY_RESULT_BACKEND": backend,
            "VAR_DIR": str(tmp_path / "worker-var"),
        }
        command = [
            *(sys.executable, "-m", "celery", "--app", "svd_portal", "worker"),
            *("--loglevel", "INFO", "--concurrency", "1", "--queues", queue),
            *("--without-gossip", "--without-mingle", "--hostname", f"test-{queue}@%h"),
        ]
        log = (tmp_path / "worker.log").open("w")
        workers.append(subprocess.Popen(command, env=env, stdout=log, stderr=log))

    yield start

    for process in workers:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


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


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {url}: start redis-server or set REDIS_URL")
    return url


def test_a_task_round_trips_through_redis(start_worker, redis_url):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    start_worker(broker=redis_url, backend=redis_url, queue=queue)

    reply = round_trip(client_app(broker=redis_url, backend=redis_url), queue)

    assert reply["reply"] == "pong"
