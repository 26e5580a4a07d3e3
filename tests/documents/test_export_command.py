"""`manage.py export_document`: an operator renders a document at once, through the same job
code as the worker, and gets the file with its size, pages and checksum."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled

from documents.models import ExportJob
from documents.pdf import render_pdf


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def renders(monkeypatch):
    """Stand in for the document templates, which are tested elsewhere."""
    calls = []

    def render_document(*, kind, source, variant="full", draft=False):
        calls.append({"kind": kind, "source": source, "variant": variant, "draft": draft})
        return render_pdf(f"<html lang='en'><title>{source}</title><p>{kind}</p>")

    monkeypatch.setattr("documents.content.render_document", render_document)
    return calls


def export(*args) -> str:
    out = StringIO()
    call_command("export_document", *args, stdout=out)
    return out.getvalue()


def test_an_operator_exports_the_draft_strategy_to_a_file(tmp_path, renders, strategy):
    target = tmp_path / "strategy.pdf"

    report = export("northshire", "strategy", "--draft", "--out", str(target))

    content = target.read_bytes()
    assert content.startswith(b"%PDF-")
    assert f"{len(content)} bytes, 1 pages" in report
    assert hashlib.sha256(content).hexdigest() in report
    assert renders == [{"kind": "strategy", "source": strategy, "variant": "full", "draft": True}]


def test_the_export_is_recorded_as_a_job_nobody_requested(tmp_path, strategy):
    export("northshire", "strategy", "--draft", "--out", str(tmp_path / "strategy.pdf"))

    with scopes_disabled():
        job = ExportJob.objects.get()
    assert (job.status, job.requested_by, job.attempts) == ("ready", None, 1)


def test_the_period_finds_the_strategy_covering_that_year(tmp_path, renders, strategy):
    export("northshire", "strategy", "--period", "2027/28", "--draft", "--out", str(tmp_path / "s"))

    assert renders[0]["source"] == strategy


def test_the_sna_is_exported_by_period(tmp_path, renders, sna):
    export("northshire", "sna", "--period", "2026/27", "--draft", "--out", str(tmp_path / "s"))

    assert renders[0]["source"] == sna


def test_an_unknown_partnership_is_refused(tmp_path, partnership):
    with pytest.raises(CommandError, match="No partnership has the slug 'nowhere'"):
        export("nowhere", "sna", "--out", str(tmp_path / "s.pdf"))


def test_a_period_without_a_document_is_refused(tmp_path, strategy):
    with pytest.raises(CommandError, match="has no strategy for 2031/32: nothing to export"):
        export("northshire", "strategy", "--period", "2031/32", "--out", str(tmp_path / "s"))


def test_a_partnership_without_an_sna_has_nothing_to_export(tmp_path, partnership):
    with pytest.raises(CommandError, match="has no SNA: nothing to export"):
        export("northshire", "sna", "--out", str(tmp_path / "s.pdf"))


def test_an_unpublished_document_needs_draft(tmp_path, strategy):
    with pytest.raises(CommandError, match="has not been published: nothing to export"):
        export("northshire", "strategy", "--out", str(tmp_path / "s.pdf"))
    assert not (tmp_path / "s.pdf").exists()


def test_the_sna_has_no_public_variant(tmp_path, sna):
    with pytest.raises(CommandError, match="no public version"):
        export("northshire", "sna", "--draft", "--variant", "public", "--out", str(tmp_path / "s"))
