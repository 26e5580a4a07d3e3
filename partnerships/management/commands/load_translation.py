"""Load a Welsh translator's reviewed translation of the interface into the portal.

    python manage.py load_translation reviewed.po --reviewer "Name, organisation"
    python manage.py load_translation reviewed.csv      # columns english, welsh

Each message it translates replaces ours, if it keeps the same placeholders and markup; the
catalogue (locale/cy/LC_MESSAGES/django.po) and its compiled .mo are written at once, and the
portal reads them when it restarts. Messages the portal does not have are listed, not added.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common import translations


class Command(BaseCommand):
    help = "Load a reviewed Welsh translation (.po, or a CSV of english and welsh) and compile it."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--reviewer", default="", help="who reviewed it, recorded in the catalogue's header"
        )

    def handle(self, *args, file: Path, reviewer: str, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
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
