"""A reminder schedule picks the threshold whose window holds today, so a missed day still
reminds and a passed threshold is never sent late."""

import datetime

from common.reminders import Schedule, Threshold

DUE = datetime.date(2027, 1, 31)
SCHEDULE = Schedule(
    Threshold("overdue", None, -1),
    Threshold("7_days_before", 0, 7),
    Threshold("30_days_before", 8, 30),
)


def days_before(days: int) -> datetime.date:
    return DUE - datetime.timedelta(days=days)


def test_each_day_falls_in_one_window_or_none():
    assert SCHEDULE.threshold(due_on=DUE, today=days_before(31)) is None
    assert SCHEDULE.threshold(due_on=DUE, today=days_before(30)) == "30_days_before"
    assert SCHEDULE.threshold(due_on=DUE, today=days_before(8)) == "30_days_before"
    assert SCHEDULE.threshold(due_on=DUE, today=days_before(7)) == "7_days_before"
    assert SCHEDULE.threshold(due_on=DUE, today=DUE) == "7_days_before"
    assert SCHEDULE.threshold(due_on=DUE, today=days_before(-1)) == "overdue"
    assert SCHEDULE.threshold(due_on=DUE, today=days_before(-400)) == "overdue"


def test_a_schedule_names_its_thresholds_most_urgent_first():
    assert SCHEDULE.names == ["overdue", "7_days_before", "30_days_before"]
