"""Files given with contributions: checked by their content, stored privately under a random
key, and downloaded only by people who may see the contribution."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from assessments import attachments, services
from assessments.models import Attachment, Contribution
from partnerships.access import actor_for
from tests.factories import ContributionFactory, OrganisationFactory

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

PDF_BYTES = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX_BYTES = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX_BYTES = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT_BYTES = zip_bytes(
    {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"}
)
ODS_BYTES = zip_bytes(
    {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<o/>"}
)
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


def url(name: str, *args, slug: str = "northshire") -> str:
    return reverse(f"tenant:{name}", args=[slug, *args])


# --- What the checks accept and refuse ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "extension"),
    [
        ("report.pdf", PDF_BYTES, "pdf"),
        ("Report.PDF", PDF_BYTES, "pdf"),
        ("minutes.docx", DOCX_BYTES, "docx"),
        ("figures.xlsx", XLSX_BYTES, "xlsx"),
        ("notes.odt", ODT_BYTES, "odt"),
        ("figures.csv", b"area,value\nNorth,12\n", "csv"),
        ("bom.csv", "\ufeffarea,value\nCaf\u00e9,3\n".encode(), "csv"),
        ("windows.csv", "area,value\nCaf\u00e9 \u2013 east,3\n".encode("cp1252"), "csv"),
    ],
)
def test_real_files_of_each_allowed_type_pass(name, data, extension):
    assert attachments.check_upload(upload(name, data)).extension == extension


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.pdf", b"Just some text pretending", "report.pdf is not a PDF file"),
        ("minutes.docx", zip_bytes({"a.txt": b"hello"}), "minutes.docx is not a Word (DOCX) file"),
        ("minutes.docx", XLSX_BYTES, "minutes.docx is not a Word (DOCX) file"),
        ("figures.xlsx", DOCX_BYTES, "figures.xlsx is not a Excel (XLSX) file"),
        ("notes.odt", ODS_BYTES, "notes.odt is not a OpenDocument text (ODT) file"),
        ("notes.odt", PDF_BYTES, "notes.odt is not a OpenDocument text (ODT) file"),
        ("report.pdf", DOCX_BYTES, "report.pdf is not a PDF file"),
        ("figures.csv", PNG_BYTES, "figures.csv is not a CSV file"),
        ("figures.csv", b"area,value\x00\n", "figures.csv is not a CSV file"),
        ("figures.csv", b"GIF89a" + b"x" * 40, "figures.csv is not a CSV file"),
        ("figures.csv", b"area,value\n\x81\x8d\x8f\x90\x9d\n", "figures.csv is not a CSV file"),
        ("run.exe", b"MZ" + b"\x00" * 60, "run.exe must be a PDF, DOCX, ODT, XLSX or CSV file"),
        ("page.html", b"<html></html>", "page.html must be a PDF, DOCX, ODT, XLSX or CSV file"),
        ("noextension", PDF_BYTES, "noextension must be a PDF, DOCX, ODT, XLSX or CSV file"),
        ("empty.pdf", b"", "empty.pdf is empty"),
        ("../../etc/report.pdf", b"text", "report.pdf is not a PDF file"),
    ],
)
def test_files_whose_content_does_not_match_are_refused(name, data, message):
    with pytest.raises(ValidationError) as refused:
        attachments.check_upload(upload(name, data))

    assert refused.value.messages == [message]


def test_a_file_over_10_mb_is_refused():
    big = upload("huge.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024))

    with pytest.raises(ValidationError) as refused:
        attachments.check_upload(big)

    assert refused.value.messages == ["huge.pdf is larger than 10 MB"]


def test_the_limit_follows_the_setting(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024

    with pytest.raises(ValidationError) as refused:
        attachments.check_upload(upload("a.csv", b"a,b\n" * 400))

    assert "larger than" in refused.value.messages[0]


# --- Through the pages ----------------------------------------------------------------------------


def form_data(**overrides) -> dict:
    return {
        "element": "strategic-needs-assessment",
        "level": "engaged",
        "kind": "analysis",
        "title": "Problem profile 2025",
        "body": "Attached.",
        "period": "2026/27",
    } | overrides


@pytest.mark.django_db
def test_a_partner_attaches_files_that_are_stored_privately(client_for, partner, lead):
    response = client_for(partner).post(
        url("contributions-new"),
        form_data(files=[upload("report.pdf", PDF_BYTES), upload("figures.csv", b"a,b\n1,2\n")]),
    )

    assert response.status_code == 302
    with scopes_disabled():
        stored = list(Attachment.objects.order_by("original_name"))
    assert [a.original_name for a in stored] == ["figures.csv", "report.pdf"]
    assert stored[1].content_type == "application/pdf"
    assert stored[1].size == len(PDF_BYTES)
    assert stored[1].uploaded_by == partner
    assert "report" not in stored[1].file.name
    assert stored[1].file.name.startswith(f"partnerships/{stored[1].partnership_id}/attachments/")


@pytest.mark.django_db
def test_a_bad_file_refuses_the_whole_form_and_saves_nothing(client_for, partner):
    response = client_for(partner).post(
        url("contributions-new"),
        form_data(
            files=[upload("good.pdf", PDF_BYTES), upload("report.pdf", b"I am text, not a PDF")]
        ),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "report.pdf is not a PDF file" in page
    assert "Problem profile 2025" in page
    with scopes_disabled():
        assert not Contribution.objects.exists()
        assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_a_zip_renamed_docx_is_refused_on_the_page(client_for, partner):
    response = client_for(partner).post(
        url("contributions-new"),
        form_data(files=[upload("minutes.docx", zip_bytes({"notes.txt": b"hi"}))]),
    )

    assert response.status_code == 200
    assert "minutes.docx is not a Word (DOCX) file" in response.content.decode()


@pytest.fixture
def with_report(partner, probation, lead, data_lead):
    """Paul's submitted contribution with a PDF attached."""
    contribution = ContributionFactory(organisation=probation, created_by=partner)
    with scopes_disabled():
        attachment = services.attachment_add(
            contribution=contribution, file=upload("report.pdf", PDF_BYTES), acting_user=partner
        )
        services.contribution_submit(contribution=contribution, acting_user=partner)
    return contribution, attachment


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["lead", "partner", "data_lead"])
def test_people_who_see_the_contribution_download_its_files(
    request, client_for, with_report, persona
):
    contribution, attachment = with_report

    response = client_for(request.getfixturevalue(persona)).get(
        url("contributions-attachment", contribution.pk, attachment.pk)
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_detail_page_links_to_the_download(client_for, lead, with_report):
    contribution, attachment = with_report

    page = client_for(lead).get(url("contributions-detail", contribution.pk)).content.decode()

    assert url("contributions-attachment", contribution.pk, attachment.pk) in page
    assert "/private-files-are-not-served/" not in page


@pytest.mark.django_db
def test_an_observer_may_not_download(client_for, observer, with_report):
    contribution, attachment = with_report

    response = client_for(observer).get(
        url("contributions-attachment", contribution.pk, attachment.pk)
    )

    assert response.status_code == 403


@pytest.mark.django_db
def test_a_draft_attachment_of_another_organisation_is_404(
    client_for, data_lead, partner, probation
):
    draft = ContributionFactory(organisation=probation, created_by=partner)
    with scopes_disabled():
        attachment = services.attachment_add(
            contribution=draft, file=upload("draft.pdf", PDF_BYTES), acting_user=partner
        )

    response = client_for(data_lead).get(url("contributions-attachment", draft.pk, attachment.pk))

    assert response.status_code == 404


@pytest.mark.django_db
def test_another_partnerships_attachment_is_404(client_for, lead, outsider, other_partnership):
    southvale = OrganisationFactory(partnership=other_partnership, name="Southvale Police")
    theirs = ContributionFactory(organisation=southvale, status="returned")
    with scopes_disabled():
        attachment = services.attachment_add(
            contribution=theirs, file=upload("theirs.pdf", PDF_BYTES), acting_user=None
        )

    # Priya, in Northshire, with Southvale's ids under her own slug.
    response = client_for(lead).get(url("contributions-attachment", theirs.pk, attachment.pk))

    assert response.status_code == 404


@pytest.mark.django_db
def test_an_attachment_id_under_the_wrong_contribution_is_404(
    client_for, lead, with_report, probation
):
    _contribution, attachment = with_report
    other = ContributionFactory(organisation=probation, status="submitted")

    response = client_for(lead).get(url("contributions-attachment", other.pk, attachment.pk))

    assert response.status_code == 404


@pytest.mark.django_db
def test_downloading_is_get_only(client_for, lead, with_report):
    contribution, attachment = with_report

    response = client_for(lead).post(
        url("contributions-attachment", contribution.pk, attachment.pk)
    )

    assert response.status_code == 405


# --- Changing the attachments ---------------------------------------------------------------------


@pytest.mark.django_db
def test_editing_removes_and_adds_attachments(client_for, partner, probation):
    draft = ContributionFactory(organisation=probation, created_by=partner)
    with scopes_disabled():
        old = services.attachment_add(
            contribution=draft, file=upload("old.pdf", PDF_BYTES), acting_user=partner
        )

    response = client_for(partner).post(
        url("contributions-edit", draft.pk),
        form_data(remove=[old.pk], files=[upload("new.docx", DOCX_BYTES)]),
    )

    assert response.status_code == 302
    with scopes_disabled():
        assert [a.original_name for a in Attachment.objects.all()] == ["new.docx"]


@pytest.mark.django_db
def test_adding_a_file_to_an_accepted_item_is_a_new_revision(partner, lead, probation):
    contribution = ContributionFactory(organisation=probation, created_by=partner)
    with scopes_disabled():
        services.contribution_submit(contribution=contribution, acting_user=partner)
        services.contribution_accept(
            contribution=contribution, actor=actor_for(lead, contribution.partnership)
        )
        services.attachment_add(
            contribution=contribution, file=upload("late.csv", b"a,b\n"), acting_user=partner
        )
        contribution.refresh_from_db()

    assert contribution.revision == 2
    assert contribution.status == Contribution.Status.SUBMITTED
    assert contribution.changed_since_accepted


@pytest.mark.django_db
def test_the_service_refuses_a_bad_file_too(partner, probation):
    draft = ContributionFactory(organisation=probation, created_by=partner)

    with scopes_disabled(), pytest.raises(ValidationError):
        services.attachment_add(
            contribution=draft, file=upload("x.pdf", b"not a pdf"), acting_user=partner
        )


@pytest.mark.django_db
def test_an_oversized_file_is_refused_on_the_page(client_for, partner, settings):
    settings.ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024

    response = client_for(partner).post(
        url("contributions-new"),
        form_data(files=[upload("big.pdf", PDF_BYTES + b"0" * (2 * 1024 * 1024))]),
    )

    assert response.status_code == 200
    assert "big.pdf is larger than 2 MB" in response.content.decode()
    with scopes_disabled():
        assert not Contribution.objects.exists()
