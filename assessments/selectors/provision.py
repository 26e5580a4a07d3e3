"""The provision map's services, filtered as the list page asks."""

from ..models import ProvisionService


def provision_list(*, partnership, tier: str = "", evidence: str = ""):
    services = ProvisionService.objects.filter(partnership=partnership).select_related(
        "added_by_organisation"
    )
    if tier:
        services = services.filter(tier=tier)
    if evidence:
        services = services.filter(evidence=evidence)
    return services.prefetch_related("findings").order_by("name", "pk")
