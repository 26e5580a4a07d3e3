"""Every page a duty partner reaches in the demo passes axe-core (see crawl.py): one per URL
pattern, as a partner sees it. The lead's crawl checks each state of the rows behind them."""

import pytest
from django.core.management import call_command

from tests.browser.crawl import crawl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_kind_of_page_a_partner_reaches_is_accessible(page, axe):
    """The police data lead (in both demo partnerships) sees a partner's pages, their own
    drafts and the reviewer's."""
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    patterns = crawl(page, axe, "partner@example.org", states=False)

    for name in ["dashboard", "todo", "contributions-detail", "data-measure", "actions-detail"]:
        assert name in patterns, name
    # What only a lead may do is not offered to a partner.
    assert "members-roles" not in patterns
