"""Sessions that end after SESSION_IDLE_TIMEOUT without a request.

A session's cookie and row expire SESSION_COOKIE_AGE (= the idle timeout) after the session was
last saved. Saving it on every request would cost a database write per page, so a request saves
it only when the last save is more than REFRESH_EVERY seconds old: the session then ends between
the timeout and the timeout less a minute after the person's last page. Pages show the time
left (`session_expires_in`) so the GOV.UK timeout warning can appear before it ends.
"""

import datetime
import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

LAST_ACTIVE = "accounts.last_active"
SIGNED_IN_AT = "accounts.signed_in_at"
REFRESH_EVERY = 60


def touch(session) -> None:
    session[LAST_ACTIVE] = time.time()


@receiver(user_logged_in, dispatch_uid="accounts.sessions.started")
def started(sender, request, user, **kwargs) -> None:
    if getattr(request, "session", None) is not None:
        touch(request.session)
        request.session[SIGNED_IN_AT] = int(time.time())


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            last_active = request.session.get(LAST_ACTIVE)
            if last_active is None or time.time() - last_active > REFRESH_EVERY:
                touch(request.session)
        return self.get_response(request)


def signed_in_within(request, seconds: int) -> bool:
    signed_in_at = request.session.get(SIGNED_IN_AT)
    return signed_in_at is not None and time.time() - signed_in_at < seconds


def signed_in_at(request) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(request.session.get(SIGNED_IN_AT, 0), tz=datetime.UTC)


def session_expires_in(request) -> int | None:
    """Seconds until a signed-in person's session ends if they do nothing more, or None."""
    if not request.user.is_authenticated:
        return None
    last_active = request.session.get(LAST_ACTIVE) or time.time()
    return max(0, round(last_active + settings.SESSION_IDLE_TIMEOUT - time.time()))
