"""Every kind of page the partnership lead reaches in the demo passes axe-core (see crawl.py)."""

import pytest
from django.core.management import call_command

from tests.browser.crawl import crawl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_kind_of_page_the_lead_reaches_is_accessible(page, axe):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    patterns = crawl(page, axe, "lead@example.org")

    # The lead reaches the management pages of every part of the partnership's work.
    for name in [
        "dashboard", "members-roles", "invitations-new", "organisations-edit", "activity",
        "assessment-module", "definition-amend", "calls-detail", "contributions-return",
        "findings-new", "provision-edit", "strategies-version", "actions-response",
        "strategy-measures-detail", "sign-offs", "meetings-edit", "reviews-detail",
        "exports-strategy", "exports-sna",
    ]:  # fmt: skip
        assert name in patterns, name
