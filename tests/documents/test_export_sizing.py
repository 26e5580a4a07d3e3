"""A national-scale strategy exports too: each export is sized (its actions) when it is asked
for; a big one renders on the large-document queue, whose worker has more memory and time; one
beyond what any worker can render is refused on the export page at once, saying the limit.
And renders never take the CPU from the web server: worker processes lower their priority.

The limits are lowered here so a handful of actions stand in for thousands.
"""

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from documents import services as exports
from documents import sizing, tasks
from documents.models import ExportJob
from outbox.models import Message
from partnerships.access import actor_for
from tests.documents.conftest import publish
from tests.factories import ActionFactory, PriorityFactory


@pytest.fixture(autouse=True)
def _small_limits(settings, tmp_path):
    """Above 3 actions a strategy is "large"; above 5 too large to export."""
    settings.EXPORT_LARGE_FROM = 3
    settings.EXPORT_MAX_ACTIONS = 5
    settings.MEDIA_ROOT = tmp_path / "private"


def with_actions(strategy, count: int):
    with scopes_disabled():
        priority = PriorityFactory(strategy=strategy)
        for _ in range(count):
            ActionFactory(priority=priority)
    return strategy


def request(source, *, user) -> ExportJob:
    with scope(partnership=source.partnership):
        return exports.export_request(
            kind="strategy", source=source, actor=actor_for(user, source.partnership)
        )


def handed_to(job: ExportJob) -> Message:
    """The outbox message that hands the job to a queue (published once the request commits)."""
    with scopes_disabled():
        return Message.objects.filter(args=[job.pk]).get()


def queue_of(task_name: str) -> str:
    from svd_portal.celery import app

    return app.amqp.router.route({}, task_name, args=(1,))["queue"].name


def test_a_strategy_of_a_few_actions_renders_on_the_documents_queue(strategy, lead):
    job = request(with_actions(strategy, 3), user=lead)

    assert job.action_count == 3
    assert handed_to(job).task == "documents.tasks.render_export"
    assert queue_of("documents.tasks.render_export") == "documents"


def test_a_big_strategy_renders_on_the_large_queue_with_longer_time_limits(
    settings, strategy, lead
):
    job = request(with_actions(strategy, 4), user=lead)

    assert job.action_count == 4
    assert handed_to(job).task == "documents.tasks.render_large_export"
    assert queue_of("documents.tasks.render_large_export") == "documents-large"
    assert tasks.render_large_export.time_limit == settings.EXPORT_LARGE_TIME_LIMIT
    assert tasks.render_large_export.soft_time_limit == settings.EXPORT_LARGE_SOFT_TIME_LIMIT
    assert settings.EXPORT_LARGE_TIME_LIMIT > settings.EXPORT_TIME_LIMIT


def test_a_published_strategy_is_sized_by_the_actions_it_published(strategy, lead, police):
    published = publish(with_actions(strategy, 4), lead, police)
    with scopes_disabled():
        ActionFactory.create_batch(2, priority=published.priorities.first())  # drafted since

    with scopes_disabled():
        assert sizing.export_action_count(source=published, draft=False) == 4
        assert sizing.export_action_count(source=published, draft=True) == 6


def test_a_job_requeued_by_the_sweeper_goes_back_to_the_queue_of_its_size(strategy, lead):
    job = request(with_actions(strategy, 4), user=lead)
    with scopes_disabled():
        Message.objects.all().delete()
        ExportJob.objects.filter(pk=job.pk).update(queued_at=None)

    exports.export_sweep(now=job.requested_at)

    assert handed_to(job).task == "documents.tasks.render_large_export"


def test_the_sna_is_not_sized_by_actions(sna):
    assert sizing.export_action_count(source=sna, draft=True) == 0


def test_a_strategy_too_big_to_render_is_refused_on_the_export_page_saying_the_limit(
    client_for, lead, strategy
):
    with_actions(strategy, 6)
    url = reverse("tenant:exports-strategy", args=[strategy.partnership.slug, strategy.pk])

    response = client_for(lead).post(url, {"variant": "full"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "This strategy has 6 actions" in page
    assert "at most 5 actions" in page
    with scopes_disabled():
        assert not ExportJob.objects.exists()  # never queued to fail later
        assert not Message.objects.exists()


def test_worker_processes_lower_their_cpu_priority(monkeypatch, settings):
    increments = []
    monkeypatch.setattr(tasks.os, "nice", increments.append)

    tasks.lower_priority()

    assert increments == [settings.EXPORT_WORKER_NICE]
    assert settings.EXPORT_WORKER_NICE > 0


def test_a_worker_that_may_not_lower_its_priority_still_starts(monkeypatch, caplog):
    def refuse(increment):
        raise PermissionError("not permitted")

    monkeypatch.setattr(tasks.os, "nice", refuse)

    tasks.lower_priority()

    assert "Could not lower" in caplog.text


def test_tagging_reads_page_references_from_a_tuple_built_once_per_page_count():
    import pydyf

    import documents.pdf  # noqa: F401 - installs the cached property

    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf.page_references

    assert pdf.page_references is first  # not rebuilt per structure element
    assert first == tuple(f"{n} 0 R".encode() for n in pdf.pages["Kids"][::3])
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert len(pdf.page_references) == 4  # a page added since: built again
