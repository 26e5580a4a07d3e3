"""How long the strategy PDF takes to make, at three sizes: `make bench-pdf`.

A benchmark to read, not a test with a threshold: it builds a small, a medium and a large
strategy in a throwaway SQLite database (deleted at the end), then for each prints
- export: the full export path, `documents.content.render_document` (HTML and PDF/UA-1);
- html: building the HTML alone;
- same CSS, untagged: WeasyPrint on that HTML with our stylesheet, without PDF/UA tagging;
- WeasyPrint alone: `weasyprint.HTML(string=html).write_pdf()` with its default fetcher. It has
  no base URL, so it loads no stylesheet and writes an untagged PDF: the floor of the cost.
Each time is the best of a few runs, in seconds.
"""

import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A folder of our own, so nothing else in /tmp can be mistaken for (or replace) the database.
WORKDIR = Path(tempfile.mkdtemp(prefix="svd-bench-"))
DATABASE = WORKDIR / "bench.sqlite3"
SIZES = {"small": (3, 10), "medium": (8, 60), "large": (20, 300)}
RUNS = int(os.environ.get("BENCH_RUNS", "3"))

sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "svd_portal.settings")


def best_of(function):
    """The fastest of RUNS calls (the others include warm-up and noise), and its result."""
    timings, result = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - started)
    return min(timings), result


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
    from django_scopes import scope
    from weasyprint import HTML

    from documents.content import render_document, strategy_html
    from documents.pdf import BASE_URL, SafeFetcher

    strategy = build_strategy(name, priorities, actions)
    with scope(partnership=strategy.partnership):
        export_s, rendered = best_of(
            lambda: render_document(kind="strategy", source=strategy, draft=True)
        )
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
    return (
        f"{name:<7} {priorities:>10} {actions:>7} {rendered.page_count:>5} "
        f"{len(rendered.content) / 1024:>7.0f} {export_s:>8.2f} {html_s:>6.2f} "
        f"{styled_s:>20.2f} {alone_s:>18.2f} {len(alone) / 1024:>8.0f}"
    )


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    header = (
        f"{'size':<7} {'priorities':>10} {'actions':>7} {'pages':>5} {'PDF KB':>7} "
        f"{'export s':>8} {'html s':>6} {'same CSS, untagged s':>20} {'WeasyPrint alone s':>18} "
        f"{'alone KB':>8}"
    )
    try:
        call_command("migrate", verbosity=0)
        print(f"best of {RUNS} runs each\n{header}\n{'-' * len(header)}")
        for name, (priorities, actions) in SIZES.items():
            print(bench_row(name, priorities, actions), flush=True)
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    main()
