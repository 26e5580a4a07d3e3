"""SVD Portal: where Serious Violence Duty partnerships do their statutory work together."""

from .celery import app as celery_app

__all__ = ("celery_app",)
