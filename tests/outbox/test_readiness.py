"""/readyz/ for monitoring: ready when the database and the broker answer and a worker has
beaten lately; the backlog of exports and outbox messages as detail; 503 otherwise."""

import datetime
import types

import pytest
from django.utils import timezone

from outbox.models import WorkerHeartbeat
from outbox.worker import WorkerHeartbeatStep


@pytest.fixture
def broker(monkeypatch):
    state = types.SimpleNamespace(up=True)

    def reachable(**kwargs):
        return (True, "") if state.up else (False, "OperationalError: Connection refused")

    monkeypatch.setattr("outbox.services.broker_reachable", reachable)
    return state


def beat(seconds_ago: int, hostname="worker@web-1") -> None:
    WorkerHeartbeat.objects.update_or_create(
        hostname=hostname,
        defaults={
            "beat_at": timezone.now() - datetime.timedelta(seconds=seconds_ago),
            "started_at": timezone.now() - datetime.timedelta(hours=1),
        },
    )


@pytest.mark.django_db
def test_ready_when_the_database_the_broker_and_a_worker_answer(client, broker):
    beat(5)

    response = client.get("/readyz/")

    assert response.status_code == 200
    body = response.json()
    assert body["ready"] is True
    assert body["checks"]["workers"] == {"ok": True, "alive": 1, "newest_heartbeat_seconds": 5}
    assert body["checks"]["exports"]["queued"] == 0
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_not_ready_once_every_worker_has_been_silent_for_a_minute(client, broker, settings):
    settings.READY_WORKER_SILENCE = 60
    beat(61)

    response = client.get("/readyz/")

    assert response.status_code == 503
    assert response.json()["checks"]["workers"]["ok"] is False


@pytest.mark.django_db
def test_not_ready_while_the_broker_is_away(client, broker):
    beat(5)
    broker.up = False

    response = client.get("/readyz/")

    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == {
        "ok": False,
        "error": "OperationalError: Connection refused",
    }


@pytest.mark.django_db
def test_the_broker_check_answers_quickly_when_nothing_listens(settings):
    from celery import current_app

    from outbox import services

    current_app.conf.broker_url = "redis://127.0.0.1:9/0"  # discard port: nothing listens
    try:
        ok, error = services.broker_reachable(timeout=1)
    finally:
        current_app.conf.broker_url = settings.CELERY_BROKER_URL
    assert ok is False and error


@pytest.mark.django_db
def test_a_worker_records_its_heartbeat_with_the_queues_it_serves(monkeypatch):
    # The worker closes its connection after each beat; the test's holds its transaction.
    monkeypatch.setattr("outbox.worker.connections.close_all", lambda: None)
    consumer = types.SimpleNamespace(
        hostname="documents@host",
        task_consumer=types.SimpleNamespace(
            queues=[types.SimpleNamespace(name="documents"), types.SimpleNamespace(name="celery")]
        ),
    )

    WorkerHeartbeatStep(types.SimpleNamespace()).beat(consumer)

    heartbeat = WorkerHeartbeat.objects.get()
    assert (heartbeat.hostname, heartbeat.queues) == ("documents@host", ["celery", "documents"])
    assert timezone.now() - heartbeat.beat_at < datetime.timedelta(seconds=5)
