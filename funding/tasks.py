"""Celery tasks of the funding app: thin adapters that take ids, read, and tell people."""

from celery import shared_task
from django.conf import settings
from django.urls import reverse

from notifications import services as notifications
from partnerships.models import Membership
from partnerships.roles import PortalRole


# Sent through the outbox, which retries a failure with growing gaps (outbox/services.py).
@shared_task
def send_return_for_checking(submission_id: int) -> None:
    """Ask the leads of each partnership a return covers to check its answers: a notification
    each, and the email (with their partnership's answers) to those who want it now. The
    return's page is the convener's, so the email carries the answers and leads reply to them."""
    from .models import ReturnAnswer, ReturnSubmission

    submission = (
        ReturnSubmission.objects.select_related("grant", "template", "created_by")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None:
        return
    answers = list(
        ReturnAnswer.objects.filter(submission=submission)
        .select_related("question")
        .order_by("question__order", "question_id")
    )
    for partnership in submission.grant.partnerships.order_by("name"):
        leads = (
            Membership.objects.with_scopes_disabled()
            .filter(partnership=partnership, portal_role=PortalRole.LEAD)
            .active()
            .values_list("user__email", flat=True)
        )
        path = reverse("tenant:dashboard", args=[partnership.slug])
        notifications.notify_and_email(
            partnership=partnership,
            key=f"return-checking:{submission.pk}",
            template="funding/returns/email/checking",
            context={
                "submission": submission,
                "partnership": partnership,
                "answers": [a for a in answers if a.partnership_id in (None, partnership.pk)],
                "url": settings.SITE_URL + path,
            },
            recipients=sorted(leads),
            path=path,
        )


# Handed over through the outbox (funding/documents.py), so it may arrive twice: a revision that
# is no longer the one wanted, or already kept, is skipped or replaced by the same file.
@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=settings.EXPORT_TIME_LIMIT,
    soft_time_limit=settings.EXPORT_SOFT_TIME_LIMIT,
)
def render_return_pdf(submission_id: int, revision: int) -> None:
    """Render a return's PDF on the documents queue (CELERY_TASK_ROUTES)."""
    from .documents import return_pdf_run

    return_pdf_run(submission_id, revision)
