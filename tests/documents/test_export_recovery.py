"""Exports that survive faults: a request made while the broker is away still succeeds and its
job renders once the broker is back; a double click makes one job; a job nobody claims is
handed to the queue again; a render that stops beating is taken over, whatever its worker was
called; recording the outcome survives a dropped connection; the job page says honestly how
it is getting on and offers "Try again" whenever it is not.

Rendering itself is tested elsewhere: here a tiny stand-in PDF is rendered instead.
"""

import datetime

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from documents import services as exports
from documents.models import ExportJob
from outbox import services as outbox
from partnerships.access import actor_for

pytestmark = pytest.mark.usefixtures("northshire_built_once", "_private_media")


def ask(strategy, lead) -> ExportJob:
    with scope(partnership=strategy.partnership):
        return exports.export_request(
            kind="strategy", source=strategy, actor=actor_for(lead, strategy.partnership)
        )


def reload(job: ExportJob) -> ExportJob:
    with scopes_disabled():
        return ExportJob.objects.get(pk=job.pk)


def later(seconds: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=seconds)


def url(name: str, *args) -> str:
    return reverse(f"tenant:{name}", args=["northshire", *args])


def test_an_export_asked_for_while_the_broker_is_away_renders_once_it_is_back(
    django_capture_on_commit_callbacks, broker_away, renders, client_for, lead, strategy
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(lead).post(url("exports-strategy", strategy.pk), {"variant": "full"})

    assert response.status_code == 302
    job = ExportJob.objects.with_scopes_disabled().get()
    assert (job.status, renders) == ("queued", [])

    broker_away.back()
    with django_capture_on_commit_callbacks(execute=True):
        outbox.dispatch(now=later(60))

    assert reload(job).status == "ready" and renders == ["strategy"]


def test_asking_twice_makes_one_job(django_capture_on_commit_callbacks, renders, lead, strategy):
    first = ask(strategy, lead)
    second = ask(strategy, lead)

    assert second.pk == first.pk
    assert ExportJob.objects.with_scopes_disabled().count() == 1


def test_a_double_click_on_export_makes_one_job(client_for, lead, strategy):
    client = client_for(lead)

    for _ in range(2):
        client.post(url("exports-strategy", strategy.pk), {"variant": "full"})

    assert ExportJob.objects.with_scopes_disabled().count() == 1


def test_a_finished_export_does_not_stop_a_new_one(renders, lead, strategy):
    first = ask(strategy, lead)
    exports.export_run(exports.export_claim(first.pk))

    assert ask(strategy, lead).pk != first.pk


def test_a_job_no_worker_claimed_is_handed_to_the_queue_again(
    settings, django_capture_on_commit_callbacks, renders, lead, strategy
):
    settings.EXPORT_REQUEUE_AFTER = 60
    job = ask(strategy, lead)  # handed over on commit, which never comes here: as if lost

    assert exports.export_sweep(now=later(30)) == []
    with django_capture_on_commit_callbacks(execute=True):
        assert exports.export_sweep(now=later(61)) == [job]

    assert reload(job).status == "ready" and renders == ["strategy"]


def rendering(job: ExportJob, *, beat_seconds_ago: int, worker="documents@old-name") -> None:
    exports.export_claim(job.pk, worker=worker)
    with scopes_disabled():
        ExportJob.objects.filter(pk=job.pk).update(
            heartbeat_at=timezone.now() - datetime.timedelta(seconds=beat_seconds_ago)
        )


def test_a_render_that_stopped_beating_is_taken_over_whatever_its_worker_was_called(
    settings, django_capture_on_commit_callbacks, renders, lead, strategy
):
    settings.EXPORT_HEARTBEAT_TIMEOUT = 60
    job = ask(strategy, lead)
    rendering(job, beat_seconds_ago=90)

    with django_capture_on_commit_callbacks(execute=True):
        assert exports.export_sweep(now=timezone.now()) == [job]

    job = reload(job)
    assert (job.status, job.attempts, renders) == ("ready", 2, ["strategy"])


def test_a_render_still_beating_is_left_alone(settings, lead, strategy):
    settings.EXPORT_HEARTBEAT_TIMEOUT = 60
    job = ask(strategy, lead)
    rendering(job, beat_seconds_ago=20)

    assert exports.export_sweep(now=timezone.now()) == []
    assert reload(job).status == "rendering"


def test_the_outcome_is_recorded_even_if_the_database_connection_drops_once(
    monkeypatch, renders, lead, strategy
):
    job = ask(strategy, lead)
    finish_once = exports._finish_once
    drops = []

    def flaky(job, **kwargs):
        if not drops:
            drops.append(True)
            raise OperationalError("server closed the connection unexpectedly")
        return finish_once(job, **kwargs)

    monkeypatch.setattr(exports, "_finish_once", flaky)
    monkeypatch.setattr(exports.time, "sleep", lambda seconds: None)
    # The test's own connection holds its transaction: the retry must not close it here.
    monkeypatch.setattr(exports.connections["default"], "close", lambda: None)

    exports.export_run(exports.export_claim(job.pk))

    assert drops == [True]
    assert reload(job).status == "ready"


def status_page(client, job) -> str:
    return client.get(url("exports-detail", job.pk)).content.decode()


def test_the_job_page_says_it_is_waiting_for_a_worker(client_for, lead, strategy):
    job = ask(strategy, lead)

    page = status_page(client_for(lead), job)

    assert "Waiting for a worker" in page
    assert "Try again" not in page


def test_a_job_waiting_too_long_says_so_and_offers_try_again(
    settings, django_capture_on_commit_callbacks, renders, client_for, lead, strategy
):
    settings.EXPORT_REQUEUE_AFTER = 60
    job = ask(strategy, lead)
    with scopes_disabled():
        ExportJob.objects.filter(pk=job.pk).update(queued_at=later(-120))
    client = client_for(lead)

    page = status_page(client, job)
    assert "taking longer than usual" in page and "Try again" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("exports-retry", job.pk))
    assert reload(job).status == "ready"


def test_a_render_that_stopped_beating_offers_try_again(settings, client_for, lead, strategy):
    settings.EXPORT_HEARTBEAT_TIMEOUT = 60
    job = ask(strategy, lead)
    rendering(job, beat_seconds_ago=300)

    page = status_page(client_for(lead), job)

    assert "taking longer than usual" in page and "Try again" in page


def test_a_job_on_its_way_cannot_be_tried_again(client_for, lead, strategy):
    job = ask(strategy, lead)

    client_for(lead).post(url("exports-retry", job.pk))

    job = reload(job)
    assert job.status == "queued"
