"""Changes to notifications: recording them with the email that tells of the same event, reading
them, and the daily digest.

Every email about a partnership to its members goes through `notify_and_email`, called by the
task that decides who is told (assessments/tasks.py, strategies/tasks.py): each person gets a
notification, and an email now only if that is how they want it. Emails that keep an account
safe (password resets, invitations, which may reach someone with no account yet) are sent
directly and never held back.
"""

import itertools
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.language import reader_language
from common import mail
from outbox import services as outbox

from . import selectors
from . import tasks as _tasks
from .models import EmailPreference, Frequency, Notification

logger = logging.getLogger(__name__)

# The email preference → what becomes of a new notification's email.
EMAIL_FOR = {
    Frequency.IMMEDIATELY: Notification.Email.SENT,
    Frequency.DAILY_DIGEST: Notification.Email.DIGEST,
    Frequency.OFF: Notification.Email.NONE,
}
SUMMARY_LENGTH = 500


def is_local_path(path: str) -> bool:
    """Whether `path` stays on the portal: an absolute path, with no scheme or host (so never
    "//elsewhere.example" or "https://..."), which is all a notification may lead to."""
    return (
        path.startswith("/")
        and not path.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(path, allowed_hosts=set())
    )


def _summary(body: str) -> str:
    """The email's first paragraph: what happened, without the links and sign-off."""
    first = body.strip().split("\n\n", 1)[0].strip()
    return first if len(first) <= SUMMARY_LENGTH else first[: SUMMARY_LENGTH - 1] + "…"


def notify_and_email(
    *,
    partnership,
    key: str,
    template: str,
    context: dict,
    recipients: list[str],
    path: str,
) -> list[str]:
    """Tell each of `recipients` (email addresses of members) about one event in `partnership`:
    a notification each, titled with the email's subject, and the email itself to those who
    want it immediately. Returns the addresses emailed now.

    `key` names the event ("call-issued:12"): a second delivery of the same task finds the
    notifications made and makes no more (its emails go again, as they did before).
    """
    if not is_local_path(path):
        raise ValueError(f"A notification leads to a path within the portal, not {path!r}")
    people = list(get_user_model().objects.filter(email__in=recipients).order_by("email"))
    chosen = dict(
        EmailPreference.objects.filter(user__in=people).values_list("user_id", "frequency")
    )
    frequency = {person.pk: chosen.get(person.pk, Frequency.IMMEDIATELY) for person in people}
    # Each person reads it in their own language: the one they chose, else their partnership's.
    language = {
        person.pk: reader_language(person, fallback=partnership.default_language)
        for person in people
    }
    written = {}
    for code in sorted(set(language.values())):
        with translation.override(code):
            written[code] = mail.render_email(template=template, context=context)
    Notification.objects.with_scopes_disabled().bulk_create(
        [
            Notification(
                partnership=partnership,
                recipient=person,
                key=key,
                title=written[language[person.pk]][0][:300],
                body=_summary(written[language[person.pk]][1]),
                path=path,
                email=EMAIL_FOR[frequency[person.pk]],
            )
            for person in people
        ],
        ignore_conflicts=True,
    )
    emailed = [person for person in people if frequency[person.pk] == Frequency.IMMEDIATELY]
    for person in emailed:
        subject, body = written[language[person.pk]]
        mail.send_plain(subject=subject, body=body, to=person.email)
    return [person.email for person in emailed]


def notification_open(*, notification: Notification, now) -> str:
    """Mark the notification read; returns where it leads (the person's list if its path is
    not one of the portal's own)."""
    if notification.read_at is None:
        notification.read_at = now
        Notification.objects.with_scopes_disabled().filter(
            pk=notification.pk, read_at__isnull=True
        ).update(read_at=now)
    if is_local_path(notification.path):
        return notification.path
    logger.warning("Notification %s leads off the portal: not followed", notification.pk)
    return reverse("notifications:list")


def notifications_mark_all_read(*, user, now) -> int:
    """Mark every notification the person can see as read; returns how many were unread."""
    return (
        selectors.notifications_for_user(user=user).filter(read_at__isnull=True).update(read_at=now)
    )


def email_preference_set(*, user, frequency: str) -> EmailPreference:
    """Record how often the person wants emails (their own choice: no audit entry)."""
    preference, _created = EmailPreference.objects.update_or_create(
        user=user, defaults={"frequency": Frequency(frequency)}
    )
    return preference


# --- the daily digest ---


def digest_queue_all() -> int:
    """From Celery beat, daily: queue a digest (through the outbox) for each person with
    something waiting for one. A digest that finds nothing waiting sends nothing, so a second
    run, or a second beat, sends no second email. Returns how many were queued."""
    people = selectors.digest_recipient_ids()
    with transaction.atomic():
        for user_id in people:
            outbox.send(_tasks.send_digest_email, user_id)
    return len(people)


def digest_send(*, user_id: int, now) -> bool:
    """Email the person one digest of what has waited for it since the last, grouped by
    partnership, and mark those notifications digested. Returns whether an email went.

    The person's preference row is locked while it runs, so two deliveries at once send one
    digest; the email goes before the transaction commits, so if it fails nothing is marked
    and the outbox tries again."""
    with transaction.atomic():
        preference = (
            EmailPreference.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(user_id=user_id)
            .first()
        )
        if preference is None or preference.frequency == Frequency.OFF:
            return False
        user = preference.user
        pending = selectors.digest_pending(user=user)
        if pending:
            groups = [
                {"partnership": partnership, "notifications": list(notifications)}
                for partnership, notifications in itertools.groupby(
                    pending, key=lambda notification: notification.partnership
                )
            ]
            context = {
                "user": user,
                "count": len(pending),
                "groups": groups,
                "site_url": settings.SITE_URL,
                "notifications_url": settings.SITE_URL + reverse("notifications:list"),
            }
            with translation.override(reader_language(user)):
                subject, body = mail.render_email(
                    template="notifications/email/digest", context=context
                )
            mail.send_plain(subject=subject, body=body, to=user.email)
            preference.last_digest_at = now
            preference.save(update_fields=["last_digest_at"])
        # What it listed is done with, and so is what came before it from partnerships the
        # person has left since (not theirs to read any more). Nothing made while it ran is
        # marked unsent: that waits for the next digest.
        Notification.objects.with_scopes_disabled().filter(
            Q(pk__in=[notification.pk for notification in pending])
            | ~Q(partnership__in=selectors.active_partnerships(user=user)),
            recipient=user,
            email=Notification.Email.DIGEST,
            digested_at__isnull=True,
            created_at__lte=now,
        ).update(digested_at=now)
    return bool(pending)
