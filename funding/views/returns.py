"""The convener's Home Office returns for a grant: the list, starting one, the return page with
each answer, what the portal found and where, answering a question, filling again from the
portal, sending it to the leads to check, signing it off, recording its submission, and the
workbook for the Home Office and the signed-off return as a PDF.

Every page goes through funding.access (`convener_view`, `grant_for`): a grant the person does
not convene in full, or a return of another grant, is a 404. Each is access → form → one service
call → redirect or render.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common.downloads import XLSX_TYPE, private_file_response
from common.forms import add_service_errors

from ..access import ConvenerRequest, convener_view, grant_for
from ..exports import return_xlsx
from ..forms_returns import ReturnAnswerForm, ReturnStartForm, ReturnSubmittedForm
from ..models import PdfStatus, ReturnAnswer
from ..selectors import returns as selectors
from ..services import returns as services


def _grant_and_return(request: ConvenerRequest, grant_pk: int, return_pk: int):
    grant = grant_for(request.user, grant_pk, convened=request.convened)
    submission = selectors.return_of(grant=grant, pk=return_pk)
    if submission is None:
        raise Http404
    return grant, submission


def _to_return(submission):
    return redirect("funding:return", submission.grant_id, submission.pk)


@convener_view
@require_safe
def return_list(request: ConvenerRequest, grant_pk: int):
    grant = grant_for(request.user, grant_pk, convened=request.convened)
    return render(
        request,
        "funding/returns/list.html",
        {"grant": grant, "returns": list(selectors.returns_of(grant=grant))},
    )


@convener_view
@require_http_methods(["GET", "HEAD", "POST"])
def return_start(request: ConvenerRequest, grant_pk: int):
    grant = grant_for(request.user, grant_pk, convened=request.convened)
    form = ReturnStartForm(request.POST or None, templates=selectors.published_templates())
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.return_start(
                grant=grant,
                template=form.cleaned_data["template"],
                period=form.cleaned_data["period"],
                due_on=form.cleaned_data["due_on"],
                user=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Return started, filled from what the portal holds"))
            return _to_return(submission)
    return render(request, "funding/returns/start.html", {"grant": grant, "form": form})


def _return_page(request, grant, submission, *, problems=None, status=200):
    return render(
        request,
        "funding/returns/detail.html",
        {
            "grant": grant,
            "submission": submission,
            "sections": selectors.sections_of(submission=submission),
            "problems": problems or [],
            "submitted_form": ReturnSubmittedForm() if not problems else None,
        },
        status=status,
    )


@convener_view
@require_safe
def return_detail(request: ConvenerRequest, grant_pk: int, return_pk: int):
    grant, submission = _grant_and_return(request, grant_pk, return_pk)
    return _return_page(request, grant, submission)


@convener_view
@require_http_methods(["GET", "HEAD", "POST"])
def return_answer(request: ConvenerRequest, grant_pk: int, return_pk: int, answer_pk: int):
    grant, submission = _grant_and_return(request, grant_pk, return_pk)
    answer = get_object_or_404(
        ReturnAnswer.objects.select_related("question", "partnership"),
        submission=submission,
        pk=answer_pk,
    )
    if submission.is_locked:
        return _to_return(submission)
    question = answer.question
    initial = {"value": selectors.editable(question, answer.value)}
    form = ReturnAnswerForm(request.POST or None, initial=initial, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_answer(
                submission=submission,
                question=question,
                partnership=answer.partnership,
                value=form.cleaned_data["value"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error("value", error)
        else:
            messages.success(request, _("Answer saved"))
            return _to_return(submission)
    return render(
        request,
        "funding/returns/answer.html",
        {
            "grant": grant,
            "submission": submission,
            "answer": answer,
            "prefilled_shown": selectors.shown(question, answer.prefilled_value),
            "form": form,
        },
    )


def _act(request, grant_pk, return_pk, act, success: str):
    """Run a change with no fields of its own; a refusal shows on the return page."""
    grant, submission = _grant_and_return(request, grant_pk, return_pk)
    try:
        act(submission=submission, user=request.user)
    except ValidationError as error:
        return _return_page(request, grant, submission, problems=error.messages, status=400)
    messages.success(request, success)
    return _to_return(submission)


@convener_view
@require_POST
def return_prefill(request: ConvenerRequest, grant_pk: int, return_pk: int):
    return _act(
        request,
        grant_pk,
        return_pk,
        services.return_prefill,
        _("Filled again from the portal; answers you changed are as you left them"),
    )


@convener_view
@require_POST
def return_send(request: ConvenerRequest, grant_pk: int, return_pk: int):
    return _act(
        request,
        grant_pk,
        return_pk,
        services.return_send_for_checking,
        _("Sent to the partnerships' leads to check"),
    )


@convener_view
@require_POST
def return_sign_off(request: ConvenerRequest, grant_pk: int, return_pk: int):
    return _act(request, grant_pk, return_pk, services.return_sign_off, _("Return signed off"))


@convener_view
@require_POST
def return_submitted(request: ConvenerRequest, grant_pk: int, return_pk: int):
    grant, submission = _grant_and_return(request, grant_pk, return_pk)
    form = ReturnSubmittedForm(request.POST)
    if form.is_valid():
        try:
            services.return_record_submission(
                submission=submission,
                submitted_on=form.cleaned_data["submitted_on"],
                reference=form.cleaned_data["reference"],
                user=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Submission to the Home Office recorded"))
            return _to_return(submission)
    return render(
        request,
        "funding/returns/detail.html",
        {
            "grant": grant,
            "submission": submission,
            "sections": selectors.sections_of(submission=submission),
            "problems": [],
            "submitted_form": form,
            "form": form,  # for the error summary
        },
        status=400,
    )


@convener_view
@require_safe
def return_download(request: ConvenerRequest, grant_pk: int, return_pk: int):
    _grant, submission = _grant_and_return(request, grant_pk, return_pk)
    name = _filename(submission)
    response = HttpResponse(return_xlsx(submission=submission), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _filename(submission) -> str:
    return slugify(f"{submission.template.name} {submission.period}") or "return"


@convener_view
@require_safe
def return_pdf_status(request: ConvenerRequest, grant_pk: int, return_pk: int):
    """The PDF's state, which the return page asks for every few seconds while it is made."""
    grant, submission = _grant_and_return(request, grant_pk, return_pk)
    return render(request, "funding/returns/_pdf.html", {"grant": grant, "submission": submission})


@convener_view
@require_POST
def return_pdf_again(request: ConvenerRequest, grant_pk: int, return_pk: int):
    return _act(
        request,
        grant_pk,
        return_pk,
        services.return_pdf_again,
        _("The PDF is being made again"),
    )


@convener_view
@require_safe
def return_pdf(request: ConvenerRequest, grant_pk: int, return_pk: int):
    _grant, submission = _grant_and_return(request, grant_pk, return_pk)
    if submission.pdf_status != PdfStatus.READY or not submission.pdf:
        raise Http404
    return private_file_response(
        submission.pdf,
        filename=f"{_filename(submission)}.pdf",
        content_type="application/pdf",
    )


_RETURN = "<int:grant_pk>/returns/<int:return_pk>/"
# Included at the end of funding/urls.py (app_name "funding"), beside the grant's pages.
urlpatterns = [
    path("<int:grant_pk>/returns/", return_list, name="returns"),
    path("<int:grant_pk>/returns/start/", return_start, name="return-start"),
    path(_RETURN, return_detail, name="return"),
    path(f"{_RETURN}answers/<int:answer_pk>/", return_answer, name="return-answer"),
    path(f"{_RETURN}prefill/", return_prefill, name="return-prefill"),
    path(f"{_RETURN}send/", return_send, name="return-send"),
    path(f"{_RETURN}sign-off/", return_sign_off, name="return-sign-off"),
    path(f"{_RETURN}submitted/", return_submitted, name="return-submitted"),
    path(f"{_RETURN}return.xlsx", return_download, name="return-xlsx"),
    path(f"{_RETURN}return.pdf", return_pdf, name="return-pdf"),
    path(f"{_RETURN}pdf/", return_pdf_status, name="return-pdf-status"),
    path(f"{_RETURN}pdf/again/", return_pdf_again, name="return-pdf-again"),
]
