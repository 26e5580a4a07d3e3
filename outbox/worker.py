"""A Celery worker's heartbeat, as a bootstep of its consumer: every WORKER_HEARTBEAT_EVERY
seconds the worker records that it is alive, from its own timer, whatever queue it serves and
however busy its pool is. svd_portal/celery.py adds it to the app."""

import logging

from celery import bootsteps
from django.conf import settings
from django.db import connections
from django.utils import timezone

logger = logging.getLogger(__name__)


class WorkerHeartbeatStep(bootsteps.StartStopStep):
    requires = {"celery.worker.consumer.tasks:Tasks"}

    def __init__(self, parent, **kwargs):
        super().__init__(parent, **kwargs)
        self.timer_ref = None
        self.started_at = timezone.now()

    def start(self, consumer):
        self.beat(consumer)
        self.timer_ref = consumer.timer.call_repeatedly(
            settings.WORKER_HEARTBEAT_EVERY, self.beat, (consumer,), priority=10
        )

    def stop(self, consumer):
        if self.timer_ref is not None:
            self.timer_ref.cancel()
            self.timer_ref = None

    shutdown = stop

    def beat(self, consumer) -> None:
        from .models import WorkerHeartbeat

        queues = sorted(queue.name for queue in consumer.task_consumer.queues)
        try:
            WorkerHeartbeat.objects.update_or_create(
                hostname=consumer.hostname,
                defaults={
                    "queues": queues,
                    "beat_at": timezone.now(),
                    "started_at": self.started_at,
                },
            )
        except Exception:
            logger.warning("Worker heartbeat not recorded", exc_info=True)
        finally:
            # The pool's processes fork from this one: none may inherit an open connection.
            connections.close_all()
