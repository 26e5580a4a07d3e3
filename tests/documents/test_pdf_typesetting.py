"""The PDFs read like a published document: A4, running header, page numbers, bookmarks, tags.

Each story renders a small document with the print stylesheet and reads the PDF back with
pypdf or pikepdf, as a reader's PDF viewer or an accessibility checker would.
"""

import io
import logging

import pikepdf
import pytest
from pypdf import PdfReader

from documents import pdf as pdf_module
from documents.pdf import RenderError, render_pdf


def document(body: str, *, body_class: str = "") -> str:
    return (
        '<!doctype html><html lang="en-GB"><head>'
        "<title>Northshire serious violence strategy</title>"
        '<meta name="author" content="Northshire Serious Violence Partnership">'
        '<meta name="description" content="The partnership\'s response strategy for 2026/27">'
        '<meta name="keywords" content="serious violence, strategy">'
        '<link rel="stylesheet" href="/static/pdf/document.css"></head>'
        f'<body class="{body_class}">{body}</body></html>'
    )


COVER = (
    '<section class="pdf-cover"><p class="pdf-running-title">Northshire</p>'
    '<h1>Serious violence strategy</h1><p class="pdf-marking">OFFICIAL-SENSITIVE</p></section>'
)
CONTENTS = (
    '<nav class="pdf-contents"><h2>Contents</h2><ul>'
    '<li><a href="#priorities">Our priorities</a></li></ul></nav>'
)
PRIORITIES = '<h2 id="priorities">Our priorities</h2><p>Reduce knife crime.</p>'
THREE_PAGES = COVER + CONTENTS + PRIORITIES


def pages_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def titles(outline) -> list[str]:
    found = []
    for item in outline:
        found.extend(titles(item) if isinstance(item, list) else [item.title])
    return found


def test_title_language_and_metadata_come_from_the_html():
    reader = PdfReader(io.BytesIO(render_pdf(document(PRIORITIES)).content))

    assert reader.metadata.title == "Northshire serious violence strategy"
    assert reader.metadata.author == "Northshire Serious Violence Partnership"
    assert reader.metadata.subject == "The partnership's response strategy for 2026/27"
    assert reader.metadata["/Keywords"] == "serious violence, strategy"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_the_pdf_identifies_itself_as_pdf_ua_1():
    with pikepdf.open(io.BytesIO(render_pdf(document(PRIORITIES)).content)) as pdf:
        metadata = pdf.open_metadata()
        assert metadata["pdfuaid:part"] == "1"
        assert metadata["dc:title"] == "Northshire serious violence strategy"
        # PDF/UA asks viewers to show the title rather than the file name.
        assert pdf.Root.ViewerPreferences.DisplayDocTitle


def test_the_pdf_is_tagged_for_assistive_technology():
    with pikepdf.open(io.BytesIO(render_pdf(document(PRIORITIES)).content)) as pdf:
        assert pdf.Root.MarkInfo.Marked
        assert "/StructTreeRoot" in pdf.Root
        assert len(pdf.Root.StructTreeRoot.K) > 0


def test_every_page_says_page_x_of_y():
    rendered = render_pdf(document(THREE_PAGES))

    assert rendered.page_count == 3
    for number, text in enumerate(pages_text(rendered.content), start=1):
        assert f"Page {number} of 3" in text


def test_every_page_carries_the_partnership_and_protective_marking():
    for text in pages_text(render_pdf(document(THREE_PAGES)).content):
        assert "Northshire" in text
        assert "OFFICIAL-SENSITIVE" in text


def test_contents_give_the_page_each_section_starts_on():
    contents_page = pages_text(render_pdf(document(THREE_PAGES)).content)[1]

    assert "Our priorities" in contents_page
    assert contents_page.split("Our priorities")[1].lstrip(" .").startswith("3")


def test_a_draft_is_watermarked_on_every_page():
    texts = pages_text(render_pdf(document(THREE_PAGES, body_class="pdf-draft")).content)

    assert len(texts) == 3
    assert all("DRAFT" in text for text in texts)


def test_a_final_document_has_no_watermark():
    texts = pages_text(render_pdf(document(THREE_PAGES)).content)

    assert not any("DRAFT" in text for text in texts)


def test_headings_become_bookmarks():
    body = THREE_PAGES + "<h3>Knife crime</h3><p>Text.</p><h4>Detail</h4><p>More.</p>"
    reader = PdfReader(io.BytesIO(render_pdf(document(body)).content))

    assert titles(reader.outline) == [
        "Serious violence strategy",
        "Contents",
        "Our priorities",
        "Knife crime",
    ]


def test_table_headers_repeat_on_every_page_the_table_runs_onto():
    rows = "".join(f"<tr><td>Organisation {n}</td><td>£{n}00</td></tr>" for n in range(90))
    table = (
        "<table><thead><tr><th>Funder</th><th>Amount</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )

    texts = pages_text(render_pdf(document(table)).content)

    assert len(texts) >= 2
    assert all("Funder Amount" in text for text in texts)


def test_no_heading_is_left_at_the_foot_of_a_page():
    # Sections of uneven length put some heading near the foot of a page; it must move on
    # with its first paragraph.
    sections = "".join(
        f"<h2>Finding {n}</h2><p>Evidence#{n}. {'More evidence. ' * (n * 7 % 40 + 5)}</p>"
        for n in range(30)
    )
    texts = pages_text(render_pdf(document(sections)).content)

    assert len(texts) > 2
    for n in range(30):
        heading_page = next(i for i, text in enumerate(texts) if f"Finding {n}\n" in text)
        assert f"Evidence#{n}." in texts[heading_page]


def test_no_table_caption_is_left_at_the_foot_of_a_page():
    # Spacers of every height put some caption at the foot of a page; it must move on with
    # its table.
    parts = "".join(
        f'<section class="pdf-part"><div style="height: {height}mm"></div>'
        f"<table><caption>Table {height}</caption><thead><tr><th>Organisation</th></tr></thead>"
        f"<tbody><tr><td>Row of table {height}</td></tr></tbody></table></section>"
        for height in range(225, 246)
    )
    texts = pages_text(render_pdf(document(parts)).content)

    for height in range(225, 246):
        caption_page = next(i for i, text in enumerate(texts) if f"Table {height}\n" in text)
        assert f"Row of table {height}" in texts[caption_page]


def test_fonts_are_embedded():
    with pikepdf.open(io.BytesIO(render_pdf(document(THREE_PAGES)).content)) as pdf:
        fonts = [font for page in pdf.pages for font in page.Resources.Font.values()]
        assert fonts
        for font in fonts:
            descriptor = (
                font.DescendantFonts[0].FontDescriptor
                if "/DescendantFonts" in font
                else font.FontDescriptor
            )
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys())
            assert "DejaVu" in str(font.BaseFont)


def test_the_rendered_pdf_reports_its_size_pages_and_checksum():
    rendered = render_pdf(document(THREE_PAGES))

    assert rendered.content.startswith(b"%PDF-1.7")
    assert rendered.page_count == 3
    assert len(rendered.sha256) == 64


def test_a_document_over_the_size_limit_fails_with_a_readable_message(settings):
    settings.PDF_MAX_BYTES = 1000

    with pytest.raises(RenderError, match=r"The document is larger than 0\.001 MB"):
        render_pdf(document(THREE_PAGES))


def test_a_failing_render_raises_a_plain_error_and_logs_the_details(monkeypatch, caplog):
    class BrokenHTML:
        def __init__(self, **kwargs):
            raise AssertionError("layout exploded")

    monkeypatch.setattr(pdf_module, "HTML", BrokenHTML)

    with pytest.raises(RenderError, match="could not be turned into a PDF"):
        render_pdf(document(THREE_PAGES))

    failure = next(r for r in caplog.records if r.name == "documents.pdf")
    assert failure.levelno == logging.ERROR
    assert "layout exploded" in caplog.text
