"""Every page a member can reach in the demo partnership passes axe-core: the crawler follows the
partnership's own links, so a new page is checked as soon as something links to it."""

import pytest
from django.core.management import call_command

from svd_portal.management.commands.seed_demo import DEMO_PASSWORD
from tests.browser.test_guidance_journey import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Downloads are files, not pages; query strings only re-filter pages already crawled.
SKIP = ("/download/", "/attachments/", "/evidence/", "/minutes/", "?")
MOST_PAGES = 200


@pytest.mark.parametrize(
    "email",
    # The lead sees every management page; the police data lead (in both demo partnerships)
    # sees a partner's pages, their own drafts and the reviewer's.
    ["lead@example.org", "partner@example.org"],
)
def test_every_page_a_member_reaches_is_accessible(page, axe, email):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    queue, seen = ["/p/northshire/"], set()
    while queue and len(seen) < MOST_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(path)
        assert response is not None and response.status < 400, path
        assert_accessible(page, axe)
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        queue += [
            href.split("#")[0]
            for href in links
            if href and href.startswith("/p/northshire/") and not any(s in href for s in SKIP)
        ]

    assert len(seen) >= 40
    # The response strategy's pages are among them.
    assert any("/strategy/" in path for path in seen)
    assert any("/actions/" in path for path in seen)
    # So are the export pages (the lead's export form, everyone's history).
    assert any("/exports/" in path for path in seen)
