"""Whether the partnership's documents print a member's name: each member decides for
themselves, from their own member page; nobody else can decide for them, and every change is on
the activity timeline."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from partnerships import services
from partnerships.models import AuditEntry, Membership

# The personas appear in nearly every story here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

VIEWERS = ["lead", "partner", "data_lead", "convener", "observer"]


def membership_of(user, partnership) -> Membership:
    with scopes_disabled():
        return Membership.objects.select_related("user").get(user=user, partnership=partnership)


def named_url(membership: Membership) -> str:
    return reverse("tenant:members-named", args=[membership.partnership.slug, membership.pk])


def detail_url(membership: Membership) -> str:
    return reverse("tenant:members-detail", args=[membership.partnership.slug, membership.pk])


@pytest.fixture
def everyone(lead, partner, data_lead, convener, observer):
    """All five Northshire personas."""


@pytest.mark.django_db
def test_nobody_is_named_until_they_agree(everyone, partnership):
    with scopes_disabled():
        assert not Membership.objects.filter(named_in_documents=True).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", VIEWERS)
def test_every_member_agrees_to_be_named_from_their_own_page(
    request, client_for, everyone, partnership, persona
):
    user = request.getfixturevalue(persona)
    membership = membership_of(user, partnership)
    client = client_for(user)

    detail = client.get(detail_url(membership)).content.decode()
    form = client.get(named_url(membership))
    response = client.post(named_url(membership), {"named": "yes"})

    assert named_url(membership) in detail
    assert form.status_code == 200
    assert 'type="radio"' in form.content.decode()
    assert response.status_code == 302
    assert response["Location"] == detail_url(membership)
    membership = membership_of(user, partnership)
    assert membership.named_in_documents
    assert membership.named_since is not None


@pytest.mark.django_db
def test_a_member_withdraws_their_agreement(client_for, partner, partnership):
    membership = membership_of(partner, partnership)
    services.membership_set_named(membership=membership, named=True, acting_user=partner)

    response = client_for(partner).post(named_url(membership), {"named": "no"})

    membership = membership_of(partner, partnership)
    assert response.status_code == 302
    assert not membership.named_in_documents
    assert membership.named_since is None


@pytest.mark.django_db
def test_the_choice_is_on_the_activity_timeline_with_who_made_it(client_for, partner, partnership):
    membership = membership_of(partner, partnership)
    client = client_for(partner)

    client.post(named_url(membership), {"named": "yes"})
    client.post(named_url(membership), {"named": "no"})

    with scopes_disabled():
        entries = list(
            AuditEntry.objects.filter(subject_type="membership", subject_id=membership.pk)
            .order_by("occurred_at", "pk")
            .values_list("actor", "summary", "changes")
        )
    assert entries[-2:] == [
        (
            partner.pk,
            "Agreed to be named in documents",
            [{"field": "named in documents", "old": "No", "new": "Yes"}],
        ),
        (
            partner.pk,
            "Withdrew agreement to be named in documents",
            [{"field": "named in documents", "old": "Yes", "new": "No"}],
        ),
    ]


@pytest.mark.django_db
def test_a_choice_must_be_made(client_for, partner, partnership):
    membership = membership_of(partner, partnership)

    response = client_for(partner).post(named_url(membership), {})

    assert response.status_code == 200
    assert "Select whether the partnership’s documents can print your name" in (
        response.content.decode()
    )
    assert not membership_of(partner, partnership).named_in_documents


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_not_even_the_lead_decides_for_someone_else(client_for, lead, partner, partnership, method):
    paul = membership_of(partner, partnership)
    client = client_for(lead)

    page = client.get(detail_url(paul)).content.decode()
    response = getattr(client, method)(named_url(paul), {"named": "yes"})

    assert named_url(paul) not in page
    assert response.status_code == 403
    assert not membership_of(partner, partnership).named_in_documents


@pytest.mark.django_db
def test_the_service_refuses_anyone_but_the_member(lead, partner, partnership):
    paul = membership_of(partner, partnership)

    with pytest.raises(ValidationError):
        services.membership_set_named(membership=paul, named=True, acting_user=lead)
    with pytest.raises(ValidationError):
        services.membership_set_named(membership=paul, named=True, acting_user=None)

    assert not membership_of(partner, partnership).named_in_documents


@pytest.mark.django_db
def test_someone_who_rejoins_agrees_again(lead, partner, probation, partnership):
    paul = membership_of(partner, partnership)
    services.membership_set_named(membership=paul, named=True, acting_user=partner)
    services.membership_remove(membership=paul, acting_user=lead)

    services.membership_add(
        partnership=partnership,
        user=partner,
        organisation=probation,
        portal_role="partner",
        duty_roles=["responsible"],
        acting_user=lead,
    )

    assert not membership_of(partner, partnership).named_in_documents


@pytest.mark.django_db
def test_outsiders_get_404(client_for, outsider, partner, partnership):
    paul = membership_of(partner, partnership)

    assert client_for(outsider).get(named_url(paul)).status_code == 404
