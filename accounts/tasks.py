"""Emails about a person's account, sent by a worker (through the outbox), never during the
request: so the request does the same work, and takes the same time, whether or not an
account exists for the address typed."""

from urllib.parse import urlsplit

from celery import shared_task
from django.conf import settings

from .forms import PasswordResetForm


@shared_task
def send_password_reset(email: str) -> None:
    """Email a reset link to the account with this address, if there is an active one."""
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return
    form.save(
        domain_override=urlsplit(settings.SITE_URL).netloc,
        use_https=settings.SITE_URL.startswith("https"),
        subject_template_name="accounts/email/password_reset_subject.txt",
        email_template_name="accounts/email/password_reset.txt",
        # Links in emails use the configured address, never a request's Host header.
        extra_email_context={"site_url": settings.SITE_URL},
    )
