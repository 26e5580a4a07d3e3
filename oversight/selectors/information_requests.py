"""Reads of the convener's requests for information: a partnership's list (the convener's whole
list, an answerer's own organisation's), what is asked of a person's organisation for their
home page, the counts for the convener overview, and who is told of each event. Each list is a
fixed number of queries however many requests there are."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django_scopes import scopes_disabled

from partnerships.access import Actor
from partnerships.models import Membership, Partnership
from partnerships.roles import Permission, holders_q

from .. import rules
from ..models import RESPONDING_DUTY_ROLES, InformationRequest, RequestAttachment

OPEN = InformationRequest.Status.OPEN


def _listed(queryset: QuerySet, *, today: datetime.date) -> list[InformationRequest]:
    """Open requests first, soonest due (so overdue) first, then the closed ones by due date.
    Each is marked `overdue` for its tag."""
    requests = list(
        queryset.select_related("organisation", "outside_body", "requested_by")
        .annotate(
            closed=Case(
                When(status=OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
            attachment_count=Count("attachments"),
        )
        .order_by("closed", "due_on", "pk")
    )
    for information_request in requests:
        information_request.overdue = information_request.is_overdue(today)
    return requests


def information_request_list(*, actor: Actor, today: datetime.date) -> list[InformationRequest]:
    """The convener's every request in the partnership; an answerer's, those made of their own
    organisation; nobody else's (the view refuses them first)."""
    queryset = InformationRequest.objects.filter(partnership=actor.partnership)
    if not rules.may_require(actor):
        if not rules.answers_for_organisation(actor):
            return []
        queryset = queryset.filter(organisation_id=actor.organisation_id)
    return _listed(queryset, today=today)


def information_requests_asked_of(
    *, actor: Actor, today: datetime.date
) -> list[InformationRequest]:
    """Open requests the actor must answer for their organisation, for their home page."""
    if not rules.answers_for_organisation(actor):
        return []
    return _listed(
        InformationRequest.objects.filter(
            partnership=actor.partnership, organisation_id=actor.organisation_id, status=OPEN
        ),
        today=today,
    )


def information_request_detail(*, actor: Actor, information_request_pk: int):
    """One request with its attachments (404 if not the partnership's)."""
    return get_object_or_404(
        InformationRequest.objects.filter(partnership=actor.partnership)
        .select_related("organisation", "outside_body", "requested_by", "responded_by")
        .prefetch_related(
            Prefetch("attachments", queryset=RequestAttachment.objects.select_related("added_by"))
        ),
        pk=information_request_pk,
    )


@dataclass(frozen=True)
class RequestCounts:
    """A convened partnership's open requests, and how many of them are overdue."""

    partnership: Partnership
    open: int
    overdue: int


def open_request_counts(
    *, partnerships: Iterable[Partnership], today: datetime.date
) -> list[RequestCounts]:
    """For the convener overview: each of these partnerships with open requests, by name, in
    one query. Cross-partnership by design (the overview is outside any one tenant): the
    partnerships are the person's own convened ones."""
    by_pk = {p.pk: p for p in partnerships}
    with scopes_disabled():
        counted = (
            InformationRequest.objects.filter(partnership_id__in=list(by_pk), status=OPEN)
            .order_by()
            .values("partnership_id")
            .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
        )
        rows = [
            RequestCounts(by_pk[row["partnership_id"]], row["open"], row["overdue"])
            for row in counted
        ]
    return sorted(rows, key=lambda row: row.partnership.name.lower())


# --- who is told ---


def _emails(memberships: QuerySet) -> list[str]:
    return sorted(set(memberships.active().values_list("user__email", flat=True)))


def responder_emails(*, information_request: InformationRequest) -> list[str]:
    """Who answers it: the organisation's data leads and accountable people; for a body outside
    the partnership, the conveners, who chase it and record its reply."""
    memberships = Membership.objects.with_scopes_disabled().filter(
        partnership_id=information_request.partnership_id
    )
    if information_request.organisation_id is None:
        return convener_emails(partnership_id=information_request.partnership_id)
    answering = Q()
    for role in RESPONDING_DUTY_ROLES:
        answering |= Q(**{role: True})
    return _emails(
        memberships.filter(answering, organisation_id=information_request.organisation_id)
    )


def convener_emails(*, partnership_id: int) -> list[str]:
    """The partnership's conveners: whoever may require information there."""
    return _emails(
        Membership.objects.with_scopes_disabled()
        .filter(partnership_id=partnership_id)
        .filter(holders_q(Permission.REQUIRE_INFORMATION))
    )
