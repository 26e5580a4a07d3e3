"""Leads and conveners read the partnership's activity: who changed what, and when."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from partnerships import services
from partnerships.models import AuditEntry, Membership, Organisation
from partnerships.roles import PortalRole
from tests.factories import UserFactory
from tests.query_counts import cold_cache

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")


def activity_url(partnership):
    return reverse("tenant:activity", args=[partnership.slug])


def titles(response) -> list[str]:
    return [title for _entry, title in response.context["entries"]]


def make_entries(partnership, count, *, subject_type="organisation"):
    """Timeline rows by different people, as if made over the past hours."""
    now = timezone.now()
    AuditEntry.objects.with_scopes_disabled().bulk_create(
        AuditEntry(
            partnership=partnership,
            actor=UserFactory(),
            occurred_at=now - timedelta(hours=n + 1),
            action=AuditEntry.Action.CHANGED,
            subject_type=subject_type,
            subject_id=n + 1000,
            subject_label=f"Organisation {n}",
            changes=[{"field": "name", "old": f"Old {n}", "new": f"Organisation {n}"}],
        )
        for n in range(count)
    )


# --- Who may see it -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["lead", "convener"])
def test_leads_and_conveners_see_the_activity(request, client_for, partnership, persona):
    response = client_for(request.getfixturevalue(persona)).get(activity_url(partnership))

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["partner", "data_lead", "observer"])
def test_partners_and_observers_may_not_see_the_activity(
    request, client_for, partnership, lead, persona
):
    response = client_for(request.getfixturevalue(persona)).get(activity_url(partnership))

    assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_member_of_another_partnership_gets_404(client_for, partnership, lead, outsider, method):
    response = getattr(client_for(outsider), method)(activity_url(partnership))

    assert response.status_code == 404


@pytest.mark.django_db
def test_the_activity_page_only_reads(client_for, partnership, lead):
    response = client_for(lead).post(activity_url(partnership))

    assert response.status_code == 405


@pytest.mark.django_db
def test_signing_in_is_required(client, partnership):
    response = client.get(activity_url(partnership))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


# --- What it shows --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_role_change_reads_as_a_sentence_with_who_and_what_changed(
    client_for, partnership, lead, partner
):
    with scopes_disabled():
        membership = Membership.objects.get(user=partner)
    services.membership_change_roles(
        membership=membership,
        portal_role=PortalRole.OBSERVER,
        duty_roles=["responsible"],
        acting_user=lead,
    )

    response = client_for(lead).get(activity_url(partnership))

    assert titles(response)[0] == "Roles changed: Paul Reid"
    html = response.content.decode()
    assert "by Priya Shah" in html
    assert "Portal role" in html
    assert "Duty partner" in html
    assert "Observer" in html


@pytest.mark.django_db
def test_an_entry_without_a_reason_names_the_subject_and_action(client_for, partnership, lead):
    make_entries(partnership, 1)

    response = client_for(lead).get(activity_url(partnership))

    assert "Organisation changed: Organisation 0" in titles(response)


@pytest.mark.django_db
def test_the_timeline_uses_the_moj_timeline_markup(client_for, partnership, lead, council):
    services.organisation_add(
        partnership=partnership,
        name="Northshire Fire and Rescue Service",
        sector=council.sector,
        acting_user=lead,
    )

    response = client_for(lead).get(activity_url(partnership))

    html = response.content.decode()
    assert '<div class="moj-timeline">' in html
    assert (
        '<h2 class="moj-timeline__title">Organisation added: Northshire Fire and Rescue Service'
        in html
    )
    assert '<p class="moj-timeline__byline">' in html
    assert '<p class="moj-timeline__date">' in html
    assert "<time datetime=" in html


@pytest.mark.django_db
def test_the_newest_change_comes_first(client_for, partnership, lead, council):
    make_entries(partnership, 3)

    response = client_for(lead).get(activity_url(partnership))

    shown = [entry.occurred_at for entry, _title in response.context["entries"]]
    assert shown == sorted(shown, reverse=True)


@pytest.mark.django_db
def test_another_partnerships_activity_is_never_shown(
    client_for, partnership, other_partnership, lead, outsider
):
    with scopes_disabled():
        southvale_council = Organisation.objects.get(name="Southvale Council")
    services.organisation_edit(
        organisation=southvale_council,
        name="Southvale County Borough Council",
        sector=southvale_council.sector,
        acting_user=outsider,
    )
    with scopes_disabled():
        assert AuditEntry.objects.filter(partnership=other_partnership).exists()

    response = client_for(lead).get(activity_url(partnership))

    html = response.content.decode()
    assert "Southvale" not in html
    assert all(entry.partnership_id == partnership.pk for entry, _t in response.context["entries"])


@pytest.mark.django_db
def test_filtering_by_subject_shows_only_that_kind(client_for, partnership, lead):
    make_entries(partnership, 2, subject_type="organisation")
    make_entries(partnership, 3, subject_type="invitation")

    response = client_for(lead).get(activity_url(partnership), {"subject": "invitation"})

    assert len(response.context["entries"]) == 3
    assert {e.subject_type for e, _t in response.context["entries"]} == {"invitation"}


@pytest.mark.django_db
def test_an_unknown_filter_shows_everything(client_for, partnership, lead):
    make_entries(partnership, 2)

    response = client_for(lead).get(activity_url(partnership), {"subject": "nonsense"})

    assert response.status_code == 200
    with scopes_disabled():
        everything = AuditEntry.objects.filter(partnership=partnership).count()
    assert len(response.context["entries"]) == everything


@pytest.mark.django_db
def test_the_timeline_shows_25_entries_a_page_and_pages_keep_the_filter(
    client_for, partnership, lead
):
    make_entries(partnership, 30, subject_type="invitation")
    client = client_for(lead)

    first = client.get(activity_url(partnership), {"subject": "invitation"})
    second = client.get(activity_url(partnership), {"subject": "invitation", "page": 2})

    assert len(first.context["entries"]) == 25
    assert len(second.context["entries"]) == 5
    html = first.content.decode()
    assert 'class="govuk-pagination"' in html
    assert "?subject=invitation&amp;page=2" in html


@pytest.mark.django_db
def test_a_page_past_the_end_shows_the_last_page(client_for, partnership, lead):
    make_entries(partnership, 30)

    response = client_for(lead).get(activity_url(partnership), {"page": 99})

    assert response.status_code == 200
    assert response.context["page_obj"].number == 2


@pytest.mark.django_db
def test_the_timeline_makes_the_same_number_of_queries_for_5_and_50_entries(
    client_for, partnership, lead
):
    client = client_for(lead)
    make_entries(partnership, 5)
    cold_cache()
    with CaptureQueriesContext(connection) as few:
        client.get(activity_url(partnership))
    make_entries(partnership, 45)
    cold_cache()
    with CaptureQueriesContext(connection) as many:
        response = client.get(activity_url(partnership))

    assert len(response.context["entries"]) == 25
    assert len(many) == len(few)
