"""Northshire's SNA and strategy, with the evidence, plan and figures their documents print."""

import datetime
import re
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled
from pypdf import PdfReader

from assessments.models import Contribution, DataPoint
from documents.pdf import render_pdf
from strategies import services
from strategies.models import SignOff, Strategy
from tests.factories import (
    ActionFactory,
    ContributionFactory,
    PriorityFactory,
    StrategyMeasureFactory,
    measure,
)

KNIFE = "knife-offensive-weapon-offences"


@pytest.fixture
def _private_media(settings, tmp_path):
    """Private files in the test's own folder (export tests use it for every test)."""
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def renders(monkeypatch):
    """Stand in for the document templates with a tiny PDF; counts the renders by kind."""
    calls = []

    def render_document(*, kind, source, variant="full", draft=False):
        calls.append(kind)
        return render_pdf(f"<html lang='en'><title>{source}</title><p>{kind} {len(calls)}</p>")

    monkeypatch.setattr("documents.content.render_document", render_document)
    return calls


def words_of(reader: PdfReader) -> str:
    """A PDF's text as one line of words. Extraction breaks lines where the layout wraps them
    (after a hyphen, too), so tests compare words, not lines."""
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    return re.sub(r"- (?=[a-z])", "-", text)


@pytest.fixture
def knife_figures(police, sna):
    """Northshire Police's accepted data return of knife offences in two areas, two quarters,
    cited by the town-centre finding."""
    contribution = ContributionFactory(
        organisation=police,
        kind=Contribution.Kind.DATA_RETURN,
        title="Knife offences by quarter",
        status=Contribution.Status.ACCEPTED,
        accepted_revision=1,
    )
    figures = [
        ("2026-Q1", datetime.date(2026, 1, 1), "Eastport", "41"),
        ("2026-Q1", datetime.date(2026, 1, 1), "Westbury", "17"),
        ("2026-Q2", datetime.date(2026, 4, 1), "Eastport", "36"),
        ("2026-Q2", datetime.date(2026, 4, 1), "Westbury", "12"),
    ]
    with scopes_disabled():
        DataPoint.objects.bulk_create(
            DataPoint(
                partnership=police.partnership,
                contribution=contribution,
                measure=measure(KNIFE),
                period_start=start,
                period_label=label,
                area=area,
                value=Decimal(value),
            )
            for label, start, area, value in figures
        )
        finding = sna.findings.get(title="Knife crime in the town centre at night")
        finding.contributions.add(contribution)
        finding.measures.add(measure(KNIFE))
    return contribution


@pytest.fixture
def plan(strategy, council, police, knife_figures):
    """The draft strategy: a priority citing the town-centre finding with an open action and a
    restricted one, and a knife-offences measure drawing on the police's figures."""
    priority = PriorityFactory(
        strategy=strategy,
        title="Make the town centre safe at night",
        rationale="Knife crime clusters in the night-time economy.",
    )
    with scopes_disabled():
        priority.findings.set(
            strategy.assessment.findings.filter(title="Knife crime in the town centre at night")
        )
    action = ActionFactory(
        priority=priority,
        lead_organisation=police,
        title="Put youth workers in the night-time economy",
        start_on=datetime.date(2026, 4, 1),
        due_on=datetime.date(2027, 3, 31),
        status="on_track",
        funding_source="Serious Violence Duty grant",
    )
    with scopes_disabled():
        action.contributing_organisations.set([council])
    ActionFactory(
        priority=priority,
        lead_organisation=police,
        title="Covert patrols on the ring road",
        restricted=True,
    )
    StrategyMeasureFactory(
        strategy=strategy,
        priority=priority,
        name="Knife offences in the town centre",
        data_measure=measure(KNIFE),
        baseline=Decimal(120),
        target=Decimal(90),
    )
    return strategy


def publish(strategy, lead, police):
    """The police sign version 1 off, the strategy is agreed, then published through the service."""
    with scopes_disabled():
        SignOff.objects.create(
            partnership=strategy.partnership,
            strategy=strategy,
            version=strategy.version,
            organisation=police,
            decision=SignOff.Decision.APPROVED,
            body="Chief Officer Group",
            decided_on=datetime.date(2026, 3, 2),
        )
        Strategy.objects.filter(pk=strategy.pk).update(status=Strategy.Status.AGREED)
        strategy.refresh_from_db()
        services.strategy_transition(
            strategy=strategy, status=Strategy.Status.PUBLISHED, acting_user=lead
        )
        strategy.refresh_from_db()
    return strategy
