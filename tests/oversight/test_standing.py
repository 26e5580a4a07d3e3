"""The convener overview reads each partnership's stored standing: a change shows at once, a new
day or a write that sends no signal shows soon after, and beat keeps them ready."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from assessments.models import LocalDefinition
from oversight.models import STANDING_MAX_AGE, PartnershipStanding
from oversight.tasks import refresh_standings
from tests.factories import ActionFactory, OrganisationFactory, PartnershipFactory, UserFactory
from tests.oversight.test_convener_and_chooser import convened_by, publish

OVERVIEW = reverse("convener-overview")

pytestmark = pytest.mark.django_db


@pytest.fixture
def gwen():
    return UserFactory(email="gwen@example.org")


def met_and_off_track(client, name: str) -> tuple[int, int]:
    [row] = [r for r in client.get(OVERVIEW).context["rows"] if r["partnership"].name == name]
    return row["standing"].met_count, row["standing"].off_track


def agree_definition(partnership) -> LocalDefinition:
    with scopes_disabled():
        return LocalDefinition.objects.create(
            partnership=partnership,
            version=1,
            summary="Ours",
            status=LocalDefinition.Status.AGREED,
            agreed_on=timezone.localdate(),
        )


def test_a_change_in_a_partnership_shows_on_the_overview_at_once(client_for, gwen):
    ashby = convened_by(gwen, "Ashby Partnership")
    client = client_for(gwen)
    assert met_and_off_track(client, "Ashby Partnership") == (0, 0)

    agree_definition(ashby)

    assert met_and_off_track(client, "Ashby Partnership") == (1, 0)


def test_an_action_going_off_track_shows_at_once(client_for, gwen):
    ashby = convened_by(gwen, "Ashby Partnership")
    strategy = publish(ashby, published_on=timezone.localdate())
    client = client_for(gwen)
    assert met_and_off_track(client, "Ashby Partnership")[1] == 0

    with scopes_disabled():
        ActionFactory(priority=strategy.priorities.first(), status="off_track")

    assert met_and_off_track(client, "Ashby Partnership")[1] == 1


def test_a_change_elsewhere_leaves_a_partnerships_standing_alone(client_for, gwen):
    convened_by(gwen, "Ashby Partnership")
    client_for(gwen).get(OVERVIEW)

    agree_definition(PartnershipFactory(name="Elsewhere Partnership"))

    with scopes_disabled():
        assert not PartnershipStanding.objects.filter(stale=True).exists()


def test_a_write_that_sends_no_signal_shows_once_the_standing_is_old_enough(client_for, gwen):
    ashby = convened_by(gwen, "Ashby Partnership")
    definition = agree_definition(ashby)
    client = client_for(gwen)
    assert met_and_off_track(client, "Ashby Partnership")[0] == 1

    with scopes_disabled():  # a bulk update: no post_save
        LocalDefinition.objects.filter(pk=definition.pk).update(status=LocalDefinition.Status.DRAFT)

    assert met_and_off_track(client, "Ashby Partnership")[0] == 1
    with time_machine.travel(timezone.now() + STANDING_MAX_AGE, tick=False):
        assert met_and_off_track(client, "Ashby Partnership")[0] == 0


def test_a_standing_from_yesterday_is_computed_again(client_for, gwen):
    ashby = convened_by(gwen, "Ashby Partnership")
    client = client_for(gwen)
    client.get(OVERVIEW)
    with scopes_disabled():
        PartnershipStanding.objects.filter(partnership=ashby).update(
            as_of=timezone.localdate() - datetime.timedelta(days=1)
        )

    client.get(OVERVIEW)

    with scopes_disabled():
        assert PartnershipStanding.objects.get(partnership=ashby).as_of == timezone.localdate()


def test_beat_stores_every_missing_or_stale_standing_and_then_has_nothing_to_do(gwen):
    ashby = convened_by(gwen, "Ashby Partnership")
    convened_by(gwen, "Bexley Partnership")

    assert refresh_standings() == 2
    assert refresh_standings() == 0
    OrganisationFactory(partnership=ashby, sector_slug="police")
    assert refresh_standings() == 1
    with scopes_disabled():
        assert PartnershipStanding.objects.get(partnership=ashby).missing_roles > 0
