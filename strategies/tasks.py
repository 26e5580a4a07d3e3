"""Celery tasks for the response strategy: thin adapters that take ids, read the rows and send
the email."""

import logging

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.core.mail import send_mail
from django.db import DatabaseError, connections
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

logger = logging.getLogger(__name__)

# --- annual review ---


def _send_each(*, template: str, context: dict, recipients: list[str]) -> None:
    subject = render_to_string(f"strategies/email/{template}_subject.txt", context).strip()
    message = render_to_string(f"strategies/email/{template}.txt", context)
    # One email each, so nobody learns who else was told.
    for email in recipients:
        send_mail(subject=subject, message=message, from_email=None, recipient_list=[email])


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_review_reminder_email(reminder_id: int) -> None:
    """Remind the partnership's leads and accountable representatives that the annual review
    of its strategy is due soon, or overdue."""
    from . import selectors
    from .models import ReviewReminder

    with scopes_disabled():
        reminder = (
            ReviewReminder.objects.select_related("strategy__partnership")
            .filter(pk=reminder_id)
            .first()
        )
        if reminder is None:
            return
        strategy = reminder.strategy
        due = selectors.review_due(strategy=strategy, today=timezone.localdate())
        if due is None or due.due_on != reminder.due_on:
            return  # reviewed (or withdrawn) between the reminder being recorded and sent
        recipients = selectors.review_reminder_emails(strategy=strategy)
    partnership = strategy.partnership
    context = {
        "strategy": strategy,
        "partnership": partnership,
        "due_on": reminder.due_on,
        "overdue": reminder.threshold == "overdue",
        "url": settings.SITE_URL + reverse("tenant:reviews", args=[partnership.slug, strategy.pk]),
    }
    _send_each(template="review_reminder", context=context, recipients=recipients)


@shared_task
def send_review_reminders() -> None:
    """Daily, from Celery beat: remind leads and accountable people of reviews falling due."""
    from . import services

    services.review_send_reminders(today=timezone.localdate())


# --- document exports ---


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
    from . import exports

    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    job = exports.export_claim(job_id, redelivered=redelivered, worker=self.request.hostname or "")
    if job is not None:
        exports.export_run(job)


# A worker imports this module as it starts, before it takes any message: a job its node began
# rendering before this moment belongs to an earlier run of the worker that died.
STARTED_AT = timezone.now()


@worker_ready.connect
def recover_exports(sender, **kwargs) -> None:
    """As a worker comes up, requeue the exports its node was rendering when it last died."""
    from . import exports

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
    from . import exports

    exports.export_sweep(now=timezone.now())
