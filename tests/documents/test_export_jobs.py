"""Export jobs: a lead or convener asks for a PDF, the documents worker claims the job once,
renders it to one fixed file, and a job that fails or loses its worker can run again.

The documents themselves are tested elsewhere: here a tiny stand-in PDF is rendered instead.
"""

import datetime
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from assessments.models import Assessment
from documents import rules
from documents import services as exports
from documents.models import ExportJob
from documents.pdf import RenderError, render_pdf
from partnerships.access import Actor, actor_for
from partnerships.roles import ROLE_PERMISSIONS
from strategies.models import Strategy, StrategyVersion
from tests.factories import UserFactory

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once", "_private_media")

LEAD = ROLE_PERMISSIONS["lead"]
CONVENER = ROLE_PERMISSIONS["convener"]
PARTNER = ROLE_PERMISSIONS["partner"]
OBSERVER = ROLE_PERMISSIONS["observer"]


@pytest.fixture
def renders(monkeypatch):
    """Stand in for the document templates; records what each render was asked for."""
    calls = []

    def render_document(*, kind, source, variant="full", draft=False):
        calls.append({"kind": kind, "source": source, "variant": variant, "draft": draft})
        return render_pdf(f"<html lang='en'><title>{source}</title><p>{kind} {len(calls)}</p>")

    monkeypatch.setattr("documents.content.render_document", render_document)
    return calls


@pytest.fixture
def published(strategy, lead):
    """The strategy, published as version 1."""
    with scopes_disabled():
        StrategyVersion.objects.create(
            partnership=strategy.partnership,
            strategy=strategy,
            number=1,
            published_on=datetime.date(2026, 7, 1),
            published_by=lead,
            snapshot={},
        )
        Strategy.objects.filter(pk=strategy.pk).update(status=Strategy.Status.PUBLISHED)
        strategy.refresh_from_db()
    return strategy


def request(source, *, user, kind="strategy", **kwargs) -> ExportJob:
    """Ask as the export view does: within the partnership's scope, as the person's actor."""
    with scope(partnership=source.partnership):
        return exports.export_request(
            kind=kind, source=source, actor=actor_for(user, source.partnership), **kwargs
        )


def holding(permissions, partnership) -> Actor:
    """Someone holding a role's permissions in the partnership."""
    someone = UserFactory.build(email="someone@example.org")
    return Actor(user=someone, partnership=partnership, membership=None, permissions=permissions)


def reload(job: ExportJob) -> ExportJob:
    with scopes_disabled():
        return ExportJob.objects.get(pk=job.pk)


def stored_files(settings) -> list:
    return sorted((settings.MEDIA_ROOT / "partnerships").rglob("*.pdf"))


# --- Asking for an export -------------------------------------------------------------------------


def test_a_leads_export_is_queued_then_rendered_to_a_private_file(
    django_capture_on_commit_callbacks, renders, strategy, lead
):
    with django_capture_on_commit_callbacks(execute=True):
        job = request(strategy, user=lead)
        assert reload(job).status == "queued"

    job = reload(job)
    assert job.status == "ready"
    assert job.file.name == f"partnerships/{strategy.partnership_id}/exports/{job.pk}.pdf"
    content = job.file.open("rb").read()
    assert content.startswith(b"%PDF-")
    assert (job.size, job.page_count) == (len(content), 1)
    assert len(job.sha256) == 64
    assert job.attempts == 1
    assert job.requested_by == lead
    assert job.started_at <= job.finished_at


def test_a_strategy_not_yet_published_exports_as_a_draft_of_the_version_being_written(
    django_capture_on_commit_callbacks, renders, strategy, lead
):
    with django_capture_on_commit_callbacks(execute=True):
        job = request(strategy, user=lead)

    assert (job.draft, job.source_version) == (True, 1)
    assert renders == [{"kind": "strategy", "source": strategy, "variant": "full", "draft": True}]


def test_a_published_strategy_exports_its_published_version_in_the_public_variant(
    django_capture_on_commit_callbacks, renders, published, convener
):
    with django_capture_on_commit_callbacks(execute=True):
        job = request(published, user=convener, variant="public")

    assert (reload(job).status, job.draft, job.source_version) == ("ready", False, 1)
    assert renders[0]["variant"] == "public"


def test_a_lead_exports_a_draft_of_a_revision_while_the_published_version_stands(
    django_capture_on_commit_callbacks, renders, published, lead
):
    with scopes_disabled():
        Strategy.objects.filter(pk=published.pk).update(
            status=Strategy.Status.UNDER_REVIEW, version=2
        )
        published.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        job = request(published, user=lead, draft=True)

    assert (reload(job).status, job.draft, job.source_version) == ("ready", True, 2)
    assert renders[0]["draft"] is True


def test_a_superseded_strategy_has_no_draft_to_export(published, lead):
    with scopes_disabled():
        Strategy.objects.filter(pk=published.pk).update(status=Strategy.Status.SUPERSEDED)
        published.refresh_from_db()

    with pytest.raises(ValidationError, match="superseded"):
        request(published, user=lead, draft=True)


def test_the_sna_exports_with_its_revision(django_capture_on_commit_callbacks, renders, sna, lead):
    with django_capture_on_commit_callbacks(execute=True):
        job = request(sna, user=lead, kind="sna")

    assert (reload(job).status, job.kind, job.assessment, job.draft) == ("ready", "sna", sna, True)
    assert job.source_version >= 1


def test_the_sna_has_no_public_variant(sna, lead):
    with pytest.raises(ValidationError, match="no public version"):
        request(sna, user=lead, kind="sna", variant="public")


def test_a_document_of_another_partnership_cannot_be_exported(strategy, lead, other_partnership):
    with scopes_disabled(), pytest.raises(ValidationError, match="this partnership"):
        exports.export_request(
            kind="strategy",
            source=strategy,
            actor=Actor(
                user=lead, partnership=other_partnership, membership=None, permissions=LEAD
            ),
        )


def test_a_job_has_exactly_one_source(strategy, sna):
    with scopes_disabled(), pytest.raises(IntegrityError):
        ExportJob.objects.create(
            partnership=strategy.partnership,
            kind="strategy",
            strategy=strategy,
            assessment=sna,
            source_version=1,
        )


def test_the_export_history_lists_a_documents_exports_newest_first(
    django_capture_on_commit_callbacks, renders, strategy, sna, lead
):
    # Each rendered before the next is asked for (one still on its way would be given again).
    with django_capture_on_commit_callbacks(execute=True):
        first = request(strategy, user=lead)
    with django_capture_on_commit_callbacks(execute=True):
        second = request(strategy, user=lead)
        request(sna, user=lead, kind="sna")

    with scopes_disabled():
        history = exports.export_history(
            partnership=strategy.partnership, kind="strategy", source=strategy
        )
    assert list(history) == [second, first]


# --- Who may export -------------------------------------------------------------------------------


def test_a_partner_may_not_export_a_draft(strategy, partner):
    with pytest.raises(PermissionDenied, match="Only the partnership lead can export a draft"):
        request(strategy, user=partner)


def test_a_convener_may_not_export_a_draft(strategy, convener):
    with pytest.raises(PermissionDenied):
        request(strategy, user=convener)


def test_a_partner_only_downloads_the_published_strategy_and_does_not_export_it(published, partner):
    with pytest.raises(PermissionDenied, match="lead or a convener"):
        request(published, user=partner)


def test_an_observer_may_not_export_the_strategy(published, observer):
    with pytest.raises(PermissionDenied):
        request(published, user=observer)


def test_only_the_lead_exports_the_sna(sna, convener):
    with scopes_disabled():
        Assessment.objects.filter(pk=sna.pk).update(status=Assessment.Status.PUBLISHED)
        sna.refresh_from_db()
    with pytest.raises(PermissionDenied, match="Only the partnership lead can export the SNA"):
        request(sna, user=convener, kind="sna")


def test_an_unpublished_document_has_no_published_export(strategy, lead):
    with pytest.raises(ValidationError, match="Nothing has been published"):
        request(strategy, user=lead, draft=False)


def test_downloads_of_drafts_are_for_leads_and_the_sna_for_members_who_may_see_it(
    strategy, sna, partnership
):
    draft = ExportJob(kind="strategy", strategy=strategy, draft=True)
    published = ExportJob(kind="strategy", strategy=strategy, draft=False)
    published_sna = ExportJob(kind="sna", assessment=sna, draft=False)

    assert rules.may_download(job=draft, actor=holding(LEAD, partnership))
    assert not rules.may_download(job=draft, actor=holding(PARTNER, partnership))
    assert rules.may_download(job=published, actor=holding(PARTNER, partnership))
    assert rules.may_download(job=published_sna, actor=holding(PARTNER, partnership))
    assert not rules.may_download(job=published_sna, actor=holding(OBSERVER, partnership))


# --- Claiming, re-running, failing ----------------------------------------------------------------


@pytest.fixture
def queued(strategy, lead):
    """A job queued but not yet picked up by a worker (its on-commit enqueue never ran)."""
    return request(strategy, user=lead)


def test_only_one_worker_claims_a_job(queued):
    assert exports.export_claim(queued.pk).status == "rendering"

    assert exports.export_claim(queued.pk) is None
    assert reload(queued).attempts == 1


def test_a_ready_job_delivered_again_is_not_rendered_again(renders, queued):
    from documents.tasks import render_export

    render_export(queued.pk)
    render_export(queued.pk)

    assert len(renders) == 1
    assert reload(queued).status == "ready"


def test_running_a_job_again_overwrites_its_one_file(settings, renders, queued):
    exports.export_run(exports.export_claim(queued.pk))
    first = reload(queued).sha256
    with scopes_disabled():
        ExportJob.objects.filter(pk=queued.pk).update(status="queued")
    exports.export_run(exports.export_claim(queued.pk))

    job = reload(queued)
    assert stored_files(settings) == [settings.MEDIA_ROOT / job.file.name]
    assert hashlib.sha256(job.file.open("rb").read()).hexdigest() == job.sha256 != first
    assert job.attempts == 2


def test_a_failing_render_ends_failed_in_plain_words_and_can_be_retried(
    django_capture_on_commit_callbacks, monkeypatch, queued, lead
):
    def refuse(**kwargs):
        raise RenderError("The document is too large to make into a PDF.")

    monkeypatch.setattr("documents.content.render_document", refuse)
    exports.export_run(exports.export_claim(queued.pk))
    job = reload(queued)
    assert (job.status, job.error) == ("failed", "The document is too large to make into a PDF.")

    monkeypatch.setattr("documents.content.render_document", lambda **kwargs: render_pdf("x"))
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        exports.export_retry(job=job, acting_user=lead)

    job = reload(queued)
    assert (job.status, job.error, job.attempts) == ("ready", "", 1)


def test_an_unexpected_error_is_not_shown_to_the_user(monkeypatch, queued):
    def crash(**kwargs):
        raise KeyError("snapshot['priorities']")

    monkeypatch.setattr("documents.content.render_document", crash)
    exports.export_run(exports.export_claim(queued.pk))

    job = reload(queued)
    assert job.status == "failed"
    assert job.error.startswith("The document could not be made. Try again")
    assert "snapshot" not in job.error


def test_only_a_failed_job_can_be_retried(queued, lead):
    with scopes_disabled(), pytest.raises(ValidationError):
        exports.export_retry(job=queued, acting_user=lead)


# --- The sweeper ----------------------------------------------------------------------------------


def stuck_for(job: ExportJob, *, minutes: int, attempts: int) -> None:
    """Rendering, and silent since it started `minutes` ago."""
    since = timezone.now() - datetime.timedelta(minutes=minutes)
    with scopes_disabled():
        ExportJob.objects.filter(pk=job.pk).update(
            status="rendering", started_at=since, heartbeat_at=since, attempts=attempts
        )


def test_the_sweeper_requeues_a_job_whose_worker_died(
    django_capture_on_commit_callbacks, renders, queued
):
    stuck_for(queued, minutes=10, attempts=1)

    with django_capture_on_commit_callbacks(execute=True):
        swept = exports.export_sweep(now=timezone.now())

    assert swept == [queued]
    job = reload(queued)
    assert (job.status, job.attempts) == ("ready", 2)


def test_the_sweeper_leaves_a_render_that_began_less_than_a_minute_ago(settings, queued):
    settings.EXPORT_HEARTBEAT_TIMEOUT = 60
    stuck_for(queued, minutes=0, attempts=1)

    assert exports.export_sweep(now=timezone.now()) == []
    assert reload(queued).status == "rendering"


def test_the_sweeper_fails_a_job_after_its_last_attempt(settings, queued):
    settings.EXPORT_MAX_ATTEMPTS = 3
    stuck_for(queued, minutes=10, attempts=3)

    exports.export_sweep(now=timezone.now())

    job = reload(queued)
    assert job.status == "failed"
    assert job.error == (
        "The export did not finish after 3 attempts. Try again, or contact support if it keeps "
        "failing."
    )


# --- A worker started again after dying ----------------------------------------------------------


def rendering_on(job, *, worker: str, started_at) -> None:
    """The job as a worker left it when it died mid-render."""
    exports.export_claim(job.pk, worker=worker)
    with scopes_disabled():
        ExportJob.objects.filter(pk=job.pk).update(started_at=started_at)


def test_a_worker_started_again_requeues_what_it_was_rendering_when_it_died(
    django_capture_on_commit_callbacks, renders, queued
):
    booted_at = timezone.now()
    rendering_on(queued, worker="documents@host", started_at=booted_at - datetime.timedelta(1))

    with django_capture_on_commit_callbacks(execute=True):
        recovered = exports.export_recover(
            worker="documents@host", booted_at=booted_at, now=timezone.now()
        )

    assert recovered == [queued]
    job = reload(queued)
    assert (job.status, job.attempts) == ("ready", 2)
    assert len(renders) == 1


def test_a_worker_started_again_leaves_other_workers_renders_alone(queued):
    booted_at = timezone.now()
    rendering_on(queued, worker="documents@other", started_at=booted_at - datetime.timedelta(1))

    assert exports.export_recover(worker="documents@host", booted_at=booted_at, now=booted_at) == []
    assert reload(queued).status == "rendering"


def test_a_worker_leaves_what_it_began_since_it_started(queued):
    booted_at = timezone.now() - datetime.timedelta(seconds=5)
    rendering_on(queued, worker="documents@host", started_at=timezone.now())

    assert exports.export_recover(worker="documents@host", booted_at=booted_at, now=booted_at) == []
    assert reload(queued).status == "rendering"


def test_a_worker_started_again_fails_a_job_after_its_last_attempt(settings, queued):
    settings.EXPORT_MAX_ATTEMPTS = 1
    booted_at = timezone.now()
    rendering_on(queued, worker="documents@host", started_at=booted_at - datetime.timedelta(1))

    exports.export_recover(worker="documents@host", booted_at=booted_at, now=booted_at)

    job = reload(queued)
    assert job.status == "failed"
    assert "did not finish after 1 attempts" in job.error


def test_a_late_worker_does_not_overwrite_the_outcome_of_a_requeued_job(renders, queued):
    claimed = exports.export_claim(queued.pk)
    stuck_for(queued, minutes=10, attempts=1)
    exports.export_sweep(now=timezone.now())  # requeued (on commit, not run here)
    exports.export_claim(queued.pk)  # a second worker takes it

    exports.export_run(claimed)  # the first worker finally finishes

    assert reload(queued).status == "rendering"


def test_the_job_is_on_the_activity_timeline(renders, queued, lead):
    exports.export_run(exports.export_claim(queued.pk))

    with scopes_disabled():
        reasons = [row.history_change_reason for row in reload(queued).history.order_by("pk")]
    assert reasons == ["PDF export requested", "PDF export ready"]


def test_exports_render_on_the_documents_queue():
    from svd_portal.celery import app

    route = app.amqp.router.route({}, "documents.tasks.render_export", args=(1,))

    assert route["queue"].name == "documents"
