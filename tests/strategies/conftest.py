"""The Northshire strategy our stories share: it rests on an agreed SNA with findings."""

import pytest
from django_scopes import scopes_disabled

from assessments.models import Assessment, Finding, Recommendation
from tests.factories import AssessmentFactory, StrategyFactory


@pytest.fixture
def sna(partnership):
    """Northshire's agreed 2026/27 SNA, with two findings and a recommendation answering them."""
    assessment = AssessmentFactory(
        partnership=partnership, period="2026/27", status=Assessment.Status.AGREED
    )
    with scopes_disabled():
        knives = Finding.objects.create(
            partnership=partnership,
            assessment=assessment,
            kind=Finding.Kind.PLACE,
            title="Knife crime in the town centre at night",
            description="Two thirds of knife offences happen there.",
        )
        exclusion = Finding.objects.create(
            partnership=partnership,
            assessment=assessment,
            kind=Finding.Kind.RISK_FACTOR,
            title="School exclusion",
            description="Most young victims had been excluded.",
        )
        recommendation = Recommendation.objects.create(
            partnership=partnership,
            assessment=assessment,
            title="Put youth workers in the night-time economy",
        )
        recommendation.findings.set([knives, exclusion])
    return assessment


@pytest.fixture
def strategy(sna, partnership):
    """A draft 2026/27 to 2028/29 strategy resting on the SNA."""
    return StrategyFactory(
        partnership=partnership,
        assessment=sna,
        title="Northshire Serious Violence Strategy",
        start_period="2026/27",
        end_period="2028/29",
    )
