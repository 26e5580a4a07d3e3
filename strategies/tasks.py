"""Celery tasks for the response strategy: thin adapters that take ids, read the rows and send
the email."""

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from common.mail import send_each

# --- annual review ---


# Sent through the outbox, which retries a failure with growing gaps (outbox/services.py).
@shared_task
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
    send_each(template="strategies/email/review_reminder", context=context, recipients=recipients)


@shared_task
def send_review_reminders() -> None:
    """Daily, from Celery beat: remind leads and accountable people of reviews falling due."""
    from . import services

    services.review_send_reminders(today=timezone.localdate())
