"""The agreed SNA a demo strategy rests on, taken from started to agreed (and published) on the
days the story gives, through assessments/services.py."""

from assessments import services as sna
from assessments.models import Assessment, AssessmentModule, Measure
from demo.data.strategy import DemoAgreedSna

from .clock import StoryClock

AGREED_SNA = {Assessment.Status.AGREED, Assessment.Status.PUBLISHED}


def agreed_sna_seed(
    *, demo: DemoAgreedSna, partnership, members: dict, lead, clock: StoryClock, stdout
) -> Assessment | None:
    """The SNA for the demo's period, made once; None if the partnership has one for that
    period that is not agreed (someone trying the demo moved it back), so no strategy rests on
    it."""
    assessment = Assessment.objects.filter(partnership=partnership, period=demo.period).first()
    if assessment is not None:
        if assessment.status in AGREED_SNA:
            return assessment
        stdout.write(f"skipped the demo strategy: the {demo.period} SNA is {assessment.status}")
        return None
    with clock.days_ago(demo.started_days_ago):
        assessment = sna.assessment_start(
            partnership=partnership,
            period=demo.period,
            scope=demo.scope,
            methodology=demo.methodology,
            acting_user=lead,
        )
    with clock.days_ago(demo.started_days_ago - 45):
        modules = {m.kind: m for m in AssessmentModule.objects.filter(assessment=assessment)}
        for kind, owner, text in demo.modules:
            sna.module_edit(
                module=modules[kind],
                body=text,
                status=AssessmentModule.Status.AGREED,
                owner=members[owner],
                acting_user=lead,
            )
    data_measures = {measure.slug: measure for measure in Measure.objects.all()}
    findings = {}
    with clock.days_ago(demo.agreed_days_ago + 30):
        for finding in demo.findings:
            findings[finding.title] = sna.finding_create(
                assessment=assessment,
                kind=finding.kind,
                title=finding.title,
                description=finding.description,
                contributions=[],
                measures=[data_measures[slug] for slug in finding.measures],
                acting_user=lead,
            )
        for recommendation in demo.recommendations:
            sna.recommendation_create(
                assessment=assessment,
                title=recommendation.title,
                description=recommendation.description,
                findings=[findings[title] for title in recommendation.findings],
                acting_user=lead,
            )
    with clock.days_ago(demo.agreed_days_ago + 14):
        sna.assessment_transition(
            assessment=assessment, status=Assessment.Status.IN_REVIEW, acting_user=lead
        )
    # Agreed today, as the service dates it: the travelled day.
    with clock.days_ago(demo.agreed_days_ago):
        sna.assessment_transition(
            assessment=assessment, status=Assessment.Status.AGREED, acting_user=lead
        )
    if demo.published_days_ago is not None:
        with clock.days_ago(demo.published_days_ago):
            sna.assessment_transition(
                assessment=assessment, status=Assessment.Status.PUBLISHED, acting_user=lead
            )
    if demo.shared_days_ago is not None:
        with clock.days_ago(demo.shared_days_ago):
            sna.assessment_record_shared(
                assessment=assessment,
                shared_on=clock.day(demo.shared_days_ago),
                acting_user=lead,
            )
    stdout.write(f"created the agreed {demo.period} SNA")
    return assessment
