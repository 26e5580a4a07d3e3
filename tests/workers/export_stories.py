"""What the worker tests share: a Celery client of their own, a queued export job, and waiting
for it as a person's page would."""

import time

from celery import Celery

# How a test worker's database connections introduce themselves to PostgreSQL.
WORKER_DB_NAME = "svd-test-worker"


def client_app(*, broker: str, backend: str) -> Celery:
    # Not the current app: shared tasks queued by later tests in this process must still find
    # the project's app, which runs them in the test (tests/conftest.py).
    app = Celery("svd-portal-test-client", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(broker_url=broker, result_backend=backend)
    if not broker.startswith("redis"):
        app.conf.broker_transport_options = {}
    return app


def export_job(*, priorities: int = 0):
    """A draft strategy export, queued. A long document takes seconds to render: time enough to
    kill the render. (Priorities only: an earlier transactional test may have flushed the
    seeded sectors that actions need.)"""
    from django_scopes import scopes_disabled

    from documents.models import ExportJob
    from tests.factories import PriorityFactory, StrategyFactory

    strategy = StrategyFactory(title="Eastmarsh Serious Violence Strategy")
    for _ in range(priorities):
        PriorityFactory(strategy=strategy, rationale="The SNA found violence here. " * 60)
    with scopes_disabled():
        return ExportJob.objects.create(
            partnership=strategy.partnership,
            kind="strategy",
            strategy=strategy,
            source_version=1,
            draft=True,
        )


def send_export(job, *, redis_url: str, queue: str) -> None:
    app = client_app(broker=redis_url, backend=redis_url)
    try:
        app.send_task("documents.tasks.render_export", args=[job.pk], queue=queue)
    finally:
        app.close()


def wait_while(job, statuses: set[str], *, deadline: float) -> None:
    from django_scopes import scopes_disabled

    with scopes_disabled():
        while job.status in statuses and time.monotonic() < deadline:
            time.sleep(0.1)
            job.refresh_from_db()


def assert_rendered_once(job, *, media_root, attempts: int) -> None:
    outcome = (job.status, job.error, job.attempts)
    log = media_root.parent / "worker.log"
    assert outcome == ("ready", "", attempts), log.read_text() if log.exists() else outcome
    assert job.file.open("rb").read().startswith(b"%PDF-")
    assert sorted(media_root.rglob("*.pdf")) == [media_root / job.file.name]
