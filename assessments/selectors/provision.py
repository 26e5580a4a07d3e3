"""The provision map's services, filtered as the list page asks, and as the Open Referral UK
feed carries them."""

from django.db.models import OuterRef, QuerySet, Subquery

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


def provision_feed(*, partnership, unpublished_too: bool = False) -> QuerySet[ProvisionService]:
    """The entries the lead published in the public feed, or every entry for a reader the
    partnership trusts with the whole map; each with `last_modified`, when its history last
    moved, read in the same query."""
    history = ProvisionService.history.model.objects.filter(id=OuterRef("pk")).order_by(
        "-history_date"
    )
    services = ProvisionService.objects.filter(partnership=partnership)
    if not unpublished_too:
        services = services.filter(public_in_feed=True)
    return services.annotate(last_modified=Subquery(history.values("history_date")[:1])).order_by(
        "name", "pk"
    )
