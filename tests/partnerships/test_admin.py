"""The Django admin: superusers set partnerships up there; other staff never see tenant data."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from guardian.core import ObjectPermissionChecker

from partnerships import services
from partnerships.models import AuditEntry, Invitation, Membership, Partnership, Sector
from partnerships.roles import ROLE_PERMISSIONS, PortalRole
from tests.factories import InvitationFactory, UserFactory

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

MODELS = ["partnership", "organisation", "membership", "invitation", "auditentry"]


@pytest.fixture
def superuser(db):
    return UserFactory(
        email="sam@example.org", full_name="Sam Admin", is_staff=True, is_superuser=True
    )


@pytest.fixture
def staff(db):
    """Sally can use the admin for accounts, but is not a superuser."""
    return UserFactory(email="sally@example.org", full_name="Sally Staff", is_staff=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def rows(partnership, lead, partner, council):
    """One of each model, made the way the portal makes them."""
    invitation = services.invitation_create(
        partnership=partnership,
        email="newcomer@example.org",
        organisation=council,
        portal_role=PortalRole.PARTNER,
        duty_roles=["frontline"],
        acting_user=lead,
    )
    with scopes_disabled():
        return {
            "partnership": partnership,
            "organisation": council,
            "membership": Membership.objects.get(user=lead, partnership=partnership),
            "invitation": invitation,
            "auditentry": AuditEntry.objects.filter(partnership=partnership).first(),
        }


def admin_url(model, view, *args):
    return reverse(f"admin:partnerships_{model}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS)
def test_a_superuser_sees_the_list_of_each_model(admin_client, rows, model):
    response = admin_client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize("model", MODELS)
def test_a_superuser_opens_each_row(admin_client, rows, model):
    response = admin_client.get(admin_url(model, "change", rows[model].pk))

    assert response.status_code == 200


@pytest.mark.parametrize("model", ["partnership", "organisation", "membership", "invitation"])
def test_a_superuser_browses_each_rows_history(admin_client, rows, model):
    response = admin_client.get(admin_url(model, "history", rows[model].pk))

    assert response.status_code == 200


@pytest.mark.parametrize("model", ["partnership", "organisation", "membership"])
def test_a_superuser_opens_the_add_form(admin_client, rows, model):
    response = admin_client.get(admin_url(model, "add"))

    assert response.status_code == 200


def test_the_admin_search_works_across_partnerships(admin_client, rows, outsider):
    response = admin_client.get(admin_url("membership", "changelist"), {"q": "example.org"})

    assert response.status_code == 200
    partnerships = {m.partnership.slug for m in response.context["cl"].result_list}
    assert partnerships == {"northshire", "southvale"}


@pytest.mark.parametrize("model", MODELS)
def test_staff_who_are_not_superusers_are_refused(client, staff, rows, model):
    client.force_login(staff)

    assert client.get(admin_url(model, "changelist")).status_code == 403
    assert client.get(admin_url(model, "change", rows[model].pk)).status_code == 403


def test_staff_who_are_not_superusers_do_not_see_the_partnerships_section(client, staff):
    client.force_login(staff)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert not any(app["app_label"] == "partnerships" for app in response.context["app_list"])


def test_nothing_can_be_deleted_or_added_where_the_portal_owns_it(admin_client, rows):
    assert (
        admin_client.get(admin_url("organisation", "delete", rows["organisation"].pk)).status_code
        == 403
    )
    assert admin_client.get(admin_url("invitation", "add")).status_code == 403
    assert admin_client.get(admin_url("auditentry", "add")).status_code == 403


def test_a_partnership_created_in_the_admin_gets_its_role_groups(admin_client, priya):
    response = admin_client.post(
        admin_url("partnership", "add"),
        {
            "name": "Eastmarsh Violence Reduction Partnership",
            "slug": "eastmarsh",
            "nation": "england",
            "model": "vru",
            "area_type": "local_authority",
            "areas": "Eastmarsh District\nWestmarsh District",
            "protective_marking": "official",
        },
    )

    assert response.status_code == 302
    partnership = Partnership.objects.get(slug="eastmarsh")
    assert partnership.areas == ["Eastmarsh District", "Westmarsh District"]

    organisation = services.organisation_add(
        partnership=partnership,
        name="Eastmarsh District Council",
        sector=Sector.objects.get(slug="local-authority"),
        acting_user=None,
    )
    response = admin_client.post(
        admin_url("membership", "add"),
        {
            "partnership": partnership.pk,
            "user": priya.pk,
            "organisation": organisation.pk,
            "portal_role": "lead",
            "job_title": "Partnership manager",
            "started_on": "2026-01-05",
        },
    )

    assert response.status_code == 302
    assert set(ObjectPermissionChecker(priya).get_perms(partnership)) == ROLE_PERMISSIONS["lead"]


def test_a_role_change_in_the_admin_moves_the_permission_group(
    admin_client, partnership, lead, partner, probation
):
    with scopes_disabled():
        membership = Membership.objects.get(user=partner, partnership=partnership)

    response = admin_client.post(
        admin_url("membership", "change", membership.pk),
        {
            "partnership": partnership.pk,
            "user": partner.pk,
            "organisation": probation.pk,
            "portal_role": "observer",
            "job_title": "Probation officer",
            "started_on": "2026-01-05",
        },
    )

    assert response.status_code == 302
    assert (
        set(ObjectPermissionChecker(partner).get_perms(partnership))
        == (ROLE_PERMISSIONS["observer"])
    )


def test_the_admin_keeps_the_last_lead(admin_client, partnership, lead, council):
    with scopes_disabled():
        membership = Membership.objects.get(user=lead, partnership=partnership)

    response = admin_client.post(
        admin_url("membership", "change", membership.pk),
        {
            "partnership": partnership.pk,
            "user": lead.pk,
            "organisation": council.pk,
            "portal_role": "partner",
            "started_on": "2026-01-05",
        },
    )

    assert response.status_code == 200
    assert "only lead" in response.content.decode()
    with scopes_disabled():
        assert Membership.objects.get(pk=membership.pk).portal_role == PortalRole.LEAD


def test_the_admin_will_not_retire_an_organisation_with_members(
    admin_client, partnership, lead, council
):
    response = admin_client.post(
        admin_url("organisation", "change", council.pk),
        {
            "name": council.name,
            "sector": council.sector.pk,
            "retired_at_0": "2026-01-05",
            "retired_at_1": "09:00:00",
        },
    )

    assert response.status_code == 200
    assert "still has active members" in response.content.decode()


def test_an_organisation_name_clash_is_refused_on_edit(admin_client, council, police):
    response = admin_client.post(
        admin_url("organisation", "change", police.pk),
        {"name": council.name.upper(), "sector": police.sector.pk},
    )

    assert response.status_code == 200
    assert "already has an organisation with this name" in response.content.decode()


def test_a_superuser_revokes_an_invitation_through_the_service(admin_client, rows):
    invitation = rows["invitation"]

    response = admin_client.post(
        admin_url("invitation", "changelist"),
        {"action": "revoke", "_selected_action": [invitation.pk]},
    )

    assert response.status_code == 302
    with scopes_disabled():
        assert Invitation.objects.get(pk=invitation.pk).state == Invitation.Status.REVOKED


def test_an_expired_invitation_shows_as_expired(admin_client, council):
    InvitationFactory(
        organisation=council,
        email="late@example.org",
        sent_at=timezone.now() - timedelta(days=30),
    )

    response = admin_client.get(admin_url("invitation", "changelist"))

    assert "Expired" in response.content.decode()
