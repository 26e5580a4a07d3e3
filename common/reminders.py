"""Reminders of something falling due, sent once per threshold.

A schedule names its thresholds, each with the window of days until the due date in which it
applies (negative: overdue). Windows rather than exact days, so a missed daily run still
reminds; only the threshold whose window holds today is sent, so one skipped is never sent late.
`remind_once` records the reminder and, in the same transaction, queues its email (through the
outbox, so a broker that is away loses nothing): the record's unique constraint means a second
run (a restart, two beats) finds it and sends nothing.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, models, transaction


@dataclass(frozen=True)
class Threshold:
    name: str
    # Days until the due date, inclusive; None: no limit (every day further overdue).
    earliest: int | None
    latest: int

    def holds(self, days: int) -> bool:
        return (self.earliest is None or days >= self.earliest) and days <= self.latest


class Schedule:
    """The thresholds of one kind of reminder, most urgent first."""

    def __init__(self, *thresholds: Threshold):
        self.thresholds = thresholds

    @property
    def names(self) -> list[str]:
        return [threshold.name for threshold in self.thresholds]

    def threshold(self, *, due_on: datetime.date, today: datetime.date) -> str | None:
        """The threshold that applies today, if any."""
        days = (due_on - today).days
        return next((t.name for t in self.thresholds if t.holds(days)), None)


def remind_once(model: type[models.Model], *, send: Callable[[int], object], **key) -> bool:
    """Record a reminder identified by `key` (the fields of the model's unique constraint) and,
    in the same transaction, call `send` with its id (which queues the email: see
    outbox.services.send); return whether it was new. A reminder already recorded, now or by a
    run at the same moment, sends nothing."""
    try:
        with transaction.atomic():
            reminder, created = model._default_manager.get_or_create(**key)
            if created:
                send(reminder.pk)
            return created
    except IntegrityError:
        return False  # another run made it at the same moment: it sends the email
