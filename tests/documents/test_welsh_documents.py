"""Documents in Welsh: a partnership in Wales exports its strategy and SNA in English or Welsh,
each PDF tagged with its language and its headings, page numbers, dates and watermark in it;
asking for the same document in the other language is another job, not the same one."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader

from documents import services as exports
from documents.content import document_html, render_document
from documents.languages import bilingual_html
from documents.models import BILINGUAL, ExportJob
from partnerships.access import actor_for

pytestmark = pytest.mark.usefixtures("northshire_built_once")


def in_wales(partnership, *, asks_for: str = "en-gb") -> None:
    partnership.nation = partnership.Nation.WALES
    partnership.default_language = asks_for
    partnership.save(update_fields=["nation", "default_language"])


def exports_url(strategy) -> str:
    return reverse("tenant:exports-strategy", args=[strategy.partnership.slug, strategy.pk])


def latest_job() -> ExportJob:
    with scopes_disabled():
        return ExportJob.objects.order_by("-pk").first()


def rendered(job: ExportJob) -> PdfReader:
    with scopes_disabled(), job.file.open("rb") as stored:
        return PdfReader(io.BytesIO(stored.read()))


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.mark.django_db
def test_a_welsh_lead_exports_the_strategy_in_welsh(
    client_for, lead, partnership, strategy, django_capture_on_commit_callbacks
):
    in_wales(partnership)

    with django_capture_on_commit_callbacks(execute=True):
        client_for(lead).post(exports_url(strategy), {"variant": "full", "language": "cy"})

    job = latest_job()
    assert job.language == "cy" and job.status == ExportJob.Status.READY
    pdf = rendered(job)
    assert pdf.trailer["/Root"]["/Lang"] == "cy"
    first = pdf.pages[0].extract_text()
    assert "Tudalen 1 o" in first
    assert "DRAFFT" in first
    assert "Page 1 of" not in first


@pytest.mark.django_db
def test_the_same_strategy_in_english_is_tagged_english(partnership, strategy):
    in_wales(partnership, asks_for="cy")

    with scope(partnership=partnership):
        pdf = render_document(kind="strategy", source=strategy, draft=True)

    reader = PdfReader(io.BytesIO(pdf.content))
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert "Page 1 of" in reader.pages[0].extract_text()


@pytest.mark.django_db
def test_without_a_choice_the_pdf_is_in_the_partnerships_language(lead, partnership, strategy):
    in_wales(partnership, asks_for="cy")
    actor = actor_for(lead, partnership)

    with scopes_disabled():
        job = exports.export_request(kind="strategy", source=strategy, actor=actor)

    assert job.language == "cy"


@pytest.mark.django_db
def test_the_same_document_in_the_other_language_is_another_job(lead, partnership, strategy):
    in_wales(partnership)
    actor = actor_for(lead, partnership)

    with scopes_disabled():
        welsh = exports.export_request(kind="strategy", source=strategy, language="cy", actor=actor)
        again = exports.export_request(kind="strategy", source=strategy, language="cy", actor=actor)
        english = exports.export_request(
            kind="strategy", source=strategy, language="en-gb", actor=actor
        )

    assert again.pk == welsh.pk
    assert english.pk != welsh.pk


@pytest.mark.django_db
def test_a_welsh_partnership_is_offered_both_languages_and_an_english_one_neither(
    client_for, lead, partnership, strategy
):
    client = client_for(lead)
    english_page = client.get(exports_url(strategy)).content.decode()
    in_wales(partnership, asks_for="cy")
    welsh_page = client.get(exports_url(strategy)).content.decode()

    assert "Which language?" not in english_page
    assert re.search(r'<input type="radio" name="language" value="cy"[^>]* checked', welsh_page)
    assert '<input type="radio" name="language" value="en-gb"' in welsh_page


@pytest.mark.django_db
def test_a_language_the_portal_does_not_offer_is_refused_and_nothing_is_queued(
    client_for, lead, partnership, strategy
):
    in_wales(partnership)

    response = client_for(lead).post(exports_url(strategy), {"variant": "full", "language": "fr"})

    assert response.status_code == 200
    assert "Select English, Cymraeg, or both" in response.content.decode()
    assert latest_job() is None


@pytest.mark.django_db
def test_a_bilingual_pdf_is_the_welsh_then_the_english_each_tagged_with_its_language(
    lead, partnership, strategy, django_capture_on_commit_callbacks
):
    in_wales(partnership)
    actor = actor_for(lead, partnership)

    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        job = exports.export_request(
            kind="strategy", source=strategy, language=BILINGUAL, actor=actor
        )

    job = latest_job()
    assert job.status == ExportJob.Status.READY
    pdf = rendered(job)
    assert pdf.trailer["/Root"]["/Lang"] == "cy"
    pages = [page.extract_text() for page in pdf.pages]
    assert "Tudalen 1 o" in pages[0]
    english = [n for n, text in enumerate(pages) if "Page " in text and " of " in text]
    assert english and all(f"Page {n + 1} of {len(pages)}" in pages[n] for n in english)
    assert english[0] > len(pages) // 3  # the English follows the whole Welsh document


@pytest.mark.django_db
def test_the_english_half_keeps_its_own_ids_and_links(partnership, strategy):
    in_wales(partnership)
    with scope(partnership=partnership):
        with translation.override("cy"):
            welsh = document_html(kind="strategy", source=strategy, draft=True)
        with translation.override("en-gb"):
            english = document_html(kind="strategy", source=strategy, draft=True)

    html = bilingual_html(welsh=welsh, english=english)

    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert '<div class="pdf-bilingual-part" lang="en-GB" data-page="Page" data-of="of">' in html
    assert 'href="#en-priorities"' in html and 'id="en-priorities"' in html


@pytest.mark.django_db
def test_an_english_partnership_may_not_export_in_welsh(lead, partnership, strategy):
    actor = actor_for(lead, partnership)

    with scopes_disabled(), pytest.raises(ValidationError):
        exports.export_request(kind="strategy", source=strategy, language="cy", actor=actor)
