"""The strategy's lifecycle: out for consultation, agreed once every specified authority has
signed off, published (frozen) with its next review due, revised and superseded."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from partnerships.models import AuditEntry
from strategies import services
from strategies.lifecycles import STRATEGY_LIFECYCLE
from strategies.models import SignOff, StrategyVersion
from tests.factories import StrategyFactory
from tests.strategies.strategy_stories import S, add_priority, sign_off, with_status


def noon_on(day: datetime.date) -> datetime.datetime:
    """Midday in the portal's time zone on `day`, for travelling there with time_machine."""
    return datetime.datetime.combine(day, datetime.time(12), zoneinfo.ZoneInfo("Europe/London"))


def move(strategy, status, user, reason=""):
    with scopes_disabled():
        return services.strategy_transition(
            strategy=strategy, status=status, acting_user=user, reason=reason
        )


@pytest.fixture
def agreeable(strategy, council):
    """The draft strategy with a priority, signed off by the only specified authority."""
    add_priority(strategy, title="Knife crime in the town centre")
    sign_off(strategy, council)
    return strategy


# --- Moving it on -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_draft_goes_out_for_consultation(lead, strategy):
    assert move(strategy, S.CONSULTATION, lead).status == S.CONSULTATION


@pytest.mark.django_db
@pytest.mark.parametrize("source", [S.DRAFT, S.CONSULTATION, S.UNDER_REVIEW])
def test_a_signed_off_strategy_is_agreed_from_draft_consultation_or_revision(
    lead, agreeable, source
):
    with_status(agreeable, source)

    strategy = move(agreeable, S.AGREED, lead)

    assert strategy.status == S.AGREED


@pytest.mark.django_db
def test_agreeing_records_the_date(lead, agreeable, time_machine):
    time_machine.move_to(noon_on(datetime.date(2026, 6, 10)), tick=False)

    assert move(agreeable, S.AGREED, lead).agreed_on == datetime.date(2026, 6, 10)


@pytest.mark.django_db
def test_an_agreed_strategy_is_reopened_as_a_draft(lead, strategy):
    with_status(strategy, S.AGREED)

    assert move(strategy, S.DRAFT, lead, reason="The police asked for changes").status == S.DRAFT


@pytest.mark.django_db
def test_a_reopened_revision_goes_back_to_being_revised_while_the_published_version_stays(
    lead, strategy
):
    with_status(strategy, S.AGREED, version=2, published_on=datetime.date(2026, 4, 1))

    assert move(strategy, S.DRAFT, lead).status == S.UNDER_REVIEW


@pytest.mark.django_db
def test_an_agreed_strategy_is_published(lead, strategy):
    with_status(strategy, S.AGREED)

    strategy = move(strategy, S.PUBLISHED, lead)

    assert strategy.status == S.PUBLISHED
    with scopes_disabled():
        assert StrategyVersion.objects.get(strategy=strategy).number == 1


@pytest.mark.django_db
def test_starting_a_revision_makes_a_new_version(lead, strategy):
    with_status(strategy, S.PUBLISHED)

    strategy = move(strategy, S.UNDER_REVIEW, lead)

    assert (strategy.status, strategy.version) == (S.UNDER_REVIEW, 2)


@pytest.mark.django_db
@pytest.mark.parametrize("source", [S.PUBLISHED, S.UNDER_REVIEW])
def test_a_published_or_revised_strategy_is_superseded(lead, strategy, source):
    with_status(strategy, source)

    assert move(strategy, S.SUPERSEDED, lead).status == S.SUPERSEDED


ALLOWED = {
    (S.DRAFT, S.CONSULTATION),
    (S.DRAFT, S.AGREED),
    (S.CONSULTATION, S.AGREED),
    (S.UNDER_REVIEW, S.AGREED),
    (S.AGREED, S.DRAFT),
    (S.AGREED, S.PUBLISHED),
    (S.PUBLISHED, S.UNDER_REVIEW),
    (S.PUBLISHED, S.SUPERSEDED),
    (S.UNDER_REVIEW, S.SUPERSEDED),
}
REFUSED = [(a, b) for a in S.values for b in S.values if (a, b) not in ALLOWED]


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), REFUSED)
def test_every_other_move_is_refused(lead, agreeable, source, target):
    with_status(agreeable, source)

    with pytest.raises(ValidationError) as refused:
        move(agreeable, target, lead)

    assert "so it cannot be marked" in str(refused.value)
    agreeable.refresh_from_db()
    assert agreeable.status == source


def test_the_service_allows_exactly_the_moves_in_the_lifecycle():
    allowed = {
        (source, transition.to)
        for transition in STRATEGY_LIFECYCLE.transitions
        for source in transition.sources
    }

    assert allowed == ALLOWED


@pytest.mark.django_db
def test_each_move_lands_on_the_activity_timeline_with_its_reason(lead, partnership, strategy):
    with_status(strategy, S.AGREED)

    move(strategy, S.DRAFT, lead, reason="The police asked for changes")

    with scopes_disabled():
        entry = AuditEntry.objects.filter(subject_type="strategy").latest("occurred_at")
    assert entry.summary == "Strategy reopened for changes (The police asked for changes)"
    assert entry.actor == lead


# --- The sign-off rule ------------------------------------------------------------------------


@pytest.mark.django_db
def test_agreeing_is_refused_while_a_specified_authority_has_not_signed_off(lead, strategy, police):
    add_priority(strategy)

    with pytest.raises(ValidationError) as refused:
        move(strategy, S.AGREED, lead)

    message = str(refused.value)
    assert "Still to sign off: Northshire County Council, Northshire Police" in message
    strategy.refresh_from_db()
    assert (strategy.status, strategy.agreed_on) == (S.DRAFT, None)


@pytest.mark.django_db
def test_agreeing_names_only_the_organisations_still_outstanding(lead, strategy, police, council):
    add_priority(strategy)
    sign_off(strategy, council)

    with pytest.raises(ValidationError) as refused:
        move(strategy, S.AGREED, lead)

    assert "Still to sign off: Northshire Police" in str(refused.value)
    assert "Northshire County Council" not in str(refused.value)


@pytest.mark.django_db
def test_a_decision_not_to_approve_does_not_count_as_signed_off(lead, strategy, council):
    add_priority(strategy)
    sign_off(strategy, council, decision=SignOff.Decision.NOT_APPROVED)

    with pytest.raises(ValidationError) as refused:
        move(strategy, S.AGREED, lead)

    assert "Still to sign off: Northshire County Council" in str(refused.value)


@pytest.mark.django_db
def test_a_strategy_is_agreed_when_the_lead_records_why_an_authority_has_not_signed(
    lead, strategy, council
):
    add_priority(strategy)
    sign_off(strategy, council, decision=SignOff.Decision.NOT_SIGNED)

    assert move(strategy, S.AGREED, lead).status == S.AGREED


@pytest.mark.django_db
def test_partners_who_are_not_specified_authorities_need_not_sign_off(lead, agreeable, opcc, vcs):
    assert move(agreeable, S.AGREED, lead).status == S.AGREED


@pytest.mark.django_db
def test_a_strategy_without_priorities_cannot_be_agreed(lead, strategy, council):
    sign_off(strategy, council)

    with pytest.raises(ValidationError) as refused:
        move(strategy, S.AGREED, lead)

    assert "Add at least one priority" in str(refused.value)


@pytest.mark.django_db
def test_a_revision_needs_every_sign_off_again_for_the_new_version(lead, agreeable):
    move(agreeable, S.AGREED, lead)
    move(agreeable, S.PUBLISHED, lead)
    move(agreeable, S.UNDER_REVIEW, lead)

    with pytest.raises(ValidationError) as refused:
        move(agreeable, S.AGREED, lead)

    assert "sign off version 2" in str(refused.value)
    assert "Still to sign off: Northshire County Council" in str(refused.value)


@pytest.mark.django_db
def test_a_revision_signed_off_again_is_agreed(lead, agreeable, council):
    move(agreeable, S.AGREED, lead)
    move(agreeable, S.PUBLISHED, lead)
    move(agreeable, S.UNDER_REVIEW, lead)
    sign_off(agreeable, council, version=2)

    assert move(agreeable, S.AGREED, lead).status == S.AGREED


# --- Publishing -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_next_review_is_due_twelve_months_after_publication(lead, strategy, time_machine):
    time_machine.move_to(noon_on(datetime.date(2026, 7, 1)), tick=False)
    with_status(strategy, S.AGREED)

    strategy = move(strategy, S.PUBLISHED, lead)

    assert strategy.published_on == datetime.date(2026, 7, 1)
    assert strategy.next_review_due == datetime.date(2027, 7, 1)


@pytest.mark.django_db
def test_an_earlier_review_date_already_set_is_kept_on_publishing(lead, strategy, time_machine):
    time_machine.move_to(noon_on(datetime.date(2026, 7, 1)), tick=False)
    with_status(strategy, S.AGREED, next_review_due=datetime.date(2027, 1, 31))

    assert move(strategy, S.PUBLISHED, lead).next_review_due == datetime.date(2027, 1, 31)


@pytest.mark.django_db
def test_publishing_supersedes_the_partnerships_previous_published_strategy(
    lead, partnership, sna, strategy
):
    previous = StrategyFactory(
        partnership=partnership,
        assessment=sna,
        title="Northshire strategy 2023 to 2026",
        start_period="2023/24",
        end_period="2025/26",
        status=S.PUBLISHED,
    )
    with_status(strategy, S.AGREED)

    move(strategy, S.PUBLISHED, lead)

    previous.refresh_from_db()
    assert previous.status == S.SUPERSEDED


@pytest.mark.django_db
def test_publishing_leaves_drafts_of_other_periods_alone(lead, partnership, sna, strategy):
    other = StrategyFactory(
        partnership=partnership, assessment=sna, start_period="2029/30", end_period="2029/30"
    )
    with_status(strategy, S.AGREED)

    move(strategy, S.PUBLISHED, lead)

    other.refresh_from_db()
    assert other.status == S.DRAFT
