"""Project-wide background tasks. Tasks are thin: they take ids, call a function, and return."""

import socket

from celery import shared_task
from django.core import management


@shared_task(ignore_result=False, time_limit=30, soft_time_limit=20)
def ping() -> dict[str, str]:
    """Answer from the worker, so the health check and tests can prove a round trip."""
    return {"reply": "pong", "worker": socket.gethostname()}


@shared_task
def clear_expired_sessions() -> None:
    """Remove expired sessions daily; Django leaves them in the table otherwise."""
    management.call_command("clearsessions")
