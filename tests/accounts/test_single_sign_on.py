"""Single sign-on with OpenID Connect, end to end against a real provider: oidc-provider-mock,
started here as a process of its own, speaking HTTP to the portal as Entra ID would. Nothing of
allauth is mocked: the portal fetches the provider's discovery document, exchanges the code for
tokens and reads the user's claims over the wire."""

import re
from html import unescape
from urllib.parse import urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_scopes import scopes_disabled

from partnerships import services
from partnerships.models import Membership
from partnerships.roles import PortalRole
from tests.factories import PASSWORD
from tests.oidc_provider import configure_portal, person_at_provider, running_provider

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture(scope="module")
def oidc_provider():
    with running_provider() as url:
        yield url


@pytest.fixture
def sso(settings, oidc_provider):
    configure_portal(settings, oidc_provider)
    return oidc_provider


def sign_in_with_sso(client, page_html: str, *, provider: str, subject: str):
    """Press "Sign in with Example ID" on a page, sign in at the provider as `subject`, and
    follow the provider back to the portal. Returns the portal's last response."""
    action = unescape(
        re.search(r'<form method="post" action="([^"]*/oidc/sso/login/[^"]*)"', page_html).group(1)
    )
    to_provider = client.post(action)
    assert to_provider.status_code == 302 and to_provider.url.startswith(provider)
    at_provider = requests.post(
        to_provider.url, data={"sub": subject}, allow_redirects=False, timeout=10
    )
    back = urlsplit(at_provider.headers["location"])
    return client.get(f"{back.path}?{back.query}", follow=True)


def test_a_member_signs_in_with_their_organisations_account(client, sso, priya):
    person_at_provider(sso, priya.email, name="Priya Shah")
    page = client.get(reverse("accounts:sign-in")).content.decode()

    response = sign_in_with_sso(client, page, provider=sso, subject=priya.email)

    assert response.context["user"] == priya
    assert SocialAccount.objects.filter(user=priya, provider="sso").exists()
    priya.refresh_from_db()
    assert priya.check_password(PASSWORD)  # their password still works too
    assert User.objects.count() == 1


def test_an_email_the_provider_has_not_verified_signs_nobody_in(client, sso, priya):
    person_at_provider(sso, priya.email, verified=False)
    page = client.get(reverse("accounts:sign-in")).content.decode()

    response = sign_in_with_sso(client, page, provider=sso, subject=priya.email)

    assert not response.context["user"].is_authenticated
    assert "You do not have an account yet" in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_someone_without_an_invitation_cannot_make_an_account(client, sso, db):
    person_at_provider(sso, "stranger@example.org")
    page = client.get(reverse("accounts:sign-in")).content.decode()

    response = sign_in_with_sso(client, page, provider=sso, subject="stranger@example.org")

    assert "You do not have an account yet" in response.content.decode()
    assert not User.objects.filter(email="stranger@example.org").exists()


def test_an_invitation_is_accepted_by_signing_in_with_sso(client, sso, partnership, lead, police):
    invitation = services.invitation_create(
        partnership=partnership,
        email="ana@example.org",
        organisation=police,
        portal_role=PortalRole.PARTNER,
        duty_roles=["frontline"],
        acting_user=lead,
    )
    person_at_provider(sso, "Ana@Example.org", name="Ana Costa")
    link = reverse("invitation-accept", args=[invitation.make_token()])
    page = client.get(link).content.decode()
    assert "Sign in with Example ID" in page

    back_at_invitation = sign_in_with_sso(client, page, provider=sso, subject="Ana@Example.org")
    joined = client.post(link, follow=True)

    ana = User.objects.get(email="ana@example.org")
    assert back_at_invitation.context["user"] == ana
    assert ana.full_name == "Ana Costa"
    assert not ana.has_usable_password()
    with scopes_disabled():
        assert Membership.objects.get(user=ana, partnership=partnership).duty_roles == ["frontline"]
    assert joined.status_code == 200


def test_an_invitation_for_one_address_does_not_let_another_make_an_account(
    client, sso, partnership, lead, police
):
    invitation = services.invitation_create(
        partnership=partnership,
        email="ana@example.org",
        organisation=police,
        portal_role=PortalRole.PARTNER,
        duty_roles=[],
        acting_user=lead,
    )
    person_at_provider(sso, "mallory@example.org")
    page = client.get(reverse("invitation-accept", args=[invitation.make_token()])).content.decode()

    response = sign_in_with_sso(client, page, provider=sso, subject="mallory@example.org")

    assert "You do not have an account yet" in response.content.decode()
    assert not User.objects.filter(email="mallory@example.org").exists()


def test_without_configuration_no_sso_button_is_offered(client, db):
    assert "Sign in with" not in client.get(reverse("accounts:sign-in")).content.decode()


def test_the_configured_provider_shows_by_the_password_form(client, sso):
    assert "Sign in with Example ID" in client.get(reverse("accounts:sign-in")).content.decode()


def test_a_sign_in_with_sso_still_needs_the_second_factor_where_required(
    client, sso, settings, lead
):
    settings.TWO_FACTOR_REQUIRED = True
    person_at_provider(sso, lead.email)
    page = client.get(reverse("accounts:sign-in")).content.decode()

    response = sign_in_with_sso(client, page, provider=sso, subject=lead.email)

    assert response.request["PATH_INFO"] == reverse("mfa_activate_totp")
    assert "Set up an authenticator app" in response.content.decode()
