"""Representation gaps: who each specified authority still lacks, with the post the guidance
recommends, and whether each relevant authority has engaged."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from partnerships import selectors, services
from partnerships.models import DutyRole, Membership, Organisation, RecommendedPost
from tests.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
)

ACC_OR_CHIEF_SUPT = "Assistant Chief Constable or Chief Superintendent"


def representation_url(partnership) -> str:
    return reverse("tenant:representation", args=[partnership.slug])


def gaps_of(partnership):
    with scopes_disabled():
        return selectors.representation_gaps(partnership=partnership)


def authority(gaps, organisation):
    return next(a for a in gaps.specified if a.organisation == organisation)


def missing_roles(gaps, organisation) -> list[str]:
    return [cover.role for cover in authority(gaps, organisation).missing]


# --- Who may see the page ---


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["lead", "convener", "partner", "data_lead"])
def test_members_who_follow_representation_see_the_page(request, client_for, partnership, persona):
    response = client_for(request.getfixturevalue(persona)).get(representation_url(partnership))

    assert response.status_code == 200


@pytest.mark.django_db
def test_an_observer_may_not_see_representation_gaps(client_for, partnership, observer):
    assert client_for(observer).get(representation_url(partnership)).status_code == 403


@pytest.mark.django_db
def test_a_member_of_another_partnership_gets_404(client_for, partnership, outsider):
    assert client_for(outsider).get(representation_url(partnership)).status_code == 404


@pytest.mark.django_db
def test_a_signed_out_visitor_is_sent_to_sign_in(client, partnership):
    response = client.get(representation_url(partnership))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


@pytest.mark.django_db
def test_the_page_cannot_be_posted_to(client_for, partnership, lead, observer):
    assert client_for(lead).post(representation_url(partnership)).status_code == 405
    assert client_for(observer).post(representation_url(partnership)).status_code == 403


# --- What the page shows ---


@pytest.mark.django_db
def test_police_without_an_accountable_member_shows_missing_with_the_recommended_post(
    client_for, partnership, lead, data_lead
):
    html = client_for(lead).get(representation_url(partnership)).content.decode()

    assert "Missing" in html
    assert "No accountable representative" in html  # said in words, not by colour alone
    assert f"Recommended post: {ACC_OR_CHIEF_SUPT}" in html


@pytest.mark.django_db
def test_the_people_holding_a_role_are_named(client_for, partnership, lead, data_lead):
    response = client_for(lead).get(representation_url(partnership))

    html = response.content.decode()
    assert "Priya Shah" in html  # accountable for the council
    assert "Tom Evans" in html  # data lead for the police


@pytest.mark.django_db
def test_the_summary_counts_every_missing_role(client_for, partnership, lead, partner, data_lead):
    # council: responsible missing, data lead missing; probation: accountable, data lead;
    # police: accountable, responsible
    html = client_for(partner).get(representation_url(partnership)).content.decode()

    assert "6 Duty roles are missing." in html


@pytest.mark.django_db
def test_a_fully_represented_partnership_says_so(client_for, partnership, police):
    user = MembershipFactory(
        organisation=police,
        portal_role="lead",
        accountable=True,
        responsible=True,
        data_lead=True,
    ).user

    html = client_for(user).get(representation_url(partnership)).content.decode()

    assert "Every specified authority has the representatives it needs." in html
    assert "Missing" not in html


@pytest.mark.django_db
def test_education_with_no_members_is_not_yet_engaged(client_for, partnership, lead):
    OrganisationFactory(partnership=partnership, name="Northshire Schools", sector_slug="education")

    html = client_for(lead).get(representation_url(partnership)).content.decode()

    assert "Northshire Schools" in html
    assert "Not yet engaged" in html


@pytest.mark.django_db
def test_a_prison_with_a_member_shows_as_having_one_not_as_consulted(client_for, partnership, lead):
    prison = OrganisationFactory(
        partnership=partnership, name="HMP Northshire", sector_slug="prisons-and-secure-estate"
    )
    MembershipFactory(organisation=prison, frontline=True)

    html = client_for(lead).get(representation_url(partnership)).content.decode()

    assert "Has a member" in html
    assert "Not yet engaged" not in html
    # Consultation on the strategy (s.8(4)) is its own record, on the strategy's pages.
    assert ">Consulted<" not in html


@pytest.mark.django_db
def test_relevant_authorities_are_not_counted_as_missing_roles(partnership, lead):
    OrganisationFactory(partnership=partnership, name="Northshire Schools", sector_slug="education")

    gaps = gaps_of(partnership)

    assert [e.organisation.name for e in gaps.relevant] == ["Northshire Schools"]
    assert gaps.not_engaged_count == 1
    assert all(a.organisation.name != "Northshire Schools" for a in gaps.specified)


# --- The rules behind the gaps ---


@pytest.mark.django_db
def test_a_health_organisation_is_not_flagged_for_frontline(partnership):
    health = OrganisationFactory(partnership=partnership, sector_slug="health")
    MembershipFactory(organisation=health, accountable=True, responsible=True, data_lead=True)

    gaps = gaps_of(partnership)

    assert missing_roles(gaps, health) == []
    assert "frontline" not in [cover.role for cover in authority(gaps, health).roles]


@pytest.mark.django_db
def test_accountable_and_responsible_are_always_needed(partnership, police):
    assert missing_roles(gaps_of(partnership), police) == [
        "accountable",
        "responsible",
        "data_lead",
    ]


@pytest.mark.django_db
def test_a_data_lead_is_needed_only_where_the_guidance_recommends_one(partnership):
    health = OrganisationFactory(partnership=partnership, sector_slug="health")
    data_lead_post = RecommendedPost.objects.get(sector=health.sector, roles__slug="data-lead")
    data_lead_post.roles.remove(DutyRole.objects.get(slug="data-lead"))

    gaps = gaps_of(partnership)

    assert missing_roles(gaps, health) == ["accountable", "responsible"]


@pytest.mark.django_db
def test_each_missing_role_carries_the_catalogues_recommended_post(partnership, police):
    covers = {cover.role: cover for cover in authority(gaps_of(partnership), police).roles}

    assert covers["accountable"].recommended_post == ACC_OR_CHIEF_SUPT
    assert covers["responsible"].recommended_post == "Superintendent or Chief Inspector"


@pytest.mark.django_db
def test_removed_members_no_longer_fill_a_role(partnership, lead, partner, probation):
    with scopes_disabled():
        membership = Membership.objects.get(user=partner)
        services.membership_remove(membership=membership, acting_user=lead)

    assert "responsible" in missing_roles(gaps_of(partnership), probation)


@pytest.mark.django_db
def test_retired_organisations_are_left_out(partnership, lead, police):
    with scopes_disabled():
        services.organisation_retire(organisation=police, acting_user=lead)

    assert police not in [a.organisation for a in gaps_of(partnership).specified]


@pytest.mark.django_db
def test_wider_stakeholders_and_the_convener_are_not_checked(partnership, opcc, vcs):
    gaps = gaps_of(partnership)

    assert gaps.specified == []
    assert gaps.relevant == []


@pytest.mark.django_db
def test_another_partnerships_gaps_never_show(client_for, partnership, lead, outsider):
    OrganisationFactory(
        partnership=PartnershipFactory(slug="southvale"),
        name="Southvale Police",
        sector_slug="police",
    )

    html = client_for(lead).get(representation_url(partnership)).content.decode()

    assert "Southvale" not in html


@pytest.mark.django_db
def test_the_page_takes_as_many_queries_for_12_authorities_as_for_3(client_for, partnership, lead):
    def add(count):
        for _n in range(count):
            organisation = OrganisationFactory(partnership=partnership, sector_slug="police")
            MembershipFactory(organisation=organisation, accountable=True)

    client = client_for(lead)
    add(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(representation_url(partnership)).status_code == 200
    add(9)
    for organisation in Organisation.objects.with_scopes_disabled().filter(partnership=partnership):
        InvitationFactory(organisation=organisation, data_lead=True)
    with CaptureQueriesContext(connection) as many:
        assert client.get(representation_url(partnership)).status_code == 200

    assert len(many) == len(few)


# --- From a gap to an invitation ---


def invite_link(organisation, role: str) -> str:
    return f"?organisation={organisation.pk}&amp;duty_role={role}"


@pytest.mark.django_db
def test_the_lead_is_offered_an_invitation_for_each_missing_role(
    client_for, partnership, lead, police
):
    html = client_for(lead).get(representation_url(partnership)).content.decode()

    assert "Invite someone for this role" in html
    assert invite_link(police, "accountable") in html


@pytest.mark.django_db
def test_a_partner_who_cannot_invite_is_not_offered_it(client_for, partnership, partner, police):
    html = client_for(partner).get(representation_url(partnership)).content.decode()

    assert "Invite someone for this role" not in html


@pytest.mark.django_db
def test_a_pending_invitation_shows_against_the_gap_it_would_fill(
    client_for, partnership, lead, police
):
    InvitationFactory(organisation=police, email="new.acc@example.org", accountable=True)
    InvitationFactory(organisation=police, email="someone.else@example.org", frontline=True)

    gaps = gaps_of(partnership)
    covers = {cover.role: cover for cover in authority(gaps, police).roles}
    html = client_for(lead).get(representation_url(partnership)).content.decode()

    assert [i.email for i in covers["accountable"].invited] == ["new.acc@example.org"]
    assert covers["responsible"].invited == []
    assert "new.acc@example.org, sent" in html
    assert "someone.else@example.org" not in html


@pytest.mark.django_db
def test_an_expired_invitation_is_not_shown_as_filling_a_gap(partnership, police):
    InvitationFactory(
        organisation=police,
        accountable=True,
        sent_at=timezone.now() - datetime.timedelta(days=60),
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )

    covers = {cover.role: cover for cover in authority(gaps_of(partnership), police).roles}

    assert covers["accountable"].invited == []


@pytest.mark.django_db
def test_the_invitation_link_chooses_the_organisation_and_the_role(
    client_for, partnership, lead, police
):
    url = reverse("tenant:invitations-new", args=[partnership.slug])

    form = (
        client_for(lead).get(f"{url}?organisation={police.pk}&duty_role=data_lead").context["form"]
    )

    assert form["organisation"].value() == police.pk
    assert form["duty_roles"].value() == ["data_lead"]
    assert form["portal_role"].value() == "partner"


@pytest.mark.django_db
def test_a_link_naming_another_partnerships_organisation_chooses_nothing(
    client_for, partnership, lead, other_partnership
):
    theirs = OrganisationFactory(partnership=other_partnership, name="Southvale Police")
    url = reverse("tenant:invitations-new", args=[partnership.slug])

    html = (
        client_for(lead).get(f"{url}?organisation={theirs.pk}&duty_role=nonsense").content.decode()
    )

    assert "Southvale Police" not in html
    assert "selected" not in html.split('name="organisation"')[1].split("</select>")[0]
