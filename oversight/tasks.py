"""Celery tasks of the oversight app: thin adapters over its services."""

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from notifications import services as notifications
from partnerships.models import Partnership

# Partnerships refreshed per checklist read: the read's queries are fixed, its rows grow.
BATCH = 50


@shared_task
def refresh_standings() -> int:
    """Every few minutes, from beat: store afresh every standing that is stale, missing, from an
    earlier day or older than STANDING_MAX_AGE, so the convener overview rarely computes one
    while someone waits. Returns how many were refreshed."""
    from . import selectors, services

    today = timezone.localdate()
    now = timezone.now()
    partnerships = list(Partnership.objects.order_by("pk"))
    stored = selectors.standings_of(partnerships=partnerships)
    due = selectors.standings_due(partnerships=partnerships, stored=stored, today=today, now=now)
    for start in range(0, len(due), BATCH):
        services.standings_refresh(partnerships=due[start : start + BATCH], today=today)
    return len(due)


# --- the convener's requests for information (s.17) ---

# What each event tells, and to whom: those who answer the request, or the conveners.
REQUEST_EVENTS = {
    "made": "responders",
    "withdrawn": "responders",
    "answered": "conveners",
    "refused": "conveners",
}


def _request_path(information_request) -> str:
    return reverse(
        "tenant:information-requests-detail",
        args=[information_request.partnership.slug, information_request.pk],
    )


# Sent through the outbox, which retries a failure with growing gaps (outbox/services.py).
@shared_task
def send_information_request_email(information_request_id: int, event: str) -> None:
    """Tell those who answer a request that it was made or withdrawn, or the conveners that it
    was answered or refused: a notification each, and the email to those who want it now."""
    from .models import InformationRequest
    from .selectors import information_requests as selectors

    if event not in REQUEST_EVENTS:
        return
    with scopes_disabled():
        information_request = (
            InformationRequest.objects.select_related(
                "partnership", "organisation", "outside_body", "requested_by", "responded_by"
            )
            .filter(pk=information_request_id)
            .first()
        )
        if information_request is None:
            return
        if REQUEST_EVENTS[event] == "responders":
            if information_request.outside_body_id is not None:
                return  # asked outside the portal: nobody here answers for the body
            recipients = selectors.responder_emails(information_request=information_request)
        else:
            recipients = selectors.convener_emails(
                partnership_id=information_request.partnership_id
            )
            # The convener who recorded an outside body's reply needs no word of it.
            responder = information_request.responded_by
            recipients = [e for e in recipients if responder is None or e != responder.email]
    path = _request_path(information_request)
    notifications.notify_and_email(
        partnership=information_request.partnership,
        key=f"information-request-{event}:{information_request.pk}",
        template="oversight/information_requests/email/event",
        context={
            "information_request": information_request,
            "event": event,
            "url": settings.SITE_URL + path,
        },
        recipients=recipients,
        path=path,
    )


@shared_task
def send_information_request_reminder(reminder_id: int) -> None:
    """Remind those who answer a request that it is due soon, or overdue."""
    from .models import InformationRequestReminder
    from .selectors import information_requests as selectors

    with scopes_disabled():
        reminder = (
            InformationRequestReminder.objects.select_related(
                "information_request__partnership",
                "information_request__organisation",
                "information_request__outside_body",
            )
            .filter(pk=reminder_id)
            .first()
        )
        if reminder is None:
            return
        information_request = reminder.information_request
        if not information_request.is_open or information_request.due_on != reminder.due_on:
            return  # answered, withdrawn or moved between being recorded and sent
        recipients = selectors.responder_emails(information_request=information_request)
    path = _request_path(information_request)
    notifications.notify_and_email(
        partnership=information_request.partnership,
        key=f"information-request-reminder:{reminder.pk}",
        template="oversight/information_requests/email/reminder",
        context={
            "information_request": information_request,
            "overdue": reminder.threshold == "overdue",
            "url": settings.SITE_URL + path,
        },
        recipients=recipients,
        path=path,
    )


@shared_task
def send_information_request_reminders() -> int:
    """Daily, from Celery beat: remind those who answer requests falling due or overdue."""
    from .services import information_requests as services

    return services.information_request_send_reminders(today=timezone.localdate())
