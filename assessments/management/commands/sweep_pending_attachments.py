"""Delete files kept across a form's errors that nobody went on to save.

See assessments/attachments.py.
"""

from django.core.management.base import BaseCommand

from assessments.attachments import PENDING_KEPT_FOR, sweep_pending_files


class Command(BaseCommand):
    help = "Delete pending attachments older than a day that no contribution was saved with."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=PENDING_KEPT_FOR,
            help="Seconds a pending file is kept (default: a day).",
        )

    def handle(self, *args, older_than: int, **options):
        removed = sweep_pending_files(older_than=older_than)
        self.stdout.write(f"Removed {removed} pending attachment file(s).")
