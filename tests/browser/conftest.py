"""Browser tests drive Debian's Chromium through Playwright; never a downloaded browser."""

import os
from pathlib import Path

import pytest

from tests.browser.accessibility import assert_accessible as assert_page_accessible
from tests.conftest import restore_reference_data

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Chromium phones home at start-up unless told not to; this machine's network refuses it.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: install it with 'apt install chromium'")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls our tests make
    # beside it are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def catalogue(transactional_db):
    """The reference data migrations load (the Duty catalogue, the measures), which
    transactional tests flush after each run.

    (Django's serialized rollback cannot help: once Playwright's event loop runs in this thread,
    the ORM hands out a fresh connection object without the serialized copy.)
    """
    restore_reference_data()


@pytest.fixture
def page(browser, live_server, catalogue, axe):
    context = browser.new_context(base_url=live_server.url)
    # axe-core loads with every page, ready for assert_accessible.
    context.add_init_script(script=axe.axe_script)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def javascript(request):
    """Journeys run twice: with JavaScript, and without (every form works by a plain POST)."""
    return request.param


@pytest.fixture
def assert_accessible(javascript):
    """axe-core at each step of a journey. axe needs JavaScript, so it checks with JavaScript
    on, errors included; with it off the server renders the same templates, so checking again
    would only repeat that. Colour contrast is left to the crawl (crawl.py), which checks it on
    every kind of page, in the one stylesheet; here it would only repeat that too."""

    def check(page, axe):
        if javascript:
            assert_page_accessible(page, axe, contrast=False)

    return check
