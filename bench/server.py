"""gunicorn serving the portal as the Dockerfile does, and a real HTTP client signed in to it."""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
HOST = "localhost"

# The Dockerfile's CMD, bound to this machine only. Workers come from WEB_CONCURRENCY as there.
# Their heartbeat files go to shared memory as there, where there is any (not on macOS).
SHARED_MEMORY = "/dev/shm"  # noqa: S108 (gunicorn's own advice for --worker-tmp-dir)
GUNICORN_ARGS = [
    "--timeout",
    "60",
    "--graceful-timeout",
    "30",
    *(["--worker-tmp-dir", SHARED_MEMORY] if Path(SHARED_MEMORY).is_dir() else []),
]
DOCKERFILE_WEB_CONCURRENCY = "3"


def environment() -> dict[str, str]:
    """The production-like settings for the run, for gunicorn and the in-process counts alike.

    Not DJANGO_ENV=production: that insists on two-factor sign-in (and TLS), which a scripted
    client cannot do. Everything else that matters for speed is as in production: DEBUG off,
    PostgreSQL, Redis for the cache when REDIS_URL is set, and gunicorn's sync workers.
    """
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        TWO_FACTOR_REQUIRED="false",
        ALLOWED_HOSTS=f"{HOST},127.0.0.1",
        SECRET_KEY=env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        # Sign-ins are many and quick, from one address: not what the limits are for.
        RATE_LIMIT_LOGIN="1000/m/ip",
        RATE_LIMIT_LOGIN_FAILED="1000/m/ip",
    )
    env.setdefault("WEB_CONCURRENCY", DOCKERFILE_WEB_CONCURRENCY)
    env.setdefault("DJANGO_SETTINGS_MODULE", "svd_portal.settings")
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str], log: Path) -> Iterator[str]:
    """Serve the portal on a free port; yield its base URL; always stop it."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "svd_portal.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        *GUNICORN_ARGS,
        "--error-logfile",
        "-",
    ]
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 (our own fixed command)
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        base = f"http://{HOST}:{port}"
        try:
            wait_until_up(process, base, log)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=35)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_up(process: subprocess.Popen, base: str, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn stopped (exit {process.returncode}); its log:\n{log.read_text()}")
        try:
            if requests.get(f"{base}/healthz/", timeout=5).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or a worker still booting
            pass
        time.sleep(0.3)
    sys.exit(
        f"gunicorn did not answer /healthz/ within {timeout:.0f}s; its log:\n{log.read_text()}"
    )


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def sign_in(base: str, email: str, password: str) -> requests.Session:
    """A session signed in through the sign-in form, as a browser would be."""
    session = requests.Session()
    page = session.get(f"{base}/accounts/sign-in/", timeout=30)
    page.raise_for_status()
    token = CSRF_INPUT.search(page.text)
    if token is None:
        sys.exit("The sign-in page has no CSRF token: has its form changed?")
    response = session.post(
        f"{base}/accounts/sign-in/",
        data={"login": email, "password": password, "csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": f"{base}/accounts/sign-in/"},
        timeout=30,
    )
    signed_in = response.ok and "/accounts/sign-in/" not in response.url and session.cookies
    if not signed_in or "/2fa/" in response.url:
        sys.exit(f"Could not sign in as {email} (ended at {response.url}, {response.status_code})")
    return session


def timed_get(session: requests.Session, url: str) -> tuple[float, int]:
    """Seconds until the whole response has arrived, and its status."""
    started = time.perf_counter()
    response = session.get(url, timeout=120, allow_redirects=False)
    _ = response.content
    return time.perf_counter() - started, response.status_code
