"""What waits on the people who run a partnership, for the top of the lead's dashboard: work
submitted for review, a strategy ready to agree or publish, actions a relevant authority
declined, an overdue annual review and missing Duty roles. Each is something only they can
move on, so it comes before the partnership's figures."""

import datetime
from dataclasses import dataclass, field

from assessments import selectors as assessment_selectors
from assessments.models import Contribution
from partnerships.access import Actor
from partnerships.member_cache import for_member
from partnerships.roles import Permission
from strategies import selectors as strategy_selectors
from strategies.models import Action, Strategy

from .compliance import Compliance

# The dashboard lists this many contributions to review; the "To do" page has them all.
REVIEWS_SHOWN = 5


@dataclass
class StrategyDecision:
    """Where the current strategy waits on the lead: `step` is "agree" (every specified authority
    has signed off), "chase" (some have not yet) or "publish" (agreed, not yet published)."""

    strategy: Strategy
    step: str
    outstanding: int = 0


@dataclass
class Decisions:
    """What needs a decision from the person, each kind in the order to take it."""

    to_review: list[Contribution] = field(default_factory=list)
    to_review_count: int = 0
    strategy: StrategyDecision | None = None
    declined: list[Action] = field(default_factory=list)
    review_overdue_on: datetime.date | None = None
    review_strategy: Strategy | None = None
    missing_roles: int = 0
    off_track: int = 0

    @property
    def count(self) -> int:
        return (
            self.to_review_count
            + (self.strategy is not None)
            + len(self.declined)
            + (self.review_overdue_on is not None)
            + (self.missing_roles > 0)
            + (self.off_track > 0)
        )


def decisions_for(*, actor: Actor, compliance: Compliance | None) -> Decisions | None:
    """What waits on the actor, or None for someone who decides nothing here (a duty partner,
    an observer, a convener). At most five queries beyond the Duty checklist the dashboard has
    read already (`compliance`), however many items."""
    may_review = actor.may(Permission.REVIEW_CONTRIBUTIONS)
    may_run_strategy = actor.may(Permission.MANAGE_STRATEGY)
    if not (may_review or may_run_strategy):
        return None
    decisions = Decisions()
    strategy = compliance.strategy if may_run_strategy and compliance is not None else None
    # What the rows say is kept for the member until the partnership's records change: read
    # afresh, the reviews and declined actions were a fifth of the lead's dashboard.
    decisions.to_review_count, decisions.to_review, decisions.declined = for_member(
        actor,
        "decisions",
        lambda: _waiting(actor, may_review=may_review, strategy=strategy),
        strategy.pk if strategy is not None else "",
    )
    if may_run_strategy and compliance is not None:
        decisions.strategy = _strategy_decision(strategy) if strategy is not None else None
        if compliance.review is not None and compliance.review.is_overdue:
            decisions.review_overdue_on = compliance.review.due_on
            decisions.review_strategy = strategy
        decisions.off_track = compliance.off_track
    if actor.may(Permission.MANAGE_MEMBERS) and compliance is not None:
        decisions.missing_roles = compliance.gaps.missing_count
    return decisions


def _waiting(
    actor: Actor, *, may_review: bool, strategy: Strategy | None
) -> tuple[int, list[Contribution], list[Action]]:
    """How many contributions wait for the actor's review and the first few, and the
    strategy's actions a relevant authority declined."""
    count, to_review, declined = 0, [], []
    if may_review:
        waiting = assessment_selectors.contributions_to_review(actor=actor)
        # A count and the first few, each read along the review index. (A window count over
        # the list instead made the database join all 2,041 waiting in the big partnership.)
        count = waiting.count()
        to_review = list(waiting[:REVIEWS_SHOWN])
    if strategy is not None:
        declined = list(
            strategy.actions.filter(
                relevant_authority_response=Action.Response.DECLINED
            ).select_related("relevant_authority")
        )
    return count, to_review, declined


def _strategy_decision(strategy: Strategy) -> StrategyDecision | None:
    if strategy.status == Strategy.Status.AGREED:
        return StrategyDecision(strategy=strategy, step="publish")
    if strategy.status == Strategy.Status.CONSULTATION:
        outstanding = len(strategy_selectors.sign_off_status(strategy=strategy).outstanding)
        step = "chase" if outstanding else "agree"
        return StrategyDecision(strategy=strategy, step=step, outstanding=outstanding)
    return None
