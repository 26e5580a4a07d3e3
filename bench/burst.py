"""Do exports slow the site? `make bench BENCH_ARGS="--burst 50"`.

A benchmark to read, not a test. It serves the portal with gunicorn as bench/pages.py does
(PostgreSQL in DATABASE_URL, the national-scale data or the demo), and times a few pages with
a signed-in HTTP client, round after round:

1. idle: no worker running;
2. busy: while a real Celery worker, started as docker-compose.yml's `worker-documents`
   (prefork, one render at a time, its pool process niced by documents/tasks.py), renders N
   exports of a medium strategy (8 priorities, 60 actions, as bench/pdf.py's) one after another.

It prints each page's p95 idle and busy, and the ratio busy / idle; the goal is 1.5 or less.
`--burst-worker before` starts the worker as it was before issue 15 (two renders at once, not
niced) for comparison.

The worker renders from a throwaway SQLite database of its own, on a private queue in Redis
(REDIS_URL), both removed at the end: the scale database is only ever read by benchmarks, and
what a render takes from the web server is CPU (WeasyPrint), not its few queries. Timings on a
shared machine are noisy: run it on a quiet one, and compare configurations in the same run.
"""

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import server
from bench.stats import p95

ROOT = Path(__file__).resolve().parent.parent
# A few pages people use all day, beside the trivial one (bench/pages.py's names).
PAGES = ("lead-home", "actions", "strategy")
MEDIUM = (8, 60)
GOAL = 1.5
# docker-compose.yml's worker-documents, and the worker before issue 15 (two renders at once,
# not niced), on the bench's own queue.
WORKERS = {
    "documents": {"concurrency": "1", "nice": "10"},
    "before": {"concurrency": "2", "nice": "0"},
}


def prepare(database: Path, count: int, queue: str) -> None:
    """In a process of its own (its own DATABASE_URL): a medium strategy in a fresh SQLite
    database and `count` export jobs of it, each handed to `queue`."""
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "svd_portal.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django_scopes import scopes_disabled

    from bench.pdf import build_strategy
    from documents.models import ExportJob
    from svd_portal.celery import app

    call_command("migrate", verbosity=0)
    strategy = build_strategy("medium", *MEDIUM)
    with scopes_disabled():
        jobs = [
            ExportJob.objects.create(
                partnership=strategy.partnership,
                kind=ExportJob.Kind.STRATEGY,
                strategy=strategy,
                # One job on its way per document version (a constraint): each job claims a
                # version of its own, and every one renders the same draft.
                source_version=number,
                draft=True,
                action_count=MEDIUM[1],
            )
            for number in range(1, count + 1)
        ]
    for job in jobs:
        app.send_task("documents.tasks.render_export", args=[job.pk], queue=queue)
    print(json.dumps({"table": ExportJob._meta.db_table, "jobs": len(jobs)}))


def start_worker(env: dict[str, str], *, queue: str, kind: str, log: Path) -> subprocess.Popen:
    config = WORKERS[kind]
    command = [
        *(sys.executable, "-m", "celery", "--app", "svd_portal", "worker", "--loglevel", "INFO"),
        *("--concurrency", config["concurrency"], "--queues", queue),
        *("--hostname", f"{queue}@%h", "--without-gossip", "--without-mingle"),
    ]
    worker_env = env | {"EXPORT_WORKER_NICE": config["nice"]}
    with log.open("w") as output:
        # A session of its own, so the worker and its pool stop together.
        return subprocess.Popen(  # noqa: S603 (our own fixed command)
            command,
            cwd=ROOT,
            env=worker_env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def exports_by_status(database: Path, table: str) -> dict[str, int]:
    with sqlite3.connect(database, timeout=30) as connection:
        rows = connection.execute(f"SELECT status, COUNT(*) FROM {table} GROUP BY status")  # noqa: S608 (Django's own table name)
        return dict(rows.fetchall())


def rounds_of(base: str, sessions: dict, pages: list, rounds: int) -> dict[str, list[float]]:
    """Seconds per request, by page name, over `rounds` rounds of every page."""
    samples = {page.name: [] for page in pages}
    for _ in range(rounds):
        for page in pages:
            samples[page.name].append(server.timed_get(sessions[page.persona], base + page.path)[0])
    return samples


def run(*, count: int, rounds: int, target, partnership, env: dict, kind: str = "documents"):
    """The burst measurement; `target` and `partnership` as bench/pages.py chose them."""
    from bench.pages import TRIVIAL, Page, page_list
    from demo.data.people import DEMO_PASSWORD

    if not env.get("REDIS_URL"):
        sys.exit("--burst needs Redis for the worker's queue: set REDIS_URL")
    listed = {page.name: page for page in page_list(partnership)[0]}
    pages = [Page("trivial", "lead", TRIVIAL)] + [listed[name] for name in PAGES if name in listed]
    workdir = Path(tempfile.mkdtemp(prefix="svd-burst-"))
    database = workdir / "worker.sqlite3"
    queue = f"bench-burst-{os.getpid()}"
    worker_env = env | {
        "DATABASE_URL": f"sqlite:///{database}",
        "VAR_DIR": str(workdir / "var"),
        "CELERY_BROKER_URL": env["REDIS_URL"],
        "EXPORT_QUEUE": queue,
        # The bench reads the queue's outcome from the jobs, not a result backend.
        "CELERY_RESULT_BACKEND": env["REDIS_URL"],
    }
    worker = None
    log = Path(tempfile.gettempdir()) / "svd-bench-gunicorn.log"
    worker_log = Path(tempfile.gettempdir()) / "svd-bench-worker.log"
    print(
        f"\nExport burst: {count} exports of a {MEDIUM[1]}-action strategy, worker "
        f"'{kind}' (--concurrency {WORKERS[kind]['concurrency']}, nice "
        f"{WORKERS[kind]['nice']}), {rounds} rounds of {', '.join(p.name for p in pages)}"
    )
    try:
        with server.gunicorn(env, log) as base:
            sessions = {
                persona: server.sign_in(base, target.emails[persona], DEMO_PASSWORD)
                for persona in {page.persona for page in pages}
            }
            # Warm up every gunicorn worker, not one: each compiles the templates and opens its
            # connections on its own first requests, which would otherwise land in the idle
            # rounds (and make the busy ones look faster than idle).
            for _ in range(3 * int(env.get("WEB_CONCURRENCY", "1"))):
                for page in pages:
                    server.timed_get(sessions[page.persona], base + page.path)
            idle = rounds_of(base, sessions, pages, rounds)

            made = subprocess.run(  # noqa: S603 (our own fixed command)
                [sys.executable, "-m", "bench.burst", "prepare", str(database), str(count), queue],
                cwd=ROOT,
                env=worker_env,
                capture_output=True,
                text=True,
                check=False,
            )
            if made.returncode:
                sys.exit(f"Could not prepare the worker's database:\n{made.stderr}")
            table = json.loads(made.stdout.strip().splitlines()[-1])["table"]
            worker = start_worker(worker_env, queue=queue, kind=kind, log=worker_log)
            deadline = time.monotonic() + 120
            while not exports_by_status(database, table).get("rendering"):
                if worker.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"The worker rendered nothing; its log: {worker_log}")
                time.sleep(0.5)
            started = time.monotonic()
            busy = rounds_of(base, sessions, pages, rounds)
            window = time.monotonic() - started
            after = exports_by_status(database, table)
    finally:
        if worker is not None and worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        _forget_queue(env["REDIS_URL"], queue)
        shutil.rmtree(workdir, ignore_errors=True)

    ready, failed = after.get("ready", 0), after.get("failed", 0)
    print(
        f"Busy window {window:.0f} s: {ready} exports ready, {failed} failed, "
        f"{after.get('rendering', 0) + after.get('queued', 0)} still rendering or queued"
    )
    if not after.get("rendering") and not after.get("queued"):
        print("Warning: the burst ended before the window did; raise N for a fair figure.")
    print(f"\n{'page':<12} {'idle p95 ms':>11} {'busy p95 ms':>11} {'busy / idle':>11}")
    for page in pages:
        idle_p95, busy_p95 = p95(idle[page.name]), p95(busy[page.name])
        print(
            f"{page.name:<12} {idle_p95 * 1000:>11.0f} {busy_p95 * 1000:>11.0f} "
            f"{busy_p95 / idle_p95:>11.2f}"
        )
    every_idle = [s for samples in idle.values() for s in samples]
    every_busy = [s for samples in busy.values() for s in samples]
    ratio = p95(every_busy) / p95(every_idle)
    print(
        f"{'all pages':<12} {p95(every_idle) * 1000:>11.0f} {p95(every_busy) * 1000:>11.0f} "
        f"{ratio:>11.2f}   (goal <= {GOAL}: {'met' if ratio <= GOAL else 'NOT met'})"
    )
    print(f"\nworker's log: {worker_log}")
    return ratio


def _forget_queue(url: str, queue: str) -> None:
    """Remove the bench's queue (and anything left in it) from Redis."""
    import redis

    with contextlib.suppress(redis.exceptions.RedisError):
        redis.Redis.from_url(url).delete(queue)


if __name__ == "__main__":
    if sys.argv[1:2] == ["prepare"]:
        prepare(Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    else:
        sys.exit("Run it through bench/pages.py: python -m bench.pages --burst 50")
