"""A lead sets up the partnership's organisations; every member can see them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from partnerships import services
from partnerships.models import Organisation
from tests.factories import MembershipFactory, OrganisationFactory

MEMBERS = ["lead", "partner", "data_lead", "convener", "observer"]
NOT_MANAGERS = ["partner", "data_lead", "convener", "observer"]


def url(name, partnership, *args):
    return reverse(f"tenant:{name}", args=[partnership.slug, *args])


def organisation_named(partnership, name) -> Organisation:
    with scopes_disabled():
        return Organisation.objects.get(partnership=partnership, name=name)


@pytest.fixture
def everyone(lead, partner, data_lead, convener, observer, outsider):
    """All the personas, so each test's partnership has its full cast."""


# --- Who may do what ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", MEMBERS)
def test_every_member_sees_the_organisations(request, client_for, partnership, everyone, persona):
    response = client_for(request.getfixturevalue(persona)).get(url("organisations", partnership))

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("persona", MEMBERS)
def test_every_member_gets_the_recommended_posts_fragment(
    request, client_for, partnership, everyone, persona
):
    client = client_for(request.getfixturevalue(persona))
    response = client.get(url("organisations-posts", partnership), {"sector": "police"})

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("persona", NOT_MANAGERS)
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    "name", ["organisations-add", "organisations-edit", "organisations-retire"]
)
def test_only_a_lead_may_add_edit_or_retire_organisations(
    request, client_for, partnership, police, everyone, persona, method, name
):
    args = [] if name == "organisations-add" else [police.pk]
    client = client_for(request.getfixturevalue(persona))

    response = getattr(client, method)(url(name, partnership, *args))

    assert response.status_code == 403
    assert not organisation_named(partnership, "Northshire Police").is_retired


@pytest.mark.django_db
@pytest.mark.parametrize("persona", NOT_MANAGERS)
def test_only_a_lead_may_reinstate_an_organisation(
    request, client_for, partnership, everyone, persona
):
    closed = OrganisationFactory(partnership=partnership, name="Northshire Gangs Project")
    services.organisation_retire(organisation=closed, acting_user=None)
    client = client_for(request.getfixturevalue(persona))

    response = client.post(url("organisations-reinstate", partnership, closed.pk))

    assert response.status_code == 403
    assert organisation_named(partnership, "Northshire Gangs Project").is_retired


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["organisations-add", "organisations-edit", "organisations-retire"]
)
def test_the_lead_sees_the_add_edit_and_retire_pages(client_for, partnership, police, lead, name):
    args = [] if name == "organisations-add" else [police.pk]

    response = client_for(lead).get(url(name, partnership, *args))

    assert response.status_code == 200


@pytest.mark.django_db
def test_reinstating_only_accepts_a_post(client_for, partnership, police, lead):
    response = client_for(lead).get(url("organisations-reinstate", partnership, police.pk))

    assert response.status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    ("name", "needs_pk"),
    [
        ("organisations", False),
        ("organisations-add", False),
        ("organisations-posts", False),
        ("organisations-edit", True),
        ("organisations-retire", True),
        ("organisations-reinstate", True),
    ],
)
def test_a_member_of_another_partnership_gets_404(
    client_for, partnership, police, lead, outsider, method, name, needs_pk
):
    args = [police.pk] if needs_pk else []

    response = getattr(client_for(outsider), method)(url(name, partnership, *args))

    assert response.status_code == 404


@pytest.mark.django_db
def test_a_lead_cannot_reach_another_partnerships_organisation_by_its_id(
    client_for, partnership, other_partnership, lead, outsider
):
    with scopes_disabled():
        southvale_council = Organisation.objects.get(name="Southvale Council")

    response = client_for(lead).get(url("organisations-edit", partnership, southvale_council.pk))

    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "needs_pk"),
    [
        ("organisations", False),
        ("organisations-add", False),
        ("organisations-posts", False),
        ("organisations-edit", True),
        ("organisations-retire", True),
    ],
)
def test_signing_in_is_required(client, partnership, police, name, needs_pk):
    args = [police.pk] if needs_pk else []

    response = client.get(url(name, partnership, *args))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


# --- The list -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_groups_organisations_by_statutory_role(
    client_for, partnership, lead, police, probation, opcc, vcs
):
    response = client_for(lead).get(url("organisations", partnership))

    groups = {value: [o.name for o in orgs] for value, _h, _d, orgs in response.context["groups"]}
    assert groups == {
        "specified": [
            "Northshire County Council",
            "Northshire Police",
            "Northshire Probation Delivery Unit",
        ],
        "relevant": [],
        "convener": ["Office of the Northshire PCC"],
        "wider": ["Northshire Youth Trust"],
    }
    headings = [heading for _v, heading, _d, _o in response.context["groups"]]
    assert [str(h) for h in headings] == [
        "Specified authorities",
        "Relevant authorities",
        "Convener",
        "Wider stakeholders",
    ]


@pytest.mark.django_db
def test_the_list_counts_only_active_members(client_for, partnership, lead, partner, probation):
    MembershipFactory(organisation=probation)
    with scopes_disabled():
        removed = MembershipFactory(organisation=probation)
    services.membership_remove(membership=removed, acting_user=lead)

    response = client_for(lead).get(url("organisations", partnership))

    probation_row = next(
        o for _v, _h, _d, orgs in response.context["groups"] for o in orgs if o.pk == probation.pk
    )
    assert probation_row.active_member_count == 2


@pytest.mark.django_db
def test_the_lead_sees_edit_and_retire_links(client_for, partnership, lead, police):
    response = client_for(lead).get(url("organisations", partnership))

    html = response.content.decode()
    assert url("organisations-edit", partnership, police.pk) in html
    assert url("organisations-retire", partnership, police.pk) in html
    assert url("organisations-add", partnership) in html


@pytest.mark.django_db
def test_a_partner_sees_no_edit_or_retire_links(client_for, partnership, partner, police):
    response = client_for(partner).get(url("organisations", partnership))

    html = response.content.decode()
    assert "Northshire Police" in html
    assert url("organisations-edit", partnership, police.pk) not in html
    assert url("organisations-retire", partnership, police.pk) not in html
    assert url("organisations-add", partnership) not in html


@pytest.mark.django_db
def test_retired_organisations_are_listed_apart_with_a_reinstate_button(
    client_for, partnership, lead, police
):
    services.organisation_retire(organisation=police, acting_user=lead)

    response = client_for(lead).get(url("organisations", partnership))

    assert [o.name for o in response.context["retired"]] == ["Northshire Police"]
    current = [o.name for _v, _h, _d, orgs in response.context["groups"] for o in orgs]
    assert "Northshire Police" not in current
    html = response.content.decode()
    assert "Retired organisations" in html
    assert url("organisations-reinstate", partnership, police.pk) in html


def _organisations(partnership, count):
    for n in range(count):
        organisation = OrganisationFactory(partnership=partnership, sector_slug="police")
        MembershipFactory(organisation=organisation)
        if n % 5 == 0:
            with scopes_disabled():
                Organisation.objects.filter(pk=organisation.pk).update(
                    retired_at=organisation.created_at
                )


@pytest.mark.django_db
def test_the_list_makes_the_same_number_of_queries_for_3_and_12_organisations(
    client_for, partnership, lead
):
    client = client_for(lead)
    _organisations(partnership, 3)
    with CaptureQueriesContext(connection) as few:
        client.get(url("organisations", partnership))
    _organisations(partnership, 9)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url("organisations", partnership))

    assert response.status_code == 200
    assert len(many) == len(few)


# --- Adding and editing ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_adding_an_organisation_shows_it_in_its_group(client_for, partnership, lead):
    client = client_for(lead)

    response = client.post(
        url("organisations-add", partnership),
        {"name": "Northshire Fire and Rescue Service", "sector": "fire-and-rescue"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == url("organisations", partnership)
    groups = {value: [o.name for o in orgs] for value, _h, _d, orgs in response.context["groups"]}
    assert "Northshire Fire and Rescue Service" in groups["specified"]
    assert "Northshire Fire and Rescue Service has been added" in response.content.decode()


@pytest.mark.django_db
def test_adding_a_duplicate_name_is_refused_and_keeps_what_was_typed(
    client_for, partnership, lead, police
):
    response = client_for(lead).post(
        url("organisations-add", partnership),
        {"name": "NORTHSHIRE police", "sector": "youth-justice"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "The partnership already has an organisation called NORTHSHIRE police" in html
    assert 'value="NORTHSHIRE police"' in html
    assert '<option value="youth-justice" selected>' in html
    with scopes_disabled():
        assert Organisation.objects.filter(partnership=partnership).count() == 2


@pytest.mark.django_db
def test_adding_without_a_name_or_sector_says_what_to_enter(client_for, partnership, lead):
    response = client_for(lead).post(url("organisations-add", partnership), {"name": "  "})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter the organisation&#x27;s name" in html
    assert "Select the organisation&#x27;s sector" in html
    assert "govuk-error-summary" in html


@pytest.mark.django_db
def test_the_sector_select_fetches_recommended_posts_with_htmx(client_for, partnership, lead):
    response = client_for(lead).get(url("organisations-add", partnership))

    html = response.content.decode()
    assert f'hx-get="{url("organisations-posts", partnership)}"' in html
    assert 'hx-trigger="change"' in html
    assert 'hx-target="#recommended-posts"' in html
    assert '<div id="recommended-posts" aria-live="polite">' in html


@pytest.mark.django_db
def test_after_an_error_the_page_shows_the_chosen_sectors_posts_without_javascript(
    client_for, partnership, lead
):
    response = client_for(lead).post(
        url("organisations-add", partnership), {"name": "", "sector": "police"}
    )

    html = response.content.decode()
    assert "Assistant Chief Constable" in html
    assert reverse("guidance:sector", args=["police"]) in html


@pytest.mark.django_db
def test_the_edit_page_shows_the_organisations_own_sector_and_posts(
    client_for, partnership, lead, police
):
    response = client_for(lead).get(url("organisations-edit", partnership, police.pk))

    html = response.content.decode()
    assert 'value="Northshire Police"' in html
    assert '<option value="police" selected>' in html
    assert "Assistant Chief Constable" in html


@pytest.mark.django_db
def test_editing_an_organisation_changes_its_name_and_sector(client_for, partnership, lead, vcs):
    response = client_for(lead).post(
        url("organisations-edit", partnership, vcs.pk),
        {"name": "Northshire Youth Offending Team", "sector": "youth-justice"},
    )

    assert response.status_code == 302
    with scopes_disabled():
        vcs.refresh_from_db()
    assert vcs.name == "Northshire Youth Offending Team"
    assert vcs.sector.slug == "youth-justice"


@pytest.mark.django_db
def test_editing_to_another_organisations_name_is_refused(
    client_for, partnership, lead, police, vcs
):
    response = client_for(lead).post(
        url("organisations-edit", partnership, vcs.pk),
        {"name": "northshire police", "sector": "voluntary-and-community-sector"},
    )

    assert response.status_code == 200
    assert "already has an organisation called northshire police" in response.content.decode()
    assert organisation_named(partnership, "Northshire Youth Trust")


# --- The recommended posts fragment ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_fragment_gives_the_police_sectors_recommended_posts(client_for, partnership, lead):
    response = client_for(lead).get(
        url("organisations-posts", partnership), {"sector": "police"}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Assistant Chief Constable" in html
    assert "<html" not in html


@pytest.mark.django_db
def test_the_fragment_accepts_a_sector_id(client_for, partnership, lead, police):
    response = client_for(lead).get(
        url("organisations-posts", partnership), {"sector": police.sector_id}
    )

    assert "Assistant Chief Constable" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("sector", ["no-such-sector", "99999", "9" * 40, "²"])
def test_the_fragment_for_an_unknown_sector_is_empty(client_for, partnership, lead, sector):
    response = client_for(lead).get(url("organisations-posts", partnership), {"sector": sector})

    assert response.status_code == 200
    assert response.content.decode().strip() == ""


# --- Retiring and reinstating ---------------------------------------------------------------------


@pytest.mark.django_db
def test_retiring_an_organisation_without_members(client_for, partnership, lead, vcs):
    response = client_for(lead).post(url("organisations-retire", partnership, vcs.pk), follow=True)

    assert organisation_named(partnership, "Northshire Youth Trust").is_retired
    assert [o.name for o in response.context["retired"]] == ["Northshire Youth Trust"]


@pytest.mark.django_db
def test_retiring_an_organisation_with_members_is_refused_with_the_reason(
    client_for, partnership, lead, partner, probation
):
    response = client_for(lead).post(url("organisations-retire", partnership, probation.pk))

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Northshire Probation Delivery Unit still has 1 active member" in html
    assert not organisation_named(partnership, "Northshire Probation Delivery Unit").is_retired


@pytest.mark.django_db
def test_reinstating_a_retired_organisation(client_for, partnership, lead, vcs):
    services.organisation_retire(organisation=vcs, acting_user=lead)

    response = client_for(lead).post(url("organisations-reinstate", partnership, vcs.pk))

    assert response.status_code == 302
    assert not organisation_named(partnership, "Northshire Youth Trust").is_retired
