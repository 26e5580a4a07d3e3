"""Helpers for the compliance stories: the day the checklist is read, its statuses, the
pages' addresses, and a partnership's strategy and evidence made directly."""

import datetime

from django.urls import reverse

from assessments.models import Contribution
from partnerships.models import DutyElement
from strategies.models import Strategy
from tests.factories import ContributionFactory, StrategyFactory

TODAY = datetime.date(2026, 9, 1)  # in the financial year 2026/27
MET, DUE_SOON, NOT_MET = "met", "due_soon", "not_met"


def url(name: str, *args) -> str:
    return reverse(f"tenant:{name}", args=["northshire", *args])


def published_strategy(partnership, assessment=None, **fields):
    values = {
        "partnership": partnership,
        "title": "Northshire Serious Violence Strategy",
        "status": Strategy.Status.PUBLISHED,
        "start_period": "2026/27",
        "end_period": "2028/29",
        "published_on": datetime.date(2026, 5, 1),
        "next_review_due": datetime.date(2027, 5, 1),
    } | fields
    if assessment is not None:
        values["assessment"] = assessment
    return StrategyFactory(**values)


def core_elements() -> list[DutyElement]:
    return list(DutyElement.objects.filter(kind=DutyElement.Kind.CORE).order_by("order"))


def accept(organisation, element, status=Contribution.Status.ACCEPTED):
    return ContributionFactory(organisation=organisation, element=element, status=status)
