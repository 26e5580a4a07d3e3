"""A worker dies mid-render: the broker hands the job's message to another worker, which takes
the job over from the dead attempt, renders it once and overwrites the one file.

Rendering itself is tested elsewhere: here a tiny stand-in PDF is rendered instead. (A failing
render ending "failed" and being retried is in test_export_jobs.py.)
"""

import datetime

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from documents import services as exports
from documents.models import ExportJob
from documents.tasks import render_export
from partnerships.access import actor_for

pytestmark = pytest.mark.usefixtures("_private_media")


@pytest.fixture
def died_rendering(strategy, lead):
    """A job whose first worker claimed it 30 seconds ago and was then killed."""
    with scope(partnership=strategy.partnership):
        job = exports.export_request(
            kind="strategy", source=strategy, actor=actor_for(lead, strategy.partnership)
        )
    exports.export_claim(job.pk)
    with scopes_disabled():
        ExportJob.objects.filter(pk=job.pk).update(
            started_at=timezone.now() - datetime.timedelta(seconds=30)
        )
    return job


def deliver(job: ExportJob, *, redelivered: bool) -> None:
    """Run the task as a worker does on receiving the job's message from the broker."""
    render_export.push_request(delivery_info={"redelivered": redelivered})
    try:
        render_export(job.pk)
    finally:
        render_export.pop_request()


def reload(job: ExportJob) -> ExportJob:
    with scopes_disabled():
        return ExportJob.objects.get(pk=job.pk)


def stored_files(settings) -> list:
    return sorted((settings.MEDIA_ROOT / "partnerships").rglob("*.pdf"))


def test_a_redelivered_message_takes_over_the_job_and_renders_it_once(
    settings, renders, died_rendering
):
    deliver(died_rendering, redelivered=True)

    job = reload(died_rendering)
    assert (job.status, job.error, job.attempts) == ("ready", "", 2)
    assert renders == ["strategy"]
    assert stored_files(settings) == [settings.MEDIA_ROOT / job.file.name]


def test_a_redelivered_message_overwrites_the_file_of_the_dead_attempt(
    settings, renders, died_rendering
):
    with scopes_disabled():
        partial = ExportJob.objects.get(pk=died_rendering.pk)
    exports._store(partial, b"%PDF-1.7 half written")

    deliver(died_rendering, redelivered=True)

    job = reload(died_rendering)
    assert stored_files(settings) == [settings.MEDIA_ROOT / job.file.name]
    assert job.file.open("rb").read() != b"%PDF-1.7 half written"


def test_a_message_delivered_twice_leaves_a_render_in_progress_alone(renders, died_rendering):
    deliver(died_rendering, redelivered=False)

    job = reload(died_rendering)
    assert (job.status, job.attempts) == ("rendering", 1)
    assert renders == []


def test_a_render_that_stopped_beating_is_taken_over_even_without_redelivery(died_rendering):
    ten_minutes_ago = timezone.now() - datetime.timedelta(minutes=10)
    with scopes_disabled():
        ExportJob.objects.filter(pk=died_rendering.pk).update(
            started_at=ten_minutes_ago, heartbeat_at=ten_minutes_ago
        )

    job = exports.export_claim(died_rendering.pk)

    assert (job.status, job.attempts) == ("rendering", 2)


def test_of_two_workers_taking_over_the_same_dead_attempt_only_one_wins(died_rendering):
    now = timezone.now()
    with scopes_disabled():
        seen_by_first = exports._dead_attempt(died_rendering.pk, redelivered=True, now=now)
        seen_by_second = exports._dead_attempt(died_rendering.pk, redelivered=True, now=now)

        assert (
            exports._take_over(died_rendering.pk, attempt=seen_by_first, worker="a@host", now=now)
            == 1
        )
        assert (
            exports._take_over(died_rendering.pk, attempt=seen_by_second, worker="b@host", now=now)
            == 0
        )

    assert reload(died_rendering).attempts == 2


def test_the_worker_displaced_by_a_takeover_does_not_record_its_outcome(renders, died_rendering):
    with scopes_disabled():
        displaced = ExportJob.objects.get(pk=died_rendering.pk)
    exports.export_claim(died_rendering.pk, redelivered=True)

    exports.export_run(displaced)

    assert reload(died_rendering).status == "rendering"


def test_a_job_whose_last_attempt_died_fails_in_plain_words(settings, renders, died_rendering):
    settings.EXPORT_MAX_ATTEMPTS = 1

    deliver(died_rendering, redelivered=True)

    job = reload(died_rendering)
    assert (job.status, job.attempts) == ("failed", 1)
    assert job.error == (
        "The export did not finish after 1 attempts. Try again, or contact support if it keeps "
        "failing."
    )
    assert renders == []


# Committed, as a worker's are: the retry opens a new connection, which a test's transaction
# would not survive.
@pytest.mark.django_db(transaction=True)
def test_a_connection_dropped_just_after_the_claim_still_hands_the_job_over(
    strategy, lead, monkeypatch
):
    """A failover between the claim's UPDATE and reading the job back: the worker reads it
    again on a new connection, rather than leaving it "rendering" for the sweeper."""
    from django.db import OperationalError
    from django.db.models import QuerySet

    monkeypatch.setattr(exports, "FINISH_PAUSE", 0)
    with scope(partnership=strategy.partnership):
        job = exports.export_request(
            kind="strategy", source=strategy, actor=actor_for(lead, strategy.partnership)
        )
    with scopes_disabled():  # committed, the request's hand-over may already have run it
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.QUEUED, attempts=0)
    real_get, dropped = QuerySet.get, []

    def get_dropping_once(queryset, *args, **kwargs):
        if queryset.model is ExportJob and not dropped:
            dropped.append(True)
            raise OperationalError("terminating connection due to administrator command")
        return real_get(queryset, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "get", get_dropping_once)

    claimed = exports.export_claim(job.pk, worker="celery@here")

    assert dropped and claimed is not None and claimed.pk == job.pk
    assert reload(job).status == ExportJob.Status.RENDERING
