"""Where a consultee lands (partnerships/consultees.py asks, registered in strategies/apps.py):
the consultation page of the strategy being consulted on."""

from django.urls import reverse
from django.utils import timezone

from partnerships.consultees import CONSULTEE_HOME
from partnerships.models import Partnership

from .models import ConsultationPeriod


def consultation_landing(partnership: Partnership) -> str | None:
    """The consultation open today (the newest, if several); else the last one opened, where a
    consultee can still read what they sent; None before any consultation has opened. One or
    two queries, asked only for a consultee."""
    today = timezone.localdate()
    periods = ConsultationPeriod.objects.with_scope(partnership=partnership.pk).filter(
        opened_on__lte=today
    )
    period = (
        periods.filter(closes_on__gte=today).order_by("-opened_on", "-pk").first()
        or periods.order_by("-closes_on", "-pk").first()
    )
    if period is None:
        return None
    return reverse(CONSULTEE_HOME, args=[partnership.slug, period.strategy_id])
