"""Attachments cannot fill the disk: one request attaches at most ten files and 50 MB, and a
partnership's attachments together stay within its storage quota. A refused upload says how much
room is left and what to do, and keeps everything else the person typed; the lead sees how much
of the quota is used."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from assessments import selectors, services
from assessments.models import Attachment, Contribution
from tests.factories import ContributionFactory, OrganisationFactory

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


def pdf(name: str, size: int = len(PDF)) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF + b"0" * (size - len(PDF)), "application/pdf")


def url(name: str, *args) -> str:
    return reverse(f"tenant:{name}", args=["northshire", *args])


def form_data(**overrides) -> dict:
    return {
        "element": "strategic-needs-assessment",
        "level": "engaged",
        "kind": "analysis",
        "title": "Problem profile 2025",
        "body": "What the profile found, typed with care.",
        "period": "2026/27",
    } | overrides


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def quota_of_1000_bytes(settings):
    settings.PARTNERSHIP_STORAGE_QUOTA_BYTES = 1000


def attach(contribution, file, acting_user=None):
    with scopes_disabled():
        return services.attachment_add(
            contribution=contribution, file=file, acting_user=acting_user
        )


def stored_names() -> list[str]:
    with scopes_disabled():
        return sorted(Attachment.objects.values_list("original_name", flat=True))


# --- Per request ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_eleven_files_at_once_are_refused_and_the_text_is_kept(client_for, partner):
    files = [pdf(f"report-{n}.pdf") for n in range(11)]

    response = client_for(partner).post(url("contributions-new"), form_data(files=files))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Select up to 10 files at a time." in page
    assert "What the profile found, typed with care." in page
    with scopes_disabled():
        assert not Contribution.objects.exists()
    assert stored_names() == []


@pytest.mark.django_db
def test_ten_files_at_once_are_fine(client_for, partner):
    files = [pdf(f"report-{n}.pdf") for n in range(10)]

    response = client_for(partner).post(url("contributions-new"), form_data(files=files))

    assert response.status_code == 302
    assert len(stored_names()) == 10


@pytest.mark.django_db
def test_files_over_the_total_for_one_request_are_refused(client_for, partner, settings):
    settings.ATTACHMENT_MAX_REQUEST_BYTES = 3 * 1024 * 1024
    files = [pdf(f"scan-{n}.pdf", 2 * 1024 * 1024) for n in range(2)]

    response = client_for(partner).post(url("contributions-new"), form_data(files=files))

    assert response.status_code == 200
    assert (
        "The files you selected come to 4.0\xa0MB; you can attach up to 3.0\xa0MB at a time."
        in response.content.decode()
    )
    assert stored_names() == []


@pytest.mark.django_db
def test_the_form_says_what_one_request_may_attach(client_for, partner):
    page = client_for(partner).get(url("contributions-new")).content.decode()

    assert "up to 10.0\xa0MB each: 10 files and 50.0\xa0MB at a time" in page


@pytest.mark.django_db
def test_the_service_refuses_too_many_files_too(partner, probation):
    with scopes_disabled(), pytest.raises(ValidationError) as refused:
        services.contribution_create(
            partnership=probation.partnership,
            organisation=probation,
            element=ContributionFactory.build().element,
            level="engaged",
            kind="analysis",
            title="Eleven files",
            body="",
            period="2026/27",
            acting_user=partner,
            files=[pdf(f"{n}.pdf") for n in range(11)],
        )

    assert refused.value.message_dict == {
        "files": [
            "Select up to 10 files at a time. Save the others for later: you can add them by "
            "changing the contribution."
        ]
    }


# --- Per partnership ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("quota_of_1000_bytes")
def test_an_upload_past_the_quota_says_how_much_room_is_left(client_for, partner, probation):
    attach(ContributionFactory(organisation=probation), pdf("old.pdf", 700))

    response = client_for(partner).post(
        url("contributions-new"), form_data(files=[pdf("new.pdf", 400)])
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "These files come to 400\xa0bytes, but the partnership has only 300\xa0bytes of its "
        "1000\xa0bytes for attachments left. Remove attachments it no longer needs, or ask your "
        "partnership lead to, then attach the files again."
    ) in page
    assert "What the profile found, typed with care." in page
    assert stored_names() == ["old.pdf"]
    with scopes_disabled():
        assert Contribution.objects.filter(title="Problem profile 2025").count() == 0


@pytest.mark.django_db
@pytest.mark.usefixtures("quota_of_1000_bytes")
def test_an_upload_that_fits_the_quota_exactly_is_stored(client_for, partner, probation):
    attach(ContributionFactory(organisation=probation), pdf("old.pdf", 700))

    response = client_for(partner).post(
        url("contributions-new"), form_data(files=[pdf("new.pdf", 300)])
    )

    assert response.status_code == 302
    assert stored_names() == ["new.pdf", "old.pdf"]


@pytest.mark.django_db
@pytest.mark.usefixtures("quota_of_1000_bytes")
def test_removing_old_attachments_in_the_same_change_makes_room(client_for, partner, probation):
    draft = ContributionFactory(organisation=probation, created_by=partner)
    old = attach(draft, pdf("old.pdf", 700), partner)

    response = client_for(partner).post(
        url("contributions-edit", draft.pk),
        form_data(remove=[old.pk], files=[pdf("new.pdf", 900)]),
    )

    assert response.status_code == 302
    assert stored_names() == ["new.pdf"]


@pytest.mark.django_db
@pytest.mark.usefixtures("quota_of_1000_bytes")
def test_adding_one_file_past_the_quota_is_refused(partner, probation):
    draft = ContributionFactory(organisation=probation, created_by=partner)
    attach(draft, pdf("old.pdf", 700), partner)

    with pytest.raises(ValidationError) as refused:
        attach(draft, pdf("new.pdf", 400), partner)

    assert "has only 300\xa0bytes of its 1000\xa0bytes" in refused.value.message_dict["files"][0]
    assert stored_names() == ["old.pdf"]


@pytest.mark.django_db
@pytest.mark.usefixtures("quota_of_1000_bytes")
def test_another_partnerships_attachments_do_not_count(partner, probation, other_partnership):
    southvale = OrganisationFactory(partnership=other_partnership, name="Southvale Police")
    attach(ContributionFactory(organisation=southvale, status="returned"), pdf("s.pdf", 900))

    attach(ContributionFactory(organisation=probation), pdf("ours.pdf", 900), partner)

    assert stored_names() == ["ours.pdf", "s.pdf"]


@pytest.mark.django_db
def test_a_partnership_can_have_a_quota_of_its_own(settings, partner, probation):
    settings.PARTNERSHIP_STORAGE_QUOTAS = {"northshire": 500, "southvale": 10_000}

    with pytest.raises(ValidationError):
        attach(ContributionFactory(organisation=probation), pdf("big.pdf", 600), partner)


# --- What the lead sees ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_reading_the_storage_use_is_one_query(partnership, probation, django_assert_num_queries):
    for n in range(3):
        attach(ContributionFactory(organisation=probation), pdf(f"{n}.pdf", 1000))

    with scopes_disabled(), django_assert_num_queries(1):
        storage = selectors.attachment_storage(partnership=partnership)

    assert (storage.used, storage.quota, storage.left) == (3000, 2 * 1024**3, 2 * 1024**3 - 3000)


@pytest.mark.django_db
def test_the_lead_sees_how_much_storage_is_used(client_for, lead, probation):
    attach(ContributionFactory(organisation=probation), pdf("profile.pdf", 3 * 1024 * 1024))

    page = client_for(lead).get(url("dashboard")).content.decode()

    assert "Storage for attachments" in page
    assert "3.0\xa0MB of 2.0\xa0GB used" in page


@pytest.mark.django_db
def test_a_partner_does_not_see_the_storage(client_for, partner):
    page = client_for(partner).get(url("dashboard")).content.decode()

    assert "Storage for attachments" not in page
