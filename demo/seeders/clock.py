"""The demo's clock: each step of the story runs on the day it happened.

The services stamp what they save (the rows, their django-simple-history records and so the
activity timeline) with the time they run, and set dates such as "agreed on" or "published on"
to today. So the demo travels to each step's moment with time-machine and lets the services do
what they always do, rather than rewriting their stamps afterwards.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

import time_machine
from django.utils import timezone

# The first step on a day happens at 9am and the next ones twelve minutes apart, so steps on the
# same day keep their order on the timeline.
FIRST_STEP = time(9)
BETWEEN_STEPS = timedelta(minutes=12)


class StoryClock:
    """Days counted back from the real today, and travel to the next free moment on one."""

    def __init__(self) -> None:
        # Read before any travel: inside one, timezone.localdate() is the story's day.
        self.today = timezone.localdate()
        self._steps_on: dict[date, int] = {}

    def day(self, days_ago: int) -> date:
        return self.today - timedelta(days=days_ago)

    def moment(self, day: date) -> datetime:
        """The next free moment on that day, in local time."""
        step = self._steps_on.get(day, 0)
        self._steps_on[day] = step + 1
        return timezone.make_aware(datetime.combine(day, FIRST_STEP) + step * BETWEEN_STEPS)

    @contextmanager
    def on(self, day: date) -> Iterator[None]:
        """Run the block at the next free moment on a past day. The clock ticks on from there,
        so what the block saves keeps its order. A step today (or in the future, if the demo's
        fixed dates have not come yet) runs at the real time: 9am today may not have come."""
        if day >= self.today:
            yield
            return
        with time_machine.travel(self.moment(day), tick=True):
            yield

    def days_ago(self, days: int):
        """Run the block on the day so many days ago (see on())."""
        return self.on(self.day(days))
