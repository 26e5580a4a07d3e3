"""Everything on a page sits in a landmark (axe's "region" rule). GOV.UK puts the back link
before <main>, where the skip link passes it: templates/base.html wraps it in a navigation
landmark there, so it keeps its place and its look."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import UserFactory

LANDMARKS = {"header", "nav", "main", "footer", "aside"}
VOID = {"br", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Landmarks(HTMLParser):
    """For each back link and breadcrumbs trail, the landmarks around it, innermost last."""

    def __init__(self):
        super().__init__()
        self.open: list[tuple[str, dict]] = []
        self.found: dict[str, list[list[str]]] = {"back link": [], "breadcrumbs": []}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        landmarks = [
            f"{name}[{attrs.get('aria-label', '')}]"
            for name, attrs in self.open
            if name in LANDMARKS
        ]
        if "govuk-back-link" in classes:
            self.found["back link"].append(landmarks)
        if "govuk-breadcrumbs" in classes:
            self.found["breadcrumbs"].append(landmarks)
        if tag not in VOID:
            self.open.append((tag, attributes))

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                break


def landmarks(html: str) -> dict[str, list[list[str]]]:
    parser = Landmarks()
    parser.feed(html)
    return parser.found


@pytest.mark.django_db
def test_a_back_link_sits_in_a_navigation_landmark_before_main(client_for, lead, partnership):
    response = client_for(lead).get(reverse("tenant:invitations-new", args=[partnership.slug]))

    html = response.content.decode()
    assert landmarks(html)["back link"] == [["nav[Back]"]]
    # Still before <main>, so the skip link passes it as GOV.UK intends.
    assert html.index("govuk-back-link") < html.index('<main class="govuk-main-wrapper"')


@pytest.mark.django_db
def test_breadcrumbs_are_a_landmark_already_and_are_not_wrapped_again(client):
    client.force_login(UserFactory())
    html = client.get(reverse("guidance:roles")).content.decode()

    assert landmarks(html)["breadcrumbs"] == [[]]
    assert 'aria-label="Back"' not in html


@pytest.mark.django_db
def test_a_page_with_nothing_before_main_gets_no_empty_landmark(client_for, lead, partnership):
    html = client_for(lead).get(reverse("tenant:members", args=[partnership.slug])).content.decode()

    assert 'aria-label="Back"' not in html
