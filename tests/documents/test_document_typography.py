"""Documents a reviewer is glad to receive: a delivery plan laid out on landscape pages with
columns wide enough to read, figures written "2,893", charts tagged as Figures with their words
and a table of the same figures, frozen progress labelled apart from live figures, a proper
cover, and headings that never break after "The".

The layout stories lay the document out with WeasyPrint (as the renderer does, through the one
safe fetcher) and measure its boxes; the rest read the PDF back with pypdf or pikepdf.
"""

import datetime
import io
import re
from decimal import Decimal
from xml.etree import ElementTree

import pikepdf
import pytest
from django.template import Context, Template
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from assessments.models import DataPoint
from common.templatetags.numbers import format_figure
from documents import content as documents
from documents.pdf import BASE_URL, SafeFetcher
from strategies.models import Priority
from tests.documents.conftest import publish, words_of
from tests.documents.test_pdf_checker import elements_below
from tests.factories import ActionFactory, StrategyMeasureFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("northshire_built_once")]

MM = 96 / 25.4  # CSS pixels in a millimetre: WeasyPrint lays pages out in CSS pixels.
# Narrower than this, a cell holds about a dozen characters a line and reads one word a line.
NARROWEST_CELL_MM = 18
SVG = "{http://www.w3.org/2000/svg}"
CHART_AND_TABLE = (
    r'<figure class="pdf-chart"[^>]*>(.*?)</figure>\s*<table class="pdf-chart-data">(.*?)</table>'
)
LONG = (
    "Put detached youth workers on the streets of the town centre on Friday and Saturday "
    "nights, working with door staff, taxi marshals and the night-time economy partnership"
)


def strategy_html(strategy, **kwargs) -> str:
    with scope(partnership=strategy.partnership):
        return documents.strategy_html(strategy=strategy, **kwargs)


def strategy_pdf(strategy, **kwargs) -> bytes:
    with scope(partnership=strategy.partnership):
        return documents.render_document(kind="strategy", source=strategy, **kwargs).content


def laid_out(html: str):
    """The document laid out into pages, as the renderer lays it out before writing the PDF."""
    return HTML(string=html, base_url=BASE_URL, url_fetcher=SafeFetcher()).render()


def delivery_plan_cells(box, inside: bool = False):
    """Every table cell of a delivery-plan table under `box`."""
    element = box.element if box.element_tag == "table" else None
    if element is not None and "pdf-delivery-plan" in element.get("class", ""):
        inside = True
    if inside and isinstance(box, boxes.TableCellBox):
        yield box
    for child in getattr(box, "children", []):
        yield from delivery_plan_cells(child, inside)


def figures_and_tables(html: str) -> list[tuple[list[str], list[str]]]:
    """Each chart's plotted figures (its markers' "period: value") beside the rows of the
    table that follows it, read from the document's HTML."""
    found = []
    for figure, table in re.findall(CHART_AND_TABLE, html, re.S):
        svg = ElementTree.fromstring(re.search(r"<svg.*</svg>", figure, re.S).group(0))  # noqa: S314 - our own output
        markers = [m.find(f"{SVG}title").text for m in svg.iter(f"{SVG}circle")]
        rows = [
            f"{period}: {value}"
            for period, value in re.findall(
                r'<th scope="row">([^<]+)</th>\s*<td class="pdf-number">([^<]+)</td>', table
            )
        ]
        found.append((markers, rows))
    return found


@pytest.fixture
def long_plan(plan, police, council, probation, opcc):
    """The plan with twelve more actions of long text, many partners and a relevant authority."""
    with scopes_disabled():
        priority = Priority.objects.get(strategy=plan)
    for number in range(12):
        action = ActionFactory(
            priority=priority,
            lead_organisation=police,
            title=f"{number + 1}. {LONG}",
            start_on=datetime.date(2026, 4, 1),
            due_on=datetime.date(2027, 3, 31),
            funding_source="Serious Violence Duty grant, Police and Crime Commissioner's "
            "community safety fund and the council's youth service budget",
        )
        with scopes_disabled():
            action.contributing_organisations.set([council, probation, opcc])
    return plan


# --- The delivery plan -------------------------------------------------------------------------


def test_the_delivery_plan_prints_on_landscape_pages_with_readable_columns(long_plan):
    document = laid_out(strategy_html(long_plan))

    plan_pages = []
    for page in document.pages:
        cells = list(delivery_plan_cells(page._page_box))
        if cells:
            plan_pages.append(page)
            narrowest = min(cell.width for cell in cells) / MM
            assert narrowest >= NARROWEST_CELL_MM, f"a cell only {narrowest:.1f} mm wide"
            # And the table fits the page: no column runs into the margin or off the paper.
            right = page._page_box.content_box_x() + page._page_box.width
            assert max(cell.border_box_x() + cell.border_width() for cell in cells) <= right + 1
    assert len(plan_pages) >= 2  # thirteen long actions run over more than one page
    assert all(page.width > page.height for page in plan_pages)
    # Everything else stays on portrait A4: the cover, and the measures after the plan.
    assert document.pages[0].width < document.pages[0].height
    assert document.pages[-1].width < document.pages[-1].height


def watermarks(box):
    """The DRAFT watermark's boxes under `box` (a fixed box repeated on every page)."""
    if box.element_tag == "body::before":
        # On the first page WeasyPrint wraps a fixed box in an AbsolutePlaceholder: unwrap it.
        yield getattr(box, "_box", box)
        return
    for child in getattr(box, "children", []):
        yield from watermarks(child)


def test_a_drafts_watermark_sits_in_the_middle_of_portrait_and_landscape_pages(long_plan):
    document = laid_out(strategy_html(long_plan, draft=True))

    orientations = set()
    for page in document.pages:
        (mark,) = watermarks(page._page_box)
        page_box = page._page_box
        middle = page_box.content_box_x() + page_box.width / 2
        assert abs(mark.border_box_x() + mark.border_width() / 2 - middle) < 5 * MM
        orientations.add(page.width > page.height)
    assert orientations == {True, False}


def test_text_is_hyphenated_in_british_english_and_keeps_three_lines_together(plan):
    document = laid_out(strategy_html(plan))
    root = document.pages[0]._page_box.children[0]

    assert root.style["hyphens"] == "auto"
    assert root.style["orphans"] == 3
    assert root.style["widows"] == 3
    assert root.element.get("lang") == "en-GB"


# --- Figures -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (2893, "2,893"),
        (Decimal("2836"), "2,836"),
        (Decimal("1234.50"), "1,234.50"),
        ("2893", "2,893"),
        ("2,893", "2,893"),
        ("1234567.5", "1,234,567.5"),
        (Decimal("-1500"), "-1,500"),
        (0, "0"),
        ("<5", "<5"),
        ("Not recorded", "Not recorded"),
        (None, ""),
    ],
)
def test_figures_are_written_the_british_way_with_decimals_as_stored(value, printed):
    assert format_figure(value) == printed


def test_percentages_are_written_one_way():
    template = Template("{% load numbers %}{{ a|percent }} {{ b|percent }} {{ c|percent }}")

    assert template.render(Context({"a": 40, "b": Decimal("12.5"), "c": ""})) == "40% 12.5% "


@pytest.fixture
def big_measure(plan):
    """A measure whose baseline and target run into thousands."""
    with scopes_disabled():
        priority = Priority.objects.get(strategy=plan)
    return StrategyMeasureFactory(
        strategy=plan,
        priority=priority,
        name="Violent offences across the county",
        baseline=Decimal(2893),
        target=Decimal("2500.5"),
    )


def test_a_figure_of_2893_prints_as_2_893(plan, big_measure):
    text = words_of(PdfReader(io.BytesIO(strategy_pdf(plan))))

    assert "2,893 (" in text
    assert "2,500.5" in text
    assert "2893" not in text


def test_sna_figures_in_thousands_print_with_separators(sna, knife_figures):
    with scopes_disabled():
        DataPoint.objects.filter(period_label="2026-Q1", area="Eastport").update(value=2876)

    with scope(partnership=sna.partnership):
        html = documents.sna_html(assessment=sna)

    # 2,876 in Eastport and 17 in Westbury: 2,893 for the quarter, in the chart and its table.
    assert re.search(r'<th scope="row">2026-Q1</th>\s*<td class="pdf-number">2,893</td>', html)
    assert "2026-Q1: 2,893" in html
    assert re.search(r'<td class="pdf-number">2,876</td>', html)


# --- Charts ------------------------------------------------------------------------------------


@pytest.fixture(params=["strategy", "sna"])
def document_with_charts(request, plan, sna, knife_figures):
    """Each document, as HTML and as PDF, with the knife figures it charts."""
    if request.param == "strategy":
        return strategy_html(plan), strategy_pdf(plan)
    with scope(partnership=sna.partnership):
        return (
            documents.sna_html(assessment=sna),
            documents.render_document(kind="sna", source=sna).content,
        )


def test_each_chart_is_a_figure_in_the_structure_tree_with_its_alternative_text(
    document_with_charts,
):
    html, content = document_with_charts

    with pikepdf.open(io.BytesIO(content)) as pdf:
        elements = elements_below(pdf.Root.StructTreeRoot)
        figures = [e for e in elements if e.S == "/Figure"]
        alts = [str(figure.get("/Alt", "")) for figure in figures]
        captions = [e for e in elements if e.S == "/Caption"]

    charts = figures_and_tables(html)
    assert len(charts) == 1
    assert len(figures) == 1
    # The chart in words: what it measures, over which periods, and its figures.
    assert "2026-Q1" in alts[0]
    assert "58" in alts[0]
    assert "48" in alts[0]
    assert captions  # the figure's caption and the table's are tagged as captions


def test_each_charts_table_holds_the_figures_it_plots(document_with_charts):
    html, _content = document_with_charts

    for markers, rows in figures_and_tables(html):
        assert markers == rows == ["2026-Q1: 58", "2026-Q2: 48"]


def test_a_suppressed_figure_is_in_the_table_but_not_on_the_chart(plan):
    with scopes_disabled():
        DataPoint.objects.filter(period_label="2026-Q2").update(value=Decimal(1))

    [(markers, rows)] = figures_and_tables(strategy_html(plan))

    assert markers == ["2026-Q1: 58"]
    assert rows == ["2026-Q1: 58", "2026-Q2: &lt;5"]


def test_the_public_strategy_charts_no_measure_it_leaves_out(plan):
    with scopes_disabled():
        Priority.objects.filter(strategy=plan).update(restricted=True)

    assert figures_and_tables(strategy_html(plan, variant="public")) == []


# --- Frozen and live figures -------------------------------------------------------------------


def test_a_published_strategy_labels_progress_frozen_at_publication(plan, lead, police):
    publish(plan, lead, police)
    published = f"{plan.published_on:%-d %B %Y}"

    html = strategy_html(plan)

    assert f"Status at publication ({published})" in html
    assert f"baselines and targets at publication ({published})" in html
    assert "Latest value as at" in html


def test_a_draft_labels_its_progress_as_it_stands(plan):
    html = strategy_html(plan, draft=True)

    assert "Status at publication" not in html
    assert "Status as at" in html
    assert "Latest value as at" in html


# --- Cover and headings ------------------------------------------------------------------------


def test_the_cover_says_what_the_document_is_and_how_to_handle_it(plan, lead, police, partnership):
    publish(plan, lead, police)

    cover = re.sub(r"\s+", " ", PdfReader(io.BytesIO(strategy_pdf(plan))).pages[0].extract_text())

    for fact in [
        "Serious Violence Duty: response strategy",
        "Northshire Serious Violence Strategy",
        partnership.name,
        plan.period,
        "Version 1, published on",
        f"Published {plan.published_on:%-d %B %Y}",
        "Protective marking OFFICIAL",
    ]:
        assert fact in cover


def test_no_heading_breaks_after_a_short_word(plan):
    html = strategy_html(plan)

    assert "<h3>1.\u00a0Make the\u00a0town centre safe at\u00a0night</h3>" in html.replace(
        "&nbsp;", "\u00a0"
    )
    cover_title = re.search(r'<h1 id="cover-title">(.*?)</h1>', html).group(1)
    assert cover_title == "Northshire Serious Violence Strategy"


@pytest.mark.parametrize(
    ("heading", "kept"),
    [
        ("The knife crime strategy", "The\u00a0knife crime strategy"),
        ("Make the town safe at night", "Make the\u00a0town safe at\u00a0night"),
        ("Tom & Jerry", "Tom\u00a0&amp; Jerry"),
        ("Violence", "Violence"),
    ],
)
def test_short_words_are_joined_to_the_next(heading, kept):
    template = Template("{% load numbers %}{{ heading|keep_short_words }}")

    assert template.render(Context({"heading": heading})) == kept
