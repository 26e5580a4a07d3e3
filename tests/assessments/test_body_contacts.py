"""The lead invites someone from a body outside the partnership (a school, a prison) to respond
to the consultation on the draft strategy (s.8(4)), from the register of outside bodies."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from assessments.models import BodyContact, OutsideBody
from assessments.selectors.contacts import consultee_body, contacts_for
from assessments.services.contacts import consultee_invite
from partnerships import services as partnership_services
from partnerships.access import actor_for
from partnerships.models import AuditEntry, Invitation
from partnerships.roles import PortalRole

pytestmark = pytest.mark.usefixtures("northshire_built_once")

HEAD_OF_SAFEGUARDING = "r.okoro@st-aidans.example.org"


@pytest.fixture
def school(partnership):
    """St Mary's High School: not a member, but the Act says the partnership must consult it."""
    with scopes_disabled():
        return OutsideBody.objects.create(
            partnership=partnership, name="St Mary's High School", kind="educational"
        )


def invite_url(partnership, body) -> str:
    return reverse("tenant:bodies-invite", args=[partnership.slug, body.pk])


def bodies_url(partnership) -> str:
    return reverse("tenant:bodies", args=[partnership.slug])


def banners(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def invite(partnership, school, lead, email=HEAD_OF_SAFEGUARDING) -> BodyContact:
    return consultee_invite(outside_body=school, email=email, actor=actor_for(lead, partnership))


@pytest.mark.django_db
def test_the_lead_is_offered_to_invite_someone_from_each_body(
    client_for, lead, partnership, school
):
    response = client_for(lead).get(bodies_url(partnership))

    assert response.status_code == 200
    assert invite_url(partnership, school) in response.content.decode()
    assert "Invite someone from this body to respond to the consultation" in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_a_data_lead_keeps_the_register_but_is_not_offered_to_invite(
    client_for, data_lead, partnership, school
):
    response = client_for(data_lead).get(bodies_url(partnership))

    assert response.status_code == 200
    assert invite_url(partnership, school) not in response.content.decode()


@pytest.mark.django_db
def test_the_lead_invites_the_schools_head_of_safeguarding(
    client_for, lead, partnership, school, django_capture_on_commit_callbacks
):
    client = client_for(lead)
    assert client.get(invite_url(partnership, school)).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(invite_url(partnership, school), {"email": HEAD_OF_SAFEGUARDING})

    assert response.status_code == 302
    assert response.url == bodies_url(partnership)
    assert banners(response) == [
        f"Invitation to respond to the consultation sent to {HEAD_OF_SAFEGUARDING}"
    ]
    with scopes_disabled():
        contact = BodyContact.objects.select_related("invitation").get()
    invitation = contact.invitation
    assert contact.outside_body == school
    assert invitation.portal_role == PortalRole.CONSULTEE
    assert invitation.organisation is None
    assert invitation.duty_roles == []
    assert invitation.invited_by == lead


@pytest.mark.django_db
def test_the_invitation_email_goes_out_and_asks_them_to_respond(
    partnership, school, lead, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(partnership, school, lead)

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [HEAD_OF_SAFEGUARDING]
    assert "respond to the consultation" in email.subject
    assert "respond to its consultation" in email.body
    assert "/invitations/" in email.body


@pytest.mark.django_db
def test_the_invitation_and_the_body_it_is_for_are_on_the_activity_timeline(
    partnership, school, lead
):
    contact = invite(partnership, school, lead)

    with scopes_disabled():
        entries = AuditEntry.objects.filter(partnership=partnership, actor=lead)
        invitation_entry = entries.get(subject_type="invitation", subject_id=contact.invitation.pk)
        contact_entry = entries.get(subject_type="bodycontact", subject_id=contact.pk)
    assert invitation_entry.summary == "Invitation sent"
    assert contact_entry.summary == (
        "Invited to respond to the consultation for St Mary's High School"
    )


@pytest.mark.django_db
def test_a_mistyped_address_comes_back_with_what_was_typed_and_an_error_summary(
    client_for, lead, partnership, school
):
    response = client_for(lead).post(invite_url(partnership, school), {"email": "r.okoro@"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Enter an email address in the correct format" in html
    assert 'value="r.okoro@"' in html
    with scopes_disabled():
        assert not Invitation.objects.filter(partnership=partnership).exists()


@pytest.mark.django_db
def test_someone_already_a_member_cannot_also_be_invited_as_a_consultee(
    client_for, lead, partner, partnership, school
):
    response = client_for(lead).post(invite_url(partnership, school), {"email": partner.email})

    assert response.status_code == 200
    assert f"{partner.email} is already a member" in response.content.decode()
    with scopes_disabled():
        assert not BodyContact.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["partner", "data_lead", "convener", "observer"])
def test_only_the_lead_who_runs_the_consultation_may_invite(
    request, client_for, partnership, school, persona
):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(invite_url(partnership, school)).status_code == 403
    assert client.post(invite_url(partnership, school), {"email": "x@example.org"}).status_code == (
        403
    )


@pytest.mark.django_db
def test_the_service_refuses_someone_who_does_not_run_the_strategy(partnership, school, data_lead):
    with pytest.raises(PermissionDenied):
        invite(partnership, school, data_lead)


@pytest.mark.django_db
def test_a_body_taken_off_the_register_cannot_be_invited_from(
    client_for, lead, partnership, school
):
    with scopes_disabled():
        OutsideBody.objects.filter(pk=school.pk).update(retired_at="2026-01-01T00:00Z")

    assert client_for(lead).get(invite_url(partnership, school)).status_code == 404
    with pytest.raises(ValidationError):
        school.refresh_from_db()
        invite(partnership, school, lead)


@pytest.mark.django_db
def test_the_invite_page_lists_who_was_invited_from_the_body_already(
    client_for, lead, partnership, school
):
    invite(partnership, school, lead)

    response = client_for(lead).get(invite_url(partnership, school))

    assert HEAD_OF_SAFEGUARDING in response.content.decode()


@pytest.mark.django_db
def test_consultee_body_names_the_body_a_consultee_speaks_for(partnership, school, lead):
    contact = invite(partnership, school, lead)
    sam = partnership_services.invitation_accept_as_new_person(
        invitation=contact.invitation, full_name="Rose Okoro", password="a-long-passphrase"
    ).user

    assert consultee_body(partnership_id=partnership.pk, user_id=sam.pk) == school
    # Asked inside the partnership's scope, as the consultation pages will, it answers alike.
    with scope(partnership=partnership):
        assert consultee_body(partnership_id=partnership.pk, user_id=sam.pk) == school


@pytest.mark.django_db
def test_consultee_body_is_none_for_a_member_and_before_acceptance(
    partnership, school, lead, partner
):
    contact = invite(partnership, school, lead)

    assert consultee_body(partnership_id=partnership.pk, user_id=partner.pk) is None
    assert consultee_body(partnership_id=partnership.pk, user_id=lead.pk) is None
    assert contact.invitation.accepted_by is None


@pytest.mark.django_db
def test_contacts_for_lists_one_partnerships_contacts_with_their_bodies(
    partnership, other_partnership, school, lead, outsider
):
    invite(partnership, school, lead)
    with scopes_disabled():
        their_school = OutsideBody.objects.create(
            partnership=other_partnership, name="Southvale College", kind="educational"
        )
    consultee_invite(
        outside_body=their_school,
        email="someone@southvale.example.org",
        actor=actor_for(outsider, other_partnership),
    )

    contacts = list(contacts_for(partnership.pk))

    assert [(c.outside_body.name, c.invitation.email) for c in contacts] == [
        ("St Mary's High School", HEAD_OF_SAFEGUARDING)
    ]


@pytest.mark.django_db
def test_a_body_of_another_partnership_is_refused(partnership, other_partnership, lead):
    with scopes_disabled():
        their_school = OutsideBody.objects.create(
            partnership=other_partnership, name="Southvale College", kind="educational"
        )

    with pytest.raises(PermissionDenied):
        invite(partnership, their_school, lead)
