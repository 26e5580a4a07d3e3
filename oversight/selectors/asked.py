"""What is asked of a duty partner's organisation, for the top of their dashboard: calls it has
still to answer, its drafts and returned contributions, and the actions due an update; and, for
a newcomer, who they are here and where to start."""

import datetime
from dataclasses import dataclass, field

from assessments import selectors as assessment_selectors
from assessments.models import Call, Contribution
from partnerships.access import Actor
from partnerships.member_cache import for_member
from partnerships.models import Membership
from partnerships.roles import Permission
from strategies import selectors as strategy_selectors
from strategies.models import Action

# A member counts as new, and is welcomed, for this long after they join.
NEWCOMER_FOR = datetime.timedelta(days=14)
# The dashboard lists this many of each kind, first to do first; the to-do page and the actions
# list hold the rest. (A big organisation has hundreds of drafts and actions: listing them all
# made the dashboard the slowest page at national scale, and no easier to act on.)
SHOWN_OF_EACH = 5


@dataclass
class AskedOfYou:
    """What one member's organisation is asked for now, each kind in the order to do it: every
    call to answer, and the first SHOWN_OF_EACH of the rest with how many there are of each."""

    membership: Membership
    is_newcomer: bool
    calls: list[Call] = field(default_factory=list)
    returned: list[Contribution] = field(default_factory=list)
    drafts: list[Contribution] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    returned_total: int = 0
    drafts_total: int = 0
    actions_total: int = 0

    @property
    def count(self) -> int:
        return len(self.calls) + self.returned_total + self.drafts_total + self.actions_total

    @property
    def calls_shown(self) -> list[Call]:
        return self.calls[:SHOWN_OF_EACH]

    @property
    def returned_shown(self) -> list[Contribution]:
        return self.returned[:SHOWN_OF_EACH]

    @property
    def drafts_shown(self) -> list[Contribution]:
        return self.drafts[:SHOWN_OF_EACH]

    @property
    def actions_shown(self) -> list[Action]:
        return self.actions[:SHOWN_OF_EACH]

    @property
    def not_shown(self) -> int:
        """How many things asked are left off the dashboard's list."""
        shown = (self.calls_shown, self.returned_shown, self.drafts_shown, self.actions_shown)
        return self.count - sum(len(items) for items in shown)

    @property
    def first(self) -> tuple[str, Call | Contribution | Action] | None:
        """The first thing to do, with its kind for the link: an unanswered call, else returned
        work, a draft, an action due an update."""
        kinds = (
            ("call", self.calls),
            ("contribution", self.returned),
            ("contribution", self.drafts),
            ("action", self.actions),
        )
        for kind, items in kinds:
            if items:
                return kind, items[0]
        return None

    @property
    def roles(self) -> list[str]:
        """The member's portal role and Duty roles, in words, for the welcome."""
        membership = self.membership
        return [str(membership.get_portal_role_display()), *membership.get_duty_roles_display()]


def asked_of_you(*, actor: Actor, today: datetime.date) -> AskedOfYou:
    """What is asked of the actor's organisation, in five queries at most however many items,
    reading only the rows the dashboard shows and counting the rest.

    Reuses the to-do list (calls addressed to the organisation or the member's Duty role that
    the organisation has not answered, soonest due and so overdue first; its own drafts and
    returned contributions, only for those who contribute) and reads the actions only for
    those who may see the strategy.
    """
    membership = actor.membership
    todo = assessment_selectors.todo_list(actor=actor, limit=SHOWN_OF_EACH)
    actions, actions_total = [], 0
    if actor.may(Permission.VIEW_STRATEGY):
        # Kept for the member until the partnership's records change (or the day does, which
        # makes updates due): with the to-do list, most of a duty partner's dashboard's time.
        actions, actions_total = for_member(
            actor, "actions-needing-update", lambda: _actions_needing_update(actor, today), today
        )
    return AskedOfYou(
        membership=membership,
        is_newcomer=membership.started_on > today - NEWCOMER_FOR,
        calls=todo.calls,
        returned=todo.returned,
        drafts=todo.drafts,
        actions=actions,
        returned_total=todo.returned_total,
        drafts_total=todo.drafts_total,
        actions_total=actions_total,
    )


def _actions_needing_update(actor: Actor, today: datetime.date) -> tuple[list[Action], int]:
    """The first few actions the actor's organisation should update, and how many there are."""
    needing = strategy_selectors.actions_needing_update(
        partnership=actor.partnership,
        organisation_id=actor.membership.organisation_id,
        today=today,
    )
    return list(needing[:SHOWN_OF_EACH]), needing.count()
