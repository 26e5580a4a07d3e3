"""The provision map: partners add the services their organisations run or know of, keep them
up to date, and the lead checks each one and chooses which the public feed carries."""

from django.db import transaction

from partnerships.audit import save_with_history

from ..models import ProvisionService

_PROVISION_FIELDS = [
    "name", "provider", "description", "area", "tier", "cohort", "age_min", "age_max",
    "eligibility", "referral_route", "risk_factors", "evidence", "funding_source",
    "funding_ends_on", "commissioned_by",
]  # fmt: skip


@transaction.atomic
def provision_add(*, partnership, organisation, data: dict, acting_user) -> ProvisionService:
    service = ProvisionService(
        partnership=partnership,
        added_by_organisation=organisation,
        added_by=acting_user,
        **{field: data.get(field) for field in _PROVISION_FIELDS},
    )
    service.full_clean(exclude=["findings"])
    save_with_history(service, acting_user=acting_user, reason="Added to the provision map")
    service.findings.set(data.get("findings") or [])
    return service


@transaction.atomic
def provision_edit(*, service: ProvisionService, data: dict, acting_user) -> ProvisionService:
    for field in _PROVISION_FIELDS:
        setattr(service, field, data.get(field))
    # A partner's change needs the lead's eye again, and the public feed carries only what the
    # lead published: the changed entry leaves it until the lead publishes it again.
    service.curated = False
    service.public_in_feed = False
    service.full_clean(exclude=["findings"])
    save_with_history(service, acting_user=acting_user)
    service.findings.set(data.get("findings") or [])
    return service


@transaction.atomic
def provision_curate(*, service: ProvisionService, curated: bool, acting_user) -> None:
    service.curated = curated
    save_with_history(
        service,
        acting_user=acting_user,
        reason="Checked by the lead" if curated else "Marked as needing the lead's check",
    )


@transaction.atomic
def provision_publish(*, service: ProvisionService, public: bool, acting_user) -> None:
    """Put the entry in the partnership's public Open Referral UK feed, or take it out."""
    service.public_in_feed = public
    save_with_history(
        service,
        acting_user=acting_user,
        reason="Published in the public feed" if public else "Taken out of the public feed",
    )
