"""PDF exports of the SNA and the strategy: who may ask for one, and the job the documents worker
runs. The job row is the only record of an export's progress (no Celery result backend): the
task claims it with one conditional update so two workers never render the same job, and writes
the file at one fixed key so a re-run overwrites rather than duplicates.
"""

import datetime
import hashlib
import logging
import threading
import time

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, InterfaceError, OperationalError, connections, transaction
from django.db.models import F, Min, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scope, scopes_disabled

from assessments.models import Assessment
from outbox import services as outbox
from partnerships.access import Actor
from partnerships.audit import save_with_history
from strategies.models import Strategy, StrategyVersion

from . import rules, sizing
from .models import BILINGUAL, EXPORT_LANGUAGES, ExportJob, export_file_key

logger = logging.getLogger(__name__)

ON_ITS_WAY = (ExportJob.Status.QUEUED, ExportJob.Status.RENDERING)
# Recording the outcome survives a dropped database connection: tries, and the pause between.
FINISH_TRIES, FINISH_PAUSE = 5, 2.0
RENDER_FAILED = gettext_lazy(
    "The document could not be made. Try again, or contact support if it keeps failing."
)


def source_is_published(source) -> bool:
    """Whether the document has a published form to export (otherwise only drafts exist)."""
    if isinstance(source, Assessment):
        return source.status == Assessment.Status.PUBLISHED
    # Under review or superseded, the last published version is still the published strategy.
    return (
        source.status
        in {
            Strategy.Status.PUBLISHED,
            Strategy.Status.UNDER_REVIEW,
            Strategy.Status.SUPERSEDED,
        }
        and StrategyVersion.objects.filter(strategy=source).exists()
    )


def _source_version(source, *, draft: bool) -> int:
    if isinstance(source, Assessment):
        # The SNA keeps no version numbers: its revision is how many times it has been saved.
        return source.history.count()
    if draft:
        return source.version
    return StrategyVersion.objects.filter(strategy=source).order_by("-number").first().number


def _check_may_export(*, actor: Actor, kind: str, draft: bool) -> None:
    if rules.may_export(actor=actor, kind=kind, draft=draft):
        return
    if draft:
        raise PermissionDenied(_("Only the partnership lead can export a draft"))
    if kind == ExportJob.Kind.SNA:
        raise PermissionDenied(_("Only the partnership lead can export the SNA"))
    raise PermissionDenied(_("Only the partnership lead or a convener can export the strategy"))


def _enqueue(job: ExportJob, *, now: datetime.datetime | None = None) -> None:
    """Hand the job to the queue for its size (documents/sizing.py) through the outbox: once
    the transaction commits, or as soon as the broker is back. The worker's claim is
    conditional, so a job handed over twice renders once."""
    ExportJob.objects.filter(pk=job.pk).update(queued_at=now or timezone.now())
    outbox.hand_over(sizing.export_task(job.action_count), job.pk)


def _on_its_way(job: ExportJob) -> ExportJob | None:
    """The job already queued or rendering for the same document, version, variant and
    language."""
    return (
        ExportJob.objects.filter(
            kind=job.kind,
            assessment=job.assessment,
            strategy=job.strategy,
            source_version=job.source_version,
            variant=job.variant,
            draft=job.draft,
            language=job.language,
            status__in=ON_ITS_WAY,
        )
        .order_by("pk")
        .first()
    )


def _new_job(
    *,
    partnership,
    kind: str,
    source,
    variant: str,
    draft: bool | None,
    acting_user,
    language: str = "",
):
    """Check the request makes sense and build its job (unsaved); permissions are the caller's.
    Without a language, the document is in the one the partnership asks for."""
    language = language or partnership.default_language
    if language not in dict(EXPORT_LANGUAGES) or (
        language != settings.LANGUAGE_CODE and not partnership.works_in_welsh
    ):
        raise ValidationError(_("Choose English or Cymraeg"))
    expected = Assessment if kind == ExportJob.Kind.SNA else Strategy
    if kind not in ExportJob.Kind.values or not isinstance(source, expected):
        raise ValidationError(_("Choose the SNA or the strategy to export"))
    if source.partnership_id != partnership.pk:
        raise ValidationError(_("Choose a document of this partnership"))
    if variant not in ExportJob.Variant.values:
        raise ValidationError(_("Choose the full or the public version"))
    if kind == ExportJob.Kind.SNA and variant != ExportJob.Variant.FULL:
        raise ValidationError(_("The SNA has no public version: it is restricted"))
    published = source_is_published(source)
    if draft is None:
        draft = not published
    if not draft and not published:
        raise ValidationError(_("Nothing has been published yet: export a draft instead"))
    if draft and getattr(source, "status", None) == Strategy.Status.SUPERSEDED:
        raise ValidationError(
            _("A superseded strategy no longer changes: export its published version")
        )
    # Sized now, so a document too big for any worker is refused here, not queued to fail.
    action_count = sizing.export_action_count(source=source, draft=draft)
    sizing.export_check_size(action_count)
    job = ExportJob(
        partnership=partnership,
        kind=kind,
        assessment=source if kind == ExportJob.Kind.SNA else None,
        strategy=source if kind == ExportJob.Kind.STRATEGY else None,
        source_version=_source_version(source, draft=draft),
        variant=variant,
        draft=draft,
        language=language,
        action_count=action_count,
        requested_by=acting_user,
    )
    # The database constraint for "one on its way" is answered by export_request, with the job.
    job.full_clean(validate_constraints=False)
    return job


@transaction.atomic
def export_request(
    *,
    kind: str,
    source,
    variant: str = ExportJob.Variant.FULL,
    draft: bool | None = None,
    language: str = "",
    actor: Actor,
) -> ExportJob:
    """Queue a PDF of the SNA or strategy for the documents worker. Unless `draft` says
    otherwise, a document not yet published exports as a (watermarked) draft, and a published
    one as published; unless `language` says otherwise, in the partnership's language."""
    job = _new_job(
        partnership=actor.partnership,
        kind=kind,
        source=source,
        variant=variant,
        draft=draft,
        acting_user=actor.user,
        language=language,
    )
    _check_may_export(actor=actor, kind=kind, draft=job.draft)
    twin = _on_its_way(job)
    if twin is not None:
        return twin  # a double click, or someone else asked a moment ago: one job is enough
    try:
        with transaction.atomic():
            save_with_history(job, acting_user=actor.user, reason=_("PDF export requested"))
    except IntegrityError:
        # Another request made the same job between our look and our save.
        twin = _on_its_way(job)
        if twin is None:
            raise
        return twin
    _enqueue(job)
    return job


def export_now(
    *, partnership, kind: str, source, variant: str, draft: bool, language: str = ""
) -> ExportJob:
    """Render at once, in this process, through the worker's own claim-and-run path: for
    operators and scripts (`manage.py export_document`)."""
    with transaction.atomic():
        job = _new_job(
            partnership=partnership,
            kind=kind,
            source=source,
            variant=variant,
            draft=draft,
            acting_user=None,
            language=language,
        )
        save_with_history(job, acting_user=None, reason=_("PDF export from the command line"))
    claimed = export_claim(job.pk)
    return export_run(claimed)


def _silent_since(now: datetime.datetime) -> datetime.datetime:
    """A render whose last heartbeat (or start) is older than this has lost its worker,
    whatever the worker was called: a render beats every EXPORT_HEARTBEAT_EVERY seconds."""
    return now - datetime.timedelta(seconds=settings.EXPORT_HEARTBEAT_TIMEOUT)


def _silent(now: datetime.datetime) -> Q:
    since = _silent_since(now)
    return Q(heartbeat_at__lt=since) | Q(heartbeat_at__isnull=True, started_at__lt=since)


def _gave_up(attempts: int) -> str:
    return _(
        "The export did not finish after %(attempts)s attempts. Try again, or "
        "contact support if it keeps failing."
    ) % {"attempts": attempts}


def _dead_attempt(job_id: int, *, redelivered: bool, now: datetime.datetime) -> dict | None:
    """The attempt (its start and number) of a job left "rendering" by a worker that died, or
    None if the job is not rendering or its worker may still be at it."""
    rendering = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.RENDERING)
    # The broker redelivers a message whose worker was lost (acks_late with
    # reject_on_worker_lost, or the visibility timeout, which is above the hard time limit),
    # so that attempt cannot still be running. Otherwise only its silence proves it dead.
    if not redelivered:
        rendering = rendering.filter(_silent(now))
    return rendering.values("started_at", "attempts").first()


def _take_over(job_id: int, *, attempt: dict, worker: str, now: datetime.datetime) -> int:
    """Claim the job from its dead attempt, or give it up after its last attempt. The update
    is conditional on that attempt's start and number, so of two workers that both found it
    dead exactly one wins. Returns how many rows were claimed."""
    same_attempt = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.RENDERING, **attempt)
    if attempt["attempts"] >= settings.EXPORT_MAX_ATTEMPTS:
        same_attempt.update(
            status=ExportJob.Status.FAILED, finished_at=now, error=_gave_up(attempt["attempts"])
        )
        return 0
    return same_attempt.update(**_new_attempt(now=now, worker=worker))


def _new_attempt(*, now: datetime.datetime, worker: str) -> dict:
    """The fields a claim sets: a fresh start (and heartbeat) by `worker`, one more attempt."""
    return {
        "started_at": now,
        "heartbeat_at": now,
        "finished_at": None,
        "error": "",
        "attempts": F("attempts") + 1,
        "rendered_by": worker,
    }


def export_claim(job_id: int, *, redelivered: bool = False, worker: str = "") -> ExportJob | None:
    """Take a job for rendering, or None if another worker has it or it is done. A job still
    "rendering" is taken over when its attempt died: the message was `redelivered` after the
    worker was lost, or the render has stopped beating (see _silent). `worker`
    names the Celery node that renders it."""
    now = timezone.now()
    with scopes_disabled():
        claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
            status=ExportJob.Status.RENDERING, **_new_attempt(now=now, worker=worker)
        )
        if not claimed:
            attempt = _dead_attempt(job_id, redelivered=redelivered, now=now)
            claimed = attempt is not None and _take_over(
                job_id, attempt=attempt, worker=worker, now=now
            )
        if not claimed:
            return None
        # The claim is ours once its UPDATE commits: a connection dropped before the job is
        # read back (a failover in between) must not strand it "rendering" until the sweeper.
        return _surviving_a_dropped_connection(
            lambda: ExportJob.objects.select_related("assessment", "strategy", "partnership").get(
                pk=job_id
            ),
            job_id=job_id,
            doing="reading the job it claimed",
        )


def _store(job: ExportJob, content: bytes) -> str:
    storage = ExportJob._meta.get_field("file").storage
    key = export_file_key(job)
    # Delete first: storages save under a new name rather than overwrite an existing file.
    if storage.exists(key):
        storage.delete(key)
    return storage.save(key, ContentFile(content))


def _surviving_a_dropped_connection(work, *, job_id: int, doing: str):
    """Do `work()`; a connection that drops (a database failover) is opened again and the work
    done again, a few times, before giving up."""
    for attempt in range(1, FINISH_TRIES + 1):
        try:
            return work()
        except (OperationalError, InterfaceError):
            if attempt == FINISH_TRIES:
                raise
            logger.warning("Export job %s: database away while %s, trying again", job_id, doing)
            # Drop the broken connection: the next query opens a new one.
            connections["default"].close()
            time.sleep(FINISH_PAUSE * attempt)
    raise AssertionError("unreachable")


def _finish(job: ExportJob, *, reason: str, **fields) -> bool:
    """Record the outcome, unless the sweeper gave the job to another worker meanwhile; across
    a dropped connection, so a PDF already stored is not left "rendering" until the sweeper
    finds it."""
    return _surviving_a_dropped_connection(
        lambda: _finish_once(job, reason=reason, **fields), job_id=job.pk, doing="finishing"
    )


def _finish_once(job: ExportJob, *, reason: str, **fields) -> bool:
    with transaction.atomic(), scopes_disabled():
        current = ExportJob.objects.select_for_update().get(pk=job.pk)
        if current.status != ExportJob.Status.RENDERING or current.attempts != job.attempts:
            return False
        for name, value in fields.items():
            setattr(current, name, value)
        current.finished_at = timezone.now()
        save_with_history(current, acting_user=None, reason=reason)
    for name in [*fields, "finished_at"]:
        setattr(job, name, getattr(current, name))
    return True


class _Heartbeat:
    """While a job renders, say every EXPORT_HEARTBEAT_EVERY seconds that it is alive, from a
    thread with its own short-lived connection. A render that stops beating (its process or
    worker killed, whatever its name) is taken over by the sweeper within a minute or two."""

    def __init__(self, job: ExportJob):
        self.job_id, self.attempts = job.pk, job.attempts
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"export-{job.pk}", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.thread.join(timeout=5)

    def _beat(self) -> None:
        while not self.stopped.wait(settings.EXPORT_HEARTBEAT_EVERY):
            try:
                with scopes_disabled():
                    ExportJob.objects.filter(
                        pk=self.job_id, status=ExportJob.Status.RENDERING, attempts=self.attempts
                    ).update(heartbeat_at=timezone.now())
            except Exception:
                logger.warning("Export job %s: heartbeat not recorded", self.job_id, exc_info=True)
            finally:
                # This thread's own connection: closed, so no forked process inherits it.
                connections.close_all()


def export_run(job: ExportJob) -> ExportJob:
    """Render a claimed job and store its file; any failure ends it "failed" in plain words."""
    # Imported here so that WeasyPrint loads only in the processes that render.
    from documents.pdf import RenderError

    from .content import render_bilingual_document, render_document

    try:
        # In the job's language, whatever the worker's: headings, dates and the catalogue.
        render = render_bilingual_document if job.language == BILINGUAL else render_document
        with (
            scope(partnership=job.partnership),
            _Heartbeat(job),
            translation.override("cy" if job.language == BILINGUAL else job.language),
        ):
            # A connection that drops while the document is read: read it again.
            rendered = _surviving_a_dropped_connection(
                lambda: render(
                    kind=job.kind, source=job.source, variant=job.variant, draft=job.draft
                ),
                job_id=job.pk,
                doing="rendering",
            )
        content = rendered.content
        name = _store(job, content)
    except RenderError as error:
        _finish(
            job, reason=_("PDF export failed"), status=ExportJob.Status.FAILED, error=str(error)
        )
        return job
    except SoftTimeLimitExceeded:
        message = _("The document took too long to make. Try again, or contact support.")
        _finish(job, reason=_("PDF export failed"), status=ExportJob.Status.FAILED, error=message)
        return job
    except Exception:
        logger.exception("Export job %s failed", job.pk)
        _finish(
            job,
            reason=_("PDF export failed"),
            status=ExportJob.Status.FAILED,
            error=str(RENDER_FAILED),
        )
        return job
    _finish(
        job,
        reason=_("PDF export ready"),
        status=ExportJob.Status.READY,
        file=name,
        size=len(content),
        page_count=rendered.page_count,
        sha256=hashlib.sha256(content).hexdigest(),
        error="",
    )
    return job


def export_progress(job: ExportJob, *, now: datetime.datetime) -> str:
    """How the job is getting on, in the words its page uses: "waiting" for a worker, "slow"
    (queued or rendering for longer than usual, or its render stopped beating), "rendering",
    "ready" or "failed"."""
    if job.status == ExportJob.Status.QUEUED:
        queued_at = job.queued_at or job.requested_at
        slow = now - queued_at > datetime.timedelta(seconds=settings.EXPORT_REQUEUE_AFTER)
        return "slow" if slow else "waiting"
    if job.status == ExportJob.Status.RENDERING:
        beat = job.heartbeat_at or job.started_at
        return "slow" if beat is None or beat < _silent_since(now) else "rendering"
    return job.status


@transaction.atomic
def export_retry(*, job: ExportJob, acting_user) -> ExportJob:
    """Try a failed export again, rendered from scratch at the same storage key; or hand a job
    that is not getting on (see export_progress) to the queue again."""
    progress = export_progress(job, now=timezone.now())
    if progress == "failed":
        job.attempts = 0
    elif progress != "slow":
        raise ValidationError(_("This export is on its way: there is nothing to try again"))
    job.status = ExportJob.Status.QUEUED
    job.error = ""
    job.started_at = job.finished_at = job.heartbeat_at = None
    save_with_history(job, acting_user=acting_user, reason=_("PDF export retried"))
    _enqueue(job)
    return job


def _requeue_or_fail(dead, *, now: datetime.datetime, reason: str) -> list[ExportJob]:
    """Hand each job whose attempt died back to the queue, or fail it after its last attempt.
    `dead` selects the jobs FOR UPDATE, skipping rows another sweep holds."""
    changed = []
    for job in dead:
        if job.attempts >= settings.EXPORT_MAX_ATTEMPTS:
            job.status = ExportJob.Status.FAILED
            job.finished_at = now
            job.error = _gave_up(job.attempts)
            save_with_history(job, acting_user=None, reason=_("PDF export abandoned"))
        else:
            job.status = ExportJob.Status.QUEUED
            save_with_history(job, acting_user=None, reason=reason)
            _enqueue(job)
        changed.append(job)
    return changed


def export_sweep(*, now: datetime.datetime) -> list[ExportJob]:
    """Every few seconds: hand jobs whose render stopped beating (its worker died, whatever
    its name) back to the queue, failing those that have had every attempt; and hand again
    to the queue jobs no worker has claimed for a while (a broker restarted without its
    queue). Returns the jobs it changed."""
    with transaction.atomic(), scopes_disabled():
        silent = ExportJob.objects.select_for_update(skip_locked=True).filter(
            _silent(now), status=ExportJob.Status.RENDERING
        )
        changed = _requeue_or_fail(silent, now=now, reason=_("PDF export requeued"))
        unclaimed = ExportJob.objects.select_for_update(skip_locked=True).filter(
            Q(queued_at__isnull=True) | Q(queued_at__lt=now - _requeue_gap()),
            status=ExportJob.Status.QUEUED,
        )
        for job in unclaimed:
            _enqueue(job, now=now)
            changed.append(job)
        return changed


def _requeue_gap() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.EXPORT_REQUEUE_AFTER)


def export_recover(
    *, worker: str, booted_at: datetime.datetime, now: datetime.datetime
) -> list[ExportJob]:
    """When a worker starts, hand back what the same node was rendering when it last died:
    a job it began before this start cannot still be running. Without this, such a job would
    wait for the sweeper (after the hard time limit) or for Redis's visibility timeout."""
    if not worker:
        return []
    with transaction.atomic(), scopes_disabled():
        orphaned = ExportJob.objects.select_for_update(skip_locked=True).filter(
            status=ExportJob.Status.RENDERING, rendered_by=worker, started_at__lt=booted_at
        )
        return _requeue_or_fail(
            orphaned, now=now, reason=_("PDF export requeued: its worker restarted")
        )


# --- Reads ----------------------------------------------------------------------------------------


def export_backlog(*, now: datetime.datetime) -> dict:
    """For monitoring: how many exports wait for a worker, the age in seconds of the oldest,
    and how many renders have stopped beating."""
    with scopes_disabled():
        queued = ExportJob.objects.filter(status=ExportJob.Status.QUEUED)
        # Since it was last handed to the queue: a job tried again today is not a week old.
        oldest = queued.aggregate(oldest=Min(Coalesce("queued_at", "requested_at")))["oldest"]
        return {
            "queued": queued.count(),
            "oldest_queued_seconds": round((now - oldest).total_seconds()) if oldest else 0,
            "silent_renders": ExportJob.objects.filter(
                _silent(now), status=ExportJob.Status.RENDERING
            ).count(),
        }


def export_history(*, partnership, kind: str, source) -> QuerySet[ExportJob]:
    """Every export of one document, newest first, with who asked for it: a query, so that a
    page of it reads only that page's rows."""
    source_filter = {"assessment": source} if kind == ExportJob.Kind.SNA else {"strategy": source}
    return (
        ExportJob.objects.filter(partnership=partnership, kind=kind, **source_filter)
        .select_related("requested_by")
        .order_by("-requested_at", "-pk")
    )
