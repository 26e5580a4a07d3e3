"""The response strategy story, told through the services on the days it happened.

Each step travels to its day on the story's clock, so the services stamp the rows, their history
and the activity timeline with that day, and date what they date today (the SNA agreed, the
strategy agreed and published, the next review due) with it too. All days are counted back from
the real today, so the story stays true whenever the demo is seeded. The story is told once: a
partnership that already has the strategy (found by its first year) is left as it is.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.core.management.base import CommandError

from assessments.models import (
    Assessment,
    Finding,
    Measure,
    ProvisionService,
    Recommendation,
)
from demo.data.strategy import (
    DemoAction,
    DemoCommentary,
    DemoCommission,
    DemoConsultation,
    DemoMeasure,
    DemoMeeting,
    DemoPriority,
    DemoSignOff,
    DemoStrategy,
    DemoUpdate,
)
from strategies import services
from strategies.models import (
    Action,
    Commission,
    Consultation,
    Priority,
    Strategy,
    StrategyMeasure,
)

from .agreed_sna import agreed_sna_seed
from .clock import StoryClock
from .story import PartnershipStory


def first_day(demo: DemoStrategy, clock: StoryClock) -> date:
    """The day the story starts: the SNA the strategy rests on was started."""
    return clock.day(max(demo.sna.started_days_ago, demo.started_days_ago))


class StrategySeeder(PartnershipStory):
    """Tell one partnership's strategy story through the services, once: a partnership that
    already has an SNA or a strategy for the demo's periods keeps them as they are."""

    def __init__(self, **story):
        super().__init__(**story)
        self.data_measures = {measure.slug: measure for measure in Measure.objects.all()}
        self.commissions: dict[str, Commission] = {}

    def run(self) -> None:
        assessment = agreed_sna_seed(
            demo=self.demo.sna,
            partnership=self.partnership,
            members=self.members,
            lead=self.lead,
            clock=self.clock,
            stdout=self.stdout,
        )
        if assessment is not None and not (
            Strategy.objects.filter(
                partnership=self.partnership, start_period=self.demo.start_period
            ).exists()
        ):
            self._strategy(assessment)
            self.stdout.write(f"created strategy {self.demo.title!r}")

    # --- The strategy ---

    def _strategy(self, assessment: Assessment) -> None:
        demo = self.demo
        lead = self.lead
        with self.clock.days_ago(demo.started_days_ago):
            strategy = services.strategy_start(
                partnership=self.partnership,
                title=demo.title,
                start_period=demo.start_period,
                end_period=demo.end_period,
                assessment=assessment,
                acting_user=lead,
            )
            services.strategy_edit(
                strategy=strategy,
                data={
                    "foreword": demo.foreword,
                    "summary": demo.summary,
                    "governance": demo.governance,
                    "engagement": demo.engagement,
                    "resources": demo.resources,
                },
                acting_user=lead,
            )
        self.strategy = strategy
        with self.clock.days_ago(demo.started_days_ago - 2):
            self.priorities = {p.key: self._priority(p, assessment) for p in demo.priorities}
        with self.clock.days_ago(demo.started_days_ago - 5):
            self.measures = {m.key: self._measure(m) for m in demo.measures}
        self.actions: dict[str, Action] = {}
        for index, priority in enumerate(demo.priorities):
            with self.clock.days_ago(demo.started_days_ago - 8 - 2 * index):
                for action in demo.actions:
                    if action.priority == priority.key and not action.added_in_revision:
                        self.actions[action.title] = self._action(action)
        with self.clock.days_ago(demo.consultation_days_ago):
            for consultation in demo.consultations:
                services.consultation_record(
                    strategy=strategy,
                    organisation=self.organisations[consultation.organisation],
                    data={"invited_on": self._day(consultation.invited_days_ago)},
                    actor=self._as(lead),
                )
            self._transition(Strategy.Status.CONSULTATION)

        # The rest in the order it happened, each step on its day.
        steps: list[tuple[int, object]] = []
        for consultation in demo.consultations:
            if consultation.responded_days_ago is not None:
                steps.append((consultation.responded_days_ago, self._response(consultation)))
        steps += [(s.days_ago, self._sign_off(s)) for s in demo.sign_offs]
        if demo.agreed_days_ago is not None:
            steps.append((demo.agreed_days_ago, self._agree))
        if demo.published_days_ago is not None:
            steps.append((demo.published_days_ago, self._publish))
        for action in demo.actions:
            if action.authority_response is not None:
                steps.append((action.authority_response[1], self._authority_response(action)))
            steps += [(u.days_ago, self._update(action, u)) for u in action.updates]
        for measure in demo.measures:
            steps += [(c.days_ago, self._commentary(measure, c)) for c in measure.commentary]
        steps += [(m.days_ago, self._meeting(m)) for m in demo.meetings]
        for commission in demo.commissions:
            steps.append((commission.days_ago, self._commission(commission)))
            if commission.later is not None:
                steps.append((commission.later[0], self._commission_moves(commission)))
        if demo.review is not None:
            # Recorded on the day it was held (a review cannot be dated ahead), and completed.
            steps += [
                (demo.review.days_ago, self._review_start),
                (demo.review.days_ago, self._review_complete),
            ]
        if demo.revision is not None:
            revision = demo.revision
            steps += [
                (revision.started_days_ago, self._revise),
                *((s.days_ago, self._sign_off(s)) for s in revision.sign_offs),
                (revision.agreed_days_ago, self._agree),
                (revision.published_days_ago, self._publish),
            ]
        # Stable: steps on the same day keep the order they were listed in.
        for days_ago, step in sorted(steps, key=lambda item: -item[0]):
            with self.clock.days_ago(days_ago):
                step(days_ago)

    def _fresh(self) -> Strategy:
        # Services save the strategy they are given, so always hand them the current row.
        self.strategy = Strategy.objects.get(pk=self.strategy.pk)
        return self.strategy

    def _transition(self, status: str) -> Strategy:
        return services.strategy_transition(
            strategy=self._fresh(), status=status, acting_user=self.lead
        )

    def _priority(self, demo: DemoPriority, assessment) -> Priority:
        findings = {f.title: f for f in Finding.objects.filter(assessment=assessment)}
        recommendations = {r.title: r for r in Recommendation.objects.filter(assessment=assessment)}
        return services.priority_add(
            strategy=self.strategy,
            data={
                "title": demo.title,
                "rationale": demo.rationale,
                "findings": [findings[title] for title in demo.findings],
                "recommendations": [recommendations[title] for title in demo.recommendations],
                "problem": demo.problem,
                "activities": demo.activities,
                "outputs": demo.outputs,
                "outcomes": demo.outcomes,
                "impact": demo.impact,
            },
            acting_user=self.lead,
        )

    def _measure_data(self, demo: DemoMeasure, *, target: str) -> dict:
        return {
            "kind": demo.kind,
            "name": demo.name,
            "priority": self.priorities[demo.priority],
            "data_measure": self.data_measures[demo.data_measure] if demo.data_measure else None,
            "baseline": Decimal(demo.baseline),
            "baseline_period": demo.baseline_period,
            "target": Decimal(target),
            "target_period": demo.target_period,
            "direction": demo.direction,
            "frequency": demo.frequency,
            "restricted": demo.restricted,
        }

    def _measure(self, demo: DemoMeasure) -> StrategyMeasure:
        return services.measure_add(
            strategy=self.strategy,
            data=self._measure_data(demo, target=demo.target),
            acting_user=self.lead,
        )

    def _action(self, demo: DemoAction) -> Action:
        return services.action_add(
            strategy=self._fresh(),
            data={
                "priority": self.priorities[demo.priority],
                "title": demo.title,
                "description": demo.description,
                "lead_organisation": self.organisations[demo.lead],
                "lead_person": self.members[demo.lead_person],
                "element": self.elements[demo.element],
                "start_on": self.today + timedelta(days=demo.start_in),
                "due_on": self.today + timedelta(days=demo.due_in),
                "funding_source": demo.funding,
                "relevant_authority": self.organisations[demo.authority]
                if demo.authority
                else None,
                "restricted": demo.restricted,
                "contributing_organisations": [self.organisations[n] for n in demo.contributing],
                "measures": [self.measures[key] for key in demo.measures],
            },
            acting_user=self.lead,
        )

    # --- Steps, each called with its days ago, on that day ---

    def _response(self, demo: DemoConsultation):
        def step(days_ago):
            organisation = self.organisations[demo.organisation]
            services.consultation_edit(
                consultation=Consultation.objects.get(
                    strategy=self.strategy, organisation=organisation
                ),
                data={
                    "invited_on": self._day(demo.invited_days_ago),
                    "responded_on": self._day(days_ago),
                    "response": demo.response,
                    "taken_into_account": demo.taken_into_account,
                },
                actor=self._as(self.lead),
            )

        return step

    def _sign_off(self, demo: DemoSignOff):
        def step(days_ago):
            services.sign_off_record(
                strategy=self._fresh(),
                organisation=self.organisations[demo.organisation],
                data={
                    "decision": demo.decision,
                    "body": demo.body,
                    "decided_on": self._day(days_ago),
                    "minute_reference": demo.minute_reference,
                },
                # Each body's own representative records its decision.
                actor=self._as(self.users[demo.recorded_by]),
            )

        return step

    def _agree(self, days_ago) -> None:
        # The service dates the agreement today: the travelled day.
        self._transition(Strategy.Status.AGREED)

    def _publish(self, days_ago) -> None:
        # Dated today too, the strategy and the version it freezes; the next review falls due a
        # year after the day published (or the last review).
        self._transition(Strategy.Status.PUBLISHED)

    def _authority_response(self, demo: DemoAction):
        response, _days_ago = demo.authority_response

        def step(days_ago):
            services.action_record_response(
                action=Action.objects.get(pk=self.actions[demo.title].pk),
                response=response,
                responded_on=self._day(days_ago),
                acting_user=self.lead,
            )

        return step

    def _update(self, demo: DemoAction, update: DemoUpdate):
        def step(days_ago):
            action = Action.objects.select_related("strategy").get(pk=self.actions[demo.title].pk)
            member = self.members[update.author]
            if member.organisation_id != action.lead_organisation_id:
                raise CommandError(
                    f"{update.author} cannot report on {demo.title!r}: not of its lead organisation"
                )
            services.action_post_update(
                action=action,
                organisation=member.organisation,
                data={
                    "updated_on": self._day(days_ago),
                    "note": update.note,
                    "status": update.status,
                    "progress": update.progress,
                },
                acting_user=self.users[update.author],
            )

        return step

    def _commentary(self, measure: DemoMeasure, demo: DemoCommentary):
        def step(days_ago):
            services.commentary_add(
                measure=StrategyMeasure.objects.get(pk=self.measures[measure.key].pk),
                period_label=demo.period,
                commentary=demo.text,
                acting_user=self.users[demo.author],
            )

        return step

    def _meeting(self, demo: DemoMeeting):
        def step(days_ago):
            services.meeting_record(
                data={
                    "held_on": self._day(days_ago),
                    "kind": demo.kind,
                    "title": demo.title,
                    "decisions": demo.decisions,
                    "attendees": [self.organisations[name] for name in demo.attendees],
                },
                actor=self._as(self.lead),
            )

        return step

    def _commission_data(self, demo: DemoCommission, status: str) -> dict:
        # The financial year (April to March) today falls in, and those around it.
        first = self.today.year if self.today.month >= 4 else self.today.year - 1
        return {
            "kind": demo.kind,
            "title": demo.title,
            "description": demo.description,
            "commissioner": self.organisations[demo.commissioner],
            "value": Decimal(demo.value),
            "starts_on": date(first + demo.starts_year, 4, 1),
            "ends_on": date(first + demo.ends_year + 1, 3, 31),
            "status": status,
            "priorities": [self.priorities[key] for key in demo.priorities],
            "provision": list(
                ProvisionService.objects.filter(
                    partnership=self.partnership, name__in=demo.provision
                )
            ),
        }

    def _commission(self, demo: DemoCommission):
        def step(days_ago):
            self.commissions[demo.title] = services.commission_add(
                partnership=self.partnership,
                data=self._commission_data(demo, demo.status),
                acting_user=self.lead,
            )

        return step

    def _commission_moves(self, demo: DemoCommission):
        def step(days_ago):
            services.commission_edit(
                commission=Commission.objects.get(pk=self.commissions[demo.title].pk),
                data=self._commission_data(demo, demo.later[1]),
                acting_user=self.lead,
            )

        return step

    def _review_start(self, days_ago) -> None:
        demo = self.demo.review
        self.review = services.review_start(
            strategy=self._fresh(),
            data={
                "reviewed_on": self._day(demo.days_ago),
                "participants": [self.organisations[name] for name in demo.participants],
                "working": demo.working,
                "not_working": demo.not_working,
                "evaluation_evidence": demo.evaluation_evidence,
            },
            actor=self._as(self.lead),
        )

    def _review_complete(self, days_ago) -> None:
        demo = self.demo.review
        services.review_complete(
            review=self.review,
            decision=demo.decision,
            changes_agreed=demo.changes_agreed,
            next_due_on=None,
            actor=self._as(self.lead),
        )

    def _revise(self, days_ago) -> None:
        """The review's changes: a revision (version 2) with a new action, a rationale that
        says why, a tighter target and a summary that says what changed."""
        demo = self.demo
        self._transition(Strategy.Status.UNDER_REVIEW)
        services.strategy_edit(
            strategy=self._fresh(), data={"summary": demo.revision.summary}, acting_user=self.lead
        )
        for priority in demo.priorities:
            if priority.revised_rationale:
                services.priority_edit(
                    priority=Priority.objects.select_related("strategy").get(
                        pk=self.priorities[priority.key].pk
                    ),
                    data={"rationale": f"{priority.rationale}\n\n{priority.revised_rationale}"},
                    acting_user=self.lead,
                )
        for measure in demo.measures:
            if measure.revised_target:
                services.measure_edit(
                    measure=StrategyMeasure.objects.select_related("strategy").get(
                        pk=self.measures[measure.key].pk
                    ),
                    data=self._measure_data(measure, target=measure.revised_target),
                    acting_user=self.lead,
                )
        for action in demo.actions:
            if action.added_in_revision:
                self.actions[action.title] = self._action(action)
