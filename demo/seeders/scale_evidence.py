"""A scale partnership's SNA side: local definition, SNAs with their modules, calls,
contributions in every status, data returns' figures, findings, recommendations and the
provision map. Bulk-created, a few queries a partnership (see scale.py)."""

import itertools
import random
from datetime import timedelta
from decimal import Decimal
from functools import cache

from django.utils import timezone

from assessments import services
from assessments.models import (
    Assessment,
    AssessmentModule,
    Call,
    Contribution,
    DataPoint,
    Finding,
    LocalDefinition,
    Measure,
    ProvisionService,
    Recommendation,
    ReviewComment,
    ViolenceType,
    financial_year,
)
from assessments.uploads.periods import read_period
from partnerships.models import DutyElement, Level

from .scale_rows import Place, bulk

Status = Contribution.Status
# Contributions by status, as a partnership well into its SNA has them.
STATUS_WEIGHTS = {Status.ACCEPTED: 50, Status.SUBMITTED: 20, Status.RETURNED: 10, Status.DRAFT: 20}
OTHER_KINDS = [kind for kind in Contribution.Kind if kind != Contribution.Kind.DATA_RETURN]
AGE_BANDS = ["", "10-17", "18-24", "25+"]
SEXES = ["", *DataPoint.Sex.values]


@cache
def reference() -> dict:
    """The catalogue rows every partnership shares, read once."""
    today = timezone.localdate()
    year = today.year
    quarters = [f"{y}-Q{q}" for y in range(year - 3, year) for q in range(1, 5)]
    return {
        "elements": list(DutyElement.objects.order_by("order", "pk")),
        "measures": list(Measure.objects.order_by("pk")),
        # The labels the upload reader stores periods under.
        "periods": [read_period(text) for text in quarters],
        "this_year": financial_year(today),
        "last_year": financial_year(today.replace(year=year - 1)),
    }


def seed_evidence(*, place: Place, counts: dict) -> None:
    # The same data set every run; nothing secret rides on it.
    rng = random.Random(place.index)  # noqa: S311
    ref = reference()
    partnership = place.partnership
    now = timezone.now()
    lead = place.lead
    organisations = list(place.organisations.values())

    definition = bulk(
        LocalDefinition,
        [
            LocalDefinition(
                partnership=partnership,
                version=1,
                status=LocalDefinition.Status.AGREED,
                summary="Serious violence is violence causing, or likely to cause, serious harm.",
                violence_types=rng.sample(ViolenceType.values, 5),
                age_scope="All ages, with a focus on under-25s",
                agreed_on=(now - timedelta(days=400)).date(),
                created_by=lead,
                created_at=now - timedelta(days=420),
            )
        ],
        counts,
    )[0]
    _link(LocalDefinition.agreed_by, [(definition, o) for o in organisations], counts)

    agreed, current = bulk(
        Assessment,
        [
            Assessment(
                partnership=partnership,
                period=ref["last_year"],
                status=Assessment.Status.AGREED,
                scope="Serious violence across the partnership's area.",
                methodology="Police, health and youth justice data, with community surveys.",
                agreed_on=(now - timedelta(days=300)).date(),
                definition=definition,
                created_at=now - timedelta(days=380),
            ),
            Assessment(
                partnership=partnership,
                period=ref["this_year"],
                status=Assessment.Status.DRAFT,
                scope="Refresh of last year's SNA.",
                definition=definition,
                created_at=now - timedelta(days=120),
            ),
        ],
        counts,
    )
    members = [m for roster in place.members.values() for m in roster]
    module_status = AssessmentModule.Status
    bulk(
        AssessmentModule,
        [
            AssessmentModule(
                partnership=partnership,
                assessment=assessment,
                kind=kind,
                order=order,
                owner=rng.choice(members),
                status=module_status.AGREED
                if assessment is agreed
                else rng.choice(module_status.values),
                body=f"{AssessmentModule.Kind(kind).label}: what the evidence shows.",
            )
            for assessment in (agreed, current)
            for order, kind in enumerate(AssessmentModule.Kind.values, 1)
        ],
        counts,
    )

    calls = _calls(place, rng, ref, current, counts)
    contributions = _contributions(place, rng, ref, calls, counts)
    _figures(place, rng, ref, contributions, counts)
    findings = _findings(place, rng, ref, agreed, current, contributions, counts)
    _provision(place, rng, findings, counts)
    place.assessment = agreed
    place.findings = [f for f in findings if f.assessment_id == agreed.pk]
    place.recommendations = list(Recommendation.objects.filter(assessment=agreed).order_by("order"))


def _calls(place, rng, ref, assessment, counts) -> list[Call]:
    partnership, now = place.partnership, timezone.now()
    how_many = 20 if place.big else 6
    calls = bulk(
        Call,
        [
            Call(
                partnership=partnership,
                title=f"Call {n}: evidence for the {assessment.period} SNA",
                questions="Please send what you hold on serious violence in the area.",
                period=assessment.period,
                due_on=(now + timedelta(days=30 + n)).date()
                if n < 2
                else (now - timedelta(days=20 * n)).date(),
                audience=Call.Audience.DUTY_ROLE if n == 2 else Call.Audience.ORGANISATIONS,
                duty_role="data_lead" if n == 2 else "",
                status=Call.Status.OPEN if n < 2 else Call.Status.CLOSED,
                issued_by=place.lead,
                issued_at=now - timedelta(days=10 + 20 * n),
            )
            for n in range(how_many)
        ],
        counts,
    )
    organisations = list(place.organisations.values())
    police = place.organisations["police"]
    addressed = []
    for n, call in enumerate(calls):
        if call.audience == Call.Audience.ORGANISATIONS:
            chosen = {police} if n == 0 else set()  # an open call to the police force
            chosen |= set(rng.sample(organisations, min(3, len(organisations))))
            addressed += [(call, organisation) for organisation in chosen]
    _link(Call.organisations, addressed, counts)
    _link(Call.elements, [(call, rng.choice(ref["elements"])) for call in calls], counts)
    _link(Call.measures, [(call, rng.choice(ref["measures"])) for call in calls[::2]], counts)
    return calls


def _contributions(place, rng, ref, calls, counts) -> list[Contribution]:
    partnership, now = place.partnership, timezone.now()
    organisations = list(place.organisations.values())
    measured = {m.sector_id for m in ref["measures"]}
    statuses, weights = zip(*STATUS_WEIGHTS.items(), strict=True)
    rows = []
    for n in range(place.contributions):
        organisation = organisations[n % len(organisations)]
        data_return = organisation.sector_id in measured and (
            rng.random() < 0.4 or place.datapoints > n * 30
        )
        status = rng.choices(statuses, weights)[0]
        created = now - timedelta(days=rng.randint(1, 360), minutes=n)
        author = place.members.get(_key(place, organisation), [None])[0]
        element = ref["elements"][n % len(ref["elements"])]
        kind = Contribution.Kind.DATA_RETURN if data_return else rng.choice(OTHER_KINDS)
        rows.append(
            Contribution(
                partnership=partnership,
                organisation=organisation,
                element=element,
                level=Level.values[n % 2],
                kind=kind,
                title=f"{Contribution.Kind(kind).label} {n + 1} from {organisation.name}",
                body="What we know, with the sources.",
                period=ref["this_year"] if n % 10 < 7 else ref["last_year"],
                call=rng.choice(calls) if rng.random() < 0.3 else None,
                status=status,
                accepted_revision=1 if status == Status.ACCEPTED else None,
                created_by=author.user if author else place.lead,
                created_at=created,
                submitted_at=None if status == Status.DRAFT else created + timedelta(days=2),
                reviewed_at=created + timedelta(days=5)
                if status in (Status.ACCEPTED, Status.RETURNED)
                else None,
                reviewed_by=place.lead if status in (Status.ACCEPTED, Status.RETURNED) else None,
            )
        )
    contributions = bulk(Contribution, rows, counts)
    bulk(
        ReviewComment,
        [
            ReviewComment(
                partnership=partnership,
                contribution=c,
                author=place.lead,
                body="Please add the figures for the last quarter.",
                revision=1,
                created_at=c.reviewed_at,
            )
            for c in contributions
            if c.status == Status.RETURNED
        ],
        counts,
    )
    return contributions


def _figures(place, rng, ref, contributions, counts) -> None:
    """The data returns' figures, spread evenly over them: each return's measures (its sector's),
    for quarters, areas, sexes and age bands."""
    returns = [c for c in contributions if c.kind == Contribution.Kind.DATA_RETURN]
    if not returns or not place.datapoints:
        return
    by_sector: dict[int, list[Measure]] = {}
    for measure in ref["measures"]:
        by_sector.setdefault(measure.sector_id, []).append(measure)
    areas = place.partnership.areas
    each, extra = divmod(place.datapoints, len(returns))
    rows = []
    for n, contribution in enumerate(returns):
        wanted = each + (1 if n < extra else 0)
        measures = by_sector[contribution.organisation.sector_id]
        start = rng.randrange(len(ref["periods"]))  # returns cover different quarters first
        periods = ref["periods"][start:] + ref["periods"][:start]
        breakdowns = itertools.product(measures, periods, areas, SEXES, AGE_BANDS)
        rows += [
            DataPoint(
                partnership_id=place.partnership.pk,
                contribution_id=contribution.pk,
                measure_id=measure.pk,
                period_start=period_start,
                period_label=label,
                area=area,
                value=Decimal(rng.randint(0, 250)),
                age_band=age,
                sex=sex,
            )
            for measure, (period_start, label), area, sex, age in itertools.islice(
                breakdowns, wanted
            )
        ]
        if len(rows) >= 20_000:
            bulk(DataPoint, rows, counts)
            rows = []
    bulk(DataPoint, rows, counts)
    # Bulk-inserted past the services, so the data pages' kept totals are counted here.
    services.measure_totals_refresh(partnership_id=place.partnership.pk)


def _findings(place, rng, ref, agreed, current, contributions, counts) -> list[Finding]:
    partnership = place.partnership
    kinds = Finding.Kind.values
    how_many = 30 if place.big else 8
    findings = bulk(
        Finding,
        [
            Finding(
                partnership=partnership,
                assessment=agreed if n < how_many else current,
                kind=kinds[n % len(kinds)],
                title=f"Finding {n + 1}: {Finding.Kind(kinds[n % len(kinds)]).label.lower()}",
                description="What the accepted evidence shows, and where.",
                created_by=place.lead,
            )
            for n in range(how_many + 3)
        ],
        counts,
    )
    accepted = [c for c in contributions if c.status == Status.ACCEPTED] or contributions
    _link(
        Finding.contributions,
        [(f, c) for f in findings for c in {rng.choice(accepted) for _ in range(3)}],
        counts,
    )
    _link(Finding.measures, [(f, rng.choice(ref["measures"])) for f in findings], counts)
    on_agreed = findings[:how_many]
    recommendations = bulk(
        Recommendation,
        [
            Recommendation(
                partnership=partnership,
                assessment=agreed,
                title=f"Recommendation {n + 1}",
                description="What the partnership should do about it.",
                order=n,
            )
            for n in range(how_many // 2)
        ],
        counts,
    )
    _link(
        Recommendation.findings,
        [(r, f) for n, r in enumerate(recommendations) for f in on_agreed[2 * n : 2 * n + 2]],
        counts,
    )
    return findings


def _provision(place, rng, findings, counts) -> None:
    partnership = place.partnership
    organisations = list(place.organisations.values())
    tiers, evidence = ProvisionService.Tier.values, ProvisionService.Evidence.values
    services = bulk(
        ProvisionService,
        [
            ProvisionService(
                partnership=partnership,
                provider=(organisation := organisations[n % len(organisations)]).name,
                name=f"Service {n + 1}",
                description="Mentoring and diversion for young people at risk.",
                area=rng.choice(partnership.areas),
                cohort="Young people aged 10 to 24",
                age_min=10,
                age_max=24,
                tier=tiers[n % len(tiers)],
                evidence=evidence[n % len(evidence)],
                added_by_organisation=organisation,
                added_by=place.lead,
                curated=n % 3 != 0,
            )
            for n in range(60 if place.big else 10)
        ],
        counts,
    )
    gaps = [f for f in findings if f.kind == Finding.Kind.GAP] or findings
    _link(ProvisionService.findings, [(s, rng.choice(gaps)) for s in services[::2]], counts)


def _key(place: Place, organisation) -> str:
    return next(key for key, o in place.organisations.items() if o.pk == organisation.pk)


def _link(field, pairs, counts) -> None:
    """Many-to-many links in bulk: (row, related) pairs for a ManyToManyField descriptor."""
    relation = field.rel
    through = relation.through
    source = relation.field.m2m_field_name()
    target = relation.field.m2m_reverse_field_name()
    rows = {(a.pk, b.pk) for a, b in pairs}
    bulk(
        through,
        [through(**{f"{source}_id": a, f"{target}_id": b}) for a, b in sorted(rows)],
        counts,
    )
