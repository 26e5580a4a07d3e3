"""An SNA's modules: the lead assigns each to a member, its owner writes it and previews it, and
nobody else may change it."""

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from assessments.models import AssessmentModule
from partnerships.models import Membership
from tests.assessments.sna_stories import membership_of, modules_of, set_module, start_sna, url

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")


@pytest.fixture
def sna(partnership, lead):
    """Northshire's SNA for 2026/27, started by Priya, with its nine modules."""
    return start_sna(partnership, lead)


@pytest.mark.django_db
def test_a_lead_assigns_a_module_to_a_member(client_for, lead, partner, partnership, sna):
    module = modules_of(sna)[2]
    paul = membership_of(partner, partnership)

    response = client_for(lead).post(
        url("assessment-module", sna.pk, module.pk),
        {"body": "Knife crime rose.", "status": "in_progress", "owner": paul.pk},
    )

    assert response.status_code == 302
    with scopes_disabled():
        module.refresh_from_db()
    assert (module.owner, module.status, module.body) == (
        paul,
        AssessmentModule.Status.IN_PROGRESS,
        "Knife crime rose.",
    )
    page = client_for(lead).get(url("assessment-detail", sna.pk)).content.decode()
    assert "Owner: Paul Reid, Northshire Probation Delivery Unit" in page


@pytest.mark.django_db
def test_a_module_owner_edits_their_own_module_but_not_its_owner(
    client_for, lead, partner, data_lead, partnership, sna
):
    module = modules_of(sna)[2]
    paul = membership_of(partner, partnership)
    tom = membership_of(data_lead, partnership)
    set_module(module, status="not_started", owner=paul, acting_user=lead)
    client = client_for(partner)

    page = client.get(url("assessment-module", sna.pk, module.pk)).content.decode()
    response = client.post(
        url("assessment-module", sna.pk, module.pk),
        {"body": "## Findings\n\nRising.", "status": "ready", "owner": tom.pk},
    )

    assert 'name="owner"' not in page
    assert response.status_code == 302
    with scopes_disabled():
        module.refresh_from_db()
    assert (module.owner, module.status, module.body) == (paul, "ready", "## Findings\n\nRising.")


@pytest.mark.django_db
def test_a_partner_may_not_edit_a_module_they_do_not_own(
    client_for, lead, partner, data_lead, partnership, sna
):
    mine, theirs = modules_of(sna)[2], modules_of(sna)[3]
    set_module(mine, status="not_started", owner=membership_of(partner, partnership))
    set_module(theirs, status="not_started", owner=membership_of(data_lead, partnership))
    client = client_for(partner)

    page = client.get(url("assessment-module", sna.pk, theirs.pk))
    response = client.post(
        url("assessment-module", sna.pk, theirs.pk), {"body": "Mine now", "status": "ready"}
    )

    assert page.status_code == 200
    assert 'name="body"' not in page.content.decode()
    assert response.status_code == 403
    with scopes_disabled():
        theirs.refresh_from_db()
    assert (theirs.body, theirs.status) == ("", "not_started")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["partner", "data_lead", "convener"])
def test_nobody_but_the_lead_edits_a_module_without_an_owner(request, client_for, sna, persona):
    module = modules_of(sna)[0]

    response = client_for(request.getfixturevalue(persona)).post(
        url("assessment-module", sna.pk, module.pk), {"body": "x", "status": "ready"}
    )

    assert response.status_code == 403


@pytest.mark.django_db
def test_preview_renders_the_text_without_saving(client_for, lead, sna):
    module = modules_of(sna)[0]

    response = client_for(lead).post(
        url("assessment-module", sna.pk, module.pk),
        {
            "body": "**Bold** <script>alert(1)</script>",
            "status": "in_progress",
            "action": "preview",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "<strong>Bold</strong>" in page
    assert "<script>alert(1)</script>" not in page
    with scopes_disabled():
        module.refresh_from_db()
    assert module.body == ""


@pytest.mark.django_db
def test_a_module_needs_a_status(client_for, lead, sna):
    module = modules_of(sna)[0]

    response = client_for(lead).post(
        url("assessment-module", sna.pk, module.pk), {"body": "Typed text", "status": ""}
    )

    assert response.status_code == 200
    assert "Choose the module&#x27;s status" in response.content.decode()
    assert "Typed text" in response.content.decode()


@pytest.mark.django_db
def test_an_ended_membership_cannot_own_a_module(client_for, lead, partner, partnership, sna):
    module = modules_of(sna)[0]
    paul = membership_of(partner, partnership)
    with scopes_disabled():
        Membership.objects.filter(pk=paul.pk).update(ended_on=timezone.localdate())

    response = client_for(lead).post(
        url("assessment-module", sna.pk, module.pk),
        {"body": "", "status": "in_progress", "owner": paul.pk},
    )

    assert response.status_code == 200
    assert "Choose a current member as the owner" in response.content.decode()
