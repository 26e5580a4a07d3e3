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


# --- consultation on the draft strategy ---


def _consultation_path(name: str, strategy) -> str:
    return reverse(f"tenant:{name}", args=[strategy.partnership.slug, strategy.pk])


@shared_task
def send_consultation_response_email(response_id: int) -> None:
    """Tell the partnership's leads that an organisation or body submitted its response to the
    consultation on the draft strategy, with a link to answer its comments."""
    from partnerships.models import Membership
    from partnerships.roles import Permission, holders_q

    from .models import ConsultationResponse

    with scopes_disabled():
        response = (
            ConsultationResponse.objects.select_related(
                "strategy__partnership", "organisation", "outside_body"
            )
            .filter(pk=response_id, submitted_at__isnull=False)
            .first()
        )
        if response is None:
            return
        count = response.comments.count()
        recipients = sorted(
            set(
                Membership.objects.filter(
                    holders_q(Permission.MANAGE_STRATEGY),
                    partnership_id=response.partnership_id,
                    ended_on__isnull=True,
                ).values_list("user__email", flat=True)
            )
        )
    strategy = response.strategy
    path = _consultation_path("consultation-answers", strategy)
    notifications.notify_and_email(
        partnership=strategy.partnership,
        key=f"consultation-response:{response.pk}:{response.submitted_at.isoformat()}",
        template="strategies/email/consultation_response",
        context={
            "strategy": strategy,
            "respondent": response.respondent,
            "count": count,
            "url": settings.SITE_URL + path,
        },
        recipients=recipients,
        path=path,
    )


@shared_task
def send_consultation_answer_email(comment_id: int) -> None:
    """Tell whoever submitted a response that the lead has answered one of its comments."""
    from .models import ConsultationComment

    with scopes_disabled():
        comment = (
            ConsultationComment.objects.select_related(
                "response__strategy__partnership", "response__submitted_by"
            )
            .filter(pk=comment_id, answered_at__isnull=False)
            .first()
        )
        if comment is None or comment.response.submitted_by is None:
            return
    strategy = comment.response.strategy
    path = _consultation_path("consultation", strategy)
    notifications.notify_and_email(
        partnership=strategy.partnership,
        key=f"consultation-answer:{comment.pk}:{comment.answered_at.isoformat()}",
        template="strategies/email/consultation_answer",
        context={"strategy": strategy, "comment": comment, "url": settings.SITE_URL + path},
        recipients=[comment.response.submitted_by.email],
        path=path,
    )
