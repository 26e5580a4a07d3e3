"""Accepting an invitation from the emailed link: new people, existing accounts, and every way a
link can stop working."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from guardian.core import ObjectPermissionChecker

from partnerships import services
from partnerships.models import Invitation, Membership
from partnerships.roles import DUTY_ROLE_PERMISSIONS, ROLE_PERMISSIONS, PortalRole
from tests.factories import PASSWORD, UserFactory

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

User = get_user_model()
NEW_PERSON = {
    "full_name": "Ana Costa",
    "password1": "a-long-passphrase",
    "password2": "a-long-passphrase",
}


@pytest.fixture
def invitation(partnership, lead, police):
    """Ana is invited to be Northshire Police's data lead and frontline contact."""
    return services.invitation_create(
        partnership=partnership,
        email="ana@example.org",
        organisation=police,
        portal_role=PortalRole.PARTNER,
        duty_roles=["data_lead", "frontline"],
        acting_user=lead,
    )


@pytest.fixture
def ana(db):
    """Ana already has an account: she is a member of another partnership."""
    return UserFactory(email="ana@example.org", full_name="Ana Costa")


def accept_url(invitation) -> str:
    return reverse("invitation-accept", args=[invitation.make_token()])


def landing_url(partnership) -> str:
    try:
        return reverse("tenant:dashboard", args=[partnership.slug])
    except NoReverseMatch:
        return reverse("home")


def membership_of(user, partnership) -> Membership:
    with scopes_disabled():
        return Membership.objects.get(user=user, partnership=partnership)


def text(response) -> str:
    return response.content.decode()


# --- A new person ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_person_sees_what_they_are_invited_to_without_signing_in(client, invitation):
    response = client.get(accept_url(invitation))

    html = text(response)
    assert response.status_code == 200
    assert "Join Northshire Serious Violence Partnership" in html
    assert "Northshire Police" in html
    assert "Duty partner" in html
    assert "Data lead, Frontline" in html
    assert "Set up your account" in html


@pytest.mark.django_db
def test_a_new_person_accepts_and_lands_signed_in_with_the_offered_roles(
    client, partnership, invitation
):
    response = client.post(accept_url(invitation), NEW_PERSON)

    assert response.status_code == 302
    assert response.url == landing_url(partnership)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "You have joined Northshire Serious Violence Partnership"
    ]
    ana = User.objects.get(email="ana@example.org")
    assert ana.full_name == "Ana Costa"
    assert int(client.session["_auth_user_id"]) == ana.pk
    membership = membership_of(ana, partnership)
    assert membership.organisation.name == "Northshire Police"
    assert membership.portal_role == PortalRole.PARTNER
    assert membership.duty_roles == ["data_lead", "frontline"]
    assert set(ObjectPermissionChecker(ana).get_perms(partnership)) == (
        ROLE_PERMISSIONS["partner"] | DUTY_ROLE_PERMISSIONS["data_lead"]
    )


@pytest.mark.django_db
def test_mismatched_passwords_are_refused_and_the_name_is_kept(client, invitation):
    response = client.post(accept_url(invitation), {**NEW_PERSON, "password2": "something-else"})

    html = text(response)
    assert response.status_code == 200
    assert "The passwords do not match" in html
    assert 'value="Ana Costa"' in html
    assert "a-long-passphrase" not in html
    assert not User.objects.filter(email="ana@example.org").exists()


@pytest.mark.django_db
def test_a_weak_password_is_refused_by_the_password_rules(client, invitation):
    response = client.post(
        accept_url(invitation), {**NEW_PERSON, "password1": "short", "password2": "short"}
    )

    assert response.status_code == 200
    assert "This password is too short" in text(response)
    assert not User.objects.filter(email="ana@example.org").exists()


@pytest.mark.django_db
def test_a_new_person_must_give_their_name(client, invitation):
    response = client.post(accept_url(invitation), {**NEW_PERSON, "full_name": "  "})

    assert response.status_code == 200
    assert "Enter your full name" in text(response)


# --- Someone with an account ----------------------------------------------------------------------


@pytest.mark.django_db
def test_someone_with_an_account_is_asked_to_sign_in_and_comes_back(client, invitation, ana):
    link = accept_url(invitation)

    html = text(client.get(link))

    assert "Sign in to accept" in html
    assert f"{reverse('accounts:sign-in')}?next={quote(link)}" in html
    assert "Set up your account" not in html


@pytest.mark.django_db
def test_someone_with_an_account_signs_in_then_accepts(client, partnership, invitation, ana):
    link = accept_url(invitation)

    signed_in = client.post(
        reverse("accounts:sign-in"),
        {"login": "ana@example.org", "password": PASSWORD, "next": link},
    )
    confirm = client.get(link)
    joined = client.post(link)

    assert signed_in.url == link
    assert "Join Northshire Serious Violence Partnership" in text(confirm)
    assert "Set up your account" not in text(confirm)
    assert joined.status_code == 302
    assert joined.url == landing_url(partnership)
    membership = membership_of(ana, partnership)
    assert membership.duty_roles == ["data_lead", "frontline"]
    assert set(ObjectPermissionChecker(ana).get_perms(partnership)) == (
        ROLE_PERMISSIONS["partner"] | DUTY_ROLE_PERMISSIONS["data_lead"]
    )


@pytest.mark.django_db
def test_a_signed_out_post_for_an_existing_account_creates_nothing(client, invitation, ana):
    response = client.post(accept_url(invitation), NEW_PERSON)

    assert response.status_code == 200
    assert "Sign in to accept" in text(response)
    assert Invitation.from_token(invitation.make_token()).state == Invitation.Status.PENDING


# --- Links that no longer work --------------------------------------------------------------------


@pytest.mark.django_db
def test_an_expired_link_says_when_it_expired_and_what_to_do(client, invitation):
    with scopes_disabled():
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(days=1)
        )
    invitation.refresh_from_db()

    response = client.get(accept_url(invitation))

    html = text(response)
    assert response.status_code == 200
    assert "This invitation has expired" in html
    assert invitation.expires_at.strftime("%-d %B %Y") in html
    assert "Ask Priya Shah" in html


@pytest.mark.django_db
def test_an_expired_link_cannot_be_accepted(client, invitation):
    with scopes_disabled():
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(days=1)
        )

    response = client.post(accept_url(invitation), NEW_PERSON)

    assert "This invitation has expired" in text(response)
    assert not User.objects.filter(email="ana@example.org").exists()


@pytest.mark.django_db
def test_a_revoked_link_says_the_invitation_was_withdrawn(client, lead, invitation):
    services.invitation_revoke(invitation=invitation, acting_user=lead)

    response = client.post(accept_url(invitation), NEW_PERSON)

    assert response.status_code == 200
    assert "This invitation has been withdrawn" in text(response)
    assert not User.objects.filter(email="ana@example.org").exists()


@pytest.mark.django_db
def test_a_used_link_cannot_be_used_again(client, invitation):
    link = accept_url(invitation)
    client.post(link, NEW_PERSON)

    response = Client().get(link)

    assert response.status_code == 200
    assert "This invitation has already been used" in text(response)
    assert reverse("accounts:sign-in") in text(response)


@pytest.mark.django_db
def test_a_double_submit_joins_once_and_shows_the_used_page(client, partnership, invitation):
    link = accept_url(invitation)
    client.post(link, NEW_PERSON)

    # The second submit comes from the page as it was: signed out, same form.
    response = Client().post(link, NEW_PERSON)

    assert response.status_code == 200
    assert "This invitation has already been used" in text(response)
    assert User.objects.filter(email="ana@example.org").count() == 1
    with scopes_disabled():
        assert Membership.objects.filter(user__email="ana@example.org").count() == 1


@pytest.mark.django_db
def test_joining_twice_while_signed_in_points_to_the_partnership(
    client_for, partnership, invitation, ana
):
    client = client_for(ana)
    client.post(accept_url(invitation))

    response = client.post(accept_url(invitation))

    assert "This invitation has already been used" in text(response)
    assert landing_url(partnership) in text(response)


@pytest.mark.django_db
def test_a_link_replaced_by_a_resend_is_not_valid(client, lead, invitation):
    old_link = accept_url(invitation)
    services.invitation_resend(invitation=invitation, acting_user=lead)

    response = client.get(old_link)

    assert response.status_code == 404
    assert "This invitation link is not valid" in text(response)
    assert "only the link in the newest email works" in text(response)


@pytest.mark.django_db
def test_a_tampered_link_is_not_valid(client, invitation):
    token = invitation.make_token()
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")

    response = client.post(reverse("invitation-accept", args=[tampered]), NEW_PERSON)

    assert response.status_code == 404
    assert "This invitation link is not valid" in text(response)
    assert not User.objects.filter(email="ana@example.org").exists()


# --- The wrong account ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_signed_in_as_someone_else_says_whose_invitation_it_is(client_for, partner, invitation):
    response = client_for(partner).get(accept_url(invitation))

    html = text(response)
    assert response.status_code == 200
    assert "This invitation is for ana@example.org; you are signed in as paul@example.org" in html
    assert f'action="{reverse("accounts:sign-out")}"' in html


@pytest.mark.django_db
def test_signed_in_as_someone_else_cannot_accept(client_for, partner, partnership, invitation):
    client_for(partner).post(accept_url(invitation), NEW_PERSON)

    assert Invitation.from_token(invitation.make_token()).state == Invitation.Status.PENDING
    assert membership_of(partner, partnership).organisation.name != "Northshire Police"


@pytest.mark.django_db
def test_signing_out_from_the_wrong_account_comes_back_to_the_invitation(
    client_for, partner, invitation
):
    client = client_for(partner)
    link = accept_url(invitation)

    response = client.post(reverse("accounts:sign-out"), {"next": link}, follow=True)

    assert response.redirect_chain[-1][0] == link
    assert "Set up your account" in text(response)
