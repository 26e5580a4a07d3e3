"""Reads of the partnership's information governance: the register of agreements, the bodies
outside the partnership, and how each organisation and measure stands for data sharing today.
Each is given the partnership and reads in a constant number of queries."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from partnerships.models import Membership, Organisation, Partnership, Sector
from partnerships.roles import Permission, holders_q

from ..models import (
    AgreementVersion,
    Call,
    DataPoint,
    Measure,
    OutsideBody,
    SharingAgreement,
    SharingPolicy,
    Standing,
)


def outside_bodies(*, partnership: Partnership, include_removed: bool = False) -> QuerySet:
    bodies = OutsideBody.objects.filter(partnership=partnership)
    if not include_removed:
        bodies = bodies.filter(retired_at__isnull=True)
    return bodies.order_by("name", "pk")


def agreement_list(*, partnership: Partnership) -> list[SharingAgreement]:
    """Every agreement with its parties and measures: five queries however many there are."""
    return list(
        SharingAgreement.objects.filter(partnership=partnership)
        .select_related("owner")
        .prefetch_related(
            Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
            Prefetch("outside_bodies", queryset=OutsideBody.objects.order_by("name")),
            Prefetch("measures", queryset=Measure.objects.order_by("name")),
        )
        .order_by("title", "pk")
    )


def agreement_versions(*, agreement: SharingAgreement) -> QuerySet:
    return AgreementVersion.objects.filter(agreement=agreement).select_related("recorded_by")


def sharing_policy(*, partnership_id: int) -> str:
    """The partnership's rule for a data return no in-date agreement covers (warn by default)."""
    chosen = (
        SharingPolicy.objects.filter(partnership_id=partnership_id)
        .values_list("without_agreement", flat=True)
        .first()
    )
    return chosen or SharingPolicy.WithoutAgreement.WARN


def _in_date_agreements(partnership_ids: list[int], today: datetime.date) -> QuerySet:
    """Agreements data may be shared under today, for these partnerships."""
    return (
        SharingAgreement.objects.with_scope(partnership=partnership_ids)
        .filter(status=SharingAgreement.Status.IN_FORCE, in_force_from__lte=today)
        .exclude(review_due_on__lt=today)
    )


def agreements_covering(
    *, partnership_id: int, organisation_id: int, measure_ids, today: datetime.date
) -> dict[int, list[SharingAgreement]]:
    """For each of the measures, the in-date agreements under which the organisation shares it
    (two queries)."""
    measure_ids = set(measure_ids)
    covering: dict[int, list[SharingAgreement]] = {pk: [] for pk in measure_ids}
    if not measure_ids:
        return covering
    through = SharingAgreement.measures.through
    agreements = {
        a.pk: a
        for a in _in_date_agreements([partnership_id], today)
        .filter(organisations=organisation_id, measures__in=measure_ids)
        .distinct()
    }
    for agreement_id, measure_id in through.objects.filter(
        sharingagreement_id__in=list(agreements), measure_id__in=measure_ids
    ).values_list("sharingagreement_id", "measure_id"):
        covering[measure_id].append(agreements[agreement_id])
    for found in covering.values():
        found.sort(key=lambda a: (a.title, a.pk))
    return covering


@dataclass
class OrganisationSharing:
    """How one member organisation stands for data sharing today."""

    organisation: Organisation
    agreements: list[SharingAgreement] = field(default_factory=list)
    # The standing of its best agreement; None when it is party to none.
    standing: Standing | None = None

    @property
    def is_covered(self) -> bool:
        return self.standing in {Standing.IN_DATE, Standing.REVIEW_DUE}


@dataclass
class MeasureSharing:
    """Whether an in-date agreement covers a measure the partnership collects, and from whom."""

    measure: Measure
    agreements: list[SharingAgreement] = field(default_factory=list)

    @property
    def is_covered(self) -> bool:
        return bool(self.agreements)


@dataclass
class SharingStatus:
    organisations: list[OrganisationSharing]
    measures: list[MeasureSharing]

    @property
    def uncovered_specified(self) -> list[Organisation]:
        return [
            row.organisation
            for row in self.organisations
            if not row.is_covered
            and row.organisation.sector.authority_type == Sector.AuthorityType.SPECIFIED
        ]

    @property
    def review_due(self) -> list[SharingAgreement]:
        seen = {}
        for row in self.organisations:
            for agreement in row.agreements:
                if agreement.standing_today in {Standing.REVIEW_DUE, Standing.REVIEW_OVERDUE}:
                    seen[agreement.pk] = agreement
        return list(seen.values())


# The order an organisation's standing takes from its best agreement: in date first.
_BEST_FIRST = [
    Standing.IN_DATE,
    Standing.REVIEW_DUE,
    Standing.REVIEW_OVERDUE,
    Standing.NOT_YET,
    Standing.DRAFT,
    Standing.ENDED,
]


def sharing_status(*, partnership: Partnership, today: datetime.date) -> SharingStatus:
    """Each current member organisation with the agreements it is party to and its best standing,
    and each measure the partnership asks for or holds figures of with the in-date agreements
    covering it: seven queries however many organisations, agreements and measures."""
    agreements = [
        a
        for a in agreement_list(partnership=partnership)
        if a.status != SharingAgreement.Status.ENDED
    ]
    for agreement in agreements:
        agreement.standing_today = agreement.standing(today)
    by_organisation: dict[int, list[SharingAgreement]] = defaultdict(list)
    by_measure: dict[int, list[SharingAgreement]] = defaultdict(list)
    for agreement in agreements:
        for organisation in agreement.organisations.all():
            by_organisation[organisation.pk].append(agreement)
        if agreement.standing_today in {Standing.IN_DATE, Standing.REVIEW_DUE}:
            for measure in agreement.measures.all():
                by_measure[measure.pk].append(agreement)
    organisations = []
    for organisation in (
        Organisation.objects.filter(partnership=partnership, retired_at__isnull=True)
        .select_related("sector")
        .order_by("name")
    ):
        own = sorted(
            by_organisation.get(organisation.pk, []),
            key=lambda a: (_BEST_FIRST.index(a.standing_today), a.title),
        )
        organisations.append(
            OrganisationSharing(
                organisation=organisation,
                agreements=own,
                standing=own[0].standing_today if own else None,
            )
        )
    asked = set(
        Call.measures.through.objects.filter(call__partnership=partnership).values_list(
            "measure_id", flat=True
        )
    )
    held = set(
        DataPoint.objects.filter(partnership=partnership)
        .order_by()
        .values_list("measure_id", flat=True)
        .distinct()
    )
    measure_ids = asked | held | set(by_measure)
    measures = [
        MeasureSharing(measure=measure, agreements=by_measure.get(measure.pk, []))
        for measure in Measure.objects.filter(pk__in=measure_ids).order_by("name")
    ]
    return SharingStatus(organisations=organisations, measures=measures)


@dataclass(frozen=True)
class SharingOverview:
    """The dashboard's few lines on data sharing: plain values, kept in the cache."""

    organisations_covered: int
    organisations: int
    uncovered_specified: list[str]
    measures_covered: int
    measures: int
    # (title, review due by, overdue) of agreements due for review within the month or overdue.
    reviews_due: list[tuple[str, datetime.date, bool]]


def sharing_overview(*, partnership: Partnership, today: datetime.date) -> SharingOverview:
    """How the partnership stands for data sharing today, in sharing_status's seven queries."""
    status = sharing_status(partnership=partnership, today=today)
    return SharingOverview(
        organisations_covered=sum(row.is_covered for row in status.organisations),
        organisations=len(status.organisations),
        uncovered_specified=[organisation.name for organisation in status.uncovered_specified],
        measures_covered=sum(row.is_covered for row in status.measures),
        measures=len(status.measures),
        reviews_due=sorted(
            (
                (agreement.title, agreement.review_due_on, agreement.review_due_on < today)
                for agreement in status.review_due
            ),
            key=lambda row: (row[1], row[0]),
        ),
    )


def sharing_summary_for(
    *, partnership_ids: list[int], today: datetime.date
) -> dict[int, dict[str, object]]:
    """For the Duty checklist of many partnerships at once (two queries): per partnership, the
    ids of organisations party to an in-date agreement, and the in-date agreements due for
    review within the warning window."""
    summary: dict[int, dict[str, object]] = {
        pk: {"covered": set(), "due": []} for pk in partnership_ids
    }
    if not partnership_ids:
        return summary
    in_date = {
        a.pk: a
        for a in _in_date_agreements(partnership_ids, today).only(
            "pk", "partnership_id", "title", "status", "in_force_from", "review_due_on"
        )
    }
    through = SharingAgreement.organisations.through
    for agreement_id, organisation_id in through.objects.filter(
        sharingagreement_id__in=list(in_date)
    ).values_list("sharingagreement_id", "organisation_id"):
        agreement = in_date[agreement_id]
        summary[agreement.partnership_id]["covered"].add(organisation_id)
    for agreement in in_date.values():
        if agreement.standing(today) == Standing.REVIEW_DUE:
            summary[agreement.partnership_id]["due"].append(agreement)
    return summary


@dataclass
class ReturnSharing:
    """A data return's standing for data sharing: the agreements its figures were shared under
    when they were uploaded, and for each measure it holds (or its call asks for) the in-date
    agreements covering its organisation today."""

    recorded: list[SharingAgreement]
    measures: list[MeasureSharing]
    refuses: bool

    @property
    def uncovered(self) -> list[Measure]:
        return [row.measure for row in self.measures if not row.is_covered]


def data_return_sharing(*, contribution, today: datetime.date) -> ReturnSharing:
    """Five queries whatever the return holds."""
    held = set(
        DataPoint.objects.filter(contribution=contribution)
        .order_by()
        .values_list("measure_id", flat=True)
        .distinct()
    )
    if not held and contribution.call_id:
        held = set(
            Call.measures.through.objects.filter(call_id=contribution.call_id).values_list(
                "measure_id", flat=True
            )
        )
    covering = agreements_covering(
        partnership_id=contribution.partnership_id,
        organisation_id=contribution.organisation_id,
        measure_ids=held,
        today=today,
    )
    return ReturnSharing(
        recorded=list(contribution.agreements.order_by("title", "pk")),
        measures=[
            MeasureSharing(measure=measure, agreements=covering[measure.pk])
            for measure in Measure.objects.filter(pk__in=held).order_by("name")
        ],
        refuses=sharing_policy(partnership_id=contribution.partnership_id)
        == SharingPolicy.WithoutAgreement.REFUSE,
    )


def sharing_keeper_emails(*, partnership_id: int) -> list[str]:
    """Who keeps the register, and so hears of its reviews: the partnership's leads and data
    leads (active members of current organisations), each address once."""
    return list(
        Membership.objects.with_scopes_disabled()
        .filter(
            partnership_id=partnership_id,
            ended_on__isnull=True,
            organisation__retired_at__isnull=True,
        )
        .filter(holders_q(Permission.MANAGE_DATA_SHARING))
        .order_by("user__email")
        .values_list("user__email", flat=True)
        .distinct()
    )
