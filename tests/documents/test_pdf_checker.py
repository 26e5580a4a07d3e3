"""The exported documents pass a machine checker for PDF/UA-1 (pdfua, built on pikepdf), as far
as one exists here: no finding it is certain of. Where the checker only guesses (header cells
without /Scope) or cannot run, the test checks the structure itself."""

import io

import pikepdf
import pytest
from django_scopes import scope
from pdfua import Confidence, validate

from documents import content as documents

pytestmark = pytest.mark.django_db

# pdfua 0.1.3's empty-heading rule calls a method pikepdf 10 no longer has, so it reports itself
# "not evaluated"; test_no_heading_is_empty checks the same thing.
CANNOT_RUN = {"UA-14-001"}


@pytest.fixture
def strategy_pdf(plan):
    with scope(partnership=plan.partnership):
        return documents.render_document(kind="strategy", source=plan, draft=True).content


@pytest.fixture
def sna_pdf(sna, knife_figures):
    with scope(partnership=sna.partnership):
        return documents.render_document(kind="sna", source=sna, draft=True).content


@pytest.fixture(params=["strategy_pdf", "sna_pdf"])
def content(request) -> bytes:
    return request.getfixturevalue(request.param)


def check(content: bytes, tmp_path):
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    return validate(str(path))


@pytest.fixture
def pdf(content):
    with pikepdf.open(io.BytesIO(content)) as opened:
        yield opened


def kids_of(node) -> list:
    kids = node.get("/K")
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def elements_below(node) -> list[pikepdf.Dictionary]:
    """Every structure element under `node`, depth first."""
    found = []
    for kid in kids_of(node):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found += [kid, *elements_below(kid)]
    return found


def marks_content(element) -> bool:
    for kid in kids_of(element):
        if isinstance(kid, int):  # a marked-content id: text on the page
            return True
        if isinstance(kid, pikepdf.Dictionary) and ("/MCID" in kid or marks_content(kid)):
            return True
    return False


def test_the_checker_is_certain_of_no_failure(content, tmp_path):
    report = check(content, tmp_path)

    certain = [
        (finding.rule_id, finding.message)
        for finding in report.findings
        if finding.confidence == Confidence.CERTAIN
    ]
    assert certain == []
    assert {outcome.rule_id for outcome in report.skipped} <= CANNOT_RUN


def test_every_data_cell_names_its_header_cells(pdf):
    # PDF/UA lets a table tie cells to headers with /Headers and /ID instead of /Scope (which is
    # all pdfua looks for, so it only warns): WeasyPrint uses /Headers and /ID.
    elements = elements_below(pdf.Root.StructTreeRoot)
    header_ids = {bytes(e.ID) for e in elements if e.S == "/TH"}
    data_cells = [e for e in elements if e.S == "/TD"]

    assert data_cells
    for cell in data_cells:
        headers = {bytes(header) for header in cell.A.get("/Headers", [])}
        assert headers and headers <= header_ids


def test_no_heading_is_empty(pdf):
    headings = [
        e
        for e in elements_below(pdf.Root.StructTreeRoot)
        if str(e.S) in {"/H1", "/H2", "/H3", "/H4"}
    ]

    assert headings
    assert all(marks_content(heading) for heading in headings)


def test_every_table_has_rows(pdf):
    # A table split from its caption by a page break leaves one /Table holding only the caption.
    tables = [e for e in elements_below(pdf.Root.StructTreeRoot) if e.S == "/Table"]

    assert tables
    assert all(any(e.S == "/TR" for e in elements_below(table)) for table in tables)
