"""Celery tasks for document exports: thin adapters that take ids and call documents.services.

Rendering runs on the `documents` queue (see CELERY_TASK_ROUTES), so a burst of exports never
holds up the emails on the default queue; a big strategy renders on the large-document queue,
with longer time limits (documents/sizing.py).
"""

import logging
import os

from celery import shared_task
from celery.signals import worker_process_init, worker_ready
from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=settings.EXPORT_TIME_LIMIT,
    soft_time_limit=settings.EXPORT_SOFT_TIME_LIMIT,
)
def render_export(self, job_id: int) -> None:
    """Render one export job on the documents queue. Safe to deliver twice: a job another
    worker is rendering, or one already finished, is left alone; a job whose worker died is
    taken over when the broker redelivers its message (kombu marks it `redelivered`)."""
    _claim_and_run(self, job_id)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=settings.EXPORT_LARGE_TIME_LIMIT,
    soft_time_limit=settings.EXPORT_LARGE_SOFT_TIME_LIMIT,
)
def render_large_export(self, job_id: int) -> None:
    """Render a big document (see documents/sizing.py) on the large-document queue, whose
    worker renders one at a time with more memory; otherwise exactly as render_export."""
    _claim_and_run(self, job_id)


def _claim_and_run(task, job_id: int) -> None:
    from . import services as exports

    redelivered = bool((task.request.delivery_info or {}).get("redelivered"))
    job = exports.export_claim(job_id, redelivered=redelivered, worker=task.request.hostname or "")
    if job is not None:
        exports.export_run(job)


@worker_process_init.connect
def lower_priority(**kwargs) -> None:
    """Each pool process of a worker runs at a lower CPU priority than the web server.

    Why: a render is seconds to minutes of pure CPU, and the worker and gunicorn share the
    machine's cores; at equal priority a burst of exports doubled the site's response times.
    Niced, the kernel gives web requests the CPU first and renders take what is left, so
    exports finish a little later and pages do not slow. The email worker's processes are
    niced too, harmlessly: they wait on the network, not the CPU. The signal fires in prefork
    children only: `make run`'s solo worker is niced by the Procfile instead.
    EXPORT_WORKER_NICE=0 turns it off."""
    increment = settings.EXPORT_WORKER_NICE
    if increment:
        try:
            os.nice(increment)
        except OSError:
            logger.warning("Could not lower the worker's CPU priority", exc_info=True)


# A worker imports this module as it starts, before it takes any message: a job its node began
# rendering before this moment belongs to an earlier run of the worker that died.
STARTED_AT = timezone.now()


@worker_ready.connect
def recover_exports(sender, **kwargs) -> None:
    """As a worker comes up, requeue the exports its node was rendering when it last died."""
    from . import services as exports

    try:
        exports.export_recover(worker=sender.hostname, booted_at=STARTED_AT, now=timezone.now())
    except DatabaseError:
        logger.exception("Could not recover the exports of %s: the sweeper will", sender.hostname)
    finally:
        # The pool's processes are forked from this one: none may inherit its connection.
        connections.close_all()


@shared_task
def sweep_exports() -> None:
    """Every ten minutes, from Celery beat: requeue exports whose worker died mid-render."""
    from . import services as exports

    exports.export_sweep(now=timezone.now())
