"""A scale partnership's strategy side: a published response strategy with priorities, actions
in every status and their updates, measures with commentary, sign-offs, consultations,
meetings and commissions; then a few timeline entries and export jobs. Bulk-created, a few
queries a partnership (see scale.py)."""

import random
from datetime import timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from documents.models import ExportJob
from partnerships.models import AuditEntry, Sector
from strategies.models import (
    CONSULTEE_SECTORS,
    Action,
    ActionStatus,
    ActionUpdate,
    Commission,
    Consultation,
    MeasureCommentary,
    Meeting,
    Priority,
    SignOff,
    Strategy,
    StrategyMeasure,
    StrategyVersion,
)
from strategies.services import strategy_snapshot

from .scale_evidence import _link, reference
from .scale_rows import Place, bulk

# Actions by status, as a strategy a year into delivery has them.
STATUS_WEIGHTS = {
    ActionStatus.NOT_STARTED: 15,
    ActionStatus.ON_TRACK: 40,
    ActionStatus.AT_RISK: 15,
    ActionStatus.OFF_TRACK: 8,
    ActionStatus.COMPLETE: 17,
    ActionStatus.CANCELLED: 5,
}
PROGRESS = {
    ActionStatus.NOT_STARTED: 0,
    ActionStatus.ON_TRACK: 50,
    ActionStatus.AT_RISK: 35,
    ActionStatus.OFF_TRACK: 20,
    ActionStatus.COMPLETE: 100,
    ActionStatus.CANCELLED: 10,
}


def seed_strategy(*, place: Place, counts: dict) -> None:
    rng = random.Random(-place.index - 1)  # noqa: S311 (repeatable, not secret)
    ref = reference()
    partnership, now, lead = place.partnership, timezone.now(), place.lead
    today = now.date()
    published_on = today - timedelta(days=200)
    start = int(ref["this_year"][:4])
    strategy = bulk(
        Strategy,
        [
            Strategy(
                partnership=partnership,
                title=f"{partnership.name} response strategy",
                start_period=ref["this_year"],
                end_period=f"{start + 2}/{(start + 3) % 100:02d}",
                assessment=place.assessment,
                status=Strategy.Status.PUBLISHED,
                foreword="Our partners' shared commitment to preventing serious violence.",
                summary="Three years of work on the needs our SNA found.",
                governance="The partnership board meets quarterly.",
                engagement="Young people and communities shaped the priorities.",
                resources="Funded by the Home Office grant and partners' own budgets.",
                agreed_on=published_on - timedelta(days=14),
                published_on=published_on,
                next_review_due=published_on + relativedelta(months=12),
                created_by=lead,
                created_at=now - timedelta(days=260),
            )
        ],
        counts,
    )[0]
    priorities = bulk(
        Priority,
        [
            Priority(
                partnership=partnership,
                strategy=strategy,
                title=f"Priority {n + 1}",
                rationale="The SNA found this is where harm concentrates.",
                order=n,
                problem="Violence among young people in the evening economy.",
                outcomes="Fewer young people hurt.",
                restricted=n % 7 == 6,
            )
            for n in range(20 if place.big else 5)
        ],
        counts,
    )
    _link(
        Priority.findings,
        [(p, f) for p in priorities for f in rng.sample(place.findings, 2)],
        counts,
    )
    if place.recommendations:
        _link(
            Priority.recommendations,
            [(p, rng.choice(place.recommendations)) for p in priorities],
            counts,
        )
    measures = bulk(
        StrategyMeasure,
        [
            StrategyMeasure(
                partnership=partnership,
                strategy=strategy,
                priority=priorities[n % len(priorities)],
                kind=StrategyMeasure.Kind.values[n % 2],
                name=f"{measure.name} (measure {n + 1})",
                data_measure=measure,
                baseline=Decimal(100 + n),
                baseline_period=ref["periods"][0][1],
                target=Decimal(80 + n),
                target_period=ref["this_year"],
                direction=StrategyMeasure.Direction.DOWN,
                frequency=StrategyMeasure.Frequency.QUARTERLY,
                order=n,
            )
            for n, measure in enumerate((ref["measures"] * 3)[: 20 if place.big else 6])
        ],
        counts,
    )
    bulk(
        MeasureCommentary,
        [
            MeasureCommentary(
                partnership=partnership,
                measure=measure,
                period_label=ref["periods"][-1][1],
                commentary="Down on the same quarter last year.",
                author=lead,
            )
            for measure in measures
        ],
        counts,
    )
    actions = _actions(place, rng, ref, strategy, priorities, measures, counts)
    _governance(place, rng, strategy, published_on, counts)
    bulk(
        StrategyVersion,
        [
            StrategyVersion(
                partnership=partnership,
                strategy=strategy,
                number=1,
                published_on=published_on,
                published_by=lead,
                snapshot=strategy_snapshot(strategy),
            )
        ],
        counts,
    )
    _commissions(place, priorities, counts)
    _timeline(place, strategy, actions, counts)
    _exports(place, strategy, counts)


def _actions(place, rng, ref, strategy, priorities, measures, counts) -> list[Action]:
    partnership, now = place.partnership, timezone.now()
    today = now.date()
    specified = [
        (key, o)
        for key, o in place.organisations.items()
        if o.sector.authority_type == Sector.AuthorityType.SPECIFIED
    ]
    relevant = [
        o
        for o in place.organisations.values()
        if o.sector.authority_type == Sector.AuthorityType.RELEVANT
    ]
    statuses, weights = zip(*STATUS_WEIGHTS.items(), strict=True)
    rows = []
    for n in range(place.actions):
        key, organisation = specified[n % len(specified)]
        status = rng.choices(statuses, weights)[0]
        for_relevant = relevant and n % 25 == 7
        due = today + timedelta(days=rng.randint(-120, 500))
        rows.append(
            Action(
                partnership=partnership,
                strategy=strategy,
                priority=priorities[n % len(priorities)],
                title=f"Action {n + 1}: {organisation.name}",
                description="What will be done, by whom and by when.",
                lead_organisation=organisation,
                lead_person=(place.members.get(key) or [None])[0],
                element=ref["elements"][n % len(ref["elements"])],
                start_on=today - timedelta(days=rng.randint(30, 200)),
                due_on=due,
                funding_source="Serious Violence Duty grant" if n % 3 == 0 else "",
                relevant_authority=rng.choice(relevant) if for_relevant else None,
                relevant_authority_response=Action.Response.values[n % 3] if for_relevant else "",
                status=status,
                progress=PROGRESS[status],
                restricted=n % 20 == 19,
                order=n,
                last_update_on=None
                if status == ActionStatus.NOT_STARTED
                else today - timedelta(days=rng.randint(1, 150)),
                created_at=now - timedelta(days=220),
            )
        )
    actions = bulk(Action, rows, counts)
    others = list(place.organisations.values())
    _link(
        Action.contributing_organisations,
        [(a, rng.choice(others)) for a in actions[::3] if others],
        counts,
    )
    _link(Action.measures, [(a, rng.choice(measures)) for a in actions[::4]], counts)
    updates = []
    for action in actions:
        if action.status == ActionStatus.NOT_STARTED:
            continue
        author = action.lead_person.user if action.lead_person else place.lead
        for back in range(1 + action.pk % 2):
            updates.append(
                ActionUpdate(
                    partnership=partnership,
                    action=action,
                    organisation=action.lead_organisation,
                    author=author,
                    updated_on=action.last_update_on - timedelta(days=60 * back),
                    note="Sessions delivered as planned; referrals up this quarter.",
                    status=action.status if back == 0 else ActionStatus.ON_TRACK,
                    progress=action.progress if back == 0 else action.progress // 2,
                )
            )
    bulk(ActionUpdate, updates, counts)
    return actions


def _governance(place, rng, strategy, published_on, counts) -> None:
    partnership, lead = place.partnership, place.lead
    organisations = list(place.organisations.values())
    bulk(
        SignOff,
        [
            SignOff(
                partnership=partnership,
                strategy=strategy,
                version=1,
                organisation=o,
                decision=SignOff.Decision.APPROVED,
                body="Executive board",
                decided_on=published_on - timedelta(days=20),
                minute_reference=f"EB/{o.pk}",
                recorded_by=lead,
            )
            for o in organisations
            if o.sector.authority_type == Sector.AuthorityType.SPECIFIED
        ],
        counts,
    )
    bulk(
        Consultation,
        [
            Consultation(
                partnership=partnership,
                strategy=strategy,
                organisation=o,
                invited_on=published_on - timedelta(days=60),
                responded_on=published_on - timedelta(days=40),
                response="We support the priorities on exclusion.",
                taken_into_account="Priority 2 now names school transitions.",
                recorded_by=lead,
            )
            for o in organisations
            if o.sector.slug in CONSULTEE_SECTORS
        ],
        counts,
    )
    meetings = bulk(
        Meeting,
        [
            Meeting(
                partnership=partnership,
                held_on=timezone.localdate() - timedelta(days=30 * n + 7),
                kind=Meeting.Kind.values[n % len(Meeting.Kind.values)],
                title=f"Meeting {n + 1}",
                decisions="Agreed the quarter's performance report.",
                recorded_by=lead,
            )
            for n in range(12 if place.big else 4)
        ],
        counts,
    )
    _link(
        Meeting.attendees,
        [(m, o) for m in meetings for o in rng.sample(organisations, len(organisations) // 2)],
        counts,
    )


def _commissions(place, priorities, counts) -> None:
    commissions = bulk(
        Commission,
        [
            Commission(
                partnership=place.partnership,
                kind=Commission.Kind.values[n % 2],
                title=f"Commission {n + 1}",
                commissioner=place.organisations["opcc"],
                value=Decimal(50_000 * (n + 1)),
                status=Commission.Status.LIVE if n % 2 == 0 else Commission.Status.PLANNED,
                created_by=place.lead,
            )
            for n in range(2)
        ],
        counts,
    )
    _link(Commission.priorities, [(c, priorities[0]) for c in commissions], counts)


def _timeline(place, strategy, actions, counts) -> None:
    """A few entries on the activity timeline (the services would write one for every change)."""
    now = timezone.now()
    entries = [
        ("+", "partnership", place.partnership, "Partnership created", 400),
        ("+", "strategy", strategy, "Strategy started", 260),
        ("~", "strategy", strategy, "Published", 200),
        *(
            ("~", "action", action, "Progress updated", 10 + n)
            for n, action in enumerate(actions[:3])
        ),
    ]
    bulk(
        AuditEntry,
        [
            AuditEntry(
                partnership=place.partnership,
                actor=place.lead,
                occurred_at=now - timedelta(days=days_ago),
                action=action,
                subject_type=subject_type,
                subject_id=subject.pk,
                subject_label=str(subject)[:300],
                summary=summary,
            )
            for action, subject_type, subject, summary, days_ago in entries
        ],
        counts,
    )


def _exports(place, strategy, counts) -> None:
    """Export history: failed jobs only, so no download points at a file that was never
    rendered."""
    now = timezone.now()
    bulk(
        ExportJob,
        [
            ExportJob(
                partnership=place.partnership,
                kind=kind,
                assessment=place.assessment if kind == ExportJob.Kind.SNA else None,
                strategy=strategy if kind == ExportJob.Kind.STRATEGY else None,
                source_version=1,
                variant=variant,
                status=ExportJob.Status.FAILED,
                requested_by=place.lead,
                requested_at=now - timedelta(days=n + 1),
                started_at=now - timedelta(days=n + 1),
                finished_at=now - timedelta(days=n + 1),
                attempts=1,
                error="The document could not be made. Please try again.",
            )
            for n, (kind, variant) in enumerate(
                [
                    (ExportJob.Kind.SNA, ExportJob.Variant.FULL),
                    (ExportJob.Kind.STRATEGY, ExportJob.Variant.FULL),
                    (ExportJob.Kind.STRATEGY, ExportJob.Variant.PUBLIC),
                ]
            )
        ],
        counts,
    )
