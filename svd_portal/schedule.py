"""What Celery beat runs, and when: the schedule settings.CELERY_BEAT_SCHEDULE holds.

Its own module so the settings stay a list of settings; the intervals an operator may change
come in from the environment through the settings."""

from datetime import timedelta

from celery.schedules import crontab


def beat_schedule(*, outbox_dispatch_every: int, export_sweep_every: int) -> dict:
    """The schedule, given how often (in seconds) the outbox and the export sweeper run."""
    return {
        "clear-expired-sessions": {
            "task": "svd_portal.tasks.clear_expired_sessions",
            "schedule": crontab(hour=3, minute=17),
        },
        # Once a day, after the working day starts: each reminder is recorded, so never sent twice.
        "send-call-reminders": {
            "task": "assessments.tasks.send_call_reminders",
            "schedule": crontab(hour=7, minute=5),
        },
        # The annual review: 60, 30 and 7 days before it is due, and once overdue, each recorded.
        "strategy-review-reminders": {
            "task": "strategies.tasks.send_review_reminders",
            "schedule": crontab(hour=7, minute=15),
        },
        # Data sharing agreements: a month and a week before their review, and once overdue.
        "agreement-review-reminders": {
            "task": "assessments.tasks.send_agreement_review_reminders",
            "schedule": crontab(hour=7, minute=25),
        },
        # The convener's requests for information: 7 days and 1 day before due, and once overdue.
        "information-request-reminders": {
            "task": "oversight.tasks.send_information_request_reminders",
            "schedule": crontab(hour=7, minute=25),
        },
        # After the morning's reminders are recorded: each person who chose a daily digest gets
        # one email of what the portal told them since the last (notifications/).
        "send-notification-digests": {
            "task": "notifications.tasks.send_digests",
            "schedule": crontab(hour=7, minute=45),
        },
        # Each partnership's standing for the convener overview, computed before anyone asks.
        "refresh-standings": {
            "task": "oversight.tasks.refresh_standings",
            "schedule": timedelta(minutes=5),
        },
        # Files kept across a contribution form's errors and never saved go after a day.
        "sweep-pending-attachments": {
            "task": "assessments.tasks.sweep_pending_attachments",
            "schedule": crontab(hour=3, minute=31),
        },
        # Publish what requests could not (the broker was away) and what no worker claimed.
        "dispatch-outbox": {
            "task": "outbox.tasks.dispatch",
            "schedule": timedelta(seconds=outbox_dispatch_every),
        },
        "prune-outbox": {
            "task": "outbox.tasks.prune",
            "schedule": crontab(hour=3, minute=47),
        },
        # Exports whose render stopped beating go back to the queue (and fail after a few tries);
        # exports no worker claimed are handed to the queue again.
        "sweep-exports": {
            "task": "documents.tasks.sweep_exports",
            "schedule": timedelta(seconds=export_sweep_every),
        },
        # The log of API calls is kept for API_CALL_RETENTION_DAYS, then deleted.
        "prune-api-calls": {
            "task": "api.tasks.prune_api_calls",
            "schedule": crontab(hour=3, minute=53),
        },
    }
