"""The lead's invitation pages: who may use them, and what inviting, resending and revoking do."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from partnerships import services
from partnerships.models import Invitation
from partnerships.roles import PortalRole
from tests.factories import InvitationFactory, OrganisationFactory, UserFactory

VIEWERS_WHO_MAY_NOT_MANAGE = ["partner", "data_lead", "convener", "observer"]
PAGES = ["invitations", "invitations-new", "invitations-resend", "invitations-revoke"]


@pytest.fixture
def invitation(partnership, lead, police):
    """Ana, invited by Priya to be the police data lead; her invitation is pending."""
    return services.invitation_create(
        partnership=partnership,
        email="ana@example.org",
        organisation=police,
        portal_role=PortalRole.PARTNER,
        duty_roles=["data_lead"],
        acting_user=lead,
    )


@pytest.fixture
def expired_invitation(partnership, lead, probation):
    sent = timezone.now() - timedelta(days=20)
    return InvitationFactory(
        organisation=probation,
        email="late@example.org",
        invited_by=lead,
        sent_at=sent,
        expires_at=sent + timedelta(days=14),
    )


def url(name, partnership, invitation=None) -> str:
    args = [partnership.slug]
    if name in {"invitations-resend", "invitations-revoke"}:
        args.append(invitation.pk)
    return reverse(f"tenant:{name}", args=args)


def list_url(partnership, status="pending") -> str:
    return f"{url('invitations', partnership)}?status={status}"


def banners(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def refreshed(invitation) -> Invitation:
    with scopes_disabled():
        return Invitation.objects.get(pk=invitation.pk)


# --- Who may use the pages -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["invitations", "invitations-new", "invitations-revoke"])
def test_the_lead_sees_each_invitation_page(client_for, lead, partnership, invitation, page):
    response = client_for(lead).get(url(page, partnership, invitation))

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("persona", VIEWERS_WHO_MAY_NOT_MANAGE)
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_members_who_are_not_leads_are_refused(
    request, client_for, partnership, invitation, persona, page, method
):
    client = client_for(request.getfixturevalue(persona))

    response = getattr(client, method)(url(page, partnership, invitation))

    assert response.status_code == 403
    assert refreshed(invitation).state == Invitation.Status.PENDING


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_lead_of_another_partnership_gets_not_found(
    client_for, outsider, partnership, invitation, page, method
):
    response = getattr(client_for(outsider), method)(url(page, partnership, invitation))

    assert response.status_code == 404
    assert refreshed(invitation).state == Invitation.Status.PENDING


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["invitations-resend", "invitations-revoke"])
def test_an_invitation_of_another_partnership_is_not_found_by_our_lead(
    client_for, lead, partnership, other_partnership, page
):
    theirs = InvitationFactory(
        organisation=OrganisationFactory(partnership=other_partnership, name="Southvale Police")
    )

    response = client_for(lead).post(url(page, partnership, theirs))

    assert response.status_code == 404
    assert refreshed(theirs).state == Invitation.Status.PENDING


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, partnership, invitation, page):
    response = client.get(url(page, partnership, invitation))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


@pytest.mark.django_db
def test_resend_only_answers_post(client_for, lead, partnership, invitation):
    response = client_for(lead).get(url("invitations-resend", partnership, invitation))

    assert response.status_code == 405


# --- The list ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_shows_each_pending_invitation_with_its_details(
    client_for, lead, partnership, invitation
):
    response = client_for(lead).get(url("invitations", partnership))

    html = response.content.decode()
    assert "ana@example.org" in html
    assert "Northshire Police" in html
    assert "Duty partner" in html
    assert "Data lead" in html
    assert "Priya Shah" in html
    assert invitation.sent_at.strftime("%-d %B %Y") in html
    assert invitation.expires_at.strftime("%-d %B %Y") in html
    assert url("invitations-resend", partnership, invitation) in html
    assert url("invitations-revoke", partnership, invitation) in html


@pytest.mark.django_db
def test_an_invitation_past_its_date_is_listed_as_expired_not_pending(
    client_for, lead, partnership, invitation, expired_invitation
):
    client = client_for(lead)

    pending = client.get(list_url(partnership, "pending")).content.decode()
    expired = client.get(list_url(partnership, "expired")).content.decode()

    assert "late@example.org" not in pending
    assert "ana@example.org" in pending
    assert "late@example.org" in expired
    assert "ana@example.org" not in expired
    assert "Expired (1)" in expired
    assert url("invitations-resend", partnership, expired_invitation) in expired


@pytest.mark.django_db
def test_accepted_and_revoked_invitations_have_their_own_lists_without_actions(
    client_for, lead, partnership, invitation, expired_invitation
):
    services.invitation_accept_as_new_person(
        invitation=invitation, full_name="Ana Costa", password="a-long-passphrase"
    )
    services.invitation_revoke(invitation=expired_invitation, acting_user=lead)
    client = client_for(lead)

    accepted = client.get(list_url(partnership, "accepted")).content.decode()
    revoked = client.get(list_url(partnership, "revoked")).content.decode()

    assert "ana@example.org" in accepted
    assert "late@example.org" in revoked
    assert "Resend" not in accepted + revoked


@pytest.mark.django_db
def test_an_unknown_status_shows_the_pending_list(client_for, lead, partnership, invitation):
    response = client_for(lead).get(list_url(partnership, "nonsense"))

    assert response.status_code == 200
    assert "ana@example.org" in response.content.decode()


@pytest.mark.django_db
def test_the_list_shows_25_invitations_a_page(client_for, lead, partnership, police):
    for n in range(30):
        InvitationFactory(organisation=police, email=f"person{n:02}@example.org")
    client = client_for(lead)

    first = client.get(list_url(partnership)).content.decode()
    second = client.get(list_url(partnership) + "&page=2").content.decode()

    assert first.count("@example.org</th>") == 25
    assert second.count("@example.org</th>") == 5
    assert "?status=pending&amp;page=2" in first


@pytest.mark.django_db
def test_the_list_takes_the_same_number_of_queries_for_3_and_12_invitations(
    client_for, lead, partnership
):
    def add_invitations(count, start):
        for n in range(start, start + count):
            inviter = UserFactory(email=f"inviter{n}@example.org")
            organisation = OrganisationFactory(partnership=partnership, name=f"Body {n}")
            InvitationFactory(
                organisation=organisation,
                email=f"invitee{n}@example.org",
                invited_by=inviter,
                duty_roles=["frontline"],
            )

    client = client_for(lead)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(list_url(partnership)).status_code == 200
        return len(context.captured_queries)

    add_invitations(3, 0)
    few = queries()
    add_invitations(9, 3)
    many = queries()

    assert few == many


# --- Inviting ------------------------------------------------------------------------------------


def invite_data(organisation, **overrides) -> dict:
    return {
        "email": "Ana@Example.org",
        "organisation": organisation.pk,
        "portal_role": "partner",
        "duty_roles": ["data_lead", "frontline"],
        **overrides,
    }


@pytest.mark.django_db
def test_the_invite_form_explains_roles_and_links_to_the_guidance(client_for, lead, partnership):
    html = client_for(lead).get(url("invitations-new", partnership)).content.decode()

    assert reverse("guidance:roles") in html
    assert "govuk-radios__hint" in html
    assert "Sees the dashboard and the member list only." in html


@pytest.mark.django_db
def test_the_invite_form_offers_only_current_organisations(
    client_for, lead, partnership, police, probation
):
    services.organisation_retire(organisation=probation, acting_user=lead)

    html = client_for(lead).get(url("invitations-new", partnership)).content.decode()

    assert "Northshire Police" in html
    assert "Northshire Probation Delivery Unit" not in html


@pytest.mark.django_db
def test_inviting_sends_one_plain_email_with_a_working_link(
    client_for, lead, partnership, police, django_capture_on_commit_callbacks
):
    client = client_for(lead)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("invitations-new", partnership), invite_data(police))

    assert response.status_code == 302
    assert response.url == list_url(partnership)
    assert banners(response) == ["Invitation sent to ana@example.org"]
    with scopes_disabled():
        invitation = Invitation.objects.get(email="ana@example.org")
    assert invitation.organisation == police
    assert invitation.duty_roles == ["data_lead", "frontline"]
    assert invitation.invited_by == lead
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["ana@example.org"]
    assert email.alternatives == []
    # The token is timestamped when the email is written, so read the link from the email.
    link = re.search(r"https?://[^/\s]+(/\S+/)", email.body).group(1)
    assert resolve(link).url_name == "invitation-accept"
    client.logout()
    assert "Set up your account" in client.get(link).content.decode()


@pytest.mark.django_db
def test_the_invite_form_says_what_is_missing(client_for, lead, partnership):
    response = client_for(lead).post(url("invitations-new", partnership), {})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter an email address" in html
    assert "Select an organisation" in html
    assert "Select a portal role" in html


@pytest.mark.django_db
def test_inviting_a_current_member_is_refused_and_keeps_the_form(
    client_for, lead, partnership, police, partner
):
    response = client_for(lead).post(
        url("invitations-new", partnership), invite_data(police, email="paul@example.org")
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "paul@example.org is already a member" in html
    assert 'value="paul@example.org"' in html
    with scopes_disabled():
        assert not Invitation.objects.filter(email="paul@example.org").exists()


@pytest.mark.django_db
def test_inviting_someone_already_invited_is_refused(
    client_for, lead, partnership, police, invitation
):
    response = client_for(lead).post(url("invitations-new", partnership), invite_data(police))

    html = response.content.decode()
    assert response.status_code == 200
    assert "ana@example.org has already been invited" in html
    assert 'value="Ana@Example.org"' in html
    assert 'id="id_duty_roles_2" checked' in html
    with scopes_disabled():
        assert Invitation.objects.filter(email="ana@example.org").count() == 1


# --- Resending and revoking ----------------------------------------------------------------------


@pytest.mark.django_db
def test_resending_emails_a_new_link_and_the_old_one_stops_working(
    client_for, lead, partnership, invitation, django_capture_on_commit_callbacks
):
    old_token = invitation.make_token()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(lead).post(url("invitations-resend", partnership, invitation))

    assert response.status_code == 302
    assert banners(response) == ["Invitation resent to ana@example.org"]
    assert Invitation.from_token(old_token) is None
    assert len(mail.outbox) == 1
    new_token = re.search(r"/invitations/([^/\s]+)/", mail.outbox[0].body).group(1)
    assert Invitation.from_token(new_token) == refreshed(invitation)


@pytest.mark.django_db
def test_resending_an_expired_invitation_gives_it_another_14_days(
    client_for, lead, partnership, expired_invitation
):
    client_for(lead).post(url("invitations-resend", partnership, expired_invitation))

    invitation = refreshed(expired_invitation)
    assert invitation.state == Invitation.Status.PENDING
    assert invitation.expires_at > timezone.now() + timedelta(days=13)


@pytest.mark.django_db
def test_resending_an_accepted_invitation_is_refused_on_the_list(
    client_for, lead, partnership, invitation
):
    services.invitation_accept_as_new_person(
        invitation=invitation, full_name="Ana Costa", password="a-long-passphrase"
    )

    response = client_for(lead).post(
        url("invitations-resend", partnership, invitation), follow=True
    )

    assert response.status_code == 200
    assert "This invitation was accepted, so it cannot be resent." in response.content.decode()


@pytest.mark.django_db
def test_revoking_asks_for_confirmation_first(client_for, lead, partnership, invitation):
    response = client_for(lead).get(url("invitations-revoke", partnership, invitation))

    html = response.content.decode()
    assert "Revoke the invitation to ana@example.org?" in html
    assert '<form method="post">' in html
    assert refreshed(invitation).state == Invitation.Status.PENDING


@pytest.mark.django_db
def test_revoking_withdraws_the_invitation(client_for, lead, partnership, invitation):
    response = client_for(lead).post(url("invitations-revoke", partnership, invitation))

    assert response.status_code == 302
    assert response.url == list_url(partnership, "pending")
    assert banners(response) == ["Invitation to ana@example.org revoked"]
    assert refreshed(invitation).state == Invitation.Status.REVOKED


@pytest.mark.django_db
def test_revoking_an_accepted_invitation_is_refused_on_the_list(
    client_for, lead, partnership, invitation
):
    services.invitation_accept_as_new_person(
        invitation=invitation, full_name="Ana Costa", password="a-long-passphrase"
    )
    client = client_for(lead)

    confirm = client.get(url("invitations-revoke", partnership, invitation)).content.decode()
    response = client.post(url("invitations-revoke", partnership, invitation), follow=True)

    assert "so it cannot be revoked" in confirm
    assert "Revoke invitation</button>" not in confirm
    assert "This invitation was accepted, so it cannot be revoked." in response.content.decode()
    assert refreshed(invitation).state == Invitation.Status.ACCEPTED
