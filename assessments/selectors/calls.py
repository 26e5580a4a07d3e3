"""Calls for contributions: who each call expects and how each stands (submitted, accepted, on
time, overdue), whom a call or its reminder is emailed to, and each member's to-do list."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.utils import timezone

from partnerships.access import Actor
from partnerships.member_cache import for_member
from partnerships.models import Membership, Organisation, Partnership
from partnerships.roles import Permission, holders_q

from .. import rules
from ..models import Call, Contribution

# A contribution answers a call once its organisation has sent it in, whatever the review says.
ANSWERED = [
    Contribution.Status.SUBMITTED,
    Contribution.Status.RETURNED,
    Contribution.Status.ACCEPTED,
]


def call_due_end(call: Call) -> datetime.datetime:
    """The last moment a submission counts as on time: the end of the due date, local time."""
    return timezone.make_aware(datetime.datetime.combine(call.due_on, datetime.time.max))


@dataclass
class OrganisationProgress:
    """How one expected organisation stands against a call."""

    organisation: Organisation
    first_submitted_at: datetime.datetime | None
    accepted: bool
    on_time: bool
    overdue: bool
    # Where its answer stands now (accepted, under review or returned), or None before one is
    # sent. A returned answer still counts as sent ("submitted"), but it says returned.
    status: Contribution.Status | None = None

    @property
    def submitted(self) -> bool:
        return self.first_submitted_at is not None


@dataclass
class Completeness:
    """A call's completeness: one row per expected organisation, and the totals."""

    call: Call
    rows: list[OrganisationProgress] = field(default_factory=list)

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def submitted(self) -> int:
        return sum(row.submitted for row in self.rows)

    @property
    def accepted(self) -> int:
        return sum(row.accepted for row in self.rows)

    @property
    def on_time(self) -> int:
        return sum(row.on_time for row in self.rows)

    @property
    def overdue(self) -> int:
        return sum(row.overdue for row in self.rows)

    @property
    def outstanding(self) -> list[Organisation]:
        return [row.organisation for row in self.rows if not row.submitted]


def calls_completeness(*, calls: Iterable[Call], today: datetime.date) -> dict[int, Completeness]:
    """Completeness for each call, in three queries however many calls and organisations.

    The calls must come with `organisations` prefetched. Works across partnerships (the
    reminder task needs that), so the caller chooses the calls and provides the scope.
    """
    calls = list(calls)
    if not calls:
        return {}
    partnership_ids = {call.partnership_id for call in calls}
    # Organisations with an active member holding each Duty role, for calls addressed that way.
    role_calls = [call for call in calls if call.audience == Call.Audience.DUTY_ROLE]
    holders: dict[tuple[int, str], set[int]] = defaultdict(set)
    organisations: dict[int, Organisation] = {}
    if role_calls:
        roles = {call.duty_role for call in role_calls}
        members = (
            Membership.objects.filter(
                partnership_id__in=partnership_ids,
                ended_on__isnull=True,
                organisation__retired_at__isnull=True,
            )
            .filter(_any_duty_role_q(roles))
            .select_related("organisation")
        )
        for member in members:
            organisations[member.organisation_id] = member.organisation
            for role in roles:
                if getattr(member, role, False):
                    holders[(member.partnership_id, role)].add(member.organisation_id)
    expected: dict[int, list[Organisation]] = {}
    for call in calls:
        if call.audience == Call.Audience.DUTY_ROLE:
            chosen = [organisations[pk] for pk in holders[(call.partnership_id, call.duty_role)]]
        else:
            chosen = [o for o in call.organisations.all() if not o.is_retired]
        expected[call.pk] = sorted(chosen, key=lambda o: o.name.lower())
    answers = {
        (row["call_id"], row["organisation_id"]): row
        for row in Contribution.objects.filter(call__in=calls, status__in=ANSWERED)
        .values("call_id", "organisation_id")
        .annotate(
            first_submitted_at=Min("submitted_at"),
            accepted=Count("pk", filter=Q(status=Contribution.Status.ACCEPTED)),
            in_review=Count("pk", filter=Q(status=Contribution.Status.SUBMITTED)),
        )
    }
    result = {}
    for call in calls:
        due_end = call_due_end(call)
        completeness = Completeness(call=call)
        for organisation in expected[call.pk]:
            answer = answers.get((call.pk, organisation.pk))
            # A contribution with no recorded submission time still counts as sent.
            submitted_at = answer and (answer["first_submitted_at"] or call.issued_at)
            completeness.rows.append(
                OrganisationProgress(
                    organisation=organisation,
                    first_submitted_at=submitted_at or None,
                    accepted=bool(answer and answer["accepted"]),
                    on_time=bool(submitted_at and submitted_at <= due_end),
                    overdue=not submitted_at and today > call.due_on,
                    status=_answer_status(answer),
                )
            )
        result[call.pk] = completeness
    return result


def _answer_status(answer: dict | None) -> Contribution.Status | None:
    """An organisation's answers to a call, as one status: accepted if any is, else under
    review if any is, else returned (every answer it sent came back with comments)."""
    if not answer:
        return None
    if answer["accepted"]:
        return Contribution.Status.ACCEPTED
    if answer["in_review"]:
        return Contribution.Status.SUBMITTED
    return Contribution.Status.RETURNED


def _any_duty_role_q(roles: Iterable[str]) -> Q:
    q = Q(pk__in=[])
    for role in roles:
        q |= Q(**{role: True})
    return q


def call_list(*, partnership: Partnership, today: datetime.date) -> list[Completeness]:
    """Every call with its completeness summary, newest first."""
    calls = (
        Call.objects.filter(partnership=partnership)
        .prefetch_related("organisations")
        .order_by("-issued_at")
    )
    completeness = calls_completeness(calls=calls, today=today)
    return list(completeness.values())


def call_detail(*, partnership: Partnership, call_pk: int) -> Call:
    """A call with what it asks for; raises Call.DoesNotExist for another partnership's."""
    return (
        Call.objects.filter(partnership=partnership)
        .select_related("issued_by")
        .prefetch_related("elements", "measures", "organisations__sector")
        .get(pk=call_pk)
    )


def call_addressee_emails(*, call: Call, organisation: Organisation | None = None) -> list[str]:
    """Who a call (or its reminder to one organisation) is emailed to: the active members of
    the addressed organisations who contribute, or, for a Duty-role call, everyone holding it."""
    members = Membership.objects.filter(
        partnership_id=call.partnership_id,
        ended_on__isnull=True,
        organisation__retired_at__isnull=True,
    )
    if call.audience == Call.Audience.DUTY_ROLE:
        members = members.filter(**{call.duty_role: True})
    else:
        members = members.filter(
            holders_q(Permission.CONTRIBUTE), organisation__in=call.organisations.all()
        )
    if organisation is not None:
        members = members.filter(organisation=organisation)
    return sorted(set(members.values_list("user__email", flat=True)))


# The to-do page lists this many of each kind, first to do first, and says how many more.
SHOWN_OF_EACH_KIND = 25


@dataclass
class TodoList:
    """What a member has to do: every call to answer (there are few), and the first few of
    their organisation's returned and draft contributions and of those waiting for their
    review, with how many there are of each."""

    calls: list[Call]
    returned: list[Contribution] = field(default_factory=list)
    drafts: list[Contribution] = field(default_factory=list)
    to_review: list[Contribution] = field(default_factory=list)
    returned_total: int = 0
    drafts_total: int = 0
    to_review_total: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.calls or self.returned or self.drafts or self.to_review)


def _todo_querysets(actor: Actor) -> dict:
    """What the member has to do, as querysets (those their roles do not ask of them, None):
    calls to answer, their organisation's returned and draft contributions, and contributions
    of other organisations to review."""
    partnership, membership = actor.partnership, actor.membership
    contributes = actor.may(Permission.CONTRIBUTE)
    addressed = Q(audience=Call.Audience.DUTY_ROLE, duty_role__in=membership.duty_roles)
    if contributes:
        addressed |= Q(
            audience=Call.Audience.ORGANISATIONS, organisations=membership.organisation_id
        )
    answered = Contribution.objects.filter(
        call=OuterRef("pk"), organisation_id=membership.organisation_id, status__in=ANSWERED
    )
    own = Contribution.objects.filter(
        partnership=partnership, organisation_id=membership.organisation_id
    )
    reviewable = None
    if actor.may(Permission.REVIEW_CONTRIBUTIONS):
        reviewable = Contribution.objects.filter(
            partnership=partnership, status=Contribution.Status.SUBMITTED
        ).filter(rules.reviewable_q(actor=actor))  # not their own organisation's
    return {
        "calls": Call.objects.filter(partnership=partnership, status=Call.Status.OPEN)
        .filter(addressed)
        .filter(~Exists(answered))
        .distinct(),
        "returned": own.filter(status=Contribution.Status.RETURNED) if contributes else None,
        "drafts": own.filter(status=Contribution.Status.DRAFT) if contributes else None,
        "to_review": reviewable,
    }


def _first(queryset, *, limit: int) -> tuple[list, int]:
    """The first `limit` rows (in the queryset's order) and how many there are: a count and a
    page, each read along an index. (A window count on the page would make the database join
    every row first: 2,041 waiting for review in the big partnership.)"""
    # Both always, so the page's queries are the same however many there are, none included.
    return list(queryset[:limit]), queryset.count()


def todo_list(*, actor: Actor, limit: int | None = None) -> TodoList:
    """What the signed-in member has to do in their partnership: the first `limit` (else
    SHOWN_OF_EACH_KIND) of each kind and how many in all, in a fixed number of queries that
    read only the rows shown (a lead of a big partnership has thousands waiting for review).

    Kept for the member until the partnership's records change: its six queries were most of
    the to-do page's and a duty partner's dashboard's time, and only a change moves it."""
    limit = SHOWN_OF_EACH_KIND if limit is None else limit
    return for_member(actor, "todo-list", lambda: _todo_list(actor, limit=limit), limit)


def _todo_list(actor: Actor, *, limit: int) -> TodoList:
    todo = _todo_querysets(actor)
    calls = list(todo["calls"].order_by("due_on", "pk"))
    result = TodoList(calls=calls)
    if todo["returned"] is not None:
        related = ("element", "call")
        result.returned, result.returned_total = _first(
            todo["returned"].select_related(*related).order_by("-reviewed_at", "-pk"),
            limit=limit,
        )
        result.drafts, result.drafts_total = _first(
            todo["drafts"].select_related(*related).order_by("-created_at", "-pk"), limit=limit
        )
        if calls:
            # A call the organisation has begun answering offers its newest draft to continue.
            begun = todo["drafts"].filter(call__in=calls).order_by("created_at", "pk")
            drafts_by_call = {draft.call_id: draft for draft in begun}
            for call in calls:
                call.draft = drafts_by_call.get(call.pk)
    if todo["to_review"] is not None:
        result.to_review, result.to_review_total = _first(
            _in_review_order(todo["to_review"]), limit=limit
        )
    return result


def _in_review_order(contributions):
    """Longest waiting first, with what a reviewer's list shows."""
    return contributions.select_related("element", "organisation", "call").order_by(
        "submitted_at", "pk"
    )


def contributions_to_review(*, actor: Actor):
    """Submitted contributions the member may accept or return (not their own organisation's),
    longest waiting first; none for someone who does not review."""
    reviewable = _todo_querysets(actor)["to_review"]
    if reviewable is None:
        return Contribution.objects.none()
    return _in_review_order(reviewable)


def todo_count(*, actor: Actor) -> int:
    """How many things the member has to do (the "To do" page's items), for the navigation:
    one query."""
    counts = [
        queryset.order_by().values("pk")
        for queryset in _todo_querysets(actor).values()
        if queryset is not None
    ]
    first, *rest = counts
    return first.union(*rest, all=True).count() if rest else first.count()
