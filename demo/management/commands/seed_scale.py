"""A national-scale data set for timing every page (demo/seeders/scale.py says what and who).

Run once: run again, it refuses unless given --reset, which takes away only the scale-*
partnerships and the *@scale*.invalid accounts first. The demo is never touched."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django_scopes import scopes_disabled

from demo.data.people import DEMO_PASSWORD
from demo.seeders.scale import Sizes, remove_scale, scale_loaded, seed_scale

ALREADY_LOADED = (
    "The scale data set is already loaded: nothing changed. Run with --reset to replace it."
)


class Command(BaseCommand):
    help = (
        "Create a national-scale data set (scale-* partnerships, *@scale*.invalid accounts) "
        "for benchmarks, once; --reset replaces it (refuses to run in production)."
    )

    def add_arguments(self, parser):
        defaults = Sizes()
        for name, text in [
            ("partnerships", "how many scale-NNN partnerships"),
            ("contributions-per", "contributions in each"),
            ("datapoints-per", "data-return figures in each"),
            ("actions-per", "strategy actions in each"),
            ("big-contributions", "contributions in scale-big"),
            ("big-datapoints", "data-return figures in scale-big"),
            ("big-actions", "strategy actions in scale-big"),
        ]:
            default = getattr(defaults, name.replace("-", "_"))
            parser.add_argument(
                f"--{name}", type=int, default=default, help=f"{text} (default {default})"
            )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="multiply every size by this (0.01 for a quick try)",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="delete the scale partnerships and accounts first (never the demo)",
        )

    def handle(self, *args, reset=False, scale=1.0, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "seed_scale creates accounts with a published password: not in production."
            )
        sizes = Sizes(**{name: options[name] for name in Sizes.__dataclass_fields__})
        if scale != 1.0:
            sizes = sizes.scaled(scale)
        started = time.monotonic()
        # One transaction: the data set appears (or is replaced) whole or not at all.
        with transaction.atomic(), scopes_disabled():
            if reset:
                partnerships, accounts = remove_scale()
                self.stdout.write(
                    f"Removed the scale data set: {partnerships} partnerships and "
                    f"{accounts} accounts."
                )
            elif scale_loaded():
                raise CommandError(ALREADY_LOADED)
            self.stdout.write(f"Seeding {sizes}")
            counts = seed_scale(sizes=sizes, stdout=self.stdout)
        if connection.vendor == "postgresql":
            # A million rows arrived at once, before autovacuum has looked: without fresh
            # statistics the planner guesses a handful and picks nested loops that take seconds.
            # VACUUM too: until the visibility map is set, an index-only scan (the to-do count
            # on every page) still visits every row it counts.
            self.stdout.write("Updating the planner's statistics (VACUUM ANALYZE)…")
            with connection.cursor() as cursor:
                # VACUUM cannot run in a transaction (a test's): ANALYZE alone there.
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        for name, count in sorted(counts.items()):
            self.stdout.write(f"{name:45} {count:>10,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale data set ready in {time.monotonic() - started:.0f}s; "
                f"password: {DEMO_PASSWORD}"
            )
        )
