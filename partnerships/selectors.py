"""Reads that pages need, with their related rows fetched up front."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from .models import (
    DutyElement,
    DutyRole,
    ElementAction,
    RecommendedPost,
    ReflectiveQuestion,
    Sector,
    WayToEngage,
)


def element_list() -> QuerySet[DutyElement]:
    return DutyElement.objects.prefetch_related("enablers")


def element_detail(*, slug: str) -> DutyElement:
    """An element with its enablers, actions and every sector's ways to engage with it."""
    queryset = DutyElement.objects.prefetch_related(
        "enablers",
        "actions",
        Prefetch(
            "ways_to_engage",
            queryset=WayToEngage.objects.select_related("sector").order_by(
                "sector__order", "order"
            ),
        ),
    )
    return get_object_or_404(queryset, slug=slug)


def sector_list() -> QuerySet[Sector]:
    return Sector.objects.prefetch_related(
        Prefetch("recommended_posts", queryset=RecommendedPost.objects.prefetch_related("roles"))
    )


def sector_detail(*, slug: str) -> Sector:
    """A sector with who should be involved, its ways to engage by element, and its benefits."""
    queryset = Sector.objects.prefetch_related(
        Prefetch("recommended_posts", queryset=RecommendedPost.objects.prefetch_related("roles")),
        Prefetch(
            "ways_to_engage",
            queryset=WayToEngage.objects.select_related("element").order_by(
                "element__order", "order"
            ),
        ),
        "benefits",
    )
    return get_object_or_404(queryset, slug=slug)


def duty_roles() -> QuerySet[DutyRole]:
    return DutyRole.objects.all()


def reflective_questions() -> QuerySet[ReflectiveQuestion]:
    return ReflectiveQuestion.objects.all()


def actions_by_level(element: DutyElement, *, kind: str) -> dict[str, list[ElementAction]]:
    """The element's prefetched actions of one kind, grouped engaged → actively participating."""
    grouped: dict[str, list[ElementAction]] = {}
    for action in element.actions.all():
        if action.kind == kind:
            grouped.setdefault(action.level, []).append(action)
    return grouped
