"""What the two-factor tests share: an authenticator app (RFC 6238, written here so the tests
check allauth against the standard rather than against itself) and signing in as a person does."""

import base64
import datetime
import hashlib
import hmac
import re
import struct
import time

import time_machine
from django.urls import reverse

from tests.factories import PASSWORD


def totp(secret: str, *, at: float | None = None) -> str:
    """The 6-digit code an authenticator app shows for `secret` at time `at` (now)."""
    counter = int((time.time() if at is None else at) // 30)
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def sign_in_with_password(client, email: str, password: str = PASSWORD, **data):
    return client.post(reverse("accounts:sign-in"), {"login": email, "password": password, **data})


def secret_on(page) -> str:
    """The setup key the "Set up an authenticator app" page shows."""
    return re.search(r'id="setup-key">\s*([A-Z2-7]+)\s*<', page.content.decode()).group(1)


def enrol(client) -> str:
    """Set up an authenticator app from its page; returns the app's secret."""
    page = client.get(reverse("mfa_activate_totp"))
    secret = secret_on(page)
    response = client.post(reverse("mfa_activate_totp"), {"code": totp(secret)})
    assert response.status_code == 302, response.content.decode()
    return secret


def half_a_minute_later():
    """A code is accepted once: the next one comes 30 seconds later."""
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(seconds=31)
    return time_machine.travel(later, tick=True)
