"""A real OpenID Connect provider for the single sign-on tests: oidc-provider-mock, started as a
process of its own and spoken to over HTTP, as the portal speaks to Entra ID."""

import contextlib
import socket
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
import requests

PROVIDER_NAME = "Example ID"


@contextlib.contextmanager
def running_provider():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"{url}/.well-known/openid-configuration", timeout=1)
                break
            except requests.RequestException:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("the OIDC provider did not start")
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def configure_portal(settings, provider_url: str) -> None:
    """What OIDC_SERVER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_NAME configure."""
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "sso",
                    "name": PROVIDER_NAME,
                    "client_id": "svd-portal",
                    "secret": "client-secret",
                    "settings": {"server_url": provider_url, "verified_email": False},
                }
            ],
        }
    }
    # As settings.py allows the provider's origin as a form's destination when configured.
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        "form-action": [*settings.SECURE_CSP["form-action"], provider_url],
    }


def person_at_provider(provider_url: str, email: str, *, verified=True, name="A Person") -> None:
    """The provider's record of a person: the claims it will vouch for."""
    claims = {"email": email, "email_verified": verified, "name": name}
    response = requests.put(f"{provider_url}/users/{quote(email)}", json=claims, timeout=5)
    assert response.status_code == 204
