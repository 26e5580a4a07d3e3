"""Every kind of page the convener reaches in the demo passes axe-core and reflows (see
crawl.py): the overview of the partnerships they convene, the chooser, and a partnership's pages
as a convener sees them."""

import pytest
from django.core.management import call_command

from tests.browser.crawl import crawl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_kind_of_page_the_convener_reaches_is_accessible(page, axe):
    """Grace convenes both demo partnerships: her overview's table is the widest outside one."""
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    patterns = crawl(
        page,
        axe,
        "convener@example.org",
        states=False,
        start=("/", "/convener/", "/partnerships/", "/p/northshire/"),
        within=("/p/northshire/", "/convener/"),
    )

    for name in ["convener-overview", "partnership-chooser", "dashboard", "actions-detail"]:
        assert name in patterns, name
    # What only a lead may do is not offered to a convener.
    assert "members-roles" not in patterns
    assert "invitations" not in patterns
