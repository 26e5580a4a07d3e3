"""axe's "region" rule, a best practice the other checks leave out (it is moderate, not
serious): everything on a page sits in a landmark, the back link before <main> included."""

import pytest
from django.urls import reverse

from tests.browser.test_lead_journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def outside_landmarks(page) -> list:
    page.wait_for_load_state("load")
    violations = page.evaluate(
        "() => axe.run(document, {runOnly: ['region']}).then(results => results.violations)"
    )
    return [node["target"] for violation in violations for node in violation["nodes"]]


def test_a_page_with_a_back_link_has_nothing_outside_a_landmark(page, lead, partnership):
    sign_in(page, "priya@example.org")
    page.goto(reverse("tenant:invitations-new", args=[partnership.slug]))

    assert page.locator(".govuk-back-link").count() == 1
    assert outside_landmarks(page) == []
