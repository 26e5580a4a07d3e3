"""Signing off the response strategy and taking part in a completed annual review count as
"Engaged" in the engagement matrix, for the response strategy and for reviewing it: the same
evidence the Duty checklist's core-elements line counts, so the two never disagree."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from oversight import selectors
from strategies.models import Review, SignOff, Strategy
from tests.factories import StrategyFactory


@pytest.fixture
def published(strategy):
    with scopes_disabled():
        Strategy.objects.filter(pk=strategy.pk).update(status=Strategy.Status.PUBLISHED)
    return strategy


def sign_off(strategy, organisation, decision=SignOff.Decision.APPROVED) -> SignOff:
    with scopes_disabled():
        return SignOff.objects.create(
            partnership=strategy.partnership,
            strategy=strategy,
            version=1,
            organisation=organisation,
            decision=decision,
            body="Cabinet",
            decided_on=datetime.date(2026, 4, 20),
        )


def review(strategy, *participants, completed=True) -> Review:
    with scopes_disabled():
        done = Review.objects.create(
            partnership=strategy.partnership,
            strategy=strategy,
            reviewed_on=datetime.date(2026, 8, 1),
            completed_at=timezone.now() if completed else None,
        )
        done.participants.set(participants)
    return done


def cells(partnership, organisation) -> dict[str, str]:
    with scopes_disabled():
        _elements, rows = selectors.engagement_matrix(partnership=partnership)
    row = next(r for r in rows if r.organisation == organisation)
    return {element.slug: level for element, level in row.cells}


def cell_html(page: str, organisation, column: int) -> str:
    row = page.split(f"{organisation.name}\n", 1)[1].split("</tr>", 1)[0]
    return " ".join(row.split('<td class="govuk-table__cell">')[column].split("</td>")[0].split())


@pytest.mark.django_db
def test_an_approved_sign_off_counts_for_the_response_strategy(partnership, published, council):
    sign_off(published, council, decision=SignOff.Decision.APPROVED_WITH_CHANGES)

    assert cells(partnership, council)["response-strategy"] == "engaged"


@pytest.mark.django_db
def test_a_refused_sign_off_does_not_count(partnership, published, council):
    sign_off(published, council, decision=SignOff.Decision.NOT_APPROVED)

    assert cells(partnership, council)["response-strategy"] == "none"


@pytest.mark.django_db
def test_taking_part_in_a_completed_review_counts_for_reviewing_the_strategy(
    partnership, published, council, police
):
    review(published, council)
    review(published, police, completed=False)

    assert cells(partnership, council)["review-response-strategy"] == "engaged"
    assert cells(partnership, police)["review-response-strategy"] == "none"


@pytest.mark.django_db
def test_another_partnerships_strategy_records_do_not_count(
    partnership, other_partnership, council
):
    elsewhere = StrategyFactory(partnership=other_partnership)
    with scopes_disabled():
        Review.objects.create(
            partnership=other_partnership,
            strategy=elsewhere,
            reviewed_on=datetime.date(2026, 8, 1),
            completed_at=timezone.now(),
        )

    assert set(cells(partnership, council).values()) == {"none"}


@pytest.mark.django_db
def test_the_cells_say_what_the_evidence_is(client_for, lead, partnership, published, council):
    sign_off(published, council)
    review(published, council)

    page = client_for(lead).get(reverse("tenant:matrix", args=["northshire"])).content.decode()

    # The response strategy and its review are the second and third element columns.
    strategy_cell, review_cell = cell_html(page, council, 2), cell_html(page, council, 3)
    assert "strategy sign-off" in strategy_cell
    assert "signed off the response strategy, most recently on 20 April 2026" in strategy_cell
    assert "annual review" in review_cell
    assert "took part in the annual review completed on" in review_cell
    assert "status=accepted" not in strategy_cell + review_cell


@pytest.mark.django_db
def test_the_matrix_and_the_duty_checklist_agree(partnership, published, council):
    sign_off(published, council)
    review(published, council)

    matrix = cells(partnership, council)
    with scopes_disabled():
        compliance = selectors.compliance(partnership=partnership, today=timezone.localdate())
    core_line = next(line for line in compliance.lines if line.key == "contributions")

    assert matrix["response-strategy"] == matrix["review-response-strategy"] == "engaged"
    assert matrix["strategic-needs-assessment"] == "none"
    assert core_line.missing == ["Northshire County Council: SNA"]
