"""The SNA: the partnership's assessments with their progress, one with its modules, and the
dashboard's summary of where the SNA stands."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from partnerships.models import Membership

from .. import lifecycles
from ..models import Assessment, AssessmentModule, LocalDefinition
from .definition import current_definition

_DONE = Q(modules__status__in=lifecycles.MODULES_DONE)


def assessment_list(*, partnership):
    """The partnership's SNAs, newest period first, with how many modules are done."""
    return (
        Assessment.objects.filter(partnership=partnership)
        .annotate(module_count=Count("modules"), modules_done=Count("modules", filter=_DONE))
        .order_by("-period")
    )


def assessment_detail(*, partnership, assessment_pk: int) -> Assessment:
    """One SNA with its modules and their owners (404 if it is not this partnership's)."""
    modules = AssessmentModule.objects.filter(partnership=partnership).select_related(
        "owner__user", "owner__organisation"
    )
    return get_object_or_404(
        Assessment.objects.filter(partnership=partnership)
        .select_related("definition")
        .prefetch_related(Prefetch("modules", queryset=modules.order_by("order"))),
        pk=assessment_pk,
    )


def module_detail(*, assessment: Assessment, module_pk: int) -> AssessmentModule:
    return get_object_or_404(
        AssessmentModule.objects.filter(
            partnership_id=assessment.partnership_id, assessment=assessment
        ).select_related("owner__user", "owner__organisation"),
        pk=module_pk,
    )


def module_owner_choices(*, partnership):
    """Who may own a module: any current member of the partnership (not a consultee)."""
    return (
        Membership.objects.filter(partnership=partnership)
        .active()
        .members()
        .select_related("user", "organisation")
        .order_by("user__full_name", "user__email", "pk")
    )


@dataclass
class SnaSummary:
    definition: LocalDefinition | None
    assessment: Assessment | None


def sna_summary(*, partnership) -> SnaSummary:
    """For the dashboard: the agreed local definition and the latest SNA, in three queries."""
    return SnaSummary(
        definition=current_definition(partnership=partnership),
        assessment=Assessment.objects.filter(partnership=partnership).order_by("-period").first(),
    )
