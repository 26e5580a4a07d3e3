"""An operator sets up a partnership and its first lead from the command line."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_scopes import scopes_disabled
from guardian.core import ObjectPermissionChecker

from accounts.models import User
from partnerships.models import Membership, Partnership
from partnerships.roles import ROLE_PERMISSIONS, PortalRole
from tests.factories import PartnershipFactory

ARGS = {
    "name": "Eastmarsh Violence Reduction Partnership",
    "slug": "eastmarsh",
    "nation": "england",
    "model": "vru",
    "area_type": "police_force",
    "areas": ["Eastmarsh"],
    "lead_email": "Ada.Lovell@Eastmarsh.example",
    "lead_name": "Ada Lovell",
    "lead_organisation": "Eastmarsh County Council",
    "lead_sector": "local-authority",
}


def create(**overrides) -> str:
    out = StringIO()
    call_command("create_partnership", stdout=out, **{**ARGS, **overrides})
    return out.getvalue()


def lead_membership(partnership) -> Membership:
    with scopes_disabled():
        return Membership.objects.select_related("user", "organisation__sector").get(
            partnership=partnership, portal_role=PortalRole.LEAD
        )


@pytest.mark.django_db
def test_it_creates_the_partnership_with_its_lead_and_the_leads_permissions():
    create(areas=["Eastmarsh", "Westmarsh"])

    partnership = Partnership.objects.get(slug="eastmarsh")
    assert partnership.name == "Eastmarsh Violence Reduction Partnership"
    assert (partnership.nation, partnership.model, partnership.area_type) == (
        "england",
        "vru",
        "police_force",
    )
    assert partnership.areas == ["Eastmarsh", "Westmarsh"]
    membership = lead_membership(partnership)
    assert membership.user.email == "ada.lovell@eastmarsh.example"
    assert membership.organisation.name == "Eastmarsh County Council"
    assert membership.organisation.sector.slug == "local-authority"
    perms = set(ObjectPermissionChecker(membership.user).get_perms(partnership))
    assert perms == ROLE_PERMISSIONS[PortalRole.LEAD]


@pytest.mark.django_db
def test_a_new_lead_is_told_to_choose_a_password_with_forgotten_password():
    output = create()

    lead = User.objects.get(email="ada.lovell@eastmarsh.example")
    assert lead.full_name == "Ada Lovell"
    assert "I have forgotten my password" in output
    assert "/accounts/password-reset/" in output


@pytest.mark.django_db
def test_a_new_lead_can_really_reset_their_password(client, django_capture_on_commit_callbacks):
    create()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password-reset"), {"email": "ada.lovell@eastmarsh.example"})

    assert [email.to for email in mail.outbox] == [["ada.lovell@eastmarsh.example"]]


@pytest.mark.django_db
def test_an_existing_account_becomes_the_lead_and_keeps_its_name(priya):
    output = create(lead_email="priya@example.org", lead_name="Someone Else")

    membership = lead_membership(Partnership.objects.get(slug="eastmarsh"))
    assert membership.user == priya
    priya.refresh_from_db()
    assert priya.full_name == "Priya Shah"
    assert "--lead-name is ignored" in output
    assert "forgotten" not in output


@pytest.mark.django_db
def test_an_unknown_sector_is_refused_with_the_sectors_to_choose_from():
    with pytest.raises(CommandError, match=r"not a sector in the catalogue.*local-authority"):
        create(lead_sector="fire-brigade")

    assert not Partnership.objects.exists()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_slug_already_taken_is_refused():
    PartnershipFactory(slug="eastmarsh")

    with pytest.raises(CommandError, match="already used"):
        create()

    assert Partnership.objects.count() == 1


@pytest.mark.django_db
def test_a_malformed_slug_is_refused():
    with pytest.raises(CommandError, match="letters, numbers, hyphens"):
        create(slug="east marsh")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "option, value",
    [("nation", "scotland"), ("model", "board"), ("area_type", "county")],
)
def test_a_choice_outside_the_list_is_refused(option, value):
    with pytest.raises(CommandError, match="invalid choice"):
        create(**{option: value})

    assert not Partnership.objects.exists()


@pytest.mark.django_db
def test_a_new_lead_needs_a_name():
    with pytest.raises(CommandError, match="--lead-name"):
        create(lead_name=None)

    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_malformed_lead_email_is_refused():
    with pytest.raises(CommandError, match="not an email address"):
        create(lead_email="ada-at-eastmarsh")
