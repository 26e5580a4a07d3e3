"""Reads the SNA pages need, always given the partnership, at a constant number of queries."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from dataclasses import dataclass as _dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch, Q, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from partnerships.models import (
    DutyElement,
    ElementAction,
    Level,
    Membership,
    Organisation,
    Partnership,
    WayToEngage,
)
from partnerships.models import DutyElement as _DutyElement
from partnerships.roles import DUTY_ROLE_PERMISSIONS, ROLE_PERMISSIONS, Permission
from partnerships.roles import Permission as _Permission
from partnerships.roles import Permission as _RolePermission

from . import rules as _rules
from .models import (
    Assessment,
    AssessmentModule,
    Attachment,
    Call,
    Contribution,
    DataPoint,
    DefinitionAmendment,
    Finding,
    LocalDefinition,
    Measure,
    ProvisionService,
    Recommendation,
    ReviewComment,
)

# --- exports ---


def contributions_for_export(*, partnership):
    return (
        Contribution.objects.filter(partnership=partnership)
        .exclude(status=Contribution.Status.DRAFT)
        .select_related("organisation__sector", "element")
        .order_by("element__order", "organisation__name", "created_at")
    )


def data_points_for_export(*, partnership):
    return (
        DataPoint.objects.filter(
            partnership=partnership, contribution__status=Contribution.Status.ACCEPTED
        )
        .select_related("measure", "contribution__organisation")
        .order_by("measure__name", "period_start", "area")
    )


# --- provision map ---


def provision_list(*, partnership, tier: str = "", evidence: str = ""):
    services = ProvisionService.objects.filter(partnership=partnership).select_related(
        "added_by_organisation"
    )
    if tier:
        services = services.filter(tier=tier)
    if evidence:
        services = services.filter(evidence=evidence)
    return services.prefetch_related("findings").order_by("name", "pk")


# --- contributions ---


def contribution_list(
    *,
    partnership,
    membership,
    element: str = "",
    organisation: int | None = None,
    status: str = "",
    kind: str = "",
    mine: bool = False,
):
    """The contributions this member may see, newest first, filtered, with what the list shows."""
    queryset = (
        Contribution.objects.filter(partnership=partnership)
        .filter(_rules.visible_contributions_q(membership=membership))
        .select_related("organisation", "element")
        .order_by("-created_at", "-pk")
    )
    if element:
        queryset = queryset.filter(element__slug=element)
    if organisation:
        queryset = queryset.filter(organisation_id=organisation)
    if status:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    if mine:
        queryset = queryset.filter(organisation_id=membership.organisation_id)
    return queryset


def contribution_detail(*, partnership, contribution_pk: int):
    """One contribution with its attachments and comments (404 if not in the partnership)."""
    queryset = (
        Contribution.objects.filter(partnership=partnership)
        .select_related("organisation__sector", "element", "call", "created_by", "reviewed_by")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by")),
            Prefetch("comments", queryset=ReviewComment.objects.select_related("author")),
        )
    )
    return get_object_or_404(queryset, pk=contribution_pk)


def contribution_history(*, contribution) -> list:
    """The contribution's recorded changes that carry a reason (created, submitted, returned…)."""
    return list(
        contribution.history.exclude(history_change_reason__isnull=True)
        .exclude(history_change_reason="")
        .select_related("history_user")
        .order_by("history_date")
    )


def contribution_open_calls(*, partnership, including: int | None = None):
    """Calls a contribution may answer: the open ones, and the one it already answers even if
    that call has closed since (a returned answer must still be correctable)."""
    answerable = (
        Q(status=Call.Status.OPEN) | Q(pk=including) if including else Q(status=Call.Status.OPEN)
    )
    return Call.objects.filter(answerable, partnership=partnership).order_by("due_on", "title")


def contribution_guidance(*, sector, element_slug: str):
    """What the catalogue asks of this sector for the element, and the element's actions by
    level; (None, [], {}) for an element we don't know."""
    element = (
        _DutyElement.objects.filter(slug=element_slug)
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=ElementAction.objects.filter(kind=ElementAction.Kind.ACTION).order_by(
                    "level", "order"
                ),
            )
        )
        .first()
        if element_slug
        else None
    )
    if element is None:
        return None, [], {}
    ways = list(WayToEngage.objects.filter(element=element, sector=sector).order_by("order"))
    actions: dict[str, list] = {}
    for action in element.actions.all():
        actions.setdefault(action.level, []).append(action)
    return element, ways, actions


def _holders_q(permission: str) -> Q:
    """Memberships whose portal role or Duty roles give them `permission`."""
    query = Q(portal_role__in=[r for r, perms in ROLE_PERMISSIONS.items() if permission in perms])
    for duty_role, perms in DUTY_ROLE_PERMISSIONS.items():
        if permission in perms:
            query |= Q(**{duty_role: True})
    return query


def contribution_reviewer_emails(*, contribution) -> list[str]:
    """Everyone who may review it: the partnership's leads and data leads."""
    return list(
        Membership.objects.with_scopes_disabled()
        .filter(partnership_id=contribution.partnership_id, ended_on__isnull=True)
        .filter(_holders_q(_Permission.REVIEW_CONTRIBUTIONS))
        .order_by("user__email")
        .values_list("user__email", flat=True)
        .distinct()
    )


def contribution_contributor_emails(*, contribution) -> list[str]:
    """The contributing organisation's members who contribute for it."""
    return list(
        Membership.objects.with_scopes_disabled()
        .filter(
            partnership_id=contribution.partnership_id,
            organisation_id=contribution.organisation_id,
            ended_on__isnull=True,
        )
        .filter(_holders_q(_Permission.CONTRIBUTE))
        .order_by("user__email")
        .values_list("user__email", flat=True)
        .distinct()
    )


# --- assessment and definition ---


# Prefetch, get_object_or_404 and Membership are imported by the contributions section above.


_DONE = Q(modules__status__in=[AssessmentModule.Status.READY, AssessmentModule.Status.AGREED])


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
    """Who may own a module: any current member of the partnership."""
    return (
        Membership.objects.filter(partnership=partnership)
        .active()
        .select_related("user", "organisation")
        .order_by("user__full_name", "user__email", "pk")
    )


def current_definition(*, partnership) -> LocalDefinition | None:
    """The agreed local definition of serious violence, if there is one."""
    return (
        LocalDefinition.objects.filter(
            partnership=partnership, status=LocalDefinition.Status.AGREED
        )
        .prefetch_related("agreed_by")
        .first()
    )


@dataclass
class DefinitionOverview:
    current: LocalDefinition | None = None
    draft: LocalDefinition | None = None
    history: list[LocalDefinition] = field(default_factory=list)
    open_amendments: list[DefinitionAmendment] = field(default_factory=list)
    answered_amendments: list[DefinitionAmendment] = field(default_factory=list)


def definition_overview(*, partnership) -> DefinitionOverview:
    """Every version (agreed, draft, superseded) and the amendments proposed, in three queries."""
    overview = DefinitionOverview()
    versions = (
        LocalDefinition.objects.filter(partnership=partnership)
        .prefetch_related("agreed_by")
        .order_by("-version")
    )
    for definition in versions:
        if definition.status == LocalDefinition.Status.AGREED:
            overview.current = definition
        elif definition.status == LocalDefinition.Status.DRAFT:
            overview.draft = definition
        else:
            overview.history.append(definition)
    amendments = (
        DefinitionAmendment.objects.filter(partnership=partnership)
        .select_related("definition", "proposed_by__user", "proposed_by__organisation")
        .order_by("-created_at", "-pk")
    )
    for amendment in amendments:
        if amendment.status == DefinitionAmendment.Status.OPEN:
            overview.open_amendments.append(amendment)
        else:
            overview.answered_amendments.append(amendment)
    return overview


def definition_for_change(*, partnership, definition_pk: int) -> LocalDefinition:
    return get_object_or_404(
        LocalDefinition.objects.filter(partnership=partnership), pk=definition_pk
    )


def amendment_detail(*, partnership, amendment_pk: int) -> DefinitionAmendment:
    return get_object_or_404(
        DefinitionAmendment.objects.filter(partnership=partnership).select_related(
            "definition", "proposed_by__user", "proposed_by__organisation"
        ),
        pk=amendment_pk,
    )


def agreeing_organisation_choices(*, partnership):
    """Organisations that may be recorded as agreeing: the partnership's current ones."""
    return Organisation.objects.filter(partnership=partnership, retired_at__isnull=True).order_by(
        "name"
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


# --- calls, to-do list, engagement matrix, findings ---


# Count, Q, Membership, Organisation, Call and the role maps are imported by sections above.


# A contribution answers a call once its organisation has sent it in, whatever the review says.
ANSWERED = [
    Contribution.Status.SUBMITTED,
    Contribution.Status.RETURNED,
    Contribution.Status.ACCEPTED,
]


def contributor_q() -> Q:
    """Members whose roles hold CONTRIBUTE (roles.py decides which roles those are)."""
    portal = [role for role, perms in ROLE_PERMISSIONS.items() if Permission.CONTRIBUTE in perms]
    q = Q(portal_role__in=portal)
    for duty_role, perms in DUTY_ROLE_PERMISSIONS.items():
        if Permission.CONTRIBUTE in perms:
            q |= Q(**{duty_role: True})
    return q


def call_due_end(call: Call) -> datetime.datetime:
    """The last moment a submission counts as on time: the end of the due date, local time."""
    return timezone.make_aware(datetime.datetime.combine(call.due_on, datetime.time.max))


@dataclass
class OrganisationProgress:
    """How one expected organisation stands against a call."""

    organisation: Organisation
    first_submitted_at: datetime.datetime | None
    accepted: bool
    on_time: bool
    overdue: bool

    @property
    def submitted(self) -> bool:
        return self.first_submitted_at is not None


@dataclass
class Completeness:
    """A call's completeness: one row per expected organisation, and the totals."""

    call: Call
    rows: list[OrganisationProgress] = field(default_factory=list)

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def submitted(self) -> int:
        return sum(row.submitted for row in self.rows)

    @property
    def accepted(self) -> int:
        return sum(row.accepted for row in self.rows)

    @property
    def on_time(self) -> int:
        return sum(row.on_time for row in self.rows)

    @property
    def overdue(self) -> int:
        return sum(row.overdue for row in self.rows)

    @property
    def outstanding(self) -> list[Organisation]:
        return [row.organisation for row in self.rows if not row.submitted]


def calls_completeness(*, calls: Iterable[Call], today: datetime.date) -> dict[int, Completeness]:
    """Completeness for each call, in three queries however many calls and organisations.

    The calls must come with `organisations` prefetched. Works across partnerships (the
    reminder task needs that), so the caller chooses the calls and provides the scope.
    """
    calls = list(calls)
    if not calls:
        return {}
    partnership_ids = {call.partnership_id for call in calls}
    # Organisations with an active member holding each Duty role, for calls addressed that way.
    role_calls = [call for call in calls if call.audience == Call.Audience.DUTY_ROLE]
    holders: dict[tuple[int, str], set[int]] = defaultdict(set)
    organisations: dict[int, Organisation] = {}
    if role_calls:
        roles = {call.duty_role for call in role_calls}
        members = (
            Membership.objects.filter(
                partnership_id__in=partnership_ids,
                ended_on__isnull=True,
                organisation__retired_at__isnull=True,
            )
            .filter(_any_duty_role_q(roles))
            .select_related("organisation")
        )
        for member in members:
            organisations[member.organisation_id] = member.organisation
            for role in roles:
                if getattr(member, role, False):
                    holders[(member.partnership_id, role)].add(member.organisation_id)
    expected: dict[int, list[Organisation]] = {}
    for call in calls:
        if call.audience == Call.Audience.DUTY_ROLE:
            chosen = [organisations[pk] for pk in holders[(call.partnership_id, call.duty_role)]]
        else:
            chosen = [o for o in call.organisations.all() if not o.is_retired]
        expected[call.pk] = sorted(chosen, key=lambda o: o.name.lower())
    answers = {
        (row["call_id"], row["organisation_id"]): row
        for row in Contribution.objects.filter(call__in=calls, status__in=ANSWERED)
        .values("call_id", "organisation_id")
        .annotate(
            first_submitted_at=Min("submitted_at"),
            accepted=Count("pk", filter=Q(status=Contribution.Status.ACCEPTED)),
        )
    }
    result = {}
    for call in calls:
        due_end = call_due_end(call)
        completeness = Completeness(call=call)
        for organisation in expected[call.pk]:
            answer = answers.get((call.pk, organisation.pk))
            # A contribution with no recorded submission time still counts as sent.
            submitted_at = answer and (answer["first_submitted_at"] or call.issued_at)
            completeness.rows.append(
                OrganisationProgress(
                    organisation=organisation,
                    first_submitted_at=submitted_at or None,
                    accepted=bool(answer and answer["accepted"]),
                    on_time=bool(submitted_at and submitted_at <= due_end),
                    overdue=not submitted_at and today > call.due_on,
                )
            )
        result[call.pk] = completeness
    return result


def _any_duty_role_q(roles: Iterable[str]) -> Q:
    q = Q(pk__in=[])
    for role in roles:
        q |= Q(**{role: True})
    return q


def call_list(*, partnership: Partnership, today: datetime.date) -> list[Completeness]:
    """Every call with its completeness summary, newest first."""
    calls = (
        Call.objects.filter(partnership=partnership)
        .prefetch_related("organisations")
        .order_by("-issued_at")
    )
    completeness = calls_completeness(calls=calls, today=today)
    return list(completeness.values())


def call_detail(*, partnership: Partnership, call_pk: int) -> Call:
    """A call with what it asks for; raises Call.DoesNotExist for another partnership's."""
    return (
        Call.objects.filter(partnership=partnership)
        .select_related("issued_by")
        .prefetch_related("elements", "measures", "organisations__sector")
        .get(pk=call_pk)
    )


def call_addressee_emails(*, call: Call, organisation: Organisation | None = None) -> list[str]:
    """Who a call (or its reminder to one organisation) is emailed to: the active members of
    the addressed organisations who contribute, or, for a Duty-role call, everyone holding it."""
    members = Membership.objects.filter(
        partnership_id=call.partnership_id,
        ended_on__isnull=True,
        organisation__retired_at__isnull=True,
    )
    if call.audience == Call.Audience.DUTY_ROLE:
        members = members.filter(**{call.duty_role: True})
    else:
        members = members.filter(contributor_q(), organisation__in=call.organisations.all())
    if organisation is not None:
        members = members.filter(organisation=organisation)
    return sorted(set(members.values_list("user__email", flat=True)))


@dataclass
class TodoList:
    calls: list[Call]
    returned: list[Contribution]
    drafts: list[Contribution]
    to_review: list[Contribution]

    @property
    def is_empty(self) -> bool:
        return not (self.calls or self.returned or self.drafts or self.to_review)


def todo_list(
    *, partnership: Partnership, membership: Membership, permissions: Iterable[str]
) -> TodoList:
    """What the signed-in member has to do: four queries at most, whatever the numbers."""
    permissions = set(permissions)
    contributes = Permission.CONTRIBUTE in permissions
    addressed = Q(audience=Call.Audience.DUTY_ROLE, duty_role__in=membership.duty_roles)
    if contributes:
        addressed |= Q(
            audience=Call.Audience.ORGANISATIONS, organisations=membership.organisation_id
        )
    answered = Contribution.objects.filter(
        call=OuterRef("pk"), organisation_id=membership.organisation_id, status__in=ANSWERED
    )
    calls = list(
        Call.objects.filter(partnership=partnership, status=Call.Status.OPEN)
        .filter(addressed)
        .filter(~Exists(answered))
        .distinct()
        .order_by("due_on", "pk")
    )
    own = Contribution.objects.filter(
        partnership=partnership, organisation_id=membership.organisation_id
    ).select_related("element", "call")
    returned = drafts = to_review = []
    if contributes:
        returned = list(own.filter(status=Contribution.Status.RETURNED).order_by("-reviewed_at"))
        drafts = list(own.filter(status=Contribution.Status.DRAFT).order_by("-created_at"))
    if Permission.REVIEW_CONTRIBUTIONS in permissions:
        to_review = list(
            Contribution.objects.filter(
                partnership=partnership, status=Contribution.Status.SUBMITTED
            )
            .select_related("element", "organisation", "call")
            .order_by("submitted_at", "pk")
        )
    return TodoList(calls=calls, returned=returned, drafts=drafts, to_review=to_review)


# Levels in the matrix, lowest first; a cell shows the highest its accepted evidence reaches.
NO_LEVEL = "none"


@dataclass
class MatrixRow:
    organisation: Organisation
    cells: list[tuple[DutyElement, str]]
    # Evidence from the partnership's strategy work, by element id: see engagement_matrix.
    strategy_evidence: dict[int, dict] = field(default_factory=dict)


# What the partnership's own records evidence, beyond contributions, and for which element:
# attending its board, signing the strategy off through the organisation's governance, and
# taking part in a completed annual review. Each counts as "Engaged".
EVIDENCE_ELEMENTS = {
    "board": "collaboration",
    "sign_off": "response-strategy",
    "review": "review-response-strategy",
}


def engagement_matrix(
    *, partnership: Partnership, authority_type: str = ""
) -> tuple[list[DutyElement], list[MatrixRow]]:
    """Organisations × the nine Duty elements, each cell the highest level evidenced by
    accepted contributions, and at least "Engaged" where the partnership's records show the
    organisation's part (see strategy_participation): six queries (elements, organisations,
    four aggregates).

    Each row's `strategy_evidence` maps an element id to {"kind" ("board", "sign_off" or
    "review"), "count", "latest", "only_evidence" (whether it alone gives the cell its level)}."""
    elements = list(DutyElement.objects.order_by("order"))
    organisations = (
        Organisation.objects.filter(partnership=partnership, retired_at__isnull=True)
        .select_related("sector")
        .order_by("sector__authority_type", "name")
    )
    if authority_type:
        organisations = organisations.filter(sector__authority_type=authority_type)
    highest = {}
    for row in (
        Contribution.objects.filter(partnership=partnership, status=Contribution.Status.ACCEPTED)
        .values("organisation_id", "element_id")
        .annotate(
            active=Count("pk", filter=Q(level=Level.ACTIVELY_PARTICIPATING)),
            engaged=Count("pk", filter=Q(level=Level.ENGAGED)),
        )
    ):
        key = (row["organisation_id"], row["element_id"])
        if row["active"]:
            highest[key] = Level.ACTIVELY_PARTICIPATING.value
        elif row["engaged"]:
            highest[key] = Level.ENGAGED.value
    from_contributions = set(highest)
    element_ids = {element.slug: element.pk for element in elements}
    evidence: dict[int, dict[int, dict]] = defaultdict(dict)
    participation = strategy_participation(partnership_ids=[partnership.pk])
    for (organisation_id, kind), detail in participation.items():
        element_id = element_ids.get(EVIDENCE_ELEMENTS[kind])
        if element_id is None:
            continue
        key = (organisation_id, element_id)
        # It evidences engagement; it never lowers what contributions show.
        highest.setdefault(key, Level.ENGAGED.value)
        evidence[organisation_id][element_id] = {
            **detail,
            "kind": kind,
            "only_evidence": key not in from_contributions,
        }
    rows = [
        MatrixRow(
            organisation=organisation,
            cells=[
                (element, highest.get((organisation.pk, element.pk), NO_LEVEL))
                for element in elements
            ],
            strategy_evidence=evidence.get(organisation.pk, {}),
        )
        for organisation in organisations
    ]
    return elements, rows


def strategy_participation(
    *, partnership_ids: list[int], today: datetime.date | None = None
) -> dict[tuple[int, str], dict]:
    """What the partnerships' strategy records show each organisation doing, in three aggregate
    queries: {(organisation id, kind): {"count", "latest" (date)}}, where kind is "board" (it
    attended a board or extraordinary meeting in the 12 months to today), "sign_off" (its
    governance approved a version of the strategy) or "review" (it took part in a completed
    annual review). The engagement matrix and the Duty checklist both count these. The
    strategies app imports this module, so its models are imported here."""
    from dateutil.relativedelta import relativedelta
    from django.db.models import Max

    from strategies.models import Meeting, Review, SignOff

    today = today or timezone.localdate()
    meetings = (
        Meeting.objects.with_scope(partnership=partnership_ids)
        .filter(
            kind__in=[Meeting.Kind.BOARD, Meeting.Kind.EXTRAORDINARY],
            held_on__gte=today - relativedelta(months=12),
            held_on__lte=today,
            attendees__isnull=False,
        )
        .values(organisation_pk=F("attendees"))
        .annotate(count=Count("pk", distinct=True), latest=Max("held_on"))
    )
    sign_offs = (
        SignOff.objects.with_scope(partnership=partnership_ids)
        .filter(decision__in=[SignOff.Decision.APPROVED, SignOff.Decision.APPROVED_WITH_CHANGES])
        .values(organisation_pk=F("organisation_id"))
        .annotate(count=Count("pk"), latest=Max("decided_on"))
    )
    reviews = (
        Review.participants.through.objects.filter(
            review__partnership_id__in=partnership_ids, review__completed_at__isnull=False
        )
        .values(organisation_pk=F("organisation_id"))
        .annotate(count=Count("review_id", distinct=True), latest=Max("review__completed_at"))
    )
    found = {}
    for kind, rows in (("board", meetings), ("sign_off", sign_offs), ("review", reviews)):
        for row in rows.order_by():
            latest = row["latest"]
            if isinstance(latest, datetime.datetime):
                latest = timezone.localdate(latest)
            found[row["organisation_pk"], kind] = {"count": row["count"], "latest": latest}
    return found


def findings_for_assessment(*, assessment: Assessment) -> list[tuple[str, str, list[Finding]]]:
    """The SNA's findings grouped by kind (in the kinds' order), each with its evidence."""
    findings = (
        Finding.objects.filter(assessment=assessment)
        .annotate(
            contribution_count=Count("contributions", distinct=True),
            measure_count=Count("measures", distinct=True),
        )
        .prefetch_related("contributions__organisation", "measures")
        .order_by("title", "pk")
    )
    by_kind = defaultdict(list)
    for finding in findings:
        by_kind[finding.kind].append(finding)
    return [(kind, label, by_kind[kind]) for kind, label in Finding.Kind.choices if by_kind[kind]]


def recommendations_for_assessment(*, assessment: Assessment) -> list[Recommendation]:
    return list(
        Recommendation.objects.filter(assessment=assessment)
        .prefetch_related("findings")
        .order_by("order", "pk")
    )


def finding_evidence_choices(
    *, partnership: Partnership, finding: Finding | None = None
) -> list[Contribution]:
    """Accepted contributions a finding may cite (plus any it already cites), by element."""
    q = Q(status=Contribution.Status.ACCEPTED)
    if finding is not None and finding.pk:
        q |= Q(findings=finding)
    return list(
        Contribution.objects.filter(partnership=partnership)
        .filter(q)
        .select_related("element", "organisation")
        .distinct()
        .order_by("element__order", "organisation__name", "title")
    )


# --- data returns ---


@_dataclass
class MeasureSummary:
    """A measure with its latest accepted total (summed over areas and breakdowns)."""

    measure: Measure
    latest_label: str = ""
    latest_value: Decimal | None = None


def _accepted_points(*, partnership):
    return DataPoint.objects.filter(
        partnership=partnership, contribution__status=Contribution.Status.ACCEPTED
    )


def data_measures(*, partnership) -> list[MeasureSummary]:
    """Every measure with its latest accepted figure: two queries, however many figures."""
    summaries = {m.pk: MeasureSummary(measure=m) for m in Measure.objects.select_related("sector")}
    totals = (
        _accepted_points(partnership=partnership)
        .values("measure_id", "period_start", "period_label")
        .annotate(total=Sum("value"))
        .order_by("measure_id", "period_start", "period_label")
    )
    for row in totals:
        # Ordered by period, so the last one seen for each measure is its latest.
        summary = summaries[row["measure_id"]]
        summary.latest_label, summary.latest_value = row["period_label"], row["total"]
    return list(summaries.values())


def data_measure_trend(
    *, partnership, measure: Measure, area: str = ""
) -> list[tuple[str, Decimal]]:
    """A measure's accepted figures summed per period, oldest first, in one query."""
    points = _accepted_points(partnership=partnership).filter(measure=measure)
    if area:
        points = points.filter(area=area)
    return [
        (row["period_label"], row["total"])
        for row in points.values("period_start", "period_label")
        .annotate(total=Sum("value"))
        .order_by("period_start", "period_label")
    ]


def data_measure_areas(*, partnership, measure: Measure) -> list[str]:
    """The areas a measure has accepted figures for, to filter its trend by."""
    return list(
        _accepted_points(partnership=partnership)
        .filter(measure=measure)
        .values_list("area", flat=True)
        .distinct()
        .order_by("area")
    )


def data_returns_to_upload(*, partnership, membership, permissions) -> list[Contribution]:
    """Data returns the member may still upload figures to: their organisation's, or every
    organisation's for a lead who runs the SNA."""
    returns = (
        Contribution.objects.filter(
            partnership=partnership,
            kind=Contribution.Kind.DATA_RETURN,
            status__in=[Contribution.Status.DRAFT, Contribution.Status.RETURNED],
        )
        # Another organisation's draft stays private to it, even from the lead.
        .filter(_rules.visible_contributions_q(membership=membership))
        .select_related("organisation")
    )
    if _RolePermission.MANAGE_ASSESSMENT not in permissions:
        returns = returns.filter(organisation_id=membership.organisation_id)
    return list(returns.order_by("organisation__name", "-created_at"))


def data_return_preview(*, contribution, limit: int = 50) -> tuple[int, list[DataPoint]]:
    """How many figures a data return holds, and the first of them: two queries."""
    points = DataPoint.objects.filter(
        partnership_id=contribution.partnership_id, contribution=contribution
    )
    return points.count(), list(
        points.select_related("measure").order_by("measure__name", "period_start", "area")[:limit]
    )
