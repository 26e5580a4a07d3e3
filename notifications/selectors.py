"""Reads of a person's own notifications, across their partnerships.

Cross-partnership by design, like the partnership chooser: a person's notifications come from
every partnership they belong to, so these run outside any one partnership's scope. Each reads
only the person's own rows, and only for partnerships where they are still an active member:
someone who leaves a partnership stops seeing what it told them.
"""

from functools import cache

from django.db import connection
from django.db.models import QuerySet

from common.sql import column, table
from partnerships.models import Membership

from .models import EmailPreference, Frequency, Notification


def active_partnerships(*, user):
    """The partnerships the person is an active member of, as a subquery."""
    return (
        Membership.objects.with_scopes_disabled().filter(user=user).active().values("partnership")
    )


def notifications_for_user(*, user) -> QuerySet[Notification]:
    """The person's notifications, newest first, with their partnership."""
    return (
        Notification.objects.with_scopes_disabled()
        .filter(recipient=user, partnership__in=active_partnerships(user=user))
        .select_related("partnership")
        .order_by("-created_at", "-pk")
    )


def notification_for_user(*, user, pk: int) -> Notification:
    """One of the person's notifications; raises Notification.DoesNotExist for anyone else's,
    and for one from a partnership they have left."""
    return notifications_for_user(user=user).get(pk=pk)


def unread_count(*, user) -> int:
    """How many of the person's notifications they have not opened: one query, the same rows
    as `notifications_for_user`'s unread ones (a test holds the two together)."""
    with connection.cursor() as cursor:
        cursor.execute(_unread_count_sql(), [user.pk, user.pk])
        return cursor.fetchone()[0]


@cache
def _unread_count_sql() -> str:
    """The count written out: every page's header runs it, and building it through the ORM
    took several times what the database takes to answer. Names come from the models."""
    notifications, memberships = table(Notification), table(Membership)
    return (
        f"SELECT COUNT(*) FROM {notifications} n"  # noqa: S608 (names from the models)
        f" WHERE n.{column(Notification, 'recipient')} = %s"
        f" AND n.{column(Notification, 'read_at')} IS NULL"
        f" AND n.{column(Notification, 'partnership')} IN ("
        f"SELECT m.{column(Membership, 'partnership')} FROM {memberships} m"
        f" WHERE m.{column(Membership, 'user')} = %s"
        f" AND m.{column(Membership, 'ended_on')} IS NULL)"
    )


def email_frequency(*, user) -> str:
    """How often the person wants emails; immediately unless they chose otherwise."""
    frequency = (
        EmailPreference.objects.filter(user=user).values_list("frequency", flat=True).first()
    )
    return frequency or Frequency.IMMEDIATELY


def digest_pending(*, user) -> list[Notification]:
    """What the person's next digest lists: notifications waiting for it, from partnerships
    they are still in, grouped by partnership (by name) and oldest first within each."""
    return list(
        notifications_for_user(user=user)
        .filter(email=Notification.Email.DIGEST, digested_at__isnull=True)
        .order_by("partnership__name", "partnership_id", "created_at", "pk")
    )


def digest_recipient_ids() -> list[int]:
    """The people with something waiting for a digest who still want emails."""
    return list(
        Notification.objects.with_scopes_disabled()
        .filter(email=Notification.Email.DIGEST, digested_at__isnull=True)
        .exclude(recipient__email_preference__frequency=Frequency.OFF)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
