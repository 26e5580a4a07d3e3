"""The members pages: a lead keeps the list, changes roles, records nominations, removes people
and shares the lead role; everyone else in the partnership may only look."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled
from guardian.core import ObjectPermissionChecker

from partnerships import services
from partnerships.roles import ROLE_PERMISSIONS, PortalRole
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.partnerships.member_stories import member_url, membership_of

# The personas appear in nearly every story here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

VIEWERS = ["lead", "partner", "data_lead", "convener", "observer"]
NOT_MANAGERS = ["partner", "data_lead", "convener", "observer"]
CHANGE_PAGES = ["members-roles", "members-remove", "members-nomination", "members-make-lead"]


def perms(user, partnership) -> set[str]:
    return set(ObjectPermissionChecker(user).get_perms(partnership))


def list_url(partnership) -> str:
    return reverse("tenant:members", args=[partnership.slug])


@pytest.fixture
def everyone(lead, partner, data_lead, convener, observer):
    """All five Northshire personas."""


def row_post(**overrides) -> dict:
    data = {"from": "list", "portal_role": "partner", "duty_roles": ["responsible"]}
    return data | overrides


# --- Who may do what ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", VIEWERS)
def test_every_member_sees_the_member_list(request, client_for, partnership, everyone, persona):
    response = client_for(request.getfixturevalue(persona)).get(list_url(partnership))

    assert response.status_code == 200
    assert "Paul Reid" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", VIEWERS)
def test_every_member_sees_a_members_page(request, client_for, everyone, paul, persona):
    response = client_for(request.getfixturevalue(persona)).get(member_url("members-detail", paul))

    assert response.status_code == 200
    assert "paul@example.org" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", NOT_MANAGERS)
@pytest.mark.parametrize("page", CHANGE_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_a_lead_may_change_members(request, client_for, everyone, paul, persona, page, method):
    client = client_for(request.getfixturevalue(persona))

    response = getattr(client, method)(member_url(page, paul), row_post())

    assert response.status_code == 403
    assert membership_of(paul.user, paul.partnership).is_active


@pytest.mark.django_db
@pytest.mark.parametrize("page", CHANGE_PAGES)
def test_a_lead_opens_every_change_page(client_for, lead, paul, page):
    assert client_for(lead).get(member_url(page, paul)).status_code == 200


@pytest.mark.django_db
def test_viewers_see_no_change_controls(client_for, everyone, paul, partnership):
    client = client_for(paul.user)

    listing = client.get(list_url(partnership)).content.decode()
    page = client.get(member_url("members-detail", paul)).content.decode()

    assert "hx-post" not in listing
    assert member_url("members-remove", paul) not in listing + page
    assert member_url("members-roles", paul) not in page


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["members", "members-detail", *CHANGE_PAGES])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_member_of_another_partnership_gets_404(client_for, outsider, paul, page, method):
    url = list_url(paul.partnership) if page == "members" else member_url(page, paul)

    response = getattr(client_for(outsider), method)(url, row_post())

    assert response.status_code == 404


@pytest.mark.django_db
def test_a_lead_elsewhere_cannot_open_a_northshire_member_through_their_own_partnership(
    client_for, outsider, other_partnership, paul
):
    url = reverse("tenant:members-detail", args=[other_partnership.slug, paul.pk])

    assert client_for(outsider).get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["members", "members-detail", *CHANGE_PAGES])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_signed_out_visitor_is_sent_to_sign_in(client, paul, page, method):
    url = list_url(paul.partnership) if page == "members" else member_url(page, paul)

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


@pytest.mark.django_db
def test_the_list_cannot_be_posted_to(client_for, lead, partnership):
    assert client_for(lead).post(list_url(partnership)).status_code == 405


# --- The list -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_shows_each_members_organisation_roles_and_start(client_for, everyone, paul):
    page = client_for(paul.user).get(list_url(paul.partnership)).content.decode()

    assert "Northshire Probation Delivery Unit" in page
    assert "Duty partner" in page
    assert '<strong class="govuk-tag govuk-tag--blue">Responsible</strong>' in page
    assert paul.started_on.strftime("%-d %B %Y") in page


@pytest.mark.django_db
def test_filtering_by_organisation_narrows_the_list_and_keeps_the_choice(
    client_for, lead, everyone, partnership, police
):
    page = client_for(lead).get(list_url(partnership), {"organisation": police.pk}).content.decode()

    assert "Tom Evans" in page
    assert "Paul Reid" not in page
    assert f'<option value="{police.pk}" selected>' in page


@pytest.mark.django_db
def test_filtering_by_portal_and_duty_role_narrows_the_list_and_keeps_the_choices(
    client_for, lead, everyone, partnership
):
    page = (
        client_for(lead)
        .get(list_url(partnership), {"portal_role": "partner", "duty_role": "data_lead"})
        .content.decode()
    )

    assert "Tom Evans" in page
    assert "Paul Reid" not in page
    assert "Priya Shah" not in page
    assert '<option value="partner" selected>' in page
    assert '<option value="data_lead" selected>' in page


@pytest.mark.django_db
def test_removed_members_show_only_when_asked_for(client_for, lead, everyone, paul):
    services.membership_remove(membership=paul, acting_user=lead)
    client = client_for(lead)

    hidden = client.get(list_url(paul.partnership)).content.decode()
    shown = client.get(list_url(paul.partnership), {"include_removed": "on"}).content.decode()

    assert "Paul Reid" not in hidden
    assert "Paul Reid" in shown
    assert "Removed" in shown
    assert "checked" in shown.split('name="include_removed"')[1].split(">")[0]


@pytest.mark.django_db
def test_the_list_pages_by_25_and_the_pages_keep_the_filters(client_for, lead, partnership, police):
    for n in range(30):
        MembershipFactory(organisation=police, user=UserFactory(full_name=f"Officer {n:02}"))

    page = client_for(lead).get(list_url(partnership), {"organisation": police.pk}).content.decode()

    assert page.count('class="govuk-table__row" id="member-') == 25
    assert f"?organisation={police.pk}&amp;page=2" in page


def _count_list_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_list_makes_the_same_number_of_queries_for_3_and_12_members(
    client_for, lead, partnership, police
):
    client = client_for(lead)
    for _n in range(2):
        MembershipFactory(organisation=police, accountable=True)
    few = _count_list_queries(client, list_url(partnership))
    for _n in range(9):
        MembershipFactory(organisation=police, frontline=True)

    many = _count_list_queries(client, list_url(partnership))

    assert few == many


# --- Changing roles -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_inline_role_change_with_htmx_returns_only_the_row(client_for, lead, paul):
    response = client_for(lead).post(
        member_url("members-roles", paul),
        row_post(portal_role="observer", duty_roles=["frontline"]),
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.strip().startswith(f'<tr class="govuk-table__row" id="member-{paul.pk}"')
    assert "roles have been changed" in body
    assert perms(paul.user, paul.partnership) == ROLE_PERMISSIONS[PortalRole.OBSERVER]
    assert membership_of(paul.user, paul.partnership).duty_roles == ["frontline"]


@pytest.mark.django_db
def test_the_list_offers_a_link_to_change_roles_not_a_form_in_every_row(
    client_for, lead, paul, partnership
):
    page = client_for(lead).get(list_url(partnership)).content.decode()

    row = page[page.index(f'id="member-{paul.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Save roles" not in page
    assert f'href="{member_url("members-roles", paul)}"' in row
    assert f'hx-get="{member_url("members-roles", paul)}?from=list' in row


@pytest.mark.django_db
def test_change_roles_with_htmx_opens_the_rows_form_in_place(client_for, lead, paul, partnership):
    back_to = list_url(partnership) + "?page=1"

    response = client_for(lead).get(
        member_url("members-roles", paul), {"from": "list", "next": back_to}, HTTP_HX_REQUEST="true"
    )

    body = response.content.decode()
    assert body.strip().startswith(f'<tr class="govuk-table__row" id="member-{paul.pk}"')
    assert re.search(r"<details[^>]*\sopen[\s>]", body)
    assert "Save roles" in body
    assert f'name="next" value="{back_to}"' in body
    assert re.search(r"<summary[^>]*data-focus-after-swap", body)


@pytest.mark.django_db
def test_after_an_inline_save_focus_goes_to_the_rows_confirmation(client_for, lead, paul):
    """The button pressed is gone once htmx swaps the row: static/js/focus-after-swap.mjs moves
    focus to what the new row marks, here the confirmation that the roles were saved."""
    response = client_for(lead).post(
        member_url("members-roles", paul), row_post(portal_role="observer"), HTTP_HX_REQUEST="true"
    )

    body = response.content.decode()
    marked = re.findall(r"<(\w+)\s([^>]*data-focus-after-swap[^>]*)>", body)
    assert len(marked) == 1
    tag, attributes = marked[0]
    assert 'role="status"' in attributes and 'tabindex="-1"' in attributes
    confirmation = body[body.index("data-focus-after-swap") :]
    assert "roles have been changed" in confirmation[: confirmation.index(f"</{tag}>")]


@pytest.mark.django_db
def test_after_a_refused_inline_save_focus_goes_to_the_reason(client_for, lead, partnership):
    priya = membership_of(lead, partnership)

    response = client_for(lead).post(
        member_url("members-roles", priya), row_post(), HTTP_HX_REQUEST="true"
    )

    body = response.content.decode()
    assert body.count("data-focus-after-swap") == 1
    error = body[body.index("data-focus-after-swap") :]
    assert "the partnership&#x27;s only lead" in error[: error.index("</p>")]


def test_the_page_script_moves_focus_after_every_htmx_swap(settings):
    scripts = settings.BASE_DIR / "static" / "js"
    app = (scripts / "app.mjs").read_text(encoding="utf-8")
    module = (scripts / "focus-after-swap.mjs").read_text(encoding="utf-8")

    assert 'import { focusAfterSwap } from "./focus-after-swap.mjs"' in app
    assert "focusAfterSwap(event.detail.elt)" in app
    assert "[data-focus-after-swap]" in module and ".focus()" in module


@pytest.mark.django_db
def test_the_list_page_itself_pulls_focus_nowhere(client_for, lead, partnership):
    page = client_for(lead).get(list_url(partnership)).content.decode()

    assert "data-focus-after-swap" not in page


@pytest.mark.django_db
def test_an_inline_change_giving_an_accountable_role_offers_the_nomination_record(
    client_for, lead, paul
):
    response = client_for(lead).post(
        member_url("members-roles", paul),
        row_post(duty_roles=["accountable", "responsible"]),
        HTTP_HX_REQUEST="true",
    )

    assert member_url("members-nomination", paul) in response.content.decode()


@pytest.mark.django_db
def test_the_same_inline_change_without_javascript_redirects_with_a_banner(client_for, lead, paul):
    client = client_for(lead)
    back_to = list_url(paul.partnership) + "?portal_role=partner"

    response = client.post(
        member_url("members-roles", paul), row_post(portal_role="observer", next=back_to)
    )

    assert response.status_code == 302
    assert response.url == back_to
    banner = client.get(response.url).content.decode()
    assert "govuk-notification-banner--success" in banner
    assert "Paul Reid&#x27;s roles have been changed" in banner
    assert perms(paul.user, paul.partnership) == ROLE_PERMISSIONS[PortalRole.OBSERVER]


@pytest.mark.django_db
def test_an_inline_change_never_redirects_off_the_site(client_for, lead, paul):
    response = client_for(lead).post(
        member_url("members-roles", paul), row_post(next="https://evil.example/members/")
    )

    assert response.url == list_url(paul.partnership)


@pytest.mark.django_db
def test_demoting_the_last_lead_inline_shows_the_refusal_in_the_row(client_for, lead, partnership):
    priya = membership_of(lead, partnership)

    response = client_for(lead).post(
        member_url("members-roles", priya), row_post(), HTTP_HX_REQUEST="true"
    )

    body = response.content.decode()
    assert "<html" not in body
    assert "the partnership&#x27;s only lead" in body
    assert membership_of(lead, partnership).portal_role == PortalRole.LEAD


@pytest.mark.django_db
def test_demoting_the_last_lead_without_javascript_shows_the_refusal_on_the_roles_page(
    client_for, lead, partnership
):
    priya = membership_of(lead, partnership)

    response = client_for(lead).post(member_url("members-roles", priya), row_post())

    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "the partnership&#x27;s only lead" in body
    assert membership_of(lead, partnership).portal_role == PortalRole.LEAD


@pytest.mark.django_db
def test_the_roles_page_changes_organisation_and_roles(client_for, lead, paul, police):
    response = client_for(lead).post(
        member_url("members-roles", paul),
        {"organisation": police.pk, "portal_role": "partner", "duty_roles": ["data_lead"]},
    )

    assert response.url == member_url("members-detail", paul)
    changed = membership_of(paul.user, paul.partnership)
    assert changed.organisation == police
    assert changed.duty_roles == ["data_lead"]


@pytest.mark.django_db
def test_the_roles_page_keeps_what_was_chosen_when_something_is_missing(
    client_for, lead, paul, police
):
    response = client_for(lead).post(
        member_url("members-roles", paul),
        {"organisation": police.pk, "duty_roles": ["data_lead", "frontline"]},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Select a portal role" in body
    assert f'<option value="{police.pk}" selected>' in body
    assert body.count("checked") == 2
    assert membership_of(paul.user, paul.partnership).duty_roles == ["responsible"]


@pytest.mark.django_db
def test_the_roles_page_offers_only_current_organisations(client_for, lead, paul, partnership):
    club = OrganisationFactory(partnership=partnership, name="Northshire Boxing Club")
    with scopes_disabled():
        services.organisation_retire(organisation=club, acting_user=lead)

    body = client_for(lead).get(member_url("members-roles", paul)).content.decode()

    assert "Northshire Probation Delivery Unit" in body
    assert "Northshire Boxing Club" not in body


@pytest.mark.django_db
def test_demoting_the_last_lead_on_the_roles_page_shows_the_refusal(
    client_for, lead, partnership, council
):
    priya = membership_of(lead, partnership)

    response = client_for(lead).post(
        member_url("members-roles", priya),
        {"organisation": council.pk, "portal_role": "observer"},
    )

    assert "the partnership&#x27;s only lead" in response.content.decode()
    assert membership_of(lead, partnership).portal_role == PortalRole.LEAD


# --- Removing -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_removing_asks_for_confirmation_first(client_for, lead, paul):
    body = client_for(lead).get(member_url("members-remove", paul)).content.decode()

    assert "Are you sure you want to remove Paul Reid" in body
    assert '<form method="post"' in body
    assert membership_of(paul.user, paul.partnership).is_active


@pytest.mark.django_db
def test_a_lead_removes_a_member(client_for, lead, paul):
    client = client_for(lead)

    response = client.post(member_url("members-remove", paul))

    assert response.url == list_url(paul.partnership)
    assert (
        "Paul Reid has been removed from the partnership"
        in client.get(response.url).content.decode()
    )
    assert not membership_of(paul.user, paul.partnership).is_active
    assert perms(paul.user, paul.partnership) == set()


@pytest.mark.django_db
def test_removing_the_last_lead_shows_the_refusal(client_for, lead, partnership):
    priya = membership_of(lead, partnership)

    response = client_for(lead).post(member_url("members-remove", priya))

    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "the partnership&#x27;s only lead" in body
    assert membership_of(lead, partnership).is_active


@pytest.mark.django_db
def test_a_removed_members_page_stays_readable(client_for, lead, paul):
    services.membership_remove(membership=paul, acting_user=lead)

    response = client_for(lead).get(member_url("members-detail", paul))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Removed on" in body
    assert member_url("members-roles", paul) not in body


@pytest.mark.django_db
@pytest.mark.parametrize("page", CHANGE_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_removed_member_cannot_be_changed(client_for, lead, paul, page, method):
    services.membership_remove(membership=paul, acting_user=lead)

    response = getattr(client_for(lead), method)(member_url(page, paul), row_post())

    assert response.status_code == 200
    assert "Paul Reid has been removed from the partnership" in response.content.decode()
    changed = membership_of(paul.user, paul.partnership)
    assert changed.ended_on is not None
    assert changed.portal_role == PortalRole.PARTNER


# --- Making a lead --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_lead_makes_someone_a_lead_too(client_for, lead, partnership, paul):
    response = client_for(lead).post(member_url("members-make-lead", paul), {"how": "also"})

    assert response.url == member_url("members-detail", paul)
    assert membership_of(paul.user, partnership).portal_role == PortalRole.LEAD
    assert membership_of(paul.user, partnership).duty_roles == ["responsible"]
    assert membership_of(lead, partnership).portal_role == PortalRole.LEAD
    assert perms(paul.user, partnership) == ROLE_PERMISSIONS[PortalRole.LEAD]


@pytest.mark.django_db
def test_a_lead_hands_over_the_lead_role(client_for, lead, partnership, paul):
    client = client_for(lead)

    response = client.post(member_url("members-make-lead", paul), {"how": "hand_over"})

    assert membership_of(paul.user, partnership).portal_role == PortalRole.LEAD
    assert membership_of(lead, partnership).portal_role == PortalRole.PARTNER
    assert "manage_members" not in perms(lead, partnership)
    assert "You are now a Duty partner" in client.get(response.url).content.decode()


@pytest.mark.django_db
def test_making_a_lead_needs_a_choice(client_for, lead, partnership, paul):
    response = client_for(lead).post(member_url("members-make-lead", paul), {})

    assert "Select whether to make them a lead too" in response.content.decode()
    assert membership_of(paul.user, partnership).portal_role == PortalRole.PARTNER


@pytest.mark.django_db
def test_someone_already_a_lead_cannot_be_made_one_again(client_for, lead, partnership):
    priya = membership_of(lead, partnership)

    body = client_for(lead).get(member_url("members-make-lead", priya)).content.decode()

    assert "Priya Shah is already a partnership lead" in body
