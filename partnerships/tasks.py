from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled

from accounts.language import reader_language
from common.mail import send_plain

from .models import Invitation


# Sent through the outbox, which retries a failure with growing gaps (outbox/services.py).
@shared_task
def send_invitation_email(invitation_id: int) -> None:
    """Email the invitation's current link; a link from an earlier send no longer works."""
    with scopes_disabled():
        invitation = (
            Invitation.objects.select_related("partnership", "organisation", "invited_by")
            .filter(pk=invitation_id, status=Invitation.Status.PENDING)
            .first()
        )
    if invitation is None or invitation.state != Invitation.Status.PENDING:
        return  # revoked, accepted or expired before the email went: nothing to send
    context = {
        "invitation": invitation,
        "accept_url": settings.SITE_URL
        + reverse("invitation-accept", args=[invitation.make_token()]),
    }
    # In the language of the partnership that invites: the person may have no account yet,
    # and one who has chosen a language reads it in theirs.
    invitee = get_user_model().objects.filter(email__iexact=invitation.email).first()
    with translation.override(
        reader_language(invitee, fallback=invitation.partnership.default_language)
    ):
        subject = render_to_string("partnerships/email/invitation_subject.txt", context).strip()
        body = render_to_string("partnerships/email/invitation.txt", context)
    send_plain(subject=subject, body=body, to=invitation.email)
