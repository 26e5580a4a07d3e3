"""Contributions: the list a member may see, one with its files and comments, its history, the
calls it may answer, the guidance for its element, who hears of its review, the export, and the
storage the partnership's uploaded files take up."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, Sum
from django.shortcuts import get_object_or_404

from partnerships.access import Actor
from partnerships.member_cache import for_partnership
from partnerships.models import DutyElement, ElementAction, Membership, WayToEngage
from partnerships.roles import Permission, holders_q

from .. import attachments, rules
from ..attachments import StorageUse
from ..models import AgreementVersion, Attachment, Call, Contribution, ReviewComment
from .data import data_return_preview


def contribution_list(
    *,
    actor: Actor,
    element: str = "",
    organisation: int | None = None,
    status: str = "",
    kind: str = "",
    mine: bool = False,
):
    """The contributions in the actor's partnership they may see, newest first, filtered, with
    what the list shows."""
    queryset = (
        Contribution.objects.filter(partnership=actor.partnership)
        .filter(rules.visible_contributions_q(actor=actor))
        .select_related("organisation", "element")
        .order_by("-created_at", "-pk")
    )
    if element:
        queryset = queryset.filter(element__slug=element)
    if organisation:
        queryset = queryset.filter(organisation_id=organisation)
    if status:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    if mine:
        queryset = queryset.filter(organisation_id=actor.organisation_id)
    return queryset


def contribution_detail(*, partnership, contribution_pk: int):
    """One contribution with its attachments and comments (404 if not in the partnership)."""
    queryset = (
        Contribution.objects.filter(partnership=partnership)
        .select_related("organisation__sector", "element", "call", "created_by", "reviewed_by")
        # The search index's vector of the body is for search alone (a trigger keeps it).
        .defer("search_vector")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by")),
            Prefetch("comments", queryset=ReviewComment.objects.select_related("author")),
        )
    )
    return get_object_or_404(queryset, pk=contribution_pk)


def attachment_storage(*, partnership) -> StorageUse:
    """How much of its storage quota the files people upload in the partnership take up: its
    contributions' attachments and signed agreements, and every upload the apps above register
    (attachments.register_uploaded_files). One query however many kinds and files: each kind's
    sum over its recorded sizes (the partnership's index serves each), joined by UNION ALL (a
    plain UNION would count two equal sums once)."""
    sources = [
        attachments.UploadedFiles(model=Attachment, size_field="size"),
        attachments.UploadedFiles(model=AgreementVersion, size_field="signed_copy_size"),
        *attachments.registered_uploaded_files(),
    ]
    first, *rest = [
        source.model._default_manager.filter(partnership=partnership)
        # Grouped by the one partnership: its sum, or no row if it has none of this kind. No
        # ordering: a part of a UNION may not have any.
        .order_by()
        .values("partnership")
        .annotate(total=Sum(source.size_field))
        .values_list("total", flat=True)
        for source in sources
    ]
    # Nor may the whole: unordered, it would take the first model's ordering.
    used = sum(total or 0 for total in first.union(*rest, all=True).order_by())
    return StorageUse(used=used, quota=attachments.storage_quota(partnership))


def contribution_page(*, partnership, contribution_pk: int) -> Contribution:
    """One contribution with what its page shows of its organisation, element, call and
    reviewer (404 if not in the partnership). Each further join cost more to plan than to run
    (a millisecond or two), so it has only the ones the page reads."""
    queryset = (
        Contribution.objects.filter(partnership=partnership)
        .select_related("organisation", "element", "call", "reviewed_by")
        # The search index's vector of the body is for search alone (a trigger keeps it).
        .defer("search_vector")
    )
    return get_object_or_404(queryset, pk=contribution_pk)


@dataclass(frozen=True)
class ContributionRecords:
    """What a contribution's page lists below it: the same for everyone who may see it."""

    attachments: list
    comments: list
    history: list
    figure_count: int
    figures: list


def contribution_page_records(
    *, partnership, contribution: Contribution, figures_shown: int
) -> ContributionRecords:
    """A contribution's files, review comments, history and first figures, kept while the
    partnership's records are unchanged (a new upload of figures saves the contribution too).
    They were four queries on every view of a page that changes seldom. Only the rows as
    stored are kept: suppression, which depends on the person, is the caller's."""

    def compute() -> ContributionRecords:
        count, figures = data_return_preview(contribution=contribution, limit=figures_shown)
        return ContributionRecords(
            # Only what the page shows: no person's record (its password hash) in the cache.
            attachments=list(
                contribution.attachments.only("contribution_id", "original_name", "size")
            ),
            comments=list(
                contribution.comments.select_related("author").only(
                    "contribution_id",
                    "body",
                    "revision",
                    "created_at",
                    "author__full_name",
                    "author__email",
                )
            ),
            history=contribution_history(contribution=contribution),
            figure_count=count,
            figures=figures,
        )

    if contribution.kind != Contribution.Kind.DATA_RETURN:
        figures_shown = 0
    return for_partnership(
        partnership,
        "contribution-page",
        compute,
        contribution.pk,
        figures_shown,
    )


def contribution_history(*, contribution) -> list:
    """The contribution's recorded changes that carry a reason (created, submitted, returned…)."""
    return list(
        contribution.history.exclude(history_change_reason__isnull=True)
        .exclude(history_change_reason="")
        .select_related("history_user")
        # What the page shows of each change: not the full copy of the record each one keeps,
        # nor more of the person than their name (the page keeps these in the cache).
        .only(
            "history_change_reason",
            "history_date",
            "history_user__full_name",
            "history_user__email",
        )
        .order_by("history_date")
    )


def contribution_open_calls(*, partnership, including: int | None = None):
    """Calls a contribution may answer: the open ones, and the one it already answers even if
    that call has closed since (a returned answer must still be correctable)."""
    answerable = (
        Q(status=Call.Status.OPEN) | Q(pk=including) if including else Q(status=Call.Status.OPEN)
    )
    return Call.objects.filter(answerable, partnership=partnership).order_by("due_on", "title")


def contribution_draft_for_call(*, partnership, organisation_id: int, call_id: int):
    """The organisation's draft answer to the call, newest first if old data holds several;
    None if it has none. Answering the call again continues this draft (issue 14)."""
    return (
        Contribution.objects.filter(
            partnership=partnership,
            organisation_id=organisation_id,
            call_id=call_id,
            status=Contribution.Status.DRAFT,
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def contribution_guidance(*, sector, element_slug: str):
    """What the catalogue asks of this sector for the element, and the element's actions by
    level; (None, [], {}) for an element we don't know."""
    element = (
        DutyElement.objects.filter(slug=element_slug)
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=ElementAction.objects.filter(kind=ElementAction.Kind.ACTION).order_by(
                    "level", "order"
                ),
            )
        )
        .first()
        if element_slug
        else None
    )
    if element is None:
        return None, [], {}
    ways = list(WayToEngage.objects.filter(element=element, sector=sector).order_by("order"))
    actions: dict[str, list] = {}
    for action in element.actions.all():
        actions.setdefault(action.level, []).append(action)
    return element, ways, actions


def contribution_reviewer_emails(*, contribution) -> list[str]:
    """Everyone who may review it: the partnership's leads, and its data leads from other
    organisations (nobody else reviews their own organisation's evidence)."""
    return list(
        Membership.objects.with_scopes_disabled()
        .filter(partnership_id=contribution.partnership_id, ended_on__isnull=True)
        .filter(holders_q(Permission.REVIEW_CONTRIBUTIONS))
        .exclude(
            Q(organisation_id=contribution.organisation_id)
            & ~holders_q(Permission.MANAGE_ASSESSMENT)
        )
        .order_by("user__email")
        .values_list("user__email", flat=True)
        .distinct()
    )


def contribution_contributor_emails(*, contribution) -> list[str]:
    """The contributing organisation's members who contribute for it."""
    return list(
        Membership.objects.with_scopes_disabled()
        .filter(
            partnership_id=contribution.partnership_id,
            organisation_id=contribution.organisation_id,
            ended_on__isnull=True,
        )
        .filter(holders_q(Permission.CONTRIBUTE))
        .order_by("user__email")
        .values_list("user__email", flat=True)
        .distinct()
    )


def contributions_for_export(*, partnership):
    return (
        Contribution.objects.filter(partnership=partnership)
        .exclude(status=Contribution.Status.DRAFT)
        .select_related("organisation__sector", "element")
        .order_by("element__order", "organisation__name", "created_at")
    )
