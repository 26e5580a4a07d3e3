"""The evidence for each partnership's 2026/27 SNA, made through assessments/services.py.

Things are found again by their natural keys (version, period, title, name), so a second run
skips what is there. What the data dates (a definition drafted and agreed, an amendment, the SNA
started, calls issued and closed, answers to a call) happens on its day, by the clock's travel;
the rest is today's work on a draft SNA.
"""

import csv
import io
from datetime import date, timedelta

from django.core.management.base import CommandError
from django.utils import timezone

from assessments import services as sna
from assessments.models import (
    Assessment,
    AssessmentModule,
    Call,
    Contribution,
    DefinitionAmendment,
    Finding,
    LocalDefinition,
    Measure,
    ProvisionService,
    Recommendation,
)
from assessments.uploads import parse_upload
from demo.data.sna import (
    ACCEPTED,
    CHANGED,
    DRAFT,
    RETURNED,
    SNA_PERIOD,
    DemoCall,
    DemoContribution,
    DemoDefinition,
    DemoFinding,
    DemoProvision,
    DemoRecommendation,
    DemoSna,
)

from .clock import StoryClock
from .story import PartnershipStory

# An answer to a call is drafted a few days before it is submitted, and reviewed soon after.
DRAFTED_BEFORE = timedelta(days=3)
REVIEWED_AFTER = timedelta(days=2)


def first_day(demo: DemoSna, clock: StoryClock) -> date:
    """The day the partnership first worked on this evidence."""
    return min(
        *(definition.created_on for definition in demo.definitions),
        clock.day(demo.started_days_ago),
        *(clock.day(call.issued_days_ago) for call in demo.calls),
    )


class SnaSeeder(PartnershipStory):
    """Seed one partnership's SNA evidence through the assessments services, skipping what is
    there already (found by version, period, title or name)."""

    def __init__(self, **story):
        super().__init__(**story)
        self.measures = {measure.slug: measure for measure in Measure.objects.all()}

    def run(self) -> None:
        self._definitions()
        assessment = self._assessment()
        calls = {demo.key: self._call(demo) for demo in self.demo.calls}
        contributions, to_change = {}, []
        for demo in self.demo.contributions:
            contribution, created = self._contribution(demo, calls)
            contributions[demo.title] = contribution
            if created and demo.state == CHANGED:
                to_change.append((demo, contribution))
        findings = {
            demo.title: self._finding(demo, assessment, contributions)
            for demo in self.demo.findings
        }
        # Changed after acceptance, and after a finding cited it: the finding shows the change.
        for demo, contribution in to_change:
            self._change(demo, contribution)
        for demo in self.demo.calls:
            self._close(demo, calls[demo.key])
        for demo in self.demo.recommendations:
            self._recommendation(demo, assessment, findings)
        for demo in self.demo.provision:
            self._provision(demo, findings)

    # --- The local definition ---

    def _definitions(self) -> None:
        versions = LocalDefinition.objects.filter(partnership=self.partnership)
        for demo in self.demo.definitions:
            definition = versions.filter(version=demo.version).first()
            if definition is None:
                latest = versions.order_by("-version").first()
                if (latest.version if latest else 0) != demo.version - 1 or (
                    latest and latest.status == LocalDefinition.Status.DRAFT
                ):
                    continue  # the partnership has moved on from the demo's versions
                definition = self._definition(demo)
            if demo.amendment and definition.status != LocalDefinition.Status.SUPERSEDED:
                self._amendment(demo, definition)

    def _definition(self, demo: DemoDefinition) -> LocalDefinition:
        # Drafted well before it was agreed.
        with self.clock.on(demo.created_on):
            definition = sna.definition_create(
                partnership=self.partnership,
                data={
                    "summary": demo.summary,
                    "violence_types": list(demo.violence_types),
                    "age_scope": demo.age_scope,
                    "maximum_penalty": demo.maximum_penalty,
                    "impact_on_victim": demo.impact_on_victim,
                    "prevalence": demo.prevalence,
                    "impact_on_community": demo.impact_on_community,
                },
                acting_user=self.users[demo.author],
            )
        if demo.agreed_on:
            with self.clock.on(demo.agreed_on):
                sna.definition_agree(
                    definition=definition,
                    agreed_on=demo.agreed_on,
                    organisations=[self.organisations[name] for name in demo.agreed_by],
                    acting_user=self.lead,
                )
        return definition

    def _amendment(self, demo: DemoDefinition, definition: LocalDefinition) -> None:
        email, proposed_on, proposal, reason = demo.amendment
        if DefinitionAmendment.objects.filter(definition=definition, proposal=proposal).exists():
            return
        with self.clock.on(proposed_on):
            sna.amendment_propose(
                definition=definition,
                membership=self.members[email],
                proposal=proposal,
                reason=reason,
                acting_user=self.users[email],
            )

    # --- The SNA and its modules ---

    def _assessment(self) -> Assessment:
        assessment = Assessment.objects.filter(
            partnership=self.partnership, period=SNA_PERIOD
        ).first()
        if assessment is None:
            with self.clock.days_ago(self.demo.started_days_ago):
                assessment = sna.assessment_start(
                    partnership=self.partnership,
                    period=SNA_PERIOD,
                    scope=self.demo.scope,
                    methodology=self.demo.methodology,
                    acting_user=self.lead,
                )
        modules = {m.kind: m for m in AssessmentModule.objects.filter(assessment=assessment)}
        for demo in self.demo.modules:
            module = modules.get(demo.kind)
            untouched = (
                module is not None
                and not module.body
                and module.owner_id is None
                and module.status == AssessmentModule.Status.NOT_STARTED
            )
            if untouched:
                sna.module_edit(
                    module=module,
                    body=demo.body,
                    status=demo.status,
                    owner=self.members.get(demo.owner),
                    acting_user=self.lead,
                )
        return assessment

    # --- Calls ---

    def _call(self, demo: DemoCall) -> Call:
        call = Call.objects.filter(partnership=self.partnership, title=demo.title).first()
        if call is not None:
            return call
        # Issued on its day, with its due date ahead of it then, as the service requires.
        with self.clock.days_ago(demo.issued_days_ago):
            return sna.call_issue(
                partnership=self.partnership,
                title=demo.title,
                questions=demo.questions,
                elements=[self.elements[slug] for slug in demo.elements],
                measures=[self.measures[slug] for slug in demo.measures],
                period=SNA_PERIOD,
                due_on=self.clock.today + timedelta(days=demo.due_in_days),
                audience=Call.Audience.DUTY_ROLE if demo.duty_role else Call.Audience.ORGANISATIONS,
                organisations=[self.organisations[name] for name in demo.organisations],
                duty_role=demo.duty_role,
                acting_user=self.lead,
            )

    def _close(self, demo: DemoCall, call: Call) -> None:
        if demo.closed_days_ago is None or call.status == Call.Status.CLOSED:
            return
        with self.clock.days_ago(demo.closed_days_ago):
            sna.call_close(call=call, acting_user=self.lead)

    # --- Contributions ---

    def _contribution(self, demo: DemoContribution, calls) -> tuple[Contribution, bool]:
        organisation = self.organisations[demo.organisation]
        contribution = Contribution.objects.filter(
            partnership=self.partnership, organisation=organisation, title=demo.title
        ).first()
        if contribution is not None:
            return contribution, False
        author = self.users[demo.author]
        call = calls.get(demo.call)
        # Answers go to the call while it is open; recreated later, they stand alone.
        if call is not None and call.status != Call.Status.OPEN:
            call = None
        drafted_on = submitted_on = reviewed_on = self.clock.today
        if call is not None and demo.submitted_day:
            submitted_on = timezone.localdate(call.issued_at) + timedelta(days=demo.submitted_day)
            drafted_on, reviewed_on = submitted_on - DRAFTED_BEFORE, submitted_on + REVIEWED_AFTER
        with self.clock.on(drafted_on):
            contribution = sna.contribution_create(
                partnership=self.partnership,
                organisation=organisation,
                element=self.elements[demo.element],
                level=demo.level,
                kind=demo.kind,
                title=demo.title,
                body=demo.body,
                period=SNA_PERIOD,
                call=call,
                acting_user=author,
            )
            if demo.figures:
                sna.data_return_save(
                    contribution=contribution,
                    rows=self._rows(demo),
                    actor=self._as(author),
                )
        if demo.state == DRAFT:
            return contribution, True
        with self.clock.on(submitted_on):
            sna.contribution_submit(contribution=contribution, acting_user=author)
        with self.clock.on(reviewed_on):
            if demo.state == RETURNED:
                sna.contribution_return(
                    contribution=contribution, comment=demo.comment, actor=self._as(self.lead)
                )
            elif demo.state in {ACCEPTED, CHANGED}:
                sna.contribution_accept(contribution=contribution, actor=self._as(self.lead))
        return contribution, True

    def _rows(self, demo: DemoContribution):
        """The figures as a partner would upload them: a CSV, checked by the upload's checks."""
        area = self.partnership.areas[0]
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(["measure", "period", "area", "value", "age_band"])
        for figures in demo.figures:
            writer.writerows(figures.rows(area))
        result = parse_upload(
            name="figures.csv",
            data=text.getvalue().encode(),
            measure_slugs=set(self.measures),
            known_areas=set(self.partnership.areas),
        )
        if not result.ok:
            raise CommandError(f"Demo figures for {demo.title!r} do not upload: {result.errors}")
        return result.rows

    def _change(self, demo: DemoContribution, contribution: Contribution) -> None:
        sna.contribution_edit(
            contribution=contribution,
            element=contribution.element,
            level=contribution.level,
            kind=contribution.kind,
            title=contribution.title,
            body=f"{contribution.body}\n\n{demo.change}",
            period=contribution.period,
            call=contribution.call,
            acting_user=self.users[demo.author],
        )

    # --- Findings, recommendations, provision ---

    def _finding(self, demo: DemoFinding, assessment, contributions) -> Finding | None:
        finding = Finding.objects.filter(assessment=assessment, title=demo.title).first()
        if finding is not None:
            return finding
        # Only accepted evidence may be cited: a contribution changed since (or recreated in
        # another state) is left out rather than failing the run.
        cited = [
            contributions[title]
            for title in demo.contributions
            if contributions[title].status == Contribution.Status.ACCEPTED
        ]
        if not cited and not demo.measures:
            return None
        return sna.finding_create(
            assessment=assessment,
            kind=demo.kind,
            title=demo.title,
            description=demo.description,
            contributions=cited,
            measures=[self.measures[slug] for slug in demo.measures],
            acting_user=self.lead,
        )

    def _recommendation(self, demo: DemoRecommendation, assessment, findings) -> None:
        if Recommendation.objects.filter(assessment=assessment, title=demo.title).exists():
            return
        answered = [findings[title] for title in demo.findings if findings.get(title)]
        if answered:
            sna.recommendation_create(
                assessment=assessment,
                title=demo.title,
                description=demo.description,
                findings=answered,
                acting_user=self.lead,
            )

    def _provision(self, demo: DemoProvision, findings) -> None:
        if ProvisionService.objects.filter(partnership=self.partnership, name=demo.name).exists():
            return
        data = demo.data()
        data["findings"] = [findings[title] for title in demo.findings if findings.get(title)]
        service = sna.provision_add(
            partnership=self.partnership,
            organisation=self.organisations[demo.organisation],
            data=data,
            acting_user=self.users[demo.author],
        )
        if demo.curated:
            sna.provision_curate(service=service, curated=True, acting_user=self.lead)
