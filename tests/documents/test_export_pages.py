"""Exporting in the browser: a lead or convener presses "Export PDF", follows the job's status
page (which htmx polls, and a refresh updates too) and downloads the file through a checked view;
partners download what has been published, observers see none of it.

Only the first test renders a real PDF; the rest stand a tiny one in for the document.
"""

import hashlib
import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from documents.models import ExportJob
from documents.pdf import RenderedPdf, RenderError
from tests.documents.conftest import publish
from tests.query_counts import cold_cache

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

FAKE_PDF = b"%PDF-1.7 fake"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def fake_render(monkeypatch):
    """Stand in for the document templates and WeasyPrint: each render is a one-page "PDF"."""

    def render_document(*, kind, source, variant="full", draft=False):
        return RenderedPdf(
            content=FAKE_PDF, page_count=1, sha256=hashlib.sha256(FAKE_PDF).hexdigest()
        )

    monkeypatch.setattr("documents.content.render_document", render_document)


@pytest.fixture
def published(strategy, lead, police):
    return publish(strategy, lead, police)


def strategy_exports_url(strategy) -> str:
    return reverse("tenant:exports-strategy", args=[strategy.partnership.slug, strategy.pk])


def sna_exports_url(sna) -> str:
    return reverse("tenant:exports-sna", args=[sna.partnership.slug, sna.pk])


def job_url(job, name="exports-detail") -> str:
    return reverse(f"tenant:{name}", args=[job.partnership.slug, job.pk])


def latest_job() -> ExportJob:
    with scopes_disabled():
        return ExportJob.objects.order_by("-pk").first()


def make_job(source, *, user, status=ExportJob.Status.QUEUED, draft=False, **fields):
    """A job as the worker leaves it, without rendering anything."""
    kind = "strategy" if hasattr(source, "start_period") else "sna"
    with scopes_disabled():
        return ExportJob.objects.create(
            partnership=source.partnership,
            kind=kind,
            strategy=source if kind == "strategy" else None,
            assessment=source if kind == "sna" else None,
            source_version=1,
            draft=draft,
            status=status,
            requested_by=user,
            **fields,
        )


def export(client, url, *, follow=False, **data):
    with_variant = {"variant": "full", **data}
    return client.post(url, with_variant, follow=follow)


def test_the_lead_exports_a_draft_strategy_and_downloads_the_pdf(
    client_for, lead, strategy, django_capture_on_commit_callbacks
):
    client = client_for(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = export(client, strategy_exports_url(strategy))
    job = latest_job()
    assert response.status_code == 302
    assert response.url == job_url(job)
    assert job.draft
    assert job.status == ExportJob.Status.READY

    download = client.get(job_url(job, "exports-download"))

    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert "northshire-strategy-2026-27-v1-draft.pdf" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_status_page_of_a_ready_export_shows_its_size_pages_and_checksum(
    client_for, lead, strategy, fake_render, django_capture_on_commit_callbacks
):
    client = client_for(lead)
    with django_capture_on_commit_callbacks(execute=True):
        export(client, strategy_exports_url(strategy))
    job = latest_job()

    page = client.get(job_url(job)).content.decode()

    assert job.sha256 in page
    assert "Download the PDF" in page
    assert "hx-get" not in page


def test_the_convener_exports_the_published_strategy(
    client_for, convener, published, fake_render, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = export(client_for(convener), strategy_exports_url(published), variant="public")

    job = latest_job()
    assert response.status_code == 302
    assert not job.draft
    assert job.variant == ExportJob.Variant.PUBLIC
    assert job.status == ExportJob.Status.READY


def test_the_convener_is_not_offered_a_draft_to_export(client_for, convener, strategy):
    page = client_for(convener).get(strategy_exports_url(strategy))

    assert page.status_code == 200
    assert b'name="variant"' not in page.content
    assert export(client_for(convener), strategy_exports_url(strategy)).status_code == 403


def test_the_lead_chooses_between_the_published_version_and_a_draft(
    client_for, lead, published, fake_render, django_capture_on_commit_callbacks
):
    client = client_for(lead)
    page = client.get(strategy_exports_url(published)).content.decode()
    assert "A draft of the text as it stands now" in page

    with django_capture_on_commit_callbacks(execute=True):
        export(client, strategy_exports_url(published), edition="draft")

    job = latest_job()
    assert (job.draft, job.status) == (True, ExportJob.Status.READY)


def test_the_lead_must_say_which_text_to_export(client_for, lead, published):
    response = export(client_for(lead), strategy_exports_url(published), variant="public")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Select which text to export" in page
    # What was chosen is kept.
    assert re.search(r'value="public"[^>]*checked', page)


def test_the_convener_exports_only_the_published_text(client_for, convener, published):
    page = client_for(convener).get(strategy_exports_url(published)).content.decode()

    assert "A draft of the text as it stands now" not in page
    assert 'name="variant"' in page


def test_a_partner_downloads_a_published_export(client_for, partner, lead, published):
    storage = ExportJob._meta.get_field("file").storage
    name = storage.save("exports/ready.pdf", ContentFile(FAKE_PDF))
    job = make_job(
        published,
        user=lead,
        status=ExportJob.Status.READY,
        file=name,
        size=len(FAKE_PDF),
        page_count=1,
    )

    response = client_for(partner).get(job_url(job, "exports-download"))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == FAKE_PDF


def test_a_partner_may_not_ask_for_an_export(client_for, partner, published):
    assert export(client_for(partner), strategy_exports_url(published)).status_code == 403


def test_a_partner_cannot_see_or_download_a_draft_export(client_for, partner, lead, strategy):
    job = make_job(strategy, user=lead, draft=True, status=ExportJob.Status.READY)
    client = client_for(partner)

    assert client.get(job_url(job)).status_code == 403
    assert client.get(job_url(job, "exports-download")).status_code == 403


def test_an_observer_sees_no_export_pages(client_for, observer, lead, published):
    job = make_job(published, user=lead)
    client = client_for(observer)

    assert client.get(strategy_exports_url(published)).status_code == 403
    assert client.get(job_url(job)).status_code == 403
    assert client.get(job_url(job, "exports-download")).status_code == 403


def test_only_the_lead_exports_the_sna(
    client_for, lead, convener, sna, fake_render, django_capture_on_commit_callbacks
):
    assert client_for(convener).post(sna_exports_url(sna)).status_code == 403

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(lead).post(sna_exports_url(sna))

    job = latest_job()
    assert response.status_code == 302
    assert job.kind == ExportJob.Kind.SNA
    assert job.status == ExportJob.Status.READY


def test_htmx_polls_a_queued_export_with_only_its_status_fragment(client_for, lead, strategy):
    job = make_job(strategy, user=lead, draft=True)

    response = client_for(lead).get(job_url(job), headers={"HX-Request": "true"})

    fragment = response.content.decode()
    assert f'hx-get="{job_url(job)}"' in fragment
    assert 'hx-trigger="every 2s"' in fragment
    assert "<html" not in fragment


def test_without_javascript_a_queued_export_says_to_refresh(client_for, lead, strategy):
    job = make_job(strategy, user=lead, draft=True)

    page = client_for(lead).get(job_url(job)).content.decode()

    assert "Refresh this page to see if it is ready" in page


def test_the_advice_to_refresh_shows_only_without_javascript(client_for, lead, strategy):
    """With JavaScript the page polls by itself, so telling people to refresh it is noise."""
    job = make_job(strategy, user=lead, draft=True)

    page = client_for(lead).get(job_url(job)).content.decode()

    noscript = re.search(r"<noscript>(.*?)</noscript>", page, re.DOTALL)
    assert noscript and "Refresh this page to see if it is ready" in noscript.group(1)
    assert page.count("Refresh this page to see if it is ready") == 1


def _outside_the_status(page: str) -> str:
    """The page without the part htmx replaces as the export gets on."""
    start = page.index('<div id="export-status"')
    end = page.index("</main>")
    return page[:start] + page[end:]


def test_a_ready_export_never_still_says_it_is_being_made(
    client_for, lead, strategy, fake_render, django_capture_on_commit_callbacks
):
    client = client_for(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = export(client, strategy_exports_url(strategy))

    page = client.get(response.url).content.decode()
    assert latest_job().status == ExportJob.Status.READY
    assert "Download the PDF" in page
    assert "being made" not in page


def test_being_made_is_said_only_where_htmx_updates_it(client_for, lead, strategy):
    """Nothing outside the polled status says the PDF is on its way: once htmx swaps "Ready"
    in, no banner is left behind saying otherwise."""
    response = export(client_for(lead), strategy_exports_url(strategy), follow=True)

    page = response.content.decode()
    assert latest_job().status == ExportJob.Status.QUEUED
    assert 'id="export-status"' in page
    assert "being made" not in _outside_the_status(page)


def test_trying_again_leaves_no_banner_behind_either(client_for, lead, strategy):
    job = make_job(strategy, user=lead, draft=True, status=ExportJob.Status.FAILED)

    response = client_for(lead).post(job_url(job, "exports-retry"), follow=True)

    page = response.content.decode()
    assert latest_job().status == ExportJob.Status.QUEUED
    assert "being made" not in _outside_the_status(page)


def test_a_failed_export_says_why_and_can_be_tried_again(
    client_for, lead, strategy, monkeypatch, django_capture_on_commit_callbacks
):
    def failing(**kwargs):
        raise RenderError("The document is too large to make")

    monkeypatch.setattr("documents.content.render_document", failing)
    client = client_for(lead)
    with django_capture_on_commit_callbacks(execute=True):
        export(client, strategy_exports_url(strategy))
    job = latest_job()
    page = client.get(job_url(job)).content.decode()
    assert "The document is too large to make" in page
    assert "Try again" in page

    monkeypatch.undo()
    monkeypatch.setattr(
        "documents.content.render_document",
        lambda **kwargs: RenderedPdf(content=FAKE_PDF, page_count=1, sha256="0" * 64),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(job_url(job, "exports-retry"))

    assert response.status_code == 302
    assert latest_job().status == ExportJob.Status.READY


def test_a_download_is_not_found_until_the_export_is_ready(client_for, lead, strategy):
    job = make_job(strategy, user=lead, draft=True, status=ExportJob.Status.RENDERING)

    assert client_for(lead).get(job_url(job, "exports-download")).status_code == 404


def test_the_export_history_shows_a_page_of_25_exports_at_a_time(client_for, lead, strategy):
    # Finished ones: only one job of the same document is ever on its way at once.
    for _ in range(30):
        make_job(strategy, user=lead, draft=True, status=ExportJob.Status.FAILED)
    client = client_for(lead)

    first = client.get(strategy_exports_url(strategy)).content.decode()
    second = client.get(strategy_exports_url(strategy) + "?page=2").content.decode()

    assert first.count("See its progress") == 25
    assert second.count("See its progress") == 5


def test_the_export_history_takes_the_same_queries_for_0_3_or_12_exports(
    client_for, lead, strategy
):
    client = client_for(lead)
    counts = []
    for total in (0, 3, 12):
        with scopes_disabled():
            ExportJob.objects.all().delete()
        for _ in range(total):
            make_job(strategy, user=lead, draft=True, status=ExportJob.Status.FAILED)
        cold_cache()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(strategy_exports_url(strategy)).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1] == counts[2]
