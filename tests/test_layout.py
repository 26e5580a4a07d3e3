"""Every page shares the accessible GOV.UK layout and the security headers."""

import re

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
