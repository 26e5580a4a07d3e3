"""Running `seed_demo` again: by default it leaves the demo alone, whatever someone changed
while trying it (`make run` runs it every time); with --reset it takes all of the demo away
and loads it again as new, and touches nothing outside it."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django_scopes import scopes_disabled

from assessments.models import Attachment, Contribution
from demo.data.people import DEMO_PASSWORD
from demo.seeders.reset import DEMO_SLUGS
from partnerships.models import Membership, Organisation, Partnership
from tests.demo.seeded.test_demo_people import counts
from tests.factories import (
    ContributionFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ALREADY_LOADED = "The demo is already loaded: nothing changed. Run with --reset to start it again."


def seed_demo(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def northshire() -> Partnership:
    return Partnership.objects.get(slug="northshire")


def try_the_demo() -> dict:
    """What someone trying the demo changes: a password, an organisation's name, a member's
    role, a new contribution and a new member with an account of their own."""
    with scopes_disabled():
        lead = get_user_model().objects.get(email="lead@example.org")
        lead.set_password("changed-while-trying")
        lead.full_name = "Priya S."
        lead.save()
        police = Organisation.objects.get(partnership=northshire(), name="Northshire Police")
        police.name = "Northshire Constabulary"
        police.save()
        dan = Membership.objects.get(partnership=northshire(), user__email="dan.cooper@example.org")
        dan.portal_role = "observer"
        dan.save()
        ContributionFactory(organisation=police, title="Added while trying the demo")
        newcomer = MembershipFactory(organisation=police, user=UserFactory(email="fay@example.org"))
    return {"police": police.pk, "dan": dan.pk, "newcomer": newcomer.user_id}


def test_running_seed_demo_again_leaves_every_change_alone(seeded):
    changed = try_the_demo()
    before = counts()

    out = seed_demo()

    assert ALREADY_LOADED in out
    assert counts() == before
    with scopes_disabled():
        lead = get_user_model().objects.get(email="lead@example.org")
        assert lead.check_password("changed-while-trying")
        assert lead.full_name == "Priya S."
        assert Organisation.objects.get(pk=changed["police"]).name == "Northshire Constabulary"
        assert Membership.objects.get(pk=changed["dan"]).portal_role == "observer"
        assert Contribution.objects.filter(title="Added while trying the demo").exists()
        assert get_user_model().objects.filter(pk=changed["newcomer"]).exists()


def test_reset_puts_all_of_the_demo_back_as_new(seeded):
    fresh = counts()
    with scopes_disabled():
        old_ids = set(Partnership.objects.values_list("pk", flat=True))
    try_the_demo()

    out = seed_demo("--reset")

    assert "Removed the demo: 2 partnerships" in out
    assert "The demo has been loaded again, as new" in out
    assert counts() == fresh
    with scopes_disabled():
        assert not Partnership.objects.filter(pk__in=old_ids).exists()
        lead = get_user_model().objects.get(email="lead@example.org")
        assert lead.check_password(DEMO_PASSWORD)
        assert lead.full_name == "Priya Shah"
        assert Organisation.objects.filter(
            partnership=northshire(), name="Northshire Police"
        ).exists()
        assert not Organisation.objects.filter(name="Northshire Constabulary").exists()
        dan = Membership.objects.get(partnership=northshire(), user__email="dan.cooper@example.org")
        assert dan.portal_role == "partner"
        assert not Contribution.objects.filter(title="Added while trying the demo").exists()
        # Fay was only ever in the demo: her account went with it.
        assert not get_user_model().objects.filter(email="fay@example.org").exists()


def test_reset_touches_nothing_outside_the_demo(seeded):
    with scopes_disabled():
        elsewhere = PartnershipFactory(slug="eastmarsh", name="Eastmarsh Partnership")
        council = OrganisationFactory(partnership=elsewhere, name="Eastmarsh Council")
        own = MembershipFactory(organisation=council, user=UserFactory(email="eve@example.org"))
        # A demo account someone also put in their own partnership stays, with its demo details.
        tom = get_user_model().objects.get(email="partner@example.org")
        tom.full_name = "Tom E."
        tom.save()
        MembershipFactory(organisation=council, user=tom)
        ContributionFactory(organisation=council, title="Eastmarsh evidence")

    seed_demo("--reset")

    with scopes_disabled():
        assert Partnership.objects.filter(pk=elsewhere.pk).exists()
        assert Membership.objects.filter(pk=own.pk).exists()
        assert Membership.objects.filter(partnership=elsewhere, user=tom).exists()
        assert Contribution.objects.filter(title="Eastmarsh evidence").exists()
        tom.refresh_from_db()
        assert tom.full_name == "Tom Evans"
        assert tom.check_password(DEMO_PASSWORD)
        assert set(
            Partnership.objects.exclude(pk=elsewhere.pk).values_list("slug", flat=True)
        ) == set(DEMO_SLUGS)


def test_reset_deletes_the_demos_files_once_it_has_committed(
    seeded, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "private"
    with scopes_disabled():
        demo = Contribution.objects.filter(partnership=northshire()).first()
        elsewhere = ContributionFactory(
            organisation=OrganisationFactory(partnership=PartnershipFactory(slug="eastmarsh"))
        )
        files = {
            contribution.title: Attachment.objects.create(
                partnership_id=contribution.partnership_id,
                contribution=contribution,
                file=ContentFile(b"evidence", name="evidence.txt"),
                original_name="evidence.txt",
                content_type="text/plain",
                size=8,
            ).file
            for contribution in (demo, elsewhere)
        }
    storage = files[demo.title].storage
    assert all(storage.exists(file.name) for file in files.values())

    with django_capture_on_commit_callbacks(execute=True):
        seed_demo("--reset")

    assert not storage.exists(files[demo.title].name)
    assert storage.exists(files[elsewhere.title].name)
