"""How long the strategy PDF takes to make, and how much memory, at four sizes: `make bench-pdf`.

A benchmark to read, not a test with a threshold: it builds a small, a medium, a large and a
national-scale ("xl", 2,000 actions) strategy in a throwaway SQLite database (deleted at the
end), then for each prints
- export: the full export path, `documents.content.render_document` (HTML and PDF/UA-1), run in
  a forked child process as a prefork worker's pool process is forked from its parent;
- peak MB: that child's peak resident memory (ru_maxrss), what the worker's
  CELERY_WORKER_MAX_MEMORY_PER_CHILD and the container's memory limit see; `fork MB` is the
  parent's resident memory when it forked, which the child starts from;
- queue: where documents/sizing.py sends the job, and the time limit there;
- html: building the HTML alone;
- same CSS, untagged: WeasyPrint on that HTML with our stylesheet, without PDF/UA tagging;
- WeasyPrint alone: `weasyprint.HTML(string=html).write_pdf()` with its default fetcher. It has
  no base URL, so it loads no stylesheet and writes an untagged PDF: the floor of the cost.
Each time is the best of a few runs, in seconds (the xl size: one run, and no comparisons,
which would take minutes; BENCH_XL=0 leaves it out). Timings on a shared machine are noisy.
"""

import logging
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"small": (3, 10), "medium": (8, 60), "large": (20, 300), "xl": (40, 2000)}
if os.environ.get("BENCH_XL", "1") == "0":
    del SIZES["xl"]
# Sizes rendered once, without the comparison columns: minutes each otherwise.
ONCE = {"xl"}
RUNS = int(os.environ.get("BENCH_RUNS", "3"))

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "svd_portal.settings")


def best_of(function):
    """The fastest of RUNS calls (the others include warm-up and noise), and its result."""
    timings, result = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - started)
    return min(timings), result


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def resident_mb() -> float:
    """This process's resident memory now, in MB (Linux); elsewhere its peak so far."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return peak_mb()
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def _export_in_child(strategy, runs: int, results) -> None:
    from django_scopes import scope

    from documents.content import render_document

    with scope(partnership=strategy.partnership):
        seconds, rendered = min(
            (
                _timed(lambda: render_document(kind="strategy", source=strategy, draft=True))
                for _ in range(runs)
            ),
            key=lambda timed: timed[0],
        )
    results.put((seconds, rendered.page_count, len(rendered.content), peak_mb()))


def _timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def export_in_child(strategy, runs: int):
    """The export's best time, pages, bytes and the child's peak MB, rendered in a forked child
    so the peak is the render's own, as in a worker's pool process."""
    from django.db import connections

    # The child opens its own connection: none may be shared across the fork.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=_export_in_child, args=(strategy, runs, results))
    child.start()
    outcome = results.get()
    child.join()
    return outcome


def build_strategy(name: str, priorities: int, actions: int):
    """A draft strategy of `priorities` priorities sharing `actions` actions between them."""
    from django_scopes import scopes_disabled

    from tests.factories import (
        ActionFactory,
        OrganisationFactory,
        PartnershipFactory,
        PriorityFactory,
        StrategyFactory,
        StrategyMeasureFactory,
    )

    with scopes_disabled():
        partnership = PartnershipFactory(name=f"Benchshire ({name})")
        organisations = [OrganisationFactory(partnership=partnership) for _ in range(6)]
        strategy = StrategyFactory(partnership=partnership, title=f"Benchshire strategy ({name})")
        made = [
            PriorityFactory(
                strategy=strategy,
                title=f"Priority {number}: reduce violence in area {number}",
                rationale="The SNA found violence concentrated here. " * 8,
            )
            for number in range(1, priorities + 1)
        ]
        for number in range(actions):
            ActionFactory(
                priority=made[number % priorities],
                lead_organisation=organisations[number % len(organisations)],
                title=f"Action {number + 1}: youth workers in the night-time economy",
            )
        for priority in made:
            StrategyMeasureFactory(strategy=strategy, name=f"Offences against {priority.title}")
    return strategy


def bench_row(name: str, priorities: int, actions: int) -> str:
    from django.conf import settings
    from django_scopes import scope
    from weasyprint import HTML

    from documents import sizing
    from documents.content import strategy_html
    from documents.pdf import BASE_URL, SafeFetcher

    strategy = build_strategy(name, priorities, actions)
    fork_mb = resident_mb()
    once = name in ONCE
    export_s, pages, pdf_bytes, child_mb = export_in_child(strategy, 1 if once else RUNS)
    large = sizing.export_is_large(actions)
    queue = f"{settings.EXPORT_LARGE_QUEUE if large else settings.EXPORT_QUEUE} " + (
        f"{settings.EXPORT_LARGE_SOFT_TIME_LIMIT if large else settings.EXPORT_SOFT_TIME_LIMIT}s"
    )
    head = (
        f"{name:<7} {priorities:>10} {actions:>7} {pages:>5} {pdf_bytes / 1024:>7.0f} "
        f"{export_s:>8.2f} {child_mb:>7.0f} {fork_mb:>7.0f} {queue:>21}"
    )
    if once:
        return f"{head} {'-':>6} {'-':>20} {'-':>18} {'-':>8}"
    with scope(partnership=strategy.partnership):
        html_s, html = best_of(lambda: strategy_html(strategy=strategy, draft=True))
    styled_s, _ = best_of(
        lambda: HTML(string=html, base_url=BASE_URL, url_fetcher=SafeFetcher()).write_pdf()
    )
    # Without a base URL it reports the stylesheet it cannot resolve: expected here.
    logging.getLogger("weasyprint").disabled = True
    try:
        alone_s, alone = best_of(lambda: HTML(string=html).write_pdf())
    finally:
        logging.getLogger("weasyprint").disabled = False
    return f"{head} {html_s:>6.2f} {styled_s:>20.2f} {alone_s:>18.2f} {len(alone) / 1024:>8.0f}"


def main() -> None:
    # A folder of our own, so nothing else in /tmp can be mistaken for (or replace) the
    # database. Made here, not on import: bench/burst.py imports build_strategy.
    workdir = Path(tempfile.mkdtemp(prefix="svd-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    header = (
        f"{'size':<7} {'priorities':>10} {'actions':>7} {'pages':>5} {'PDF KB':>7} "
        f"{'export s':>8} {'peak MB':>7} {'fork MB':>7} {'queue, soft limit':>21} "
        f"{'html s':>6} {'same CSS, untagged s':>20} {'WeasyPrint alone s':>18} "
        f"{'alone KB':>8}"
    )
    try:
        call_command("migrate", verbosity=0)
        print(f"best of {RUNS} runs each\n{header}\n{'-' * len(header)}")
        for name, (priorities, actions) in SIZES.items():
            print(bench_row(name, priorities, actions), flush=True)
        print(
            f"\nlimits: {settings.EXPORT_QUEUE} up to {settings.EXPORT_LARGE_FROM} actions, "
            f"soft {settings.EXPORT_SOFT_TIME_LIMIT} s, child recycled above "
            f"{settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD // 1024} MiB; "
            f"{settings.EXPORT_LARGE_QUEUE} up to {settings.EXPORT_MAX_ACTIONS} actions, "
            f"soft {settings.EXPORT_LARGE_SOFT_TIME_LIMIT} s (docs/scale.md)"
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
