"""Celery tasks for the SNA: thin adapters that take ids, read the rows and tell the people
concerned: a notification each, and the email (one each, so nobody learns who else was told)
to those who want it now (notifications.services.notify_and_email)."""

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from notifications import services as notifications

# --- contributions ---

# What happened → who hears of it: reviewers learn of a submission, the contributing
# organisation learns of the review.
CONTRIBUTION_EVENTS = {"submitted", "returned", "accepted"}


# Sent through the outbox, which retries a failure with growing gaps (outbox/services.py).
@shared_task
def send_contribution_email(contribution_id: int, event: str) -> None:
    """Tell the people concerned that a contribution was submitted, returned or accepted."""
    from . import selectors
    from .models import Contribution, ReviewComment

    if event not in CONTRIBUTION_EVENTS:
        return
    with scopes_disabled():
        contribution = (
            Contribution.objects.select_related(
                "partnership", "organisation", "element", "reviewed_by"
            )
            .filter(pk=contribution_id)
            .first()
        )
        if contribution is None:
            return
        if event == "submitted":
            recipients = selectors.contribution_reviewer_emails(contribution=contribution)
        else:
            recipients = selectors.contribution_contributor_emails(contribution=contribution)
        comment = (
            ReviewComment.objects.filter(contribution=contribution).order_by("-created_at").first()
            if event == "returned"
            else None
        )
    path = reverse(
        "tenant:contributions-detail", args=[contribution.partnership.slug, contribution.pk]
    )
    # A contribution is submitted, returned and accepted again and again: the time of this
    # submission or review tells one event from the next.
    happened_at = contribution.submitted_at if event == "submitted" else contribution.reviewed_at
    stamp = happened_at.isoformat() if happened_at else ""
    notifications.notify_and_email(
        partnership=contribution.partnership,
        key=f"contribution-{event}:{contribution.pk}:{stamp}",
        template=f"assessments/email/contribution_{event}",
        context={"contribution": contribution, "comment": comment, "url": settings.SITE_URL + path},
        recipients=recipients,
        path=path,
    )


# --- calls for contributions ---


def _call_path(call) -> str:
    return reverse("tenant:calls-detail", args=[call.partnership.slug, call.pk])


def _call_context(call) -> dict:
    return {
        "call": call,
        "url": settings.SITE_URL + _call_path(call),
        "todo_url": settings.SITE_URL + reverse("tenant:todo", args=[call.partnership.slug]),
    }


# Sent through the outbox, which retries a failure with growing gaps (outbox/services.py).
@shared_task
def send_call_issued_email(call_id: int) -> None:
    """Tell everyone a new call is addressed to what it asks for and when it is due."""
    from . import selectors
    from .models import Call

    with scopes_disabled():
        call = (
            Call.objects.select_related("partnership", "issued_by")
            .prefetch_related("elements")
            .filter(pk=call_id, status=Call.Status.OPEN)
            .first()
        )
        if call is None:
            return  # closed before the email went: nothing to ask for
        recipients = selectors.call_addressee_emails(call=call)
        context = _call_context(call) | {"elements": list(call.elements.all())}
    notifications.notify_and_email(
        partnership=call.partnership,
        key=f"call-issued:{call.pk}",
        template="assessments/email/call_issued",
        context=context,
        recipients=recipients,
        path=_call_path(call),
    )


# Sent through the outbox, which retries a failure with growing gaps (outbox/services.py).
@shared_task
def send_call_reminder_email(reminder_id: int) -> None:
    """Remind an organisation's addressees of a call they have not answered."""
    from . import selectors
    from .models import CallReminder, Contribution

    with scopes_disabled():
        reminder = (
            CallReminder.objects.select_related("call__partnership", "organisation")
            .filter(pk=reminder_id)
            .first()
        )
        if reminder is None:
            return
        call = reminder.call
        answered = Contribution.objects.filter(
            call=call, organisation=reminder.organisation, status__in=selectors.ANSWERED
        ).exists()
        if answered:
            return  # they answered between the reminder being recorded and sent
        recipients = selectors.call_addressee_emails(call=call, organisation=reminder.organisation)
    context = _call_context(call) | {
        "organisation": reminder.organisation,
        "threshold": reminder.threshold,
        "overdue": reminder.threshold.endswith("overdue"),
    }
    notifications.notify_and_email(
        partnership=call.partnership,
        key=f"call-reminder:{reminder.pk}",
        template="assessments/email/call_reminder",
        context=context,
        recipients=recipients,
        path=_call_path(call),
    )


@shared_task
def send_call_reminders() -> None:
    """Daily, from Celery beat: remind organisations of calls they have not answered."""
    from . import services

    services.call_send_reminders(today=timezone.localdate())


# --- data sharing agreements ---


@shared_task
def send_agreement_review_reminder_email(reminder_id: int) -> None:
    """Remind the people who keep the register that an agreement's review is due, or overdue."""
    from .models import AgreementReminder, SharingAgreement
    from .selectors.sharing import sharing_keeper_emails

    with scopes_disabled():
        reminder = (
            AgreementReminder.objects.select_related("agreement__partnership")
            .filter(pk=reminder_id)
            .first()
        )
        if reminder is None:
            return
        agreement = reminder.agreement
        if (
            agreement.status != SharingAgreement.Status.IN_FORCE
            or agreement.review_due_on != reminder.due_on
        ):
            return  # reviewed or ended between the reminder being recorded and sent
        recipients = sharing_keeper_emails(partnership_id=agreement.partnership_id)
    partnership = agreement.partnership
    path = reverse("tenant:sharing-detail", args=[partnership.slug, agreement.pk])
    context = {
        "agreement": agreement,
        "partnership": partnership,
        "due_on": reminder.due_on,
        "overdue": reminder.threshold == "overdue",
        "url": settings.SITE_URL + path,
    }
    notifications.notify_and_email(
        partnership=partnership,
        key=f"agreement-review-reminder:{reminder.pk}",
        template="assessments/email/agreement_review_reminder",
        context=context,
        recipients=recipients,
        path=path,
    )


@shared_task
def send_agreement_review_reminders() -> None:
    """Daily, from Celery beat: remind keepers of the register of reviews falling due."""
    from .services import sharing

    sharing.agreement_send_review_reminders(today=timezone.localdate())


@shared_task
def sweep_pending_attachments() -> None:
    """Daily, from Celery beat: delete files kept across a form's errors that nobody went on to
    save with a contribution (assessments/attachments.py), once they are a day old."""
    from .attachments import sweep_pending_files

    sweep_pending_files()
