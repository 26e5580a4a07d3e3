"""The checklist's summary: how many lines are met, the current strategy's actions by status,
and the next deadlines; then the reads are counted."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from assessments.models import Call, LocalDefinition
from oversight import selectors
from strategies.models import Consultation, Strategy
from tests.factories import (
    ActionFactory,
    AssessmentFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PriorityFactory,
)
from tests.oversight.compliance_stories import (
    NOT_MET,
    TODAY,
    accept,
    core_elements,
    published_strategy,
    url,
)

# --- Counts, actions and deadlines ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_met_count_counts_lines_met_or_due_soon(partnership, lead, council, sna):
    published_strategy(partnership, sna)

    compliance = selectors.compliance(partnership=partnership, today=datetime.date(2027, 3, 15))

    # SNA, strategy, review (due soon) and the council's accountable person; and, traced, no
    # action without a measure (there are none) and both findings answered by the
    # recommendation (which no priority takes forward yet: not met); the council is party to no
    # data sharing agreement (not met)
    assert compliance.met_count == 6
    assert compliance.total == 11


@pytest.mark.django_db
def test_actions_are_counted_by_status_for_the_current_strategy(partnership, sna, police):
    strategy = published_strategy(partnership, sna)
    priority = PriorityFactory(strategy=strategy)
    for status in ["on_track", "on_track", "off_track", "complete"]:
        ActionFactory(priority=priority, lead_organisation=police, status=status)
    old = published_strategy(
        partnership, start_period="2023/24", end_period="2025/26", status="superseded"
    )
    ActionFactory(
        priority=PriorityFactory(strategy=old), lead_organisation=police, status="off_track"
    )

    compliance = selectors.compliance(partnership=partnership, today=TODAY)

    counts = {count.status: count.count for count in compliance.action_counts}
    assert counts == {
        "not_started": 0,
        "on_track": 2,
        "at_risk": 0,
        "off_track": 1,
        "complete": 1,
        "cancelled": 0,
    }
    assert compliance.off_track == 1


@pytest.mark.django_db
def test_the_next_deadlines_are_the_review_then_the_soonest_calls_and_actions(
    partnership, sna, police
):
    strategy = published_strategy(partnership, sna)
    priority = PriorityFactory(strategy=strategy)
    for days in range(10, 80, 10):  # seven unfinished actions, due in 10 to 70 days
        ActionFactory(
            priority=priority,
            lead_organisation=police,
            title=f"Due in {days} days",
            due_on=TODAY + datetime.timedelta(days=days),
        )
    ActionFactory(
        priority=priority, lead_organisation=police, title="Done", status="complete", due_on=TODAY
    )
    with scopes_disabled():
        call = Call.objects.create(
            partnership=partnership,
            title="Knife crime figures",
            questions="Quarterly figures.",
            period="2026/27",
            due_on=TODAY + datetime.timedelta(days=25),
            audience=Call.Audience.ORGANISATIONS,
        )
        Call.objects.create(
            partnership=partnership,
            title="Closed call",
            questions="-",
            period="2026/27",
            due_on=TODAY + datetime.timedelta(days=1),
            audience=Call.Audience.ORGANISATIONS,
            status=Call.Status.CLOSED,
        )

    deadlines = selectors.compliance(partnership=partnership, today=TODAY).deadlines

    assert [(d.kind, d.title) for d in deadlines] == [
        ("review", "Northshire Serious Violence Strategy"),
        ("action", "Due in 10 days"),
        ("action", "Due in 20 days"),
        ("call", "Knife crime figures"),
        ("action", "Due in 30 days"),
        ("action", "Due in 40 days"),
    ]
    assert deadlines[0].due_on == datetime.date(2027, 5, 1)
    assert deadlines[3].url == url("calls-detail", call.pk)


@pytest.mark.django_db
def test_nothing_of_another_partnership_is_counted(partnership, other_partnership, lead):
    elsewhere = published_strategy(other_partnership)
    ActionFactory(priority=PriorityFactory(strategy=elsewhere), status="off_track")
    with scopes_disabled():
        LocalDefinition.objects.create(
            partnership=other_partnership,
            version=1,
            summary="Theirs",
            status=LocalDefinition.Status.AGREED,
            agreed_on=TODAY,
        )

    compliance = selectors.compliance(partnership=partnership, today=TODAY)

    assert compliance.strategy is None
    assert compliance.off_track == 0
    assert compliance.lines[0].status == NOT_MET


def _partnership_with_everything(actions: int = 3):
    """A partnership meeting most lines, with a published strategy and actions."""
    partnership = PartnershipFactory()
    council = OrganisationFactory(partnership=partnership, sector_slug="local-authority")
    school = OrganisationFactory(partnership=partnership, sector_slug="education")
    MembershipFactory(organisation=council, portal_role="lead", accountable=True)
    with scopes_disabled():
        LocalDefinition.objects.create(
            partnership=partnership,
            version=1,
            summary="Ours",
            status=LocalDefinition.Status.AGREED,
            agreed_on=TODAY,
        )
    sna = AssessmentFactory(partnership=partnership, period="2026/27", status="agreed")
    strategy = published_strategy(partnership, sna)
    with scopes_disabled():
        Consultation.objects.create(
            partnership=partnership, strategy=strategy, organisation=school, invited_on=TODAY
        )
        Call.objects.create(
            partnership=partnership,
            title="Figures",
            questions="-",
            period="2026/27",
            due_on=TODAY + relativedelta(days=20),
            audience=Call.Audience.ORGANISATIONS,
        )
    for element in core_elements():
        accept(council, element)
    priority = PriorityFactory(strategy=strategy)
    for n in range(actions):
        ActionFactory(
            priority=priority,
            lead_organisation=council,
            status="on_track",
            due_on=TODAY + relativedelta(days=n),
        )
    return partnership


@pytest.mark.django_db
def test_the_checklist_of_12_partnerships_takes_as_many_queries_as_of_3():
    partnerships = [_partnership_with_everything() for _n in range(12)]
    with CaptureQueriesContext(connection) as few:
        few_result = selectors.compliance_for(partnerships=partnerships[:3], today=TODAY)
    with CaptureQueriesContext(connection) as many:
        many_result = selectors.compliance_for(partnerships=partnerships, today=TODAY)

    assert len(many) == len(few)
    assert len(many_result) == 12
    assert len(few_result) == 3
    # Every line but "actions measured": their actions name no measure.
    assert {c.met_count for c in many_result.values()} == {9}


@pytest.mark.django_db
def test_the_checklist_takes_as_many_queries_for_12_actions_as_for_3():
    partnership = _partnership_with_everything(actions=3)
    with CaptureQueriesContext(connection) as few:
        selectors.compliance(partnership=partnership, today=TODAY)
    with scopes_disabled():
        strategy = Strategy.objects.get(partnership=partnership)
    priority = PriorityFactory(strategy=strategy)
    for _n in range(9):
        ActionFactory(priority=priority, status="off_track")
    with CaptureQueriesContext(connection) as many:
        compliance = selectors.compliance(partnership=partnership, today=TODAY)

    assert len(many) == len(few)
    assert compliance.off_track == 9
