from functools import partial

from django.conf import settings
from django_scopes import scope

from accounts.sessions import session_expires_in
from assessments.selectors import todo_count
from notifications.selectors import unread_count
from partnerships.member_cache import for_member
from partnerships.row_security import crossing_the_wall


def service(request):
    """Values every page's layout needs: the service name, where to ask for help, and for a
    signed-in person how long their session has left (the timeout warning)."""
    actor = getattr(request, "actor", None)
    return {
        # On a partnership's pages: how many things its "To do" page asks of the person. Counted
        # only when a page shows it (a template calls it), in the partnership's scope.
        "todo_count": partial(_todo_count, actor) if actor and actor.membership else 0,
        # In the header: the person's unread notifications from all their partnerships, counted
        # (one query) only when a page shows it.
        "notification_count": partial(_notification_count, request.user)
        if getattr(request, "user", None) and request.user.is_authenticated
        else 0,
        "service_name": "SVD Portal",
        "support_email": settings.SUPPORT_EMAIL,
        "session_expires_in": session_expires_in(request) if hasattr(request, "user") else None,
        "session_timeout_warning": settings.SESSION_TIMEOUT_WARNING,
    }


def _todo_count(actor) -> int:
    """Counted once per change to the partnership's records, not on every page: the count's
    queries were a fifth of a partnership page's time. Kept for the member (for_member), so a
    change (a call issued, an answer submitted or reviewed, a role changed) shows at once."""

    def count() -> int:
        with scope(partnership=actor.partnership):
            return todo_count(actor=actor)

    return for_member(actor, "todo-count", count)


def _notification_count(user) -> int:
    # On a partnership's pages the database shows only that partnership's rows: the count
    # spans every partnership the person is in (and reads only their own notifications).
    with crossing_the_wall(
        reason="the header's count of the person's unread notifications", routine=True
    ):
        return unread_count(user=user)
