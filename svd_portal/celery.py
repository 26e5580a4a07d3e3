"""The Celery application; its settings are the CELERY_* names in svd_portal/settings.py."""

import os

from celery import Celery

from outbox.worker import WorkerHeartbeatStep

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "svd_portal.settings")

app = Celery("svd_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Each worker records that it is alive (for /readyz/ and the operators' alerts).
app.steps["consumer"].add(WorkerHeartbeatStep)
