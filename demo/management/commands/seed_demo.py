"""Demo data for a newcomer's portal (the README's "Demo sign-ins"). The data is in demo/data,
the code that seeds it in demo/seeders.

`make run` runs it every time, so once the demo is there it changes nothing (one query): what
someone changed while trying the demo stays changed, all of it. `--reset` takes the whole demo
away, its accounts included, and loads it again as new."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_scopes import scopes_disabled
from kombu.exceptions import OperationalError as BrokerUnavailable

from demo.data.people import DEMO_PASSWORD, DEMO_USERS
from demo.seeders import seed
from demo.seeders.reset import demo_loaded, remove_demo

# Tests and the browser tests sign in with these.
__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "Command"]

ALREADY_LOADED = "The demo is already loaded: nothing changed. Run with --reset to start it again."


class Command(BaseCommand):
    help = (
        "Create the demo accounts and partnerships, once: run again, it changes nothing unless "
        "given --reset (refuses to run in production)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo partnerships and accounts, with everything done in them, "
            "and load the demo again as new.",
        )

    def handle(self, *args, reset=False, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo creates accounts with a published password: not in production."
            )
        try:
            # One transaction: the demo appears (or is reset) whole or not at all. Invitation
            # emails are queued when it commits (services use transaction.on_commit); `make
            # run`'s worker prints them to the console, and tests run them in process.
            with transaction.atomic(), scopes_disabled():
                if reset:
                    partnerships, accounts = remove_demo()
                    self.stdout.write(
                        f"Removed the demo: {partnerships} partnerships and {accounts} accounts, "
                        "with everything done in them."
                    )
                elif demo_loaded():
                    self.stdout.write(ALREADY_LOADED)
                    return
                seed(stdout=self.stdout)
        except BrokerUnavailable as error:
            # Raised after the commit, by the first email that could not be queued.
            self.stderr.write(
                self.style.WARNING(
                    f"Demo data saved, but invitation emails could not be queued: {error}"
                )
            )
        done = "The demo has been loaded again, as new" if reset else "Demo accounts ready"
        self.stdout.write(self.style.SUCCESS(f"{done}; password: {DEMO_PASSWORD}"))
