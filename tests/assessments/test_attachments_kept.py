"""Attachments kept across an error (issue 14): a file chosen on a contribution form that comes
back with an error is kept, named on the page with a way to remove it, and attached when the
form is saved; nobody can name another person's kept file, and files nobody saves are swept."""

import os
import time

import pytest
from celery import current_app
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from assessments import attachments
from assessments.models import Attachment, Contribution
from tests.assessments.contribution_stories import form_data, url

pytestmark = pytest.mark.usefixtures("northshire_built_once")

PDF_BYTES = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


def report(name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def post_with_a_mistake(client, **extra):
    """Paul's form with a file and no title."""
    return client.post(url("contributions-new"), form_data(title="", files=report(), **extra))


def kept_ids(response) -> list[str]:
    return [pending.id for pending in response.context["form"].pending_files]


@pytest.mark.django_db
def test_a_file_chosen_on_a_form_with_an_error_is_kept_and_named(client_for, partner, everyone):
    response = post_with_a_mistake(client_for(partner))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a title" in page
    assert "You uploaded report.pdf" in page
    assert "Untick a file to remove it" in page
    assert 'type="file"' in page  # more can still be added
    assert len(kept_ids(response)) == 1


@pytest.mark.django_db
def test_sending_the_form_again_attaches_the_kept_file(client_for, partner, everyone):
    client = client_for(partner)
    ids = kept_ids(post_with_a_mistake(client))

    response = client.post(url("contributions-new"), form_data(pending=ids))

    assert response.status_code == 302
    with scopes_disabled():
        attachment = Attachment.objects.get()
        assert attachment.original_name == "report.pdf"
        assert attachment.contribution == Contribution.objects.get()
        assert attachment.file.read() == PDF_BYTES


@pytest.mark.django_db
def test_an_unticked_kept_file_is_removed_not_attached(client_for, partner, everyone):
    client = client_for(partner)
    first = post_with_a_mistake(client)
    pending = first.context["form"].pending_files[0]

    # The page offered it (a hidden field) and Paul unticked it.
    client.post(url("contributions-new"), form_data(offered=[pending.id]))

    with scopes_disabled():
        assert not Attachment.objects.exists()
    assert not default_storage.exists(pending.key)


@pytest.mark.django_db
def test_a_kept_file_stays_kept_through_a_second_error(client_for, partner, everyone):
    client = client_for(partner)
    ids = kept_ids(post_with_a_mistake(client))

    again = client.post(url("contributions-new"), form_data(title="", pending=ids))

    assert kept_ids(again) == ids
    assert "You uploaded report.pdf" in again.content.decode()


@pytest.mark.django_db
def test_an_invalid_file_is_not_kept(client_for, partner, everyone):
    response = client_for(partner).post(
        url("contributions-new"),
        form_data(title="", files=SimpleUploadedFile("notes.exe", b"MZ\x90\x00")),
    )

    assert "must be a PDF, DOCX, ODT, XLSX or CSV file" in response.content.decode()
    assert kept_ids(response) == []


@pytest.mark.django_db
def test_another_persons_kept_file_cannot_be_named(client_for, partner, data_lead, everyone):
    ids = kept_ids(post_with_a_mistake(client_for(partner)))

    response = client_for(data_lead).post(url("contributions-new"), form_data(pending=ids))

    assert response.status_code == 302
    with scopes_disabled():
        assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_a_path_is_never_taken_for_a_kept_file(client_for, partner, everyone):
    client = client_for(partner)
    kept = post_with_a_mistake(client).context["form"].pending_files[0]

    client.post(url("contributions-new"), form_data(pending=[kept.key, "../../etc/passwd"]))

    with scopes_disabled():
        assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_kept_files_count_towards_the_files_one_save_may_attach(
    client_for, partner, everyone, settings
):
    settings.ATTACHMENT_MAX_FILES = 1
    client = client_for(partner)
    ids = kept_ids(post_with_a_mistake(client))

    response = client.post(
        url("contributions-new"), form_data(pending=ids, files=report("second.pdf"))
    )

    assert response.status_code == 200
    assert "Select up to 1 file at a time" in response.content.decode()
    with scopes_disabled():
        assert not Contribution.objects.exists()


@pytest.mark.django_db
def test_files_nobody_saved_are_swept_after_a_day(client_for, partner, everyone):
    kept = post_with_a_mistake(client_for(partner)).context["form"].pending_files[0]
    day_old = time.time() - attachments.PENDING_KEPT_FOR - 60
    os.utime(default_storage.path(kept.key), (day_old, day_old))

    assert attachments.sweep_pending_files() == 1
    assert not default_storage.exists(kept.key)


@pytest.mark.django_db
def test_a_fresh_kept_file_is_not_swept(client_for, partner, everyone):
    kept = post_with_a_mistake(client_for(partner)).context["form"].pending_files[0]

    assert attachments.sweep_pending_files() == 0
    assert default_storage.exists(kept.key)


@pytest.mark.django_db
def test_celery_beat_sweeps_unsaved_files_every_night(client_for, partner, everyone, settings):
    kept = post_with_a_mistake(client_for(partner)).context["form"].pending_files[0]
    day_old = time.time() - attachments.PENDING_KEPT_FOR - 60
    os.utime(default_storage.path(kept.key), (day_old, day_old))
    entry = next(
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "assessments.tasks.sweep_pending_attachments"
    )

    current_app.tasks[entry["task"]].delay()

    assert not default_storage.exists(kept.key)
