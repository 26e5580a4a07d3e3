"""A published strategy's public page in a browser: the lead publishes it from the strategy,
and a resident with no account reads it, its plain-language summary and its Welsh version. Every
page passes axe (best practice included) and fits a phone and a laptop without sideways scroll."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from documents.models import PublicPage
from tests.browser.accessibility import NARROW, WIDE, assert_reflows, resize
from tests.browser.test_lead_journey import sign_in
from tests.browser.test_strategy_journey import _new_page
from tests.documents.conftest import publish
from tests.factories import AssessmentFactory, StrategyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Northshire Serious Violence Strategy"
ADDRESS = "serious-violence-strategy"


@pytest.fixture
def published(partnership, lead, police):
    partnership.nation = partnership.Nation.WALES
    partnership.save(update_fields=["nation"])
    sna = AssessmentFactory(partnership=partnership, period="2026/27", status="agreed")
    strategy = StrategyFactory(
        partnership=partnership,
        assessment=sna,
        title=TITLE,
        start_period="2026/27",
        end_period="2028/29",
        summary="We will make the town centre safe at night.",
    )
    return publish(strategy, lead, police)


@pytest.fixture
def priya_page(browser, live_server, catalogue, javascript):
    context, page = _new_page(browser, live_server, javascript)
    yield page
    context.close()


@pytest.fixture
def resident_page(browser, live_server, catalogue):
    context, page = _new_page(browser, live_server, True)
    yield page
    context.close()


def accessible_at_both_widths(page, axe, check, *, javascript=True):
    """axe at a laptop's width and a phone's, and no sideways scroll at either. Both need
    JavaScript in the page (axe runs in it; the width is measured by it)."""
    if not javascript:
        return
    for width in (WIDE, NARROW):
        resize(page, width)
        check(page, axe)
        assert_reflows(page)


def test_the_lead_publishes_the_strategy_on_a_public_page(
    priya_page, axe, assert_accessible, javascript, published, partnership
):
    page = priya_page
    sign_in(page, "priya@example.org")
    page.goto(reverse("tenant:strategies-detail", args=[partnership.slug, published.pk]))
    page.get_by_role("link", name="Publish the strategy on a public page").click()
    accessible_at_both_widths(page, axe, assert_accessible, javascript=javascript)

    page.get_by_label("Address of the public page").fill(ADDRESS)
    page.get_by_label("Plain-language summary", exact=True).fill("Safer nights in the town centre.")
    page.get_by_role("button", name="Publish the public page").click()

    expect(page.get_by_text("It can be read at:")).to_be_visible()
    link = page.get_by_role("link", name=f"/published/{partnership.slug}/{ADDRESS}/").first
    expect(link).to_be_visible()
    accessible_at_both_widths(page, axe, assert_accessible, javascript=javascript)
    with scopes_disabled():
        assert PublicPage.objects.get(strategy=published).is_live


def test_a_resident_reads_the_public_page_its_summary_and_its_welsh_version(
    resident_page, axe, published, partnership, lead
):
    from tests.browser.accessibility import assert_accessible

    with scopes_disabled():
        PublicPage.objects.create(
            partnership=partnership,
            strategy=published,
            address=ADDRESS,
            plain_summary="Safer nights in the town centre.",
            published_at=published.created_at,
        )
    page = resident_page

    page.goto(f"/published/{partnership.slug}/{ADDRESS}/")
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    accessible_at_both_widths(page, axe, assert_accessible)

    page.get_by_role("link", name="Read the summary in plain language").click()
    expect(page.get_by_text("Safer nights in the town centre.")).to_be_visible()
    accessible_at_both_widths(page, axe, assert_accessible)

    page.get_by_role("link", name="Cymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("heading", name="Crynodeb mewn iaith glir", level=1)).to_be_visible()
    # The lead wrote no Welsh summary: the English one is shown, marked as English.
    expect(page.locator("div[lang='en-GB']")).to_contain_text("Safer nights")
    accessible_at_both_widths(page, axe, assert_accessible)
