"""Grace convenes two partnerships. She signs in, chooses Northshire, opens its published
strategy, exports it as a PDF, waits for it and downloads it: the file is a PDF naming the
partnership. With JavaScript on and off, and axe-core checking the export pages on the way."""

import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from documents import services as exports
from documents.models import ExportJob
from documents.pdf import RenderedPdf
from tests.browser import test_strategy_journey as strategy_journey
from tests.browser.test_lead_journey import sign_in
from tests.documents.conftest import publish
from tests.factories import (
    AssessmentFactory,
    MembershipFactory,
    OrganisationFactory,
    StrategyFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


TITLE = "Northshire Serious Violence Strategy"


@pytest.fixture
def grace_page(browser, live_server, catalogue, javascript):
    context, page = strategy_journey._new_page(browser, live_server, javascript)
    yield page
    context.close()


@pytest.fixture
def published(partnership, lead, police):
    """Northshire's strategy, resting on an agreed SNA and published as version 1."""
    sna = AssessmentFactory(partnership=partnership, period="2026/27", status="agreed")
    strategy = StrategyFactory(
        partnership=partnership,
        assessment=sna,
        title=TITLE,
        start_period="2026/27",
        end_period="2028/29",
    )
    return publish(strategy, lead, police)


@pytest.fixture
def grace(convener, other_partnership):
    """The convener of Northshire also convenes Southvale, so she starts at the chooser."""
    office = OrganisationFactory(
        partnership=other_partnership, name="Southvale PCC", sector_slug="local-authority"
    )
    MembershipFactory(user=convener, organisation=office, portal_role="convener")
    return convener


def test_the_convener_exports_the_published_strategy_and_downloads_the_pdf(
    grace_page, axe, assert_accessible, grace, partnership, published
):
    page = grace_page
    sign_in(page, "grace@example.org")
    expect(page.get_by_role("heading", name="Partnerships you convene")).to_be_visible()
    page.get_by_role("link", name=partnership.name).click()

    page.get_by_role("link", name="Strategy", exact=True).first.click()
    page.get_by_role("link", name=TITLE).first.click()
    page.get_by_role("link", name="Export a PDF, or download an earlier one").click()
    expect(page.get_by_role("heading", name="Export PDF")).to_be_visible()
    assert_accessible(page, axe)

    page.get_by_role("button", name="Export PDF").click()
    download_link = page.get_by_role("link", name="Download the PDF")
    expect(download_link).to_be_visible()
    assert_accessible(page, axe)

    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value

    assert download.suggested_filename == "northshire-strategy-2026-27-v1.pdf"
    with open(download.path(), "rb") as file:
        content = file.read()
    assert content.startswith(b"%PDF")
    text = "".join(page_.extract_text() for page_ in PdfReader(io.BytesIO(content)).pages)
    assert partnership.name in " ".join(text.split())


def test_with_javascript_the_status_page_shows_the_download_once_the_worker_is_done(
    page, grace, partnership, published, monkeypatch
):
    """The worker is slow today: the page polls until the export is ready, then offers it."""
    monkeypatch.setattr(
        "documents.content.render_document",
        lambda **kwargs: RenderedPdf(content=b"%PDF-1.7 fake", page_count=1, sha256="0" * 64),
    )
    job = ExportJob.objects.with_scopes_disabled().create(
        partnership=partnership,
        kind=ExportJob.Kind.STRATEGY,
        strategy=published,
        source_version=1,
        requested_by=grace,
    )
    sign_in(page, "grace@example.org")
    status_url = reverse("tenant:exports-detail", args=[partnership.slug, job.pk])
    page.goto(status_url)
    expect(page.get_by_text("Status: Queued")).to_be_visible()
    # The page polls by itself: the advice to refresh it is for browsers without JavaScript.
    expect(page.get_by_text("Refresh this page to see if it is ready")).not_to_be_visible()
    # The next poll's swap: the advice stays hidden in what htmx brings in too.
    page.evaluate(
        "() => new Promise(done => "
        "document.addEventListener('htmx:afterSettle', done, {once: true}))"
    )
    expect(page.get_by_text("Status: Queued")).to_be_visible()
    expect(page.get_by_text("Refresh this page to see if it is ready")).not_to_be_visible()

    exports.export_run(exports.export_claim(job.pk))

    expect(page.get_by_role("link", name="Download the PDF")).to_be_visible()
    expect(page.get_by_text("Refresh this page to see if it is ready")).to_have_count(0)
    expect(page.get_by_text("being made")).to_have_count(0)


def test_without_javascript_the_status_page_says_to_refresh_it(
    browser, live_server, grace, partnership, published
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    job = ExportJob.objects.with_scopes_disabled().create(
        partnership=partnership,
        kind=ExportJob.Kind.STRATEGY,
        strategy=published,
        source_version=1,
        requested_by=grace,
    )
    sign_in(page, "grace@example.org")
    page.goto(reverse("tenant:exports-detail", args=[partnership.slug, job.pk]))

    expect(page.get_by_role("link", name="Refresh this page to see if it is ready")).to_be_visible()
    context.close()
