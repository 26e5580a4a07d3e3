"""Load a Welsh translator's reviewed translation of the interface into the portal.

    python manage.py load_translation reviewed.po --reviewer "Name, organisation"
    python manage.py load_translation reviewed.csv      # columns english, welsh
    python manage.py load_translation duty.csv --catalogue

Each message it translates replaces ours, if it keeps the same placeholders and markup; the
catalogue (locale/cy/LC_MESSAGES/django.po) and its compiled .mo are written at once, and the
portal reads them when it restarts. Messages the portal does not have are listed, not added.

With --catalogue, the CSV is the Welsh of the Duty reference catalogue (the guidance's elements,
sectors, ways to engage, roles and questions): each English text it names gets its Welsh in the
database at once; texts it does not name keep theirs. (The Welsh shipped with the portal is
partnerships/catalogue/duty_guidance_v1.cy.csv, in the same form.)
"""

from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from common import translations
from partnerships import catalogue


class Command(BaseCommand):
    help = "Load a reviewed Welsh translation (.po, or a CSV of english and welsh) and compile it."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--reviewer", default="", help="who reviewed it, recorded in the catalogue's header"
        )
        parser.add_argument(
            "--catalogue",
            action="store_true",
            help="the CSV is the Welsh of the Duty reference catalogue, not of the interface",
        )

    def handle(self, *args, file: Path, reviewer: str, catalogue: bool, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        if catalogue:
            return self._catalogue(file)
        if file.suffix.lower() not in {".po", ".csv"}:
            raise CommandError("Give a .po file, or a .csv with the columns english and welsh")
        try:
            loaded = translations.load_reviewed(
                file, catalogue=translations.catalogue_path(), reviewer=reviewer
            )
        except (OSError, ValueError) as error:
            raise CommandError(f"Could not read {file}: {error}") from error
        self.stdout.write(
            f"{loaded.replaced} message{'' if loaded.replaced == 1 else 's'} replaced, "
            f"{loaded.unchanged} already the same."
        )
        for english in loaded.unknown:
            self.stdout.write(f"Not in the portal (left out): {english!r}")
        for reason in loaded.refused:
            self.stderr.write(f"Refused, placeholders or markup not kept: {reason}")
        self.stdout.write("Restart the web and worker processes to use it.")

    def _catalogue(self, file: Path) -> None:
        if file.suffix.lower() != ".csv":
            raise CommandError(
                "Give the catalogue's Welsh as a .csv with the columns english and welsh"
            )
        try:
            welsh = catalogue.read_welsh(file, strict=True)
        except (OSError, ValueError) as error:
            raise CommandError(f"Could not read {file}: {error}") from error
        with transaction.atomic():
            filled = catalogue.fill_languages(apps, welsh, only_these=True)
        self.stdout.write(
            f"{filled.texts} catalogue text{'' if filled.texts == 1 else 's'} given Welsh."
        )
        for english in filled.unknown:
            self.stdout.write(f"Not in the catalogue (left out): {english!r}")
