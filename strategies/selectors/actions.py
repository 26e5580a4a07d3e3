"""Reads of the strategy's actions: the filtered list in plan order, one action with its
timeline of progress updates, and the organisations and people an action may name."""

import datetime
from collections.abc import Iterable

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from partnerships.models import Membership, Organisation, Sector

from ..models import FINISHED, STALE_AFTER, Action, ActionUpdate, Strategy, StrategyMeasure
from .strategy import current_strategy

# The filter that picks out actions needing attention: past due, or not reported on lately.
ACTION_FLAGS = ("overdue", "stale")


def action_list_strategy(*, partnership, strategy_pk: int | None = None) -> Strategy | None:
    """The strategy whose actions the list shows: the one asked for (404 if it is not this
    partnership's), else the current one, the latest by period that is not superseded."""
    if strategy_pk is not None:
        return get_object_or_404(Strategy.objects.filter(partnership=partnership), pk=strategy_pk)
    return current_strategy(partnership=partnership)


def _flag_q(flag: str, *, today: datetime.date) -> Q:
    open_ = ~Q(status__in=FINISHED)
    if flag == "overdue":
        return open_ & Q(due_on__lt=today)
    cutoff = today - STALE_AFTER
    return open_ & (
        Q(last_update_on__lt=cutoff) | Q(last_update_on__isnull=True, created_at__date__lt=cutoff)
    )


# What the actions list shows of each action (and what its flags are worked out from).
LIST_FIELDS = (
    "partnership_id",
    "strategy_id",
    "title",
    "order",
    "due_on",
    "status",
    "progress",
    "last_update_on",
    "created_at",
    "priority__title",
    "priority__order",
    "priority__partnership_id",
    "lead_organisation__name",
    "lead_organisation__partnership_id",
)


def action_list(
    *,
    partnership,
    strategy: Strategy | None = None,
    status: str = "",
    organisation: Organisation | None = None,
    flag: str = "",
    today: datetime.date | None = None,
):
    """Actions in plan order (priority, then action), filtered, with everything the list shows
    and only that: a constant number of queries however many there are. (The database sorts
    every action of the strategy to find a page: with the texts of each action, its priority and
    its strategy in every row, a 2,000-action plan took 8 ms to sort; narrow rows take 2.)"""
    actions = (
        Action.objects.filter(partnership=partnership)
        .select_related("priority", "lead_organisation")
        .only(*LIST_FIELDS)
        .prefetch_related(
            Prefetch(
                "contributing_organisations",
                queryset=Organisation.objects.only("name", "partnership_id").order_by("name"),
            )
        )
        .order_by("priority__order", "priority_id", "order", "pk")
    )
    if strategy is not None:
        actions = actions.filter(strategy=strategy)
    if status:
        actions = actions.filter(status=status)
    if organisation is not None:
        actions = actions.filter(lead_organisation=organisation)
    if flag in ACTION_FLAGS:
        actions = actions.filter(_flag_q(flag, today=today or timezone.localdate()))
    return actions


def actions_needing_update(*, partnership, organisation_id: int, today: datetime.date):
    """Open actions of a live strategy that the organisation leads or contributes to and that
    are due a progress update: past their due date, or not reported on lately. Soonest due
    first, in one query."""
    involved = Q(lead_organisation_id=organisation_id) | Q(
        pk__in=Action.contributing_organisations.through.objects.filter(
            organisation_id=organisation_id
        ).values("action_id")
    )
    return (
        Action.objects.filter(partnership=partnership)
        .exclude(strategy__status=Strategy.Status.SUPERSEDED)
        .filter(involved)
        .filter(_flag_q("overdue", today=today) | _flag_q("stale", today=today))
        .select_related("lead_organisation")
        .order_by("due_on", "pk")
    )


def action_detail(*, partnership, action_pk: int) -> Action:
    """One action with everything its page shows (404 if it is not this partnership's)."""
    queryset = (
        Action.objects.filter(partnership=partnership)
        .select_related(
            "strategy",
            "priority",
            "lead_organisation",
            "lead_person__user",
            "lead_person__organisation",
            "element",
            "relevant_authority__sector",
        )
        .prefetch_related(
            Prefetch("contributing_organisations", queryset=Organisation.objects.order_by("name")),
            Prefetch("measures", queryset=StrategyMeasure.objects.order_by("name", "pk")),
        )
    )
    return get_object_or_404(queryset, pk=action_pk)


def action_timeline(*, action: Action):
    """The action's progress updates, newest first, with who posted them and for whom."""
    return (
        ActionUpdate.objects.filter(action=action)
        .select_related("author", "organisation")
        .order_by("-updated_on", "-created_at", "-pk")
    )


def action_organisation_choices(*, partnership, including: Iterable[int] = ()):
    """Current organisations, plus any already chosen that have since retired."""
    return (
        Organisation.objects.filter(partnership=partnership)
        .filter(Q(retired_at__isnull=True) | Q(pk__in=list(including)))
        .order_by("name")
    )


def lead_person_choices(*, partnership, including: Iterable[int] = ()):
    """Active members of current organisations (and one already chosen), by organisation then
    name; the form and the service require the one chosen to belong to the lead organisation.
    Never a consultee (whose missing organisation the retired filter would let through)."""
    return (
        Membership.objects.filter(partnership=partnership)
        .members()
        .filter(
            Q(ended_on__isnull=True, organisation__retired_at__isnull=True)
            | Q(pk__in=list(including))
        )
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__full_name", "pk")
    )


def relevant_authority_choices(*, partnership, including: Iterable[int] = ()):
    """Current organisations that are relevant authorities (education, prisons and youth
    custody), the bodies a strategy may specify actions for, plus one already chosen."""
    return (
        Organisation.objects.filter(partnership=partnership)
        .filter(
            Q(retired_at__isnull=True, sector__authority_type=Sector.AuthorityType.RELEVANT)
            | Q(pk__in=list(including))
        )
        .order_by("name")
    )
