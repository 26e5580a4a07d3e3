"""What the API answers, as OpenAPI schemas. Ids are the portal's own and never change; dates
are ISO 8601; text is as people typed it (Markdown where the portal keeps Markdown)."""

import datetime
from decimal import Decimal

from ninja import Schema


def page_of(item: type[Schema]) -> type[Schema]:
    """A page of `item`s and the address of the next page (null on the last)."""
    return type(
        f"{item.__name__}Page",
        (Schema,),
        {
            "__annotations__": {"results": list[item], "next": str | None},
            "__doc__": f"A page of {item.__name__} and the address of the next page.",
        },
    )


class RemovedOut(Schema):
    """A row no longer in its list: deleted, or no longer meeting the list's rule."""

    id: int
    removed_at: datetime.datetime


class SectorOut(Schema):
    slug: str
    name: str
    authority_type: str


class OrganisationOut(Schema):
    id: int
    name: str
    sector: SectorOut
    retired_at: datetime.datetime | None
    created_at: datetime.datetime


class PartnershipOut(Schema):
    id: int
    slug: str
    name: str
    nation: str
    model: str
    area_type: str
    areas: list[str]
    default_language: str


class MemberOut(Schema):
    id: int
    name: str
    job_title: str
    organisation_id: int
    portal_role: str
    data_lead: bool
    started_on: datetime.date
    email: str | None = None  # only with the member_contacts resource


class PriorityOut(Schema):
    id: int
    strategy_id: int
    title: str
    rationale: str
    restricted: bool
    order: int


class ActionOut(Schema):
    id: int
    strategy_id: int
    priority_id: int
    title: str
    description: str
    lead_organisation_id: int
    start_on: datetime.date | None
    due_on: datetime.date
    status: str
    progress: int
    restricted: bool
    funding_source: str
    last_update_on: datetime.date | None
    created_at: datetime.datetime


class ActionUpdateOut(Schema):
    id: int
    action_id: int
    organisation_id: int
    updated_on: datetime.date
    note: str
    status: str
    progress: int
    has_evidence: bool
    created_at: datetime.datetime


class ProvisionOut(Schema):
    id: int
    name: str
    provider: str
    description: str
    area: str
    eligibility: str
    cohort: str
    age_min: int | None
    age_max: int | None
    referral_route: str
    funding_source: str
    funding_ends_on: datetime.date | None
    commissioned_by: str
    tier: str
    evidence: str
    curated: bool
    public_in_feed: bool
    feed_id: str
    created_at: datetime.datetime


class DefinitionOut(Schema):
    id: int
    version: int
    status: str
    summary: str
    violence_types: list[str]
    age_scope: str
    maximum_penalty: str
    impact_on_victim: str
    prevalence: str
    impact_on_community: str
    agreed_on: datetime.date | None
    created_at: datetime.datetime


class AssessmentOut(Schema):
    id: int
    period: str
    status: str
    scope: str
    methodology: str
    agreed_on: datetime.date | None
    shared_with_home_office_on: datetime.date | None
    definition_id: int | None
    created_at: datetime.datetime


class ModuleOut(Schema):
    id: int
    assessment_id: int
    kind: str
    order: int
    status: str
    body: str


class FindingOut(Schema):
    id: int
    assessment_id: int
    kind: str
    title: str
    description: str
    measure_slugs: list[str]
    created_at: datetime.datetime


class RecommendationOut(Schema):
    id: int
    assessment_id: int
    title: str
    description: str
    finding_ids: list[int]
    order: int


class MeasureOut(Schema):
    slug: str
    name: str
    unit: str
    definition: str
    source: str


class FigureOut(Schema):
    """One accepted figure: a measure's total in an area for a period, from every organisation's
    accepted data returns. A figure from 1 to 4 is suppressed: `value` is null and `shown` "<5"."""

    id: int
    measure_slug: str
    period_label: str
    period_start: datetime.date
    area: str
    value: Decimal | None
    shown: str
    suppressed: bool


class ChecklistLineOut(Schema):
    key: str
    title: str
    status: str
    met: bool
    explanation: str
    on: datetime.date | None
    missing: list[str]


class ComplianceOut(Schema):
    period: str
    lines: list[ChecklistLineOut]
