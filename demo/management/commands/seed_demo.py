"""Demo data for a newcomer's portal (the README's "Demo sign-ins"). Safe to run again: it
converges on the same state. The data is in demo/data, the code that seeds it in demo/seeders."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_scopes import scopes_disabled
from kombu.exceptions import OperationalError as BrokerUnavailable

from demo.data.people import DEMO_PASSWORD, DEMO_USERS
from demo.seeders import seed

# Tests and the browser tests sign in with these.
__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "Command"]


class Command(BaseCommand):
    help = "Create the demo accounts and partnerships (refuses to run in production)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo creates accounts with a published password: not in production."
            )
        try:
            # One transaction: the demo appears whole or not at all. Invitation emails are queued
            # when it commits (services use transaction.on_commit); `make run`'s worker prints
            # them to the console, and tests run them in process.
            with transaction.atomic(), scopes_disabled():
                seed(stdout=self.stdout)
        except BrokerUnavailable as error:
            # Raised after the commit, by the first email that could not be queued.
            self.stderr.write(
                self.style.WARNING(
                    f"Demo data saved, but invitation emails could not be queued: {error}"
                )
            )
        self.stdout.write(self.style.SUCCESS(f"Demo accounts ready; password: {DEMO_PASSWORD}"))
