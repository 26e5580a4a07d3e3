"""Reads of commissioning: the services partners commission and the opportunities to commission
more, with the priorities each answers and the provision it relates to."""

from django.db.models import Prefetch

from assessments.models import ProvisionService

from ..models import Commission, Priority


def commission_list(*, partnership, kind: str = "", status: str = ""):
    """The partnership's commissioned services and opportunities, with their commissioner,
    priorities (and each priority's strategy) and provision services: four queries for a page,
    however many rows and links."""
    commissions = (
        Commission.objects.filter(partnership=partnership)
        .select_related("commissioner")
        .prefetch_related(
            Prefetch(
                "priorities",
                queryset=Priority.objects.select_related("strategy").order_by(
                    "-strategy__start_period", "order", "pk"
                ),
            ),
            Prefetch("provision", queryset=ProvisionService.objects.order_by("name", "pk")),
        )
    )
    if kind:
        commissions = commissions.filter(kind=kind)
    if status:
        commissions = commissions.filter(status=status)
    return commissions.order_by("title", "pk")
