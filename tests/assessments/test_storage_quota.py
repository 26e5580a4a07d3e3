"""Every file people upload counts against the partnership's storage quota, not only the files
attached to contributions: Tom's signed copy of an agreement, Paul's evidence of progress,
Priya's meeting minutes and Tom's files answering the convener's information request. An upload
past the quota is refused with the same words, keeps what was typed and stores nothing; one
that fits is kept and counted, so a contribution's attachment finds less room; new minutes free
the old ones' room; and the lead's dashboard shows the total of them all."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from assessments import selectors
from assessments import services as assessment_services
from assessments.models import AgreementVersion, Attachment, Measure, SharingAgreement
from assessments.services import sharing
from oversight.models import InformationRequest, RequestAttachment
from oversight.services import information_requests
from partnerships.access import actor_for
from strategies.models import ActionUpdate, Meeting
from tests.factories import ContributionFactory

# The personas appear in every story here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
KNIFE = "knife-offensive-weapon-offences"
# What the quota's refusal says when nothing is stored yet and 1,200 bytes are offered.
NO_ROOM_FOR_1200 = (
    "These files come to 1.2\xa0KB, but the partnership has only 1000\xa0bytes of its "
    "1000\xa0bytes for attachments left. Remove attachments it no longer needs, or ask your "
    "partnership lead to, then attach the files again."
)


def pdf(name: str, size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF + b"0" * (size - len(PDF)), "application/pdf")


def url(name: str, *args) -> str:
    return reverse(f"tenant:{name}", args=["northshire", *args])


def date_fields(prefix: str, value: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(value.day),
        f"{prefix}_month": str(value.month),
        f"{prefix}_year": str(value.year),
    }


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def quota_of_1000_bytes(settings):
    """Northshire may keep 1,000 bytes of uploads; Southvale the default."""
    settings.PARTNERSHIP_STORAGE_QUOTAS = {"northshire": 1000}


def stored_files(media_root) -> list[str]:
    return sorted(p.name for p in media_root.rglob("*") if p.is_file())


def used(partnership) -> int:
    with scopes_disabled():
        return selectors.attachment_storage(partnership=partnership).used


def attach_to_contribution(organisation, file, acting_user):
    with scopes_disabled():
        return assessment_services.attachment_add(
            contribution=ContributionFactory(organisation=organisation),
            file=file,
            acting_user=acting_user,
        )


# --- Signed copies of agreements ------------------------------------------------------------------


def agreement_post(police, probation, **overrides) -> dict:
    return {
        "kind": "isa",
        "title": "Northshire ISA",
        "purpose": "Figures for the SNA.",
        "legal_bases": ["pcsc_s16"],
        "data_sets": "Counts by area.",
        "measures": [Measure.objects.get(slug=KNIFE).pk],
        "organisations": [police.pk, probation.pk],
        "owner": police.pk,
        "protective_marking": "official_sensitive",
        **date_fields("in_force_from", datetime.date(2026, 10, 1)),
    } | overrides


def register_agreement(data_lead, partnership, police, probation, signed_copy=None):
    data = {
        "kind": SharingAgreement.Kind.ISA,
        "title": "Northshire serious violence ISA",
        "purpose": "Aggregate figures for the strategic needs assessment.",
        "legal_bases": ["pcsc_s16"],
        "data_sets": "Quarterly counts of knife crime by area.",
        "organisations": [police, probation],
        "owner": police,
        "protective_marking": "official_sensitive",
        "in_force_from": datetime.date(2026, 10, 1),
        "signed_copy": signed_copy,
    }
    with scope(partnership=partnership):
        return sharing.agreement_register(actor=actor_for(data_lead, partnership), data=data)


@pytest.mark.django_db
def test_a_signed_copy_past_the_quota_is_refused_and_the_agreement_typed_is_kept(
    client_for, data_lead, police, probation, media_root
):
    response = client_for(data_lead).post(
        url("sharing-new"),
        agreement_post(police, probation, signed_copy=pdf("signed.pdf", 1200)),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert NO_ROOM_FOR_1200 in page
    assert "Figures for the SNA." in page
    with scopes_disabled():
        assert not SharingAgreement.objects.exists()
        assert not AgreementVersion.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_a_signed_copy_within_the_quota_is_kept_and_counted(
    client_for, data_lead, partnership, police, probation
):
    response = client_for(data_lead).post(
        url("sharing-new"), agreement_post(police, probation, signed_copy=pdf("signed.pdf", 600))
    )

    assert response.status_code == 302, response.context["form"].errors
    assert used(partnership) == 600


@pytest.mark.django_db
def test_a_new_signed_version_past_the_quota_is_refused(
    data_lead, partnership, police, probation, media_root
):
    agreement = register_agreement(
        data_lead, partnership, police, probation, signed_copy=pdf("v1.pdf", 600)
    )

    with scope(partnership=partnership), pytest.raises(ValidationError) as refused:
        sharing.agreement_new_version(
            agreement=agreement,
            actor=actor_for(data_lead, partnership),
            data={"in_force_from": datetime.date(2027, 1, 1), "signed_copy": pdf("v2.pdf", 600)},
        )

    assert (
        "has only 400\xa0bytes of its 1000\xa0bytes" in refused.value.message_dict["signed_copy"][0]
    )
    with scopes_disabled():
        assert agreement.versions.count() == 1
    assert len(stored_files(media_root)) == 1


# --- Evidence of progress -------------------------------------------------------------------------


def update_post(**overrides) -> dict:
    return {
        **date_fields("updated_on", timezone.localdate()),
        "status": "on_track",
        "progress": "40",
        "note": "Thirty young people reached in May.",
    } | overrides


@pytest.mark.django_db
def test_evidence_past_the_quota_is_refused_and_the_note_typed_is_kept(
    client_for, partner, probation_action, media_root
):
    response = client_for(partner).post(
        url("actions-update", probation_action.pk),
        update_post(evidence=pdf("register.pdf", 1200)),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert NO_ROOM_FOR_1200 in page
    assert "Thirty young people reached in May." in page
    with scopes_disabled():
        assert not ActionUpdate.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_evidence_within_the_quota_is_kept_and_counted(
    client_for, partner, partnership, probation_action
):
    response = client_for(partner).post(
        url("actions-update", probation_action.pk), update_post(evidence=pdf("register.pdf", 600))
    )

    assert response.status_code == 302
    assert used(partnership) == 600


# --- Meeting minutes ------------------------------------------------------------------------------


def meeting_post(*attendees, **overrides) -> dict:
    return {
        **date_fields("held_on", timezone.localdate() - datetime.timedelta(days=7)),
        "kind": Meeting.Kind.BOARD,
        "title": "Serious Violence Partnership Board",
        "attendees": [o.pk for o in attendees],
        "decisions": "Agreed the draft strategy for consultation.",
    } | overrides


def meetings() -> list[Meeting]:
    with scopes_disabled():
        return list(Meeting.objects.order_by("pk"))


@pytest.mark.django_db
def test_minutes_past_the_quota_are_refused_and_the_decisions_typed_are_kept(
    client_for, lead, police, media_root
):
    response = client_for(lead).post(
        url("meetings-new"), meeting_post(police, minutes=pdf("minutes.pdf", 1200))
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert NO_ROOM_FOR_1200 in page
    assert "Agreed the draft strategy for consultation." in page
    assert meetings() == []
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_minutes_within_the_quota_are_kept_and_counted(client_for, lead, partnership, police):
    response = client_for(lead).post(
        url("meetings-new"), meeting_post(police, minutes=pdf("minutes.pdf", 600))
    )

    assert response.status_code == 302
    assert used(partnership) == 600


@pytest.mark.django_db
def test_new_minutes_take_the_room_of_those_they_replace(
    client_for, lead, partnership, police, django_capture_on_commit_callbacks
):
    client = client_for(lead)
    client.post(url("meetings-new"), meeting_post(police, minutes=pdf("draft.pdf", 700)))
    [meeting] = meetings()

    # 900 bytes fit only because the 700 they replace go: 300 are free before.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("meetings-edit", meeting.pk),
            meeting_post(police, minutes=pdf("corrected.pdf", 900)),
        )

    assert response.status_code == 302
    [meeting] = meetings()
    assert meeting.minutes_name == "corrected.pdf"
    assert used(partnership) == 900


@pytest.mark.django_db
def test_new_minutes_too_big_even_for_the_room_they_free_are_refused(
    client_for, lead, partnership, police
):
    client = client_for(lead)
    client.post(url("meetings-new"), meeting_post(police, minutes=pdf("draft.pdf", 700)))
    [meeting] = meetings()

    response = client.post(
        url("meetings-edit", meeting.pk),
        meeting_post(police, title="Board, corrected", minutes=pdf("corrected.pdf", 1200)),
    )

    assert response.status_code == 200
    assert NO_ROOM_FOR_1200 in response.content.decode()
    [meeting] = meetings()
    assert (meeting.title, meeting.minutes_name) == (
        "Serious Violence Partnership Board",
        "draft.pdf",
    )
    assert used(partnership) == 700


# --- Files answering an information request -------------------------------------------------------


@pytest.fixture
def asked_of_police(convener, partnership, police):
    """Grace, the convener, requires the police to supply knife crime referrals in a month."""
    data = {
        "organisation": police,
        "outside_body": None,
        "subject": "Knife crime referrals",
        "asked": "Referrals to youth diversion for knife possession, by month.",
        "purpose": InformationRequest.Purpose.STRATEGY,
        "due_on": timezone.localdate() + datetime.timedelta(days=30),
    }
    with scope(partnership=partnership):
        return information_requests.information_request_make(
            actor=actor_for(convener, partnership), data=data
        )


def answer_post(*files) -> dict:
    return {"outcome": "answer", "response": "Referrals by month attached.", "attachments": files}


@pytest.mark.django_db
def test_files_answering_a_request_past_the_quota_are_refused_and_the_answer_is_kept(
    client_for, data_lead, asked_of_police, media_root
):
    response = client_for(data_lead).post(
        url("information-requests-respond", asked_of_police.pk),
        answer_post(pdf("referrals.pdf", 700), pdf("notes.pdf", 500)),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert NO_ROOM_FOR_1200 in page
    assert "Referrals by month attached." in page
    with scopes_disabled():
        asked_of_police.refresh_from_db()
        assert not RequestAttachment.objects.exists()
    assert asked_of_police.status == InformationRequest.Status.OPEN
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_files_answering_a_request_within_the_quota_are_kept_and_counted(
    client_for, data_lead, partnership, asked_of_police
):
    response = client_for(data_lead).post(
        url("information-requests-respond", asked_of_police.pk),
        answer_post(pdf("referrals.pdf", 400), pdf("notes.pdf", 200)),
    )

    assert response.status_code == 302
    assert used(partnership) == 600


# --- Together -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_contribution_finds_only_the_room_the_other_uploads_left(
    client_for, lead, partner, data_lead, probation, police, probation_action, asked_of_police
):
    posted = [
        client_for(data_lead).post(
            url("sharing-new"), agreement_post(police, probation, signed_copy=pdf("isa.pdf", 200))
        ),
        client_for(partner).post(
            url("actions-update", probation_action.pk),
            update_post(evidence=pdf("register.pdf", 200)),
        ),
        client_for(lead).post(url("meetings-new"), meeting_post(police, minutes=pdf("m.pdf", 200))),
        client_for(data_lead).post(
            url("information-requests-respond", asked_of_police.pk),
            answer_post(pdf("referrals.pdf", 200)),
        ),
    ]
    assert [response.status_code for response in posted] == [302] * 4
    attach_to_contribution(probation, pdf("profile.pdf", 100), partner)

    with pytest.raises(ValidationError) as refused:
        attach_to_contribution(probation, pdf("more.pdf", 101), partner)

    assert "has only 100\xa0bytes of its 1000\xa0bytes" in refused.value.message_dict["files"][0]
    with scopes_disabled():
        assert list(Attachment.objects.values_list("original_name", flat=True)) == ["profile.pdf"]


@pytest.mark.django_db
def test_another_partnerships_uploads_do_not_count(partnership, other_partnership):
    with scopes_disabled():
        Meeting.objects.create(
            partnership=other_partnership,
            held_on=timezone.localdate(),
            kind=Meeting.Kind.BOARD,
            title="Southvale board",
            minutes="partnerships/0/minutes/x",
            minutes_size=900,
        )

    assert used(partnership) == 0
    assert used(other_partnership) == 900


@pytest.mark.django_db
def test_the_lead_sees_the_storage_all_the_uploads_take_up(
    client_for, lead, partner, police, probation, probation_action
):
    posted = [
        client_for(partner).post(
            url("actions-update", probation_action.pk),
            update_post(evidence=pdf("register.pdf", 300)),
        ),
        client_for(lead).post(url("meetings-new"), meeting_post(police, minutes=pdf("m.pdf", 400))),
    ]
    assert [response.status_code for response in posted] == [302] * 2
    attach_to_contribution(probation, pdf("profile.pdf", 200), partner)

    page = client_for(lead).get(url("dashboard")).content.decode()

    assert "900\xa0bytes of 1000\xa0bytes used" in page


# --- The storage total's cost ---------------------------------------------------------------------


def add_uploads(*, partnership, organisation, action, information_request, each: int) -> None:
    """`each` more files of every kind, recorded as their services would (sizes only: reading
    the total never opens a file)."""
    with scopes_disabled():
        agreement = SharingAgreement.objects.create(
            partnership=partnership,
            kind=SharingAgreement.Kind.ISA,
            title="ISA",
            purpose="Figures.",
            owner=organisation,
            legal_bases=["pcsc_s16"],
            protective_marking="official_sensitive",
        )
        for n in range(each):
            Attachment.objects.create(
                partnership=partnership,
                contribution=ContributionFactory(organisation=organisation),
                file="partnerships/0/attachments/x",
                original_name="a.pdf",
                content_type="application/pdf",
                size=10,
            )
            AgreementVersion.objects.create(
                partnership=partnership,
                agreement=agreement,
                number=n + 1,
                in_force_from=datetime.date(2026, 10, 1),
                signed_copy="partnerships/0/agreements/x",
                signed_copy_size=10,
            )
            ActionUpdate.objects.create(
                partnership=partnership,
                action=action,
                organisation=organisation,
                updated_on=timezone.localdate(),
                note="Progress.",
                status="on_track",
                progress=40,
                evidence="partnerships/0/evidence/x",
                evidence_size=10,
            )
            Meeting.objects.create(
                partnership=partnership,
                held_on=timezone.localdate(),
                kind=Meeting.Kind.BOARD,
                title="Board",
                minutes="partnerships/0/minutes/x",
                minutes_size=10,
            )
            RequestAttachment.objects.create(
                partnership=partnership,
                information_request=information_request,
                file="partnerships/0/information-requests/x",
                name="r.pdf",
                content_type="application/pdf",
                size=10,
            )


def queries_to_read_the_storage(partnership) -> tuple[int, int]:
    with scopes_disabled(), CaptureQueriesContext(connection) as queries:
        storage = selectors.attachment_storage(partnership=partnership)
    return len(queries), storage.used


@pytest.mark.django_db
def test_the_storage_total_takes_one_query_for_1_or_5_files_of_each_kind(
    partnership, probation, probation_action, asked_of_police
):
    uploads = {
        "partnership": partnership,
        "organisation": probation,
        "action": probation_action,
        "information_request": asked_of_police,
    }
    add_uploads(**uploads, each=1)
    with_one = queries_to_read_the_storage(partnership)
    add_uploads(**uploads, each=4)
    with_five = queries_to_read_the_storage(partnership)

    assert with_one == (1, 50)
    assert with_five == (1, 250)
