"""Running `seed_scale` tiny: the counts it promises, the benchmark's sign-ins, the tenant wall
between scale partnerships, and that it leaves the demo (and anything else) alone."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_scopes import scopes_disabled

from assessments.models import Call, Contribution, DataPoint
from demo.data.people import DEMO_PASSWORD
from partnerships.models import Membership, Partnership
from partnerships.roles import PortalRole
from strategies.models import Action, Strategy
from tests.factories import ContributionFactory, MembershipFactory

TINY = [
    "--partnerships", "3", "--contributions-per", "12", "--datapoints-per", "40",
    "--actions-per", "6", "--big-contributions", "30", "--big-datapoints", "200",
    "--big-actions", "15",
]  # fmt: skip
SLUGS = ["scale-001", "scale-002", "scale-003", "scale-big"]


def seed(*args):
    out = StringIO()
    call_command("seed_scale", *TINY, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db):
    return seed()


def test_seeds_the_sizes_asked_for(seeded):
    assert sorted(Partnership.objects.values_list("slug", flat=True)) == SLUGS
    big = Partnership.objects.get(slug="scale-big")
    with scopes_disabled():
        assert Contribution.objects.count() == 3 * 12 + 30
        assert DataPoint.objects.count() == 3 * 40 + 200
        assert DataPoint.objects.filter(partnership=big).count() == 200
        assert Action.objects.count() == 3 * 6 + 15
        assert Action.objects.filter(partnership=big).count() == 15
        assert set(Contribution.objects.values_list("status", flat=True)) == set(
            Contribution.Status.values
        )
        assert Strategy.objects.filter(status=Strategy.Status.PUBLISHED).count() == 4
    assert "Scale data set ready" in seeded


def test_the_benchmarks_sign_ins_exist_with_the_demo_password(seeded):
    users = get_user_model().objects
    for email in [
        "convener@scale.invalid",
        "lead@scale-big.invalid",
        "partner@scale-big.invalid",
        "data-lead@scale-big.invalid",
        "lead@scale-001.invalid",
        "lead@scale-003.invalid",
    ]:
        assert users.get(email=email).check_password(DEMO_PASSWORD), email


def test_the_convener_convenes_every_scale_partnership(seeded):
    with scopes_disabled():
        roles = Membership.objects.filter(user__email="convener@scale.invalid").values_list(
            "partnership__slug", "portal_role"
        )
        assert sorted(roles) == [(slug, PortalRole.CONVENER) for slug in SLUGS]


def test_the_big_partnerships_partner_has_work_of_their_own(seeded):
    with scopes_disabled():
        partner = Membership.objects.get(user__email="partner@scale-big.invalid")
        organisation = partner.organisation
        assert Contribution.objects.filter(organisation=organisation).exists()
        assert Action.objects.filter(lead_organisation=organisation).exists()
        assert Call.objects.filter(status=Call.Status.OPEN, organisations=organisation).exists()


def test_the_big_partnerships_lead_opens_its_dashboard(seeded, client_for):
    lead = get_user_model().objects.get(email="lead@scale-big.invalid")

    response = client_for(lead).get(reverse("tenant:dashboard", args=["scale-big"]))

    assert response.status_code == 200


def test_a_partner_of_another_scale_partnership_gets_404(seeded, client_for):
    with scopes_disabled():
        partner = (
            Membership.objects.filter(partnership__slug="scale-001", portal_role=PortalRole.PARTNER)
            .first()
            .user
        )

    response = client_for(partner).get(reverse("tenant:dashboard", args=["scale-big"]))

    assert response.status_code == 404


def test_running_again_refuses_and_changes_nothing(seeded):
    with pytest.raises(CommandError, match=r"already loaded.*--reset"):
        seed()

    assert Partnership.objects.count() == len(SLUGS)


def test_reset_replaces_only_the_scale_data(seeded):
    # Someone outside the data set, with their evidence: the demo's Northshire, say.
    member = MembershipFactory(organisation__partnership__slug="northshire")
    evidence = ContributionFactory(organisation=member.organisation)

    out = seed("--reset")

    assert "Removed the scale data set: 4 partnerships" in out
    assert sorted(Partnership.objects.values_list("slug", flat=True)) == ["northshire", *SLUGS]
    with scopes_disabled():
        assert Membership.objects.filter(pk=member.pk).exists()
        assert Contribution.objects.filter(pk=evidence.pk).exists()
        assert Contribution.objects.count() == 3 * 12 + 30 + 1
    assert get_user_model().objects.filter(pk=member.user_id).exists()
