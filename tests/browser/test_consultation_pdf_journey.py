"""The consultation summary in the published strategy's PDF (issue 17): St Aidan's Academy, a
school outside the partnership, responded to the draft in the portal and Priya answered its
comment; once published, Grace exports the strategy and the PDF says who was consulted, when,
and what changed, naming the school and never the member of its staff who wrote."""

import datetime
import io

import pytest
from django.utils import timezone
from django_scopes import scope
from playwright.sync_api import expect
from pypdf import PdfReader

from partnerships.access import actor_for
from strategies import services
from strategies.models import ConsultationComment
from tests.browser.test_export_journey import TITLE, grace, grace_page  # noqa: F401 (fixtures)
from tests.browser.test_lead_journey import sign_in
from tests.conftest import make_consultee
from tests.documents.conftest import publish
from tests.factories import AssessmentFactory, StrategyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def consulted_and_published(partnership, lead, police):
    """The draft was consulted on: the school commented on the summary, Priya answered that the
    summary now names schools; then it was signed off and published."""
    sna = AssessmentFactory(partnership=partnership, period="2026/27", status="agreed")
    strategy = StrategyFactory(
        partnership=partnership,
        assessment=sna,
        title=TITLE,
        start_period="2026/27",
        end_period="2028/29",
        summary="Our plan to prevent serious violence.",
    )
    sam = make_consultee(partnership, invited_by=lead)
    with scope(partnership=partnership):
        priya = actor_for(lead, partnership)
        services.consultation_period_open(
            strategy=strategy,
            closes_on=timezone.localdate() + datetime.timedelta(days=14),
            actor=priya,
        )
        school = actor_for(sam, partnership)
        services.consultation_comment_save(
            strategy=strategy,
            section_key="summary",
            text="Name the schools' part in prevention.",
            actor=school,
        )
        services.consultation_response_submit(
            strategy=strategy, overall="We welcome the draft.", actor=school
        )
        comment = ConsultationComment.objects.get(response__strategy=strategy)
        services.consultation_comment_answer(
            comment=comment,
            data={
                "answer": "Agreed.",
                "changed": ConsultationComment.Changed.CHANGED,
                "what_changed": "The summary now names schools.",
            },
            actor=priya,
        )
    strategy.refresh_from_db()
    return publish(strategy, lead, police)


def test_the_published_strategys_pdf_carries_the_consultation_summary(
    grace_page,  # noqa: F811
    axe,
    assert_accessible,
    grace,  # noqa: F811
    partnership,
    consulted_and_published,
):
    page = grace_page
    sign_in(page, "grace@example.org")
    page.get_by_role("link", name=partnership.name).click()
    page.goto(f"/p/{partnership.slug}/strategy/{consulted_and_published.pk}/")
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("St Aidan's Academy")
    page.get_by_role("link", name="Export a PDF, or download an earlier one").click()
    assert_accessible(page, axe)
    page.get_by_role("button", name="Export PDF").click()
    download_link = page.get_by_role("link", name="Download the PDF")
    expect(download_link).to_be_visible()

    with page.expect_download() as download_info:
        download_link.click()
    with open(download_info.value.path(), "rb") as file:
        reader = PdfReader(io.BytesIO(file.read()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())

    assert "Consultation" in text
    assert "St Aidan's Academy" in text or "St Aidan’s Academy" in text
    assert "The summary now names schools." in text
    assert "Sam Patel" not in text  # the school is named, never its staff
