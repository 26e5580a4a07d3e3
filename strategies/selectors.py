"""Reads the response strategy's pages need, each in a constant number of queries."""

from partnerships.models import Organisation, Sector

from .models import SignOff, Strategy

# --- strategy and priorities ---


def sign_offs_outstanding(*, strategy: Strategy) -> list[Organisation]:
    """Specified authorities (active) with no sign-off counting for the current version: the
    strategy cannot be agreed while any remain. Two queries."""
    signed = {
        sign_off.organisation_id
        for sign_off in SignOff.objects.filter(strategy=strategy, version=strategy.version)
        if sign_off.counts_as_signed
    }
    return [
        organisation
        for organisation in Organisation.objects.filter(
            partnership_id=strategy.partnership_id,
            retired_at__isnull=True,
            sector__authority_type=Sector.AuthorityType.SPECIFIED,
        ).order_by("name")
        if organisation.pk not in signed
    ]


# --- actions ---


# --- measures ---


# --- governance ---


# --- commissioning ---


# --- annual review and compliance ---
