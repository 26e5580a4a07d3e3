"""The Celery application; its settings are the CELERY_* names in svd_portal/settings.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "svd_portal.settings")

app = Celery("svd_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
