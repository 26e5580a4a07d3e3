"""The API's first version: read-only, under /api/v1/partnerships/{slug}/.

Each endpoint is wrapped in `tenant_endpoint` (api/auth.py), which resolves the partnership
from the token in one place and confines every query to it; lists are paged by cursor and
filter on `changed_since` (api/pagination.py). An endpoint reads and returns plain data
(evaluated inside the partnership's scope), never a lazy queryset.
"""

import datetime

from django.utils import timezone
from ninja import NinjaAPI, Router
from ninja.errors import Throttled

from . import selectors
from .auth import TokenAuth, tenant_endpoint
from .pagination import page, removed_page
from .schemas import (
    ActionOut,
    ActionUpdateOut,
    AssessmentOut,
    ComplianceOut,
    DefinitionOut,
    FigureOut,
    FindingOut,
    MeasureOut,
    MemberOut,
    ModuleOut,
    OrganisationOut,
    PartnershipOut,
    PriorityOut,
    ProvisionOut,
    RecommendationOut,
    RemovedOut,
    page_of,
)
from .scopes import Resource

DESCRIPTION = """Read a Serious Violence Duty partnership's records: its organisations and members,
its local definition and strategic needs assessments, measures and figures (small numbers
suppressed), its strategy's priorities, actions and progress updates, its Duty checklist and its
provision map.

Authenticate with a personal access token, made by a member at **API tokens** in the
partnership (`Authorization: Bearer svd_…`). A token reads one partnership and only the
resources chosen when it was made, never more than its owner may see on the pages. Lists are
paged: follow `next` until it is null. Add `changed_since` (ISO 8601) to fetch only rows created
or changed since your last refresh, and read the list's `removed/` with `since` for the ids to
drop."""

api = NinjaAPI(
    title="SVD Portal API",
    version="1",
    description=DESCRIPTION,
    auth=TokenAuth(),
    urls_namespace="api-v1",
    docs_url="/docs/",
    openapi_url="/openapi.json",
)
router = Router()


@api.exception_handler(Throttled)
def _throttled(request, exc: Throttled):
    """429 with Retry-After (RFC 9110: whole seconds), so a client knows when to call again."""
    response = api.create_response(request, {"detail": str(exc)}, status=429)
    if exc.wait is not None:
        response["Retry-After"] = str(max(int(exc.wait), 1))
    return response


def _listing(
    resource: Resource,
    path: str,
    item,
    summary: str,
    tag: str,
    rows,
    serialise,
    *,
    kept: bool = True,
):
    """A paged list endpoint: `rows(request)` is its queryset, `serialise(request, row)` each
    item; and, for a list whose rows keep a history (`kept`), its `removed/` companion."""

    @router.get(path, response=page_of(item), summary=summary, tags=[tag], url_name=None)
    @tenant_endpoint(resource)
    def endpoint(
        request,
        slug: str,
        cursor: str | None = None,
        page_size: int | None = None,
        changed_since: datetime.datetime | None = None,
    ):
        return page(
            request,
            rows(request),
            cursor=cursor,
            page_size=page_size,
            changed_since=changed_since,
            serialise=lambda row: serialise(request, row),
        )

    name = path.strip("/").split("/")[-1].replace("-", "_")
    endpoint.__name__ = endpoint.__qualname__ = name
    if kept:
        _removals(resource, path, summary, tag, rows, name)
    return endpoint


def _removals(resource: Resource, path: str, summary: str, tag: str, rows, name: str):
    """`<list>/removed/`: the ids that have left the list (for a list whose rows keep a
    history), so a refresh by `changed_since` can drop them as well as add and change."""

    @router.get(
        f"{path}removed/",
        response=page_of(RemovedOut),
        summary=f"{summary}: removed since",
        tags=[tag],
        url_name=None,
    )
    @tenant_endpoint(resource)
    def endpoint(
        request,
        slug: str,
        since: datetime.datetime | None = None,
        cursor: str | None = None,
        page_size: int | None = None,
    ):
        return removed_page(
            request,
            rows(request),
            partnership_id=request.partnership.pk,
            cursor=cursor,
            page_size=page_size,
            since=since,
        )

    endpoint.__name__ = endpoint.__qualname__ = f"{name}_removed"


@router.get("/{slug}/", response=PartnershipOut, summary="The partnership", tags=["Partnership"])
@tenant_endpoint(Resource.PARTNERSHIP)
def partnership(request, slug: str):
    return selectors.partnership_row(request.partnership)


_listing(
    Resource.PARTNERSHIP,
    "/{slug}/organisations/",
    OrganisationOut,
    "Member organisations",
    "Partnership",
    lambda request: selectors.organisations(),
    lambda request, row: selectors.organisation_row(row),
)
_listing(
    Resource.MEMBERS,
    "/{slug}/members/",
    MemberOut,
    "Current members (emails only with the member_contacts resource)",
    "Partnership",
    lambda request: selectors.members(),
    lambda request, row: selectors.member_row(
        row, with_email=Resource.MEMBER_CONTACTS.value in request.auth.scopes
    ),
)
_listing(
    Resource.STRATEGY,
    "/{slug}/priorities/",
    PriorityOut,
    "The strategy's priorities",
    "Strategy",
    lambda request: selectors.priorities(),
    lambda request, row: selectors.priority_row(row),
)
_listing(
    Resource.STRATEGY,
    "/{slug}/actions/",
    ActionOut,
    "The delivery plan's actions",
    "Strategy",
    lambda request: selectors.actions(),
    lambda request, row: selectors.action_row(row),
)
_listing(
    Resource.STRATEGY,
    "/{slug}/action-updates/",
    ActionUpdateOut,
    "Progress updates on actions",
    "Strategy",
    lambda request: selectors.action_updates(),
    lambda request, row: selectors.action_update_row(row),
)
_listing(
    Resource.PROVISION,
    "/{slug}/provision/",
    ProvisionOut,
    "The provision map: services and interventions",
    "Provision",
    lambda request: selectors.provision(),
    lambda request, row: selectors.provision_row(row),
)

_listing(
    Resource.ASSESSMENT,
    "/{slug}/definitions/",
    DefinitionOut,
    "Versions of the local definition of serious violence",
    "Assessment",
    lambda request: selectors.definitions(),
    lambda request, row: selectors.definition_row(row),
)
_listing(
    Resource.ASSESSMENT,
    "/{slug}/assessments/",
    AssessmentOut,
    "Strategic needs assessments",
    "Assessment",
    lambda request: selectors.assessments(),
    lambda request, row: selectors.assessment_row(row),
)
_listing(
    Resource.ASSESSMENT,
    "/{slug}/assessment-modules/",
    ModuleOut,
    "The SNAs' modules and their text (Markdown)",
    "Assessment",
    lambda request: selectors.modules(),
    lambda request, row: selectors.module_row(row),
)
_listing(
    Resource.ASSESSMENT,
    "/{slug}/findings/",
    FindingOut,
    "The SNAs' findings",
    "Assessment",
    lambda request: selectors.findings(),
    lambda request, row: selectors.finding_row(row),
)
_listing(
    Resource.ASSESSMENT,
    "/{slug}/recommendations/",
    RecommendationOut,
    "The SNAs' recommendations",
    "Assessment",
    lambda request: selectors.recommendations(),
    lambda request, row: selectors.recommendation_row(row),
)
_listing(
    Resource.MEASURES,
    "/{slug}/measures/",
    MeasureOut,
    "The measures partnerships collect (the same for every partnership)",
    "Measures",
    lambda request: selectors.measures(),
    lambda request, row: selectors.measure_row(row),
    kept=False,
)
_listing(
    Resource.MEASURES,
    "/{slug}/figures/",
    FigureOut,
    "Accepted figures by measure, period and area; small numbers suppressed",
    "Measures",
    lambda request: selectors.figures(request.partnership),
    lambda request, row: selectors.figure_row(row),
    kept=False,
)


@router.get(
    "/{slug}/compliance/",
    response=ComplianceOut,
    summary="The Duty checklist, line by line",
    tags=["Compliance"],
)
@tenant_endpoint(Resource.COMPLIANCE)
def compliance(request, slug: str):
    return selectors.compliance_row(request.partnership, today=timezone.localdate())


api.add_router("/partnerships/", router)
