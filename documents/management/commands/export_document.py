"""Render the SNA or the strategy as a PDF at once, for an operator or a script:

    python manage.py export_document northshire strategy --period 2026/27 --variant public \\
        --out northshire-strategy.pdf

It goes through the same job, claim and render code as the documents worker, and records the
export in the document's history like any other.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from assessments.models import Assessment
from documents import services as exports
from documents.models import ExportJob
from partnerships.models import Partnership
from strategies.models import Strategy


def _source(partnership: Partnership, kind: str, period: str | None):
    if kind == ExportJob.Kind.SNA:
        documents = Assessment.objects.filter(partnership=partnership).order_by("-period")
        if period:
            documents = documents.filter(period=period)
        name = "SNA"
    else:
        documents = Strategy.objects.filter(partnership=partnership).order_by("-start_period")
        if period:
            # A strategy covers several years: any of them finds it.
            documents = documents.filter(start_period__lte=period, end_period__gte=period)
        name = "strategy"
    source = documents.first()
    if source is None:
        where = f" for {period}" if period else ""
        raise CommandError(f"{partnership.name} has no {name}{where}: nothing to export")
    return source


class Command(BaseCommand):
    help = "Render a partnership's SNA or strategy as a PDF, now, and write it to a file."

    def add_arguments(self, parser):
        parser.add_argument("partnership", help="The partnership's slug, as in /p/<slug>/")
        parser.add_argument("kind", choices=ExportJob.Kind.values, help="Which document")
        parser.add_argument(
            "--period", help="A year the document covers, such as 2026/27 (default: the latest)"
        )
        parser.add_argument(
            "--variant",
            choices=ExportJob.Variant.values,
            default=ExportJob.Variant.FULL,
            help="The strategy's full version, or its public one without restricted sections",
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Export the document as it stands now, watermarked DRAFT (default: as published)",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default="",
            help="English (en-gb) or Welsh (cy) (default: the partnership's language)",
        )
        parser.add_argument("--out", required=True, type=Path, help="Where to write the PDF")

    def handle(self, *args, partnership, kind, period, variant, draft, language, out, **options):
        with scopes_disabled():
            found = Partnership.objects.filter(slug=partnership).first()
            if found is None:
                raise CommandError(f"No partnership has the slug {partnership!r}")
            source = _source(found, kind, period)
            if not draft and not exports.source_is_published(source):
                raise CommandError(
                    f"{source} has not been published: nothing to export "
                    "(add --draft to export it as it stands)"
                )
            try:
                job = exports.export_now(
                    partnership=found,
                    kind=kind,
                    source=source,
                    variant=variant,
                    draft=draft,
                    language=language,
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            if job.status != ExportJob.Status.READY:
                raise CommandError(f"The export failed: {job.error}")
            with job.file.open("rb") as stored:
                out.write_bytes(stored.read())
        self.stdout.write(
            f"Wrote {out}: {job.size} bytes, {job.page_count} pages, SHA-256 {job.sha256}"
        )
