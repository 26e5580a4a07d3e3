"""The Duty compliance checklist: seven lines, each met or not (the review also "due soon"),
with a date, why, and a link to the evidence, each tested on its own. The summary beside them
is in test_compliance_summary.py."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from assessments.models import Assessment, Contribution, LocalDefinition, financial_year
from oversight import selectors
from strategies.models import Consultation, Review, SignOff
from tests.factories import AssessmentFactory, MembershipFactory, OrganisationFactory
from tests.oversight.compliance_stories import (
    DUE_SOON,
    MET,
    NOT_MET,
    TODAY,
    accept,
    core_elements,
    published_strategy,
    url,
)


def checklist(partnership, today=TODAY) -> dict:
    compliance = selectors.compliance(partnership=partnership, today=today)
    return {line.key: line for line in compliance.lines}


def line(partnership, key, today=TODAY):
    return checklist(partnership, today)[key]


def test_the_financial_year_runs_from_april_to_march():
    assert financial_year(datetime.date(2026, 4, 1)) == "2026/27"
    assert financial_year(datetime.date(2027, 3, 31)) == "2026/27"
    assert financial_year(datetime.date(2026, 3, 31)) == "2025/26"
    assert financial_year(datetime.date(2099, 12, 1)) == "2099/00"


# --- 1. The local definition ----------------------------------------------------------------------


@pytest.mark.django_db
def test_without_an_agreed_local_definition_the_first_line_is_not_met(partnership):
    with scopes_disabled():
        LocalDefinition.objects.create(partnership=partnership, version=1, summary="Draft")

    definition = line(partnership, "definition")

    assert definition.status == NOT_MET
    assert definition.explanation == "No local definition has been agreed yet"
    assert definition.url == url("definition")


@pytest.mark.django_db
def test_an_agreed_local_definition_meets_the_first_line_with_its_date(partnership):
    with scopes_disabled():
        LocalDefinition.objects.create(
            partnership=partnership,
            version=2,
            summary="Violence that causes serious harm.",
            status=LocalDefinition.Status.AGREED,
            agreed_on=datetime.date(2026, 3, 1),
        )

    definition = line(partnership, "definition")

    assert definition.status == MET
    assert definition.on == datetime.date(2026, 3, 1)
    assert definition.explanation == "Version 2 agreed on 1 March 2026"


# --- 2. The SNA for this financial year -----------------------------------------------------------


@pytest.mark.django_db
def test_an_sna_agreed_for_this_financial_year_meets_the_second_line(partnership, sna):
    with scopes_disabled():
        Assessment.objects.filter(pk=sna.pk).update(agreed_on=datetime.date(2026, 6, 30))

    assessment = line(partnership, "assessment")

    assert assessment.status == MET
    assert assessment.title == "Strategic needs assessment agreed for 2026/27"
    assert assessment.on == datetime.date(2026, 6, 30)
    assert assessment.url == url("assessment")


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["draft", "in_review"])
def test_an_sna_not_yet_agreed_leaves_the_second_line_not_met(partnership, status):
    AssessmentFactory(partnership=partnership, period="2026/27", status=status)

    assert line(partnership, "assessment").status == NOT_MET


@pytest.mark.django_db
def test_last_years_agreed_sna_does_not_meet_the_second_line(partnership):
    AssessmentFactory(partnership=partnership, period="2025/26", status="published")

    assessment = line(partnership, "assessment")

    assert assessment.status == NOT_MET
    assert assessment.explanation == "There is no SNA for 2026/27 yet"


# --- 3. The strategy published --------------------------------------------------------------------


@pytest.mark.django_db
def test_a_published_strategy_covering_this_year_meets_the_third_line(partnership, sna):
    strategy = published_strategy(partnership, sna)

    published = line(partnership, "strategy")

    assert published.status == MET
    assert published.on == datetime.date(2026, 5, 1)
    assert published.explanation == "Published on 1 May 2026"
    assert published.url == url("strategies-detail", strategy.pk)


@pytest.mark.django_db
def test_a_draft_strategy_leaves_the_third_line_not_met(partnership, strategy):
    published = line(partnership, "strategy")

    assert published.status == NOT_MET
    assert "not published yet" in published.explanation


@pytest.mark.django_db
def test_a_published_strategy_for_past_years_leaves_the_third_line_not_met(partnership):
    published_strategy(partnership, start_period="2023/24", end_period="2025/26")

    published = line(partnership, "strategy")

    assert published.status == NOT_MET
    assert published.explanation == "The published strategy covers 2023/24 to 2025/26, not 2026/27"


# --- 4. Reviewed within 12 months -----------------------------------------------------------------


@pytest.mark.django_db
def test_a_strategy_published_within_the_year_meets_the_fourth_line(partnership, sna):
    strategy = published_strategy(partnership, sna)

    reviewed = line(partnership, "review")

    assert reviewed.status == MET
    assert reviewed.on == datetime.date(2026, 5, 1)
    assert "next review due by 1 May 2027" in reviewed.explanation
    assert reviewed.url == url("reviews", strategy.pk)


@pytest.mark.django_db
def test_a_review_due_within_60_days_is_flagged_as_due_soon(partnership, sna):
    published_strategy(partnership, sna)

    reviewed = line(partnership, "review", today=datetime.date(2027, 3, 15))

    assert reviewed.status == DUE_SOON
    assert reviewed.is_met


@pytest.mark.django_db
def test_an_overdue_review_leaves_the_fourth_line_not_met(partnership, sna):
    published_strategy(partnership, sna)

    reviewed = line(partnership, "review", today=datetime.date(2027, 5, 2))

    assert reviewed.status == NOT_MET
    assert "overdue" in reviewed.explanation


@pytest.mark.django_db
def test_a_completed_review_within_the_year_counts_from_its_own_date(partnership, sna):
    published_strategy(
        partnership,
        sna,
        published_on=datetime.date(2025, 4, 1),
        last_reviewed_on=datetime.date(2026, 3, 1),
        next_review_due=datetime.date(2027, 3, 1),
    )

    reviewed = line(partnership, "review")

    assert reviewed.status == MET
    assert reviewed.on == datetime.date(2026, 3, 1)
    assert reviewed.explanation.startswith("Last reviewed on 1 March 2026")


@pytest.mark.django_db
def test_without_a_published_strategy_there_is_nothing_reviewed(partnership, strategy):
    reviewed = line(partnership, "review")

    assert reviewed.status == NOT_MET
    assert reviewed.explanation == "There is no published strategy to review yet"


# --- 5. Accountable representatives ---------------------------------------------------------------


@pytest.mark.django_db
def test_every_specified_authority_with_an_accountable_person_meets_the_fifth_line(
    partnership, lead, police
):
    MembershipFactory(organisation=police, accountable=True)

    accountable = line(partnership, "accountable")

    assert accountable.status == MET
    assert accountable.missing == []
    assert accountable.url == url("representation")


@pytest.mark.django_db
def test_a_specified_authority_without_an_accountable_person_is_named(partnership, lead, police):
    accountable = line(partnership, "accountable")

    assert accountable.status == NOT_MET
    assert accountable.missing == ["Northshire Police"]


@pytest.mark.django_db
def test_a_partnership_without_specified_authorities_does_not_meet_the_fifth_line(partnership, vcs):
    accountable = line(partnership, "accountable")

    assert accountable.status == NOT_MET
    assert accountable.explanation == "The partnership has no specified authorities yet"


# --- 6. Contributions to the core elements --------------------------------------------------------


@pytest.mark.django_db
def test_accepted_evidence_for_each_core_element_meets_the_sixth_line(partnership, council):
    for element in core_elements():
        accept(council, element)

    contributions = line(partnership, "contributions")

    assert contributions.status == MET
    assert contributions.url == url("matrix")


@pytest.mark.django_db
def test_a_core_element_without_accepted_evidence_is_listed(partnership, council, police):
    sna_element, strategy_element, review_element = core_elements()
    for organisation in (council, police):
        accept(organisation, sna_element)
        accept(organisation, strategy_element)
    accept(council, review_element)
    accept(police, review_element, status=Contribution.Status.SUBMITTED)  # not accepted yet

    contributions = line(partnership, "contributions")

    assert contributions.status == NOT_MET
    assert contributions.missing == ["Northshire Police: Review"]


@pytest.mark.django_db
def test_signing_off_the_strategy_and_taking_part_in_its_review_count_as_evidence(
    partnership, council
):
    sna_element, _strategy_element, _review_element = core_elements()
    accept(council, sna_element)
    strategy = published_strategy(partnership)
    with scopes_disabled():
        SignOff.objects.create(
            partnership=partnership,
            strategy=strategy,
            version=1,
            organisation=council,
            decision=SignOff.Decision.APPROVED,
            body="Cabinet",
            decided_on=datetime.date(2026, 4, 20),
        )
        review = Review.objects.create(
            partnership=partnership,
            strategy=strategy,
            reviewed_on=datetime.date(2026, 8, 1),
            completed_at=timezone.now(),
        )
        review.participants.set([council])

    assert line(partnership, "contributions").status == MET


@pytest.mark.django_db
def test_an_unfinished_review_and_a_refused_sign_off_are_not_evidence(partnership, council):
    sna_element, _strategy_element, _review_element = core_elements()
    accept(council, sna_element)
    strategy = published_strategy(partnership)
    with scopes_disabled():
        SignOff.objects.create(
            partnership=partnership,
            strategy=strategy,
            version=1,
            organisation=council,
            decision=SignOff.Decision.NOT_APPROVED,
            body="Cabinet",
            decided_on=datetime.date(2026, 4, 20),
        )
        review = Review.objects.create(
            partnership=partnership, strategy=strategy, reviewed_on=datetime.date(2026, 8, 1)
        )
        review.participants.set([council])

    assert line(partnership, "contributions").missing == [
        "Northshire County Council: Response strategy, Review"
    ]


# --- 7. Relevant authorities consulted ------------------------------------------------------------


@pytest.mark.django_db
def test_a_partnership_with_no_relevant_authority_is_told_so(partnership, strategy):
    consulted = line(partnership, "consulted")

    assert consulted.status == NOT_MET
    assert consulted.explanation == (
        "No educational, prison or youth custody authority is recorded for the area yet"
    )


@pytest.mark.django_db
def test_every_relevant_authority_consulted_meets_the_seventh_line(partnership, strategy):
    school = OrganisationFactory(
        partnership=partnership, name="Northshire Schools Trust", sector_slug="education"
    )
    prison = OrganisationFactory(
        partnership=partnership, name="HMP Northshire", sector_slug="prisons-and-secure-estate"
    )
    with scopes_disabled():
        for organisation in (school, prison):
            Consultation.objects.create(
                partnership=partnership,
                strategy=strategy,
                organisation=organisation,
                invited_on=datetime.date(2026, 2, 1),
            )

    consulted = line(partnership, "consulted")

    assert consulted.status == MET
    assert consulted.url == url("consultations", strategy.pk)


@pytest.mark.django_db
def test_a_relevant_authority_not_consulted_is_named(partnership, strategy):
    school = OrganisationFactory(
        partnership=partnership, name="Northshire Schools Trust", sector_slug="education"
    )
    OrganisationFactory(
        partnership=partnership, name="HMP Northshire", sector_slug="prisons-and-secure-estate"
    )
    with scopes_disabled():
        Consultation.objects.create(
            partnership=partnership,
            strategy=strategy,
            organisation=school,
            invited_on=datetime.date(2026, 2, 1),
        )

    consulted = line(partnership, "consulted")

    assert consulted.status == NOT_MET
    assert consulted.missing == ["HMP Northshire"]


@pytest.mark.django_db
def test_consultation_on_a_superseded_strategy_does_not_count(partnership, sna):
    school = OrganisationFactory(partnership=partnership, sector_slug="education")
    old = published_strategy(
        partnership, start_period="2023/24", end_period="2025/26", status="superseded"
    )
    published_strategy(partnership, sna)
    with scopes_disabled():
        Consultation.objects.create(
            partnership=partnership, strategy=old, organisation=school, invited_on=TODAY
        )

    assert line(partnership, "consulted").status == NOT_MET


@pytest.mark.django_db
def test_the_checklist_asks_for_distinct_pairs_without_a_default_order(partnership, lead):
    # A model's default order joins a DISTINCT: at national scale the "which organisations
    # contributed to which element" question returned every accepted contribution instead.

    with CaptureQueriesContext(connection) as queries:
        selectors.compliance(partnership=partnership, today=timezone.localdate())

    distinct = [q["sql"] for q in queries.captured_queries if "SELECT DISTINCT" in q["sql"]]
    assert distinct
    assert all("ORDER BY" not in sql for sql in distinct), distinct
