"""How fast the key pages are under gunicorn on PostgreSQL, page by page: `make bench`.

A benchmark to read, not a timed test: it asserts nothing. It serves the portal with gunicorn
(the Dockerfile's command and WEB_CONCURRENCY; DEBUG off, a throwaway SECRET_KEY, two-factor
sign-in off so a script can sign in) on the database in DATABASE_URL, signs in through the
sign-in form as each persona with a real HTTP client, then for ROUNDS rounds requests, for every
key page, the trivial page (the persona's account page, /accounts/: same base layout, almost no
work) and then the page, one after the other. Afterwards it counts each page's SQL queries
in-process with Django's test client (gunicorn cannot report them).

    DATABASE_URL=postgres://… REDIS_URL=redis://… python manage.py seed_scale   # once, minutes
    DATABASE_URL=postgres://… REDIS_URL=redis://… make bench
    .venv/bin/python -m bench.pages --demo --rounds 10 --only members,data

By default it measures the national-scale data set (`manage.py seed_scale`: partnership
`scale-big` and its lead, partner, data lead, and a convener of every scale-* partnership);
`--demo`, or no scale-big in the database, measures the demo's Northshire (`seed_demo`).
`--burst N` measures instead whether exports slow the site: a few pages' p95 while a real
worker renders N exports, against idle (bench/burst.py).

Reading the table: `median ms` and `p95 ms` are the page's response times (the whole body
received; p95 is nearest-rank, so with 20 rounds the second slowest). `× median` and `× p95`
divide them by the trivial page's, from the same rounds and the same signed-in session: what the
page costs beyond the framework, session, middleware and base template every page pays, and
largely free of how busy the machine was. A page at ×1.5 does half as much work again as the
emptiest page; one at ×10 is where to look. `queries` is the number of SQL queries one request
makes; it should not grow with the data set (compare --demo with the scale data).
"""

import argparse
import dataclasses
import os
import platform
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench import server
from bench.stats import Row, format_table, median, p95

TRIVIAL = "/accounts/"
SEARCH_TERM = "knife"
PERSONAS = ("lead", "partner", "data_lead", "convener")


@dataclass(frozen=True)
class Target:
    """A partnership to measure and who to sign in as, persona by persona."""

    label: str
    slug: str
    emails: dict[str, str]


SCALE = Target(
    label="national scale (seed_scale)",
    slug="scale-big",
    emails={
        "lead": "lead@scale-big.invalid",
        "partner": "partner@scale-big.invalid",
        "data_lead": "data-lead@scale-big.invalid",
        "convener": "convener@scale.invalid",
    },
)
# README's demo sign-ins. Tom (partner@example.org) is both the duty partner and the data lead.
DEMO = Target(
    label="demo (seed_demo)",
    slug="northshire",
    emails={
        "lead": "lead@example.org",
        "partner": "partner@example.org",
        "data_lead": "partner@example.org",
        "convener": "convener@example.org",
    },
)


@dataclass(frozen=True)
class Page:
    name: str
    persona: str
    path: str


def page_list(partnership) -> tuple[list[Page], list[str]]:
    """The key pages of `partnership`, with the ids they need found in its data; and a note for
    each page left out because the data has nothing for it to show."""
    from django.db.models import Count
    from django_scopes import scopes_disabled

    from assessments.models import Assessment, Contribution, DataPoint
    from strategies.models import Strategy

    p = f"/p/{partnership.slug}"
    pages = [
        Page("lead-home", "lead", f"{p}/"),
        Page("partner-home", "partner", f"{p}/"),
        Page("dashboard", "convener", f"{p}/"),
        Page("convener-overview", "convener", "/convener/"),
        Page("chooser", "convener", "/partnerships/"),
        Page("members", "lead", f"{p}/members/"),
        Page("organisations", "lead", f"{p}/organisations/"),
        Page("contributions", "lead", f"{p}/contributions/"),
        Page("data", "data_lead", f"{p}/data/"),
        Page("matrix", "lead", f"{p}/engagement/"),
        Page("actions", "lead", f"{p}/actions/"),
        Page("representation", "lead", f"{p}/representation/"),
        Page("search", "lead", f"{p}/search/?q={SEARCH_TERM}"),
        Page("todo", "partner", f"{p}/todo/"),
        # A lead of a big partnership has thousands of contributions waiting for review.
        Page("todo-lead", "lead", f"{p}/todo/"),
        # Downloads hold every row, not a page of them: at scale, the biggest lists.
        Page("members-xlsx", "lead", f"{p}/members/list.xlsx"),
        Page("contributions-csv", "lead", f"{p}/contributions/list.csv"),
    ]
    missing = []
    with scopes_disabled():
        # The biggest of each, where there is a choice: the worst case a person meets.
        contribution = (
            Contribution.objects.filter(partnership=partnership)
            .exclude(status=Contribution.Status.DRAFT)
            .annotate(size=Count("data_points"))
            .order_by("-size", "-pk")
            .first()
        )
        measure = (
            DataPoint.objects.filter(partnership=partnership)
            .values("measure__slug")
            .annotate(size=Count("pk"))
            .order_by("-size", "measure__slug")
            .first()
        )
        assessment = Assessment.objects.filter(partnership=partnership).first()
        strategy = Strategy.objects.filter(partnership=partnership).first()
    if contribution:
        pages.append(Page("contribution", "lead", f"{p}/contributions/{contribution.pk}/"))
    else:
        missing.append("contribution: no submitted contribution")
    if measure:
        pages.append(Page("measure-trend", "data_lead", f"{p}/data/{measure['measure__slug']}/"))
    else:
        missing.append("measure-trend: no data points")
    if assessment:
        pages.append(Page("sna", "lead", f"{p}/sna/{assessment.pk}/"))
    else:
        missing.append("sna: no assessment")
    if strategy:
        pages.append(Page("strategy", "lead", f"{p}/strategy/{strategy.pk}/"))
        pages.append(Page("export-history", "convener", f"{p}/strategy/{strategy.pk}/exports/"))
        pages.append(Page("actions-xlsx", "lead", f"{p}/actions/list.xlsx?strategy={strategy.pk}"))
    else:
        missing.append("strategy, export-history: no strategy")
    return pages, missing


def choose_target(*, demo: bool):
    """The target and its partnership, falling back to the demo when there is no scale data."""
    from partnerships.models import Partnership

    if not demo:
        partnership = Partnership.objects.filter(slug=SCALE.slug).first()
        if partnership:
            return SCALE, partnership
        print(f"No partnership '{SCALE.slug}' here: measuring the demo instead (--demo).")
        print("For the national-scale data: python manage.py seed_scale (it takes minutes).\n")
    partnership = Partnership.objects.filter(slug=DEMO.slug).first()
    if partnership is None:
        sys.exit(
            "No data to measure: run `python manage.py seed_scale` (or `seed_demo` for the "
            "demo) with the same DATABASE_URL first."
        )
    return DEMO, partnership


def describe(env: dict[str, str]) -> None:
    """The machine, the database and what is in it, and gunicorn's workers."""
    from django.db import connection
    from django_scopes import scopes_disabled

    from assessments.models import Contribution, DataPoint
    from partnerships.models import Partnership
    from strategies.models import Action

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    with scopes_disabled():
        sizes = {
            "partnerships": Partnership.objects.count(),
            "contributions": Contribution.objects.count(),
            "data points": DataPoint.objects.count(),
            "actions": Action.objects.count(),
        }
    print(
        f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, PostgreSQL {postgres}"
    )
    print("Data set: " + ", ".join(f"{count:,} {name}" for name, count in sizes.items()))
    print(
        f"gunicorn: {env['WEB_CONCURRENCY']} sync workers (WEB_CONCURRENCY), "
        f"{' '.join(server.GUNICORN_ARGS)}; DEBUG off, "
        f"cache {'Redis' if env.get('REDIS_URL') else 'local memory (REDIS_URL unset)'}"
    )


def measure(
    base: str,
    target: Target,
    pages: list[Page],
    rounds: int,
    *,
    changed: Callable[[], None] | None = None,
) -> dict[Page, Row]:
    """Time every page against the trivial page over HTTP, round after round; `changed`, if
    given, is called before each page (a change to the partnership's records)."""
    from demo.data.people import DEMO_PASSWORD

    sessions = {}
    for persona in sorted({page.persona for page in pages}):
        sessions[persona] = server.sign_in(base, target.emails[persona], DEMO_PASSWORD)
    # One warm-up request each (templates compiled, connections open), which must succeed.
    usable = []
    for page in [Page("trivial", persona, TRIVIAL) for persona in sessions] + pages:
        _, status = server.timed_get(sessions[page.persona], base + page.path)
        if status == 200:
            usable.append(page)
        else:
            print(f"Left out {page.name} ({page.persona} {page.path}): HTTP {status}")
    samples = {page: ([], []) for page in usable if page.name != "trivial"}
    for round_number in range(rounds):
        if sys.stderr.isatty():
            print(f"\rRound {round_number + 1} of {rounds}", end="", file=sys.stderr, flush=True)
        for page, (timings, trivial) in samples.items():
            session = sessions[page.persona]
            trivial.append(server.timed_get(session, base + TRIVIAL)[0])
            if changed is not None:
                changed()
            timings.append(server.timed_get(session, base + page.path)[0])
    if sys.stderr.isatty():
        print(file=sys.stderr)
    return {
        page: Row(page.name, page.persona, page.path, timings, trivial)
        for page, (timings, trivial) in samples.items()
    }


def count_queries(target: Target, pages: list[Page]) -> dict[tuple[str, str], int]:
    """SQL queries per request, by (persona, path), counted in-process after a warm-up."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    users = {email: get_user_model().objects.get(email=email) for email in target.emails.values()}
    counts = {}
    for persona, path in {(page.persona, page.path) for page in pages}:
        client = Client(HTTP_HOST=server.HOST)
        client.force_login(users[target.emails[persona]])
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        counts[persona, path] = len(queries)
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--demo", action="store_true", help="measure the demo's Northshire")
    parser.add_argument("--rounds", type=int, default=20, help="rounds of requests (20)")
    parser.add_argument("--only", default="", help="page names, comma-separated")
    parser.add_argument(
        "--burst",
        type=int,
        default=0,
        metavar="N",
        help="instead of the table: a few pages' p95 idle and while a real worker renders N "
        "exports (bench/burst.py)",
    )
    parser.add_argument(
        "--burst-worker",
        choices=("documents", "before"),
        default="documents",
        help="the worker for --burst: as docker-compose.yml's worker-documents (the default), "
        "or as before issue 15",
    )
    parser.add_argument(
        "--after-change",
        action="store_true",
        help="time each page as the first request after a change to the partnership's records "
        "(nothing kept for it in the cache): the worst case, not the usual one",
    )
    args = parser.parse_args(argv)

    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit(
            "make bench needs PostgreSQL: set DATABASE_URL=postgres://… and run "
            "manage.py seed_scale first"
        )
    env = server.environment()
    os.environ.update(env)
    import django

    django.setup()

    target, partnership = choose_target(demo=args.demo)
    pages, missing = page_list(partnership)
    if args.only:
        wanted = {name.strip() for name in args.only.split(",") if name.strip()}
        unknown = wanted - {page.name for page in pages}
        if unknown:
            sys.exit(f"No such page: {', '.join(sorted(unknown))}")
        pages = [page for page in pages if page.name in wanted]
    print(f"Measuring {target.label}: /p/{partnership.slug}/, {args.rounds} rounds")
    describe(env)
    if args.burst:
        from bench import burst

        burst.run(
            count=args.burst,
            rounds=args.rounds,
            target=target,
            partnership=partnership,
            env=env,
            kind=args.burst_worker,
        )
        return
    for note in missing:
        print(f"Left out {note}")

    changed = None
    if args.after_change:
        if not env.get("REDIS_URL"):
            sys.exit("--after-change needs REDIS_URL: the cache gunicorn's workers share")
        from partnerships.changes import records_changed

        print("Each page timed as the first request after a change to the partnership's records")

        def changed() -> None:
            records_changed(partnership_id=partnership.pk)

    log = Path(tempfile.gettempdir()) / "svd-bench-gunicorn.log"
    with server.gunicorn(env, log) as base:
        rows = measure(base, target, pages, args.rounds, changed=changed)
    counts = count_queries(target, [Page("trivial", p, TRIVIAL) for p in PERSONAS] + pages)
    rows = {
        page: dataclasses.replace(row, queries=counts[page.persona, page.path])
        for page, row in rows.items()
    }
    trivial = [sample for row in rows.values() for sample in row.trivial]
    if trivial:
        queries = sorted({counts[p, TRIVIAL] for p in PERSONAS})
        print(
            f"\nTrivial page {TRIVIAL}: median {median(trivial) * 1000:.1f} ms, "
            f"p95 {p95(trivial) * 1000:.1f} ms, {'/'.join(map(str, queries))} queries\n"
        )
    print(format_table(list(rows.values())))
    print(f"\ngunicorn's log: {log}")


if __name__ == "__main__":
    main()
