"""`make run PORT=...` serves on that port, and the links its emails carry lead there too: the
demo's invitations (queued by seed_demo) and everything the worker sends. Read from make's dry
run, which prints the commands without running them."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def run_commands(*args: str, **env: str) -> dict[str, str]:
    """The seed_demo and honcho lines `make run` would run."""
    # Nothing from a surrounding make (`make test`) or from this shell's own SITE_URL.
    inherited = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "SITE_URL", "PORT"}
    base = {k: v for k, v in os.environ.items() if k not in inherited}
    dry_run = subprocess.run(
        ["make", "--dry-run", "run", *args],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = dry_run.stdout.splitlines()
    return {name: next(line for line in lines if name in line) for name in ("seed_demo", "honcho")}


def test_make_run_gives_every_process_the_address_it_serves():
    commands = run_commands("PORT=8123")

    assert "--port 8123" in commands["honcho"]
    for command in commands.values():
        assert command.startswith('SITE_URL="http://127.0.0.1:8123" '), command


def test_make_run_serves_port_8000_by_default():
    commands = run_commands()

    assert "--port 8000" in commands["honcho"]
    assert commands["honcho"].startswith('SITE_URL="http://127.0.0.1:8000" ')


def test_a_site_url_already_set_is_kept():
    commands = run_commands("PORT=8123", SITE_URL="https://svd.example.org")

    for command in commands.values():
        assert command.startswith('SITE_URL="https://svd.example.org" '), command
