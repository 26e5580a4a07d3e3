"""Meetings of the partnership board and its groups: the lead records when, who attended, what
was decided and the minutes; members who see the strategy read them and download the minutes
through a checked view."""

import datetime
import html
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from partnerships.access import actor_for
from strategies import services
from strategies.models import Meeting
from tests.factories import OrganisationFactory

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

PDF_BYTES = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


def url(name: str, *args) -> str:
    return reverse(f"tenant:{name}", args=["northshire", *args])


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def pdf(name: str = "Board minutes June.pdf", data: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def meeting_post(*attendees, on=None, **overrides) -> dict:
    on = on or days_ago(7)
    data = {
        "held_on_day": str(on.day),
        "held_on_month": str(on.month),
        "held_on_year": str(on.year),
        "kind": Meeting.Kind.BOARD,
        "title": "Serious Violence Partnership Board",
        "attendees": [o.pk for o in attendees],
        "decisions": "- Agreed the **draft strategy** for consultation",
    }
    data.update(overrides)
    return data


def meetings() -> list[Meeting]:
    with scopes_disabled():
        return list(Meeting.objects.order_by("pk"))


def errors(page: str) -> list[str]:
    summary = page.split('govuk-error-summary__list"', 1)[-1].split("</ul>", 1)[0]
    return [html.unescape(e.strip()) for e in re.findall(r'<a href="#[^"]*">([^<]*)</a>', summary)]


def add_meeting(partnership, *attendees, on=None, kind=Meeting.Kind.BOARD, **fields) -> Meeting:
    with scopes_disabled():
        meeting = Meeting.objects.create(
            partnership=partnership,
            held_on=on or days_ago(7),
            kind=kind,
            title=fields.pop("title", "Partnership board"),
            **fields,
        )
        meeting.attendees.set(attendees)
    return meeting


# --- Recording a meeting and downloading its minutes ----------------------------------------------


@pytest.mark.django_db
def test_the_lead_records_a_meeting_with_minutes_and_a_member_downloads_them(
    client_for, lead, partner, council, police, probation
):
    response = client_for(lead).post(
        url("meetings-new"), {**meeting_post(council, police, probation), "minutes": pdf()}
    )

    [meeting] = meetings()
    assert response.status_code == 302
    assert response.url == url("meetings-detail", meeting.pk)
    with scopes_disabled():
        assert set(meeting.attendees.all()) == {council, police, probation}
    assert meeting.minutes_name == "Board minutes June.pdf"
    assert meeting.minutes_content_type == "application/pdf"
    # Stored under a random key, never the name it was given.
    assert "Board minutes" not in meeting.minutes.name

    download = client_for(partner).get(url("meetings-minutes", meeting.pk))

    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    assert 'attachment; filename="Board minutes June.pdf"' in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_a_file_that_is_not_what_it_says_is_refused_with_a_message(client_for, lead, police):
    response = client_for(lead).post(
        url("meetings-new"),
        {**meeting_post(police), "minutes": pdf("minutes.pdf", b"Just some text pretending")},
    )

    assert response.status_code == 200
    assert errors(response.content.decode()) == ["minutes.pdf is not a PDF file"]
    assert meetings() == []


@pytest.mark.django_db
def test_a_file_of_a_type_not_allowed_is_refused(client_for, lead, police):
    response = client_for(lead).post(
        url("meetings-new"),
        {**meeting_post(police), "minutes": pdf("run.exe", b"MZ" + b"\x00" * 60)},
    )

    assert errors(response.content.decode()) == [
        "run.exe must be a PDF, DOCX, ODT, XLSX or CSV file"
    ]


@pytest.mark.django_db
def test_typed_values_are_kept_when_the_form_has_errors(client_for, lead, police):
    page = (
        client_for(lead)
        .post(url("meetings-new"), meeting_post(police, title="", decisions="Agreed priorities"))
        .content.decode()
    )

    assert errors(page) == ["Enter the title of the meeting"]
    assert "Agreed priorities</textarea>" in page
    assert re.search(rf'value="{police.pk}"[^>]*checked', page)


@pytest.mark.django_db
def test_a_meeting_dated_in_the_future_is_refused(client_for, lead, police):
    response = client_for(lead).post(
        url("meetings-new"), meeting_post(police, on=timezone.localdate() + datetime.timedelta(1))
    )

    assert errors(response.content.decode()) == ["The meeting date must be today or in the past"]
    assert meetings() == []


@pytest.mark.django_db
def test_attendees_are_the_partnerships_current_organisations(
    lead, partnership, other_partnership, police
):
    elsewhere = OrganisationFactory(partnership=other_partnership, sector_slug="police")
    retired = OrganisationFactory(partnership=partnership, retired_at=timezone.now())

    for stranger in (elsewhere, retired):
        with scopes_disabled(), pytest.raises(ValidationError) as refused:
            services.meeting_record(
                data={
                    "held_on": days_ago(1),
                    "kind": Meeting.Kind.BOARD,
                    "title": "Board",
                    "attendees": [police, stranger],
                },
                actor=actor_for(lead, partnership),
            )
        assert refused.value.messages == [
            "Choose organisations that are current members of the partnership"
        ]
    assert meetings() == []


@pytest.mark.django_db
def test_replacing_the_minutes_serves_the_new_file_and_removes_the_old(
    client_for, lead, police, django_capture_on_commit_callbacks
):
    client = client_for(lead)
    client.post(url("meetings-new"), {**meeting_post(police), "minutes": pdf()})
    [meeting] = meetings()
    old = meeting.minutes

    new_bytes = PDF_BYTES + b"% corrected\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("meetings-edit", meeting.pk),
            {**meeting_post(police), "minutes": pdf("Corrected minutes.pdf", new_bytes)},
        )

    assert response.status_code == 302
    [meeting] = meetings()
    assert meeting.minutes_name == "Corrected minutes.pdf"
    assert not old.storage.exists(old.name)
    download = client.get(url("meetings-minutes", meeting.pk))
    assert b"".join(download.streaming_content) == new_bytes


@pytest.mark.django_db
def test_changing_a_meeting_without_a_file_keeps_the_minutes(client_for, lead, police, probation):
    client = client_for(lead)
    client.post(url("meetings-new"), {**meeting_post(police), "minutes": pdf()})
    [meeting] = meetings()

    client.post(url("meetings-edit", meeting.pk), meeting_post(police, probation, title="Board"))

    [meeting] = meetings()
    assert (meeting.title, meeting.minutes_name) == ("Board", "Board minutes June.pdf")
    with scopes_disabled():
        assert set(meeting.attendees.all()) == {police, probation}


@pytest.mark.django_db
def test_a_meeting_without_minutes_has_nothing_to_download(client_for, partner, partnership):
    meeting = add_meeting(partnership)

    assert client_for(partner).get(url("meetings-minutes", meeting.pk)).status_code == 404


# --- Reading meetings -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_meeting_page_groups_attendance_by_statutory_role(
    client_for, partner, partnership, council, police, opcc, vcs
):
    meeting = add_meeting(partnership, vcs, police, opcc, council, decisions="Agreed **two**")

    page = client_for(partner).get(url("meetings-detail", meeting.pk)).content.decode()

    roles = re.findall(r'<h3 class="govuk-heading-s">([^<]+)</h3>', page)
    assert roles == ["Specified authority", "Convener", "Wider stakeholder"]
    specified = page.split("Specified authority</h3>", 1)[1].split("</ul>", 1)[0]
    assert "Northshire County Council" in specified and "Northshire Police" in specified
    assert "<strong>two</strong>" in page


@pytest.mark.django_db
def test_the_list_shows_meetings_newest_first_with_attendance(
    client_for, partner, partnership, police, probation
):
    add_meeting(partnership, police, on=days_ago(60), title="Spring board")
    add_meeting(partnership, police, probation, on=days_ago(3), title="Summer board")

    page = client_for(partner).get(url("meetings")).content.decode()

    assert page.index("Summer board") < page.index("Spring board")
    rows = re.findall(r'govuk-table__cell--numeric">(\d+)<', page)
    assert rows == ["2", "1"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["meetings", "meetings-detail", "meetings-minutes"])
def test_an_observer_may_not_see_meetings(client_for, observer, partnership, name):
    meeting = add_meeting(partnership, minutes="partnerships/0/minutes/x", minutes_name="m.pdf")
    args = [] if name == "meetings" else [meeting.pk]

    assert client_for(observer).get(url(name, *args)).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["partner", "convener"])
def test_only_the_lead_records_and_changes_meetings(
    request, client_for, partnership, police, persona
):
    meeting = add_meeting(partnership, police)
    client = client_for(request.getfixturevalue(persona))

    assert client.post(url("meetings-new"), meeting_post(police)).status_code == 403
    assert client.post(url("meetings-edit", meeting.pk), meeting_post(police)).status_code == 403
    assert client.get(url("meetings-detail", meeting.pk)).status_code == 200
    assert len(meetings()) == 1


@pytest.mark.django_db
def test_a_lead_of_another_partnership_cannot_change_this_ones_meeting(
    partnership, other_partnership, outsider, police
):
    """The service asks again whom the actor acts for: a lead, but of Southvale."""
    meeting = add_meeting(partnership, police)

    with scopes_disabled(), pytest.raises(PermissionDenied):
        services.meeting_edit(
            meeting=meeting,
            data={"held_on": days_ago(1), "kind": Meeting.Kind.BOARD, "title": "Changed"},
            actor=actor_for(outsider, other_partnership),
        )
    meeting.refresh_from_db()
    assert meeting.title == "Partnership board"


@pytest.mark.django_db
def test_the_meetings_list_takes_the_same_queries_for_3_or_12_meetings(
    client_for, lead, partnership
):
    client = client_for(lead)
    organisations = [OrganisationFactory(partnership=partnership) for _ in range(4)]
    counts = []
    for count in (3, 9):
        for index in range(count):
            add_meeting(
                partnership,
                *organisations[: 1 + index % 4],
                on=days_ago(index),
                minutes="partnerships/0/minutes/x" if index % 2 else "",
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("meetings")).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
