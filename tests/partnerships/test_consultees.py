"""Consultees: people from bodies outside the partnership, invited only to respond to the
consultation on its draft strategy (s.8(4)). They belong to no organisation, count as no member
anywhere the Duty is measured, and land on the consultation whenever they come in."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from assessments.models import OutsideBody
from assessments.services.contacts import consultee_invite
from documents.content import _people
from partnerships import selectors, services
from partnerships.access import actor_for
from partnerships.consultees import CONSULTEE_HOME, consultee_home_url
from partnerships.models import Invitation, Membership
from partnerships.roles import PortalRole
from tests.factories import InvitationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.usefixtures("northshire_built_once")

NEW_PERSON = {
    "full_name": "Rose Okoro",
    "password1": "a-long-passphrase",
    "password2": "a-long-passphrase",
}


@pytest.fixture
def invitation(partnership, lead):
    """The lead invites Rose, head of safeguarding at St Mary's High School, to respond."""
    with scopes_disabled():
        school = OutsideBody.objects.create(
            partnership=partnership, name="St Mary's High School", kind="educational"
        )
    return consultee_invite(
        outside_body=school, email="rose@stmarys.example.org", actor=actor_for(lead, partnership)
    ).invitation


def membership_of(user, partnership) -> Membership:
    with scopes_disabled():
        return Membership.objects.get(user=user, partnership=partnership)


def home_url(partnership) -> str:
    return reverse("tenant:dashboard", args=[partnership.slug])


def text(response) -> str:
    return response.content.decode()


# --- Joining --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_rose_accepts_and_joins_as_a_consultee_of_no_organisation(client, partnership, invitation):
    accept = reverse("invitation-accept", args=[invitation.make_token()])

    response = client.post(accept, NEW_PERSON)

    assert response.status_code == 302
    rose = get_user_model().objects.get(email="rose@stmarys.example.org")
    membership = membership_of(rose, partnership)
    assert membership.portal_role == PortalRole.CONSULTEE
    assert membership.organisation is None
    assert membership.duty_roles == []
    # She lands on the consultation; until its page exists, on the partnership's home, which
    # sends a consultee on to it.
    assert response.url == (consultee_home_url(partnership) or home_url(partnership))


@pytest.mark.django_db
def test_before_a_consultation_opens_the_home_tells_a_consultee_to_come_back(
    client_for, partnership, consultee
):
    response = client_for(consultee).get(home_url(partnership))

    assert response.status_code == 200
    assert "No consultation is open yet" in text(response)
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_consultee_home_is_one_named_tenant_url():
    assert CONSULTEE_HOME.startswith("tenant:")


def open_consultation(partnership, *, days_left=14):
    """The lead has opened the draft strategy to consultation in the portal."""
    from strategies.models import ConsultationPeriod
    from tests.factories import StrategyFactory

    strategy = StrategyFactory(partnership=partnership)
    today = timezone.localdate()
    with scopes_disabled():
        ConsultationPeriod.objects.create(
            partnership=partnership,
            strategy=strategy,
            opened_on=today - timedelta(days=1),
            closes_on=today + timedelta(days=days_left),
        )
    return reverse(CONSULTEE_HOME, args=[partnership.slug, strategy.pk])


@pytest.mark.django_db
def test_with_a_consultation_open_the_home_takes_a_consultee_straight_to_it(
    client_for, partnership, consultee
):
    consultation = open_consultation(partnership)

    response = client_for(consultee).get(home_url(partnership))

    assert (response.status_code, response.url) == (302, consultation)


@pytest.mark.django_db
def test_with_a_consultation_open_rose_lands_on_it_when_she_accepts(
    client, partnership, invitation
):
    consultation = open_consultation(partnership)
    accept = reverse("invitation-accept", args=[invitation.make_token()])

    response = client.post(accept, NEW_PERSON)

    assert (response.status_code, response.url) == (302, consultation)


@pytest.mark.django_db
def test_without_a_consultation_a_consultee_has_nowhere_to_land(partnership, consultee):
    assert consultee_home_url(partnership) is None


@pytest.mark.django_db
def test_a_consultees_navigation_offers_the_consultation(partnership, consultee):
    consultation = open_consultation(partnership)

    html = render_to_string(
        "partnerships/tenant_base.html", request=tenant_request(consultee, partnership)
    )

    assert f'href="{consultation}"' in html


@pytest.mark.django_db
def test_a_consultee_speaks_for_no_organisation(partnership, consultee, council, police):
    actor = actor_for(consultee, partnership)

    assert actor.is_consultee
    assert actor.organisation is None
    assert not actor.speaks_for(council.pk)
    assert not actor.speaks_for(police.pk)
    assert not actor.speaks_for(None)


# --- Not a member ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_consultees_are_not_listed_as_members_but_in_their_own_list(client_for, lead, partnership):
    from tests.conftest import make_consultee

    make_consultee(partnership, invited_by=lead)

    response = client_for(lead).get(reverse("tenant:members", args=[partnership.slug]))

    html = text(response)
    members_table, consultees = html.split('id="consultees"')
    assert "Sam Patel" not in members_table
    assert "Sam Patel" in consultees
    assert "St Aidan&#x27;s Academy" in consultees
    assert "Priya Shah" in consultees  # who invited him
    assert "5 members" in members_table  # the lead, partner, data lead, convener and observer


@pytest.mark.django_db
def test_the_lead_removes_a_consultee_from_the_members_page(
    client_for, lead, partnership, consultee
):
    membership = membership_of(consultee, partnership)
    remove = reverse("tenant:members-remove", args=[partnership.slug, membership.pk])
    client = client_for(lead)

    assert "read the draft strategy" in text(client.get(remove))
    response = client.post(remove)

    assert response.status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active
    assert actor_for(consultee, partnership) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page", ["members-detail", "members-roles", "members-nomination", "members-make-lead"]
)
def test_the_member_pages_do_not_know_a_consultee(client_for, lead, partnership, consultee, page):
    membership = membership_of(consultee, partnership)

    response = client_for(lead).get(
        reverse(f"tenant:{page}", args=[partnership.slug, membership.pk])
    )

    assert response.status_code == 404


@pytest.mark.django_db
def test_consultees_are_not_counted_among_members(partnership, lead, consultee):
    with scopes_disabled():
        counts = {
            role: count for role, _label, count in selectors.member_counts(partnership=partnership)
        }

    assert PortalRole.CONSULTEE not in counts
    assert sum(counts.values()) == 5  # lead, partner, data lead, convener, observer


@pytest.mark.django_db
def test_a_conveners_overview_counts_no_consultee(partnership, convener, consultee):
    (convened,) = selectors.convened_partnerships(user=convener)

    assert convened.member_count == 5


@pytest.mark.django_db
def test_documents_never_print_a_consultee_among_the_partnerships_people(
    partnership, lead, consultee
):
    with scopes_disabled():
        people = _people(partnership)

    assert len(people) == 5
    assert all(organisation_id is not None for organisation_id, _person in people)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["representation", "matrix"])
def test_representation_and_the_engagement_matrix_do_not_show_a_consultee(
    client_for, lead, partnership, consultee, page
):
    response = client_for(lead).get(reverse(f"tenant:{page}", args=[partnership.slug]))

    assert response.status_code == 200
    assert "Sam Patel" not in text(response)


@pytest.mark.django_db
def test_search_does_not_find_a_consultee_among_members(client_for, lead, partnership, consultee):
    response = client_for(lead).get(reverse("tenant:search", args=[partnership.slug]), {"q": "Sam"})

    membership = membership_of(consultee, partnership)
    assert response.status_code == 200
    assert f"/members/{membership.pk}/" not in text(response)


# --- Only from a body ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_ordinary_invite_form_does_not_offer_the_consultee_role(
    client_for, lead, partnership, police
):
    client = client_for(lead)
    url = reverse("tenant:invitations-new", args=[partnership.slug])

    assert 'value="consultee"' not in text(client.get(url))
    response = client.post(
        url, {"email": "x@example.org", "organisation": police.pk, "portal_role": "consultee"}
    )
    assert response.status_code == 200
    with scopes_disabled():
        assert not Invitation.objects.filter(email="x@example.org").exists()


@pytest.mark.django_db
def test_the_invitation_service_refuses_a_consultee_with_an_organisation(partnership, lead, police):
    with pytest.raises(ValidationError, match="does not belong to an organisation"):
        services.invitation_create(
            partnership=partnership,
            email="x@example.org",
            organisation=police,
            portal_role=PortalRole.CONSULTEE,
            duty_roles=[],
            acting_user=lead,
        )


@pytest.mark.django_db
@pytest.mark.parametrize("role", [PortalRole.PARTNER, PortalRole.LEAD, PortalRole.OBSERVER])
def test_the_invitation_service_refuses_anyone_else_without_an_organisation(
    partnership, lead, role
):
    with pytest.raises(ValidationError, match="Choose an organisation"):
        services.invitation_create(
            partnership=partnership,
            email="x@example.org",
            organisation=None,
            portal_role=role,
            duty_roles=[],
            acting_user=lead,
        )


@pytest.mark.django_db
def test_a_consultee_does_not_become_a_member_by_a_change_of_role(
    partnership, lead, consultee, police
):
    membership = membership_of(consultee, partnership)

    with pytest.raises(ValidationError):
        services.membership_change_roles(
            membership=membership,
            portal_role=PortalRole.PARTNER,
            duty_roles=[],
            organisation=police,
            acting_user=lead,
        )
    with pytest.raises(ValidationError):
        services.membership_transfer_lead(
            from_membership=membership_of(lead, partnership),
            to_membership=membership,
            acting_user=lead,
        )


@pytest.mark.django_db
def test_the_lead_resends_and_revokes_a_consultees_invitation_like_any(
    client_for, lead, partnership, invitation
):
    client = client_for(lead)
    listing = client.get(reverse("tenant:invitations", args=[partnership.slug]))
    assert "invited to respond to the consultation" in text(listing)

    resend = reverse("tenant:invitations-resend", args=[partnership.slug, invitation.pk])
    revoke = reverse("tenant:invitations-revoke", args=[partnership.slug, invitation.pk])
    assert client.post(resend).status_code == 302
    assert client.get(revoke).status_code == 200
    assert client.post(revoke).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED


# --- The database holds the rule ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_database_refuses_a_consultee_with_an_organisation(partnership, police):
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(organisation=police, portal_role=PortalRole.CONSULTEE)
    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationFactory(organisation=police, portal_role=PortalRole.CONSULTEE)


@pytest.mark.django_db
def test_the_database_refuses_a_partner_without_an_organisation(partnership):
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(
            user=UserFactory(), partnership=partnership, organisation=None, portal_role="partner"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationFactory(partnership=partnership, organisation=None, portal_role="partner")


# --- What they see --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_consultees_navigation_offers_nothing_they_cannot_open(partnership, consultee):
    html = render_to_string(
        "partnerships/tenant_base.html", request=tenant_request(consultee, partnership)
    )

    for page in ("dashboard", "todo", "members", "search", "assessment", "strategies"):
        assert f'href="{reverse(f"tenant:{page}", args=[partnership.slug])}"' not in html
    if landing := consultee_home_url(partnership):
        assert landing in html


def tenant_request(user, partnership):
    """A request as tenant_view leaves it, to render the partnership's layout for `user`."""
    request = RequestFactory().get(home_url(partnership))
    request.session = SessionStore()
    request.user = user
    request.actor = actor_for(user, partnership)
    request.partnership = partnership
    request.partnership_count = 1
    request.resolver_match = resolve(home_url(partnership))
    return request


def _consultees(partnership, lead, count: int, start: int = 0) -> None:
    """`count` more consultees, each from a school of their own, as make_consultee makes one."""
    from assessments.models import BodyContact

    for number in range(start, start + count):
        user = UserFactory(email=f"head{number}@school{number}.example.org")
        with scopes_disabled():
            body = OutsideBody.objects.create(
                partnership=partnership, name=f"School {number}", kind="educational"
            )
            invitation = InvitationFactory(
                partnership=partnership,
                organisation=None,
                email=user.email,
                portal_role="consultee",
                status="accepted",
                accepted_by=user,
                invited_by=lead,
            )
            BodyContact.objects.create(
                partnership=partnership, outside_body=body, invitation=invitation
            )
        MembershipFactory(
            user=user, partnership=partnership, organisation=None, portal_role="consultee"
        )


@pytest.mark.django_db
def test_the_members_page_takes_the_same_queries_for_2_or_8_consultees(
    client_for, lead, partnership
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.query_counts import cold_cache

    client = client_for(lead)
    url = reverse("tenant:members", args=[partnership.slug])

    def queries() -> int:
        cold_cache()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    _consultees(partnership, lead, 2)
    few = queries()
    _consultees(partnership, lead, 6, start=2)

    assert queries() == few
