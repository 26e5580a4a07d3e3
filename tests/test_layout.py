"""Every page shares the accessible GOV.UK layout and the security headers."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

PUBLIC_PAGES = ["home", "accessibility", "cookies", "accounts:sign-in", "accounts:password-reset"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_carry_the_layout_landmarks(client, name):
    html = client.get(reverse(name)).content.decode()

    assert 'class="govuk-skip-link"' in html
    assert 'href="#main-content"' in html and 'id="main-content"' in html
    assert "govuk-generic-header" in html and "SVD Portal" in html
    assert "govuk-phase-banner" in html
    assert reverse("accessibility") in html


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_every_inline_script_carries_the_request_nonce(client, name):
    response = client.get(reverse(name))
    policy = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)

    scripts = re.findall(r"<script(?P<attrs>[^>]*)>", response.content.decode())
    inline = [attrs for attrs in scripts if "src=" not in attrs]

    assert inline, "GOV.UK's js-enabled script should be on the page"
    assert all(f'nonce="{nonce}"' in attrs for attrs in inline)


@pytest.mark.django_db
def test_the_policy_forbids_inline_styles_framing_and_foreign_scripts(client):
    policy = client.get(reverse("home")).headers["Content-Security-Policy"]

    assert "script-src 'self' 'nonce-" in policy
    assert "style-src 'self';" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


@pytest.mark.django_db
def test_a_missing_page_gets_a_helpful_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_a_success_message_shows_as_a_notification_banner(signed_in_client):
    response = signed_in_client.post(
        reverse("accounts:detail"), {"full_name": "Priya Shah", "job_title": ""}, follow=True
    )

    assert "govuk-notification-banner--success" in response.content.decode()


@pytest.mark.django_db
def test_signed_in_navigation_offers_guidance_account_and_a_sign_out_form(signed_in_client):
    html = signed_in_client.get(reverse("home")).content.decode()

    assert reverse("guidance:index") in html
    assert reverse("accounts:detail") in html
    assert f'<form method="post" action="{reverse("accounts:sign-out")}"' in html


@pytest.mark.django_db
def test_the_health_check_answers_ok(client):
    response = client.get(reverse("healthz"))

    assert response.content == b"ok"


def test_a_server_error_gets_a_plain_apology_page(rf):
    from svd_portal.views import server_error

    response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_a_server_error_met_while_reading_welsh_is_a_welsh_page(rf):
    from django.utils import translation

    from svd_portal.views import server_error

    with translation.override("cy"):
        body = server_error(rf.get("/")).content.decode()

    assert '<html lang="cy"' in body
    assert "Sorry, there is a problem with the service" not in body


# --- The partnership's navigation: three stages, only what the person's role uses ---


class PartnershipNavigation(HTMLParser):
    """The "Partnership sections" navigation as {stage: [(link text, aria-current)]}."""

    def __init__(self):
        super().__init__()
        self.stages: dict[str, list[tuple[str, str | None]]] = {}
        self.navs: list[str] = []
        self.inside = False
        self.stage: str | None = None
        self.reading: str | None = None  # "stage" or "link"
        self.current: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "nav":
            self.navs.append(attributes.get("aria-label", ""))
            self.inside = attributes.get("aria-label") == "Partnership sections"
        elif self.inside and "app-partnership-nav__stage-name" in classes:
            self.reading, self.text = "stage", ""
        elif self.inside and tag == "a":
            self.reading, self.text = "link", ""
            self.current = attributes.get("aria-current")

    def handle_data(self, data):
        if self.reading:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "nav":
            self.inside = False
        elif self.reading == "stage" and tag == "span":
            self.stage = self.text.strip()
            self.stages[self.stage] = []
            self.reading = None
        elif self.reading == "link" and tag == "a":
            self.stages[self.stage].append((self.text.strip(), self.current))
            self.reading = None


def navigation(html: str) -> PartnershipNavigation:
    parser = PartnershipNavigation()
    parser.feed(html)
    return parser


def links(html: str) -> dict[str, list[str]]:
    return {stage: [text for text, _ in items] for stage, items in navigation(html).stages.items()}


@pytest.mark.django_db
def test_a_duty_partner_sees_only_the_stages_and_links_their_role_uses(
    client_for, partner, partnership
):
    html = client_for(partner).get(reverse("tenant:dashboard", args=[partnership.slug]))

    # The pages that run the partnership (representation, the engagement matrix, meetings,
    # commissioning) are the lead's and the convener's: not in a partner's menu. Funding is
    # in it: a partner records their own organisation's spend.
    assert links(html.content.decode()) == {
        "Partnership": ["Dashboard", "To do", "Organisations", "Members", "Funding"],
        "Assessment": ["SNA", "Contributions", "Calls", "Data", "Data sharing", "Provision"],
        "Strategy": ["Strategy", "Actions"],
    }


@pytest.mark.django_db
def test_a_page_left_out_of_a_partners_menu_still_opens_for_them(client_for, partner, partnership):
    response = client_for(partner).get(reverse("tenant:matrix", args=[partnership.slug]))

    assert response.status_code == 200


@pytest.mark.django_db
def test_an_observer_sees_the_partnership_stage_alone(client_for, observer, partnership):
    html = client_for(observer).get(reverse("tenant:dashboard", args=[partnership.slug]))

    assert links(html.content.decode()) == {
        "Partnership": ["Dashboard", "To do", "Organisations", "Members"],
    }


@pytest.mark.django_db
def test_the_lead_sees_every_link_in_its_stage(client_for, lead, partnership):
    html = client_for(lead).get(reverse("tenant:dashboard", args=[partnership.slug]))

    assert links(html.content.decode()) == {
        "Partnership": [
            "Dashboard", "To do", "Organisations", "Members", "Invitations", "Representation",
            # Priya is the council's accountable person: she answers requests made of it.
            "Activity", "Information requests", "Funding",
        ],
        "Assessment": [
            "SNA", "Contributions", "Calls", "Data", "Data sharing", "Provision", "Engagement",
        ],
        "Strategy": ["Strategy", "Actions", "Meetings", "Commissioning"],
    }  # fmt: skip


@pytest.mark.django_db
def test_the_current_page_and_section_are_marked(client_for, lead, partnership):
    client = client_for(lead)

    on_members = navigation(
        client.get(reverse("tenant:members", args=[partnership.slug])).content.decode()
    )
    below_strategies = navigation(
        client.get(reverse("tenant:strategies-new", args=[partnership.slug])).content.decode()
    )

    marked = [link for items in on_members.stages.values() for link in items if link[1]]
    assert marked == [("Members", "page")]
    marked = [link for items in below_strategies.stages.values() for link in items if link[1]]
    assert marked == [("Strategy", "true")]


@pytest.mark.django_db
def test_the_navigation_folds_behind_a_menu_button_only_with_javascript(
    client_for, partner, partnership
):
    html = (
        client_for(partner)
        .get(reverse("tenant:dashboard", args=[partnership.slug]))
        .content.decode()
    )

    # GOV.UK's service navigation script shows the button and hides the stages on a phone;
    # without it the button stays hidden and every link shows.
    button = re.search(r"<button[^>]*aria-controls=\"partnership-navigation\"[^>]*>", html)
    assert button and " hidden" in button.group(0)
    assert 'id="partnership-navigation"' in html
    assert 'data-module="govuk-service-navigation"' in html


@pytest.mark.django_db
def test_every_navigation_landmark_on_a_partnership_page_has_its_own_name(
    client_for, lead, partnership
):
    html = client_for(lead).get(reverse("tenant:members", args=[partnership.slug]))

    names = navigation(html.content.decode()).navs
    assert "Partnership sections" in names and "Partnership" in names
    assert "" not in names and len(names) == len(set(names))


@pytest.mark.django_db
def test_the_to_do_count_stays_beside_its_link(client_for, partner, partnership, probation):
    from tests.assessments.test_calls import make_call

    make_call(partnership, [probation], title="Probation caseload figures")

    html = (
        client_for(partner)
        .get(reverse("tenant:dashboard", args=[partnership.slug]))
        .content.decode()
    )

    item = re.search(r"To do</a>\s*<strong class=\"app-count\">1<span", html)
    assert item, "the count should follow the To do link"
