"""What the SNA pages' stories share: Northshire's SNA started by its lead, its modules, and the
addresses of its pages."""

from django.urls import reverse
from django_scopes import scopes_disabled

from assessments import services
from assessments.models import Assessment, AssessmentModule
from partnerships.models import Membership


def start_sna(partnership, lead) -> Assessment:
    """Northshire's SNA for 2026/27, started by Priya, with its nine modules."""
    with scopes_disabled():
        return services.assessment_start(
            partnership=partnership,
            period="2026/27",
            scope="Violence among *under-25s*.",
            methodology="Police and hospital data.",
            acting_user=lead,
        )


def membership_of(user, partnership) -> Membership:
    with scopes_disabled():
        return Membership.objects.get(user=user, partnership=partnership)


def modules_of(assessment) -> list[AssessmentModule]:
    with scopes_disabled():
        return list(AssessmentModule.objects.filter(assessment=assessment).order_by("order"))


def url(name: str, *args) -> str:
    return reverse(f"tenant:{name}", args=["northshire", *args])


def set_module(module, *, status="ready", owner=None, acting_user=None):
    with scopes_disabled():
        services.module_edit(
            module=module, body=module.body, status=status, owner=owner, acting_user=acting_user
        )
