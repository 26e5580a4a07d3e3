"""Celery tasks for the response strategy: thin adapters that take ids, read the rows and tell
the people concerned (a notification each, and the email to those who want it now)."""

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from notifications import services as notifications

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
    path = reverse("tenant:reviews", args=[partnership.slug, strategy.pk])
    context = {
        "strategy": strategy,
        "partnership": partnership,
        "due_on": reminder.due_on,
        "overdue": reminder.threshold == "overdue",
        "url": settings.SITE_URL + path,
    }
    notifications.notify_and_email(
        partnership=partnership,
        key=f"review-reminder:{reminder.pk}",
        template="strategies/email/review_reminder",
        context=context,
        recipients=recipients,
        path=path,
    )


@shared_task
def send_review_reminders() -> None:
    """Daily, from Celery beat: remind leads and accountable people of reviews falling due."""
    from . import services

    services.review_send_reminders(today=timezone.localdate())
