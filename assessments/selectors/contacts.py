"""Reads about consultees: who, from which body outside the partnership, was invited to respond
to the strategy's consultation, and which body a consultee speaks for."""

from django.db.models import QuerySet

from partnerships.models import Invitation

from ..models import BodyContact, OutsideBody


def consultee_body(*, partnership_id: int, user_id: int) -> OutsideBody | None:
    """The body outside the partnership this consultee speaks for (their responses are
    attributed to it), or None for anyone who came in by no body's invitation. One query, in
    the partnership's scope whether or not a request has set one."""
    contact = (
        BodyContact.objects.with_scope(partnership=partnership_id)
        .filter(
            invitation__accepted_by_id=user_id,
            invitation__status=Invitation.Status.ACCEPTED,
        )
        .select_related("outside_body")
        # Invited again later (from another body): the newest acceptance is who they are now.
        .order_by("-invitation__accepted_at", "-pk")
        .first()
    )
    return contact.outside_body if contact else None


def contacts_for(partnership_id: int) -> QuerySet[BodyContact]:
    """Everyone invited from a body outside the partnership, with the body, the invitation and
    who sent and accepted it: for listing, at a constant number of queries."""
    return (
        BodyContact.objects.with_scope(partnership=partnership_id)
        .select_related(
            "outside_body", "invitation", "invitation__invited_by", "invitation__accepted_by"
        )
        .order_by("outside_body__name", "-invitation__sent_at", "pk")
    )


def body_names(partnership_id: int, user_ids) -> dict[int, str]:
    """{user id: the name of the body they speak for} for these consultees, in one query: the
    members page's list of consultees asks it through partnerships/consultees.py."""
    rows = (
        BodyContact.objects.with_scope(partnership=partnership_id)
        .filter(
            invitation__accepted_by_id__in=list(user_ids),
            invitation__status=Invitation.Status.ACCEPTED,
        )
        .order_by("invitation__accepted_at", "pk")  # the newest acceptance wins
        .values_list("invitation__accepted_by_id", "outside_body__name")
    )
    return dict(rows)
