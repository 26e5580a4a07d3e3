"""A signed-off Home Office return as a PDF: the record the convener files beside the workbook.

It is rendered by the documents worker through the portal's one safe renderer
(documents.pdf.render_pdf: tagged PDF/UA, fetching nothing but our own static files), from the
same answers and in the same words as the return's page and the XLSX export, so the three
reconcile to the penny. A return is a few pages (its questions times the partnerships the grant
covers, each answer at most ANSWER_MAX_LENGTH characters), so one render is seconds.

Rendering is requested when the return is signed off and again when its submission is recorded
(services.returns); each request bumps `pdf_revision`, and `return_pdf_run` keeps its file only
if no later request came while it rendered.
"""

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.pdf import RenderError, render_pdf
from outbox import services as outbox
from partnerships.models import Partnership

from . import tasks as _tasks
from .models import PdfStatus, ReturnSubmission
from .models.returns import return_pdf_key
from .selectors.returns import sections_of

Marking = Partnership.ProtectiveMarking


def return_pdf_request(submission: ReturnSubmission) -> None:
    """Ask the documents worker for the return's PDF once the transaction commits (through the
    outbox, so nothing is lost while the broker is away). Called by the services that change
    what the PDF shows, inside their transaction."""
    ReturnSubmission.objects.filter(pk=submission.pk).update(
        pdf_status=PdfStatus.PREPARING, pdf_revision=F("pdf_revision") + 1, pdf_error=""
    )
    submission.refresh_from_db(fields=["pdf_status", "pdf_revision", "pdf_error"])
    outbox.hand_over(_tasks.render_return_pdf, submission.pk, submission.pdf_revision)


def return_html(*, submission: ReturnSubmission) -> str:
    """The return as the HTML the renderer takes (three queries: the partnerships, the answers
    and who signed it off)."""
    partnerships = list(submission.grant.partnerships.order_by("name"))
    markings = {partnership.protective_marking for partnership in partnerships}
    # The return carries every partnership's answers, so it is marked as the most protected.
    marking = (
        Marking.OFFICIAL_SENSITIVE if Marking.OFFICIAL_SENSITIVE in markings else Marking.OFFICIAL
    )
    return render_to_string(
        "funding/returns/pdf.html",
        {
            "submission": submission,
            "grant": submission.grant,
            "sections": sections_of(submission=submission),
            # The cover and running header name who the document is for: here every partnership.
            "partnership": {"name": ", ".join(p.name for p in partnerships)},
            "areas": sorted({area for p in partnerships for area in p.areas}),
            "marking": Marking(marking).label,
            "generated_on": timezone.localdate(),
            "draft": not submission.is_locked,
        },
    )


def return_pdf_run(submission_id: int, revision: int) -> bool:
    """Render revision `revision` of the return's PDF and keep it unless a later one was asked
    for meanwhile; False when nothing was kept. A failure is recorded for the return's page in
    plain words, with a button to try again."""
    submission = (
        ReturnSubmission.objects.select_related("grant", "template", "signed_off_by")
        .filter(pk=submission_id, pdf_revision=revision)
        .first()
    )
    if submission is None:
        return False  # gone, or a later request superseded this one
    try:
        rendered = render_pdf(return_html(submission=submission))
    except (RenderError, SoftTimeLimitExceeded) as error:
        message = (
            str(error)
            if isinstance(error, RenderError)
            else _(
                "The PDF took too long to make. Try again, and if it fails again tell the "
                "portal's support team."
            )
        )
        ReturnSubmission.objects.filter(pk=submission_id, pdf_revision=revision).update(
            pdf_status=PdfStatus.FAILED, pdf_error=message[:500]
        )
        return False
    storage = ReturnSubmission._meta.get_field("pdf").storage
    # Each revision has its own key, so a render that lost the race never overwrites the file
    # of a newer one: it is saved, found superseded, and deleted again.
    name = storage.save(return_pdf_key(submission_id, revision), ContentFile(rendered.content))
    kept = ReturnSubmission.objects.filter(pk=submission_id, pdf_revision=revision).update(
        pdf=name,
        pdf_status=PdfStatus.READY,
        pdf_error="",
        pdf_pages=rendered.page_count,
        pdf_rendered_at=timezone.now(),
    )
    if not kept:
        storage.delete(name)
        return False
    if submission.pdf and submission.pdf.name != name:
        storage.delete(submission.pdf.name)  # the revision this one replaces
    return True
