"""Progress updates: the owning organisation keeps its action up to date through a timeline of
dated updates (status, progress, a note and optional evidence); the lead may update any action;
a relevant authority accepts or declines an action the strategy specifies for it."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from partnerships.models import AuditEntry
from strategies import services
from strategies.models import Action, ActionUpdate, Strategy
from tests.factories import ActionFactory, MembershipFactory, OrganisationFactory, PriorityFactory

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

PDF_BYTES = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


def url(name: str, *args, slug: str = "northshire") -> str:
    return reverse(f"tenant:{name}", args=[slug, *args])


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def date_fields(prefix: str, value: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(value.day),
        f"{prefix}_month": str(value.month),
        f"{prefix}_year": str(value.year),
    }


def update_data(**overrides) -> dict:
    return {
        **date_fields("updated_on", TODAY()),
        "status": "on_track",
        "progress": "40",
        "note": "The first **six** youth workers started in the town centre.",
    } | overrides


def set_status(strategy: Strategy, status: str) -> Strategy:
    with scopes_disabled():
        Strategy.objects.filter(pk=strategy.pk).update(status=status)
        strategy.refresh_from_db()
    return strategy


@pytest.fixture
def published(strategy):
    """The Northshire strategy, published: its actions are being delivered."""
    return set_status(strategy, Strategy.Status.PUBLISHED)


@pytest.fixture
def priority(published):
    return PriorityFactory(strategy=published, title="Reduce knife crime in the town centre")


@pytest.fixture
def probation_action(priority, probation):
    """An action led by Paul's organisation, probation."""
    return ActionFactory(priority=priority, lead_organisation=probation, title="Youth workers")


@pytest.fixture
def police_action(priority, police):
    return ActionFactory(priority=priority, lead_organisation=police, title="Knife arches")


def refreshed(action: Action) -> Action:
    with scopes_disabled():
        return Action.objects.get(pk=action.pk)


def updates_of(action: Action) -> list[ActionUpdate]:
    with scopes_disabled():
        return list(ActionUpdate.objects.filter(action=action).select_related("organisation"))


# --- Posting an update ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_partner_posts_an_update_on_their_organisations_action(
    client_for, partner, probation, probation_action
):
    response = client_for(partner).post(
        url("actions-update", probation_action.pk),
        update_data(evidence=upload("Session register.pdf", PDF_BYTES)),
    )

    assert response.status_code == 302
    assert response.url == url("actions-detail", probation_action.pk) + "#progress"
    [update] = updates_of(probation_action)
    assert (update.organisation, update.author) == (probation, partner)
    assert (update.status, update.progress, update.updated_on) == ("on_track", 40, TODAY())
    assert update.evidence_name == "Session register.pdf"
    assert update.evidence_content_type == "application/pdf"
    assert "Session" not in update.evidence.name
    action = refreshed(probation_action)
    assert (action.status, action.progress, action.last_update_on) == ("on_track", 40, TODAY())


@pytest.mark.django_db
def test_the_timeline_shows_the_update_with_its_author_organisation_note_and_evidence(
    client_for, partner, lead, probation_action
):
    client_for(partner).post(
        url("actions-update", probation_action.pk),
        update_data(evidence=upload("register.pdf", PDF_BYTES)),
    )
    [update] = updates_of(probation_action)

    page = client_for(lead).get(url("actions-detail", probation_action.pk)).content.decode()

    assert "by Paul Reid, Northshire Probation Delivery Unit" in page
    assert "The first <strong>six</strong> youth workers" in page
    assert '<strong class="govuk-tag govuk-tag--green">On track</strong>' in page
    assert "40% complete" in page
    assert url("actions-evidence", probation_action.pk, update.pk) in page
    assert "Evidence: register.pdf" in page


@pytest.mark.django_db
def test_another_member_downloads_the_evidence(client_for, partner, data_lead, probation_action):
    client_for(partner).post(
        url("actions-update", probation_action.pk),
        update_data(evidence=upload("register.pdf", PDF_BYTES)),
    )
    [update] = updates_of(probation_action)

    response = client_for(data_lead).get(url("actions-evidence", probation_action.pk, update.pk))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="register.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_activity_timeline_records_the_progress_update(client_for, partner, probation_action):
    client_for(partner).post(
        url("actions-update", probation_action.pk), update_data(status="at_risk")
    )

    with scopes_disabled():
        entry = AuditEntry.objects.filter(
            subject_type="action", subject_id=probation_action.pk
        ).latest("occurred_at", "pk")
    assert entry.summary == "Progress update: At risk"
    assert entry.actor == partner
    assert {"field": "status", "old": "Not started", "new": "At risk"} in entry.changes


@pytest.mark.django_db
def test_the_timeline_lists_updates_newest_first(client_for, partner, probation_action):
    client = client_for(partner)
    for days_ago, note in [(20, "Recruiting the team."), (2, "Sessions running.")]:
        client.post(
            url("actions-update", probation_action.pk),
            update_data(
                note=note, **date_fields("updated_on", TODAY() - datetime.timedelta(days_ago))
            ),
        )

    page = client.get(url("actions-detail", probation_action.pk)).content.decode()

    assert page.index("Sessions running.") < page.index("Recruiting the team.")


@pytest.mark.django_db
def test_the_update_form_is_on_the_action_page_for_its_owner(client_for, partner, probation_action):
    page = client_for(partner).get(url("actions-detail", probation_action.pk)).content.decode()

    assert f'action="{url("actions-update", probation_action.pk)}"' in page
    assert 'enctype="multipart/form-data"' in page


@pytest.mark.django_db
def test_the_update_form_page_works_on_its_own(client_for, partner, probation_action):
    response = client_for(partner).get(url("actions-update", probation_action.pk))

    assert response.status_code == 200
    assert "Post a progress update" in response.content.decode()


@pytest.mark.django_db
def test_a_partner_cannot_update_another_organisations_action(client_for, partner, police_action):
    client = client_for(partner)

    assert client.get(url("actions-update", police_action.pk)).status_code == 403
    assert client.post(url("actions-update", police_action.pk), update_data()).status_code == 403
    assert updates_of(police_action) == []


@pytest.mark.django_db
def test_a_partner_does_not_see_the_update_form_on_another_organisations_action(
    client_for, partner, police_action
):
    response = client_for(partner).get(url("actions-detail", police_action.pk))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Knife arches" in page
    assert url("actions-update", police_action.pk) not in page
    assert "Post a progress update" not in page


@pytest.mark.django_db
def test_the_lead_can_update_any_action(client_for, lead, council, police_action):
    response = client_for(lead).post(
        url("actions-update", police_action.pk), update_data(status="off_track", progress="10")
    )

    assert response.status_code == 302
    [update] = updates_of(police_action)
    assert (update.organisation, update.status) == (council, "off_track")
    assert refreshed(police_action).status == "off_track"


@pytest.mark.django_db
def test_an_observer_cannot_see_actions(client_for, observer, probation_action):
    client = client_for(observer)

    assert client.get(url("actions")).status_code == 403
    assert client.get(url("actions-detail", probation_action.pk)).status_code == 403


@pytest.mark.django_db
def test_an_update_dated_in_the_future_is_refused(client_for, partner, probation_action):
    tomorrow = TODAY() + datetime.timedelta(days=1)

    response = client_for(partner).post(
        url("actions-update", probation_action.pk),
        update_data(**date_fields("updated_on", tomorrow)),
    )

    assert response.status_code == 200
    assert "The date of the update must be today or in the past" in response.content.decode()
    assert updates_of(probation_action) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("tool.exe", b"MZ" + b"\x00" * 60, "tool.exe must be a PDF, DOCX, ODT, XLSX or CSV file"),
        ("minutes.pdf", b"Just some text pretending", "minutes.pdf is not a PDF file"),
    ],
)
def test_a_bad_evidence_file_is_refused_and_the_note_typed_is_kept(
    client_for, partner, probation_action, name, data, message
):
    response = client_for(partner).post(
        url("actions-update", probation_action.pk),
        update_data(note="Thirty young people reached in May.", evidence=upload(name, data)),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Thirty young people reached in May." in page
    assert re.search(r'value="on_track"[^>]*checked', page)
    assert updates_of(probation_action) == []


@pytest.mark.django_db
def test_progress_is_reported_once_the_strategy_is_agreed(
    client_for, partner, probation, probation_action
):
    set_status(probation_action.strategy, Strategy.Status.DRAFT)
    action = refreshed(probation_action)

    with scopes_disabled(), pytest.raises(ValidationError) as refused:
        services.action_post_update(
            action=action, organisation=probation, data=update_data(), acting_user=partner
        )
    page = client_for(partner).get(url("actions-update", action.pk)).content.decode()

    assert refused.value.messages == ["Progress is reported once the strategy is agreed"]
    assert "Progress is reported once the strategy is agreed" in page
    assert 'name="note"' not in page


def post_update(action, organisation, user, **data):
    values = {"updated_on": TODAY(), "status": "on_track", "progress": 50, "note": "Going well."}
    with scopes_disabled():
        return services.action_post_update(
            action=refreshed(action),
            organisation=organisation,
            data=values | data,
            acting_user=user,
        )


@pytest.mark.django_db
def test_a_complete_action_is_at_100_percent(partner, probation, probation_action):
    post_update(probation_action, probation, partner, status="complete", progress=80)

    action = refreshed(probation_action)
    assert (action.status, action.progress) == ("complete", 100)


@pytest.mark.django_db
def test_a_complete_action_is_reopened_by_a_later_update(partner, probation, probation_action):
    post_update(
        probation_action,
        probation,
        partner,
        status="complete",
        updated_on=TODAY() - datetime.timedelta(days=10),
    )
    post_update(probation_action, probation, partner, status="at_risk", progress=70)

    action = refreshed(probation_action)
    assert (action.status, action.progress, action.last_update_on) == ("at_risk", 70, TODAY())


@pytest.mark.django_db
def test_an_update_dated_before_the_latest_joins_the_timeline_without_changing_the_status(
    partner, probation, probation_action
):
    post_update(probation_action, probation, partner, status="on_track", progress=60)
    post_update(
        probation_action,
        probation,
        partner,
        status="at_risk",
        progress=30,
        updated_on=TODAY() - datetime.timedelta(days=30),
    )

    action = refreshed(probation_action)
    assert (action.status, action.progress, action.last_update_on) == ("on_track", 60, TODAY())
    assert len(updates_of(probation_action)) == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"progress": 101}, "progress", "Progress must be between 0 and 100"),
        ({"status": "finished"}, "status", "Select the status"),
        ({"note": "  "}, "note", "Enter what has happened"),
    ],
)
def test_an_update_must_be_complete_and_in_range(
    partner, probation, probation_action, data, field, message
):
    with pytest.raises(ValidationError) as refused:
        post_update(probation_action, probation, partner, **data)

    assert refused.value.message_dict[field] == [message]


# --- Evidence downloads ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_evidence_is_a_404_through_another_actions_address(
    client_for, partner, probation_action, police_action
):
    client = client_for(partner)
    client.post(
        url("actions-update", probation_action.pk),
        update_data(evidence=upload("register.pdf", PDF_BYTES)),
    )
    [update] = updates_of(probation_action)

    response = client.get(url("actions-evidence", police_action.pk, update.pk))

    assert response.status_code == 404


@pytest.mark.django_db
def test_an_update_without_evidence_has_nothing_to_download(
    client_for, partner, probation, probation_action
):
    update = post_update(probation_action, probation, partner)

    response = client_for(partner).get(url("actions-evidence", probation_action.pk, update.pk))

    assert response.status_code == 404


# --- The relevant authority's response ------------------------------------------------------------


@pytest.fixture
def schools(partnership):
    return OrganisationFactory(
        partnership=partnership, name="Northshire Schools Trust", sector_slug="education"
    )


@pytest.fixture
def head_teacher(schools):
    membership = MembershipFactory(organisation=schools, portal_role="partner")
    return membership.user


@pytest.fixture
def specified_action(priority, council, schools):
    """An action the strategy specifies for the schools trust, a relevant authority."""
    return ActionFactory(
        priority=priority,
        lead_organisation=council,
        relevant_authority=schools,
        relevant_authority_response=Action.Response.PENDING,
        title="Mentors in every secondary school",
    )


@pytest.mark.django_db
def test_the_relevant_authority_accepts_an_action_specified_for_it(
    client_for, head_teacher, specified_action
):
    responded = TODAY() - datetime.timedelta(days=3)

    response = client_for(head_teacher).post(
        url("actions-response", specified_action.pk),
        {"response": "accepted", **date_fields("responded_on", responded)},
    )

    assert response.status_code == 302
    action = refreshed(specified_action)
    assert action.relevant_authority_response == Action.Response.ACCEPTED
    assert action.relevant_authority_responded_on == responded
    page = client_for(head_teacher).get(url("actions-detail", action.pk)).content.decode()
    assert '<strong class="govuk-tag govuk-tag--green">Accepted</strong>' in page


@pytest.mark.django_db
def test_a_different_partner_cannot_record_the_relevant_authoritys_response(
    client_for, partner, specified_action
):
    client = client_for(partner)

    assert client.get(url("actions-response", specified_action.pk)).status_code == 403
    response = client.post(
        url("actions-response", specified_action.pk),
        {"response": "declined", **date_fields("responded_on", TODAY())},
    )
    assert response.status_code == 403
    assert refreshed(specified_action).relevant_authority_response == Action.Response.PENDING


@pytest.mark.django_db
def test_the_lead_records_a_decline_on_the_authoritys_behalf(client_for, lead, specified_action):
    response = client_for(lead).post(
        url("actions-response", specified_action.pk),
        {"response": "declined", **date_fields("responded_on", TODAY())},
    )

    assert response.status_code == 302
    assert refreshed(specified_action).relevant_authority_response == Action.Response.DECLINED


@pytest.mark.django_db
def test_an_action_not_specified_for_a_relevant_authority_has_no_response_page(
    client_for, lead, probation_action
):
    assert client_for(lead).get(url("actions-response", probation_action.pk)).status_code == 404


@pytest.mark.django_db
def test_a_response_needs_an_answer(client_for, head_teacher, specified_action):
    response = client_for(head_teacher).post(
        url("actions-response", specified_action.pk), date_fields("responded_on", TODAY())
    )

    assert response.status_code == 200
    assert "Select whether they accept or decline the action" in response.content.decode()
    assert refreshed(specified_action).relevant_authority_response == Action.Response.PENDING
