"""The convener's requests for information (s.17 of the Act): the list, making a request, one
request with its answer, answering or refusing it, withdrawing it, and the answer's files.

Every member passes the tenant check (VIEW_PARTNERSHIP) so that both the convener and those who
answer can open these pages; the row rules in oversight.rules then decide (403 for the rest).
The answer's files leave only through a permission-checked download, noted on the timeline.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from common.downloads import private_file_response
from common.forms import add_service_errors
from partnerships.access import TenantRequest, tenant_view
from partnerships.audit import record_download
from partnerships.list_downloads import download_paths, list_download
from partnerships.roles import Permission

from .. import rules
from ..forms import InformationRequestForm, ResponseForm
from ..models import InformationRequest, RequestAttachment
from ..selectors import information_requests as selectors
from ..services import information_requests as services


def _bound(request: TenantRequest):
    posted = request.method == "POST"
    return (request.POST if posted else None), (request.FILES if posted else None)


def _information_request(request: TenantRequest, information_request_pk: int, *, rule):
    """The request (404 if not the partnership's), if the rule lets the actor at it (403)."""
    information_request = selectors.information_request_detail(
        actor=request.actor, information_request_pk=information_request_pk
    )
    if not rule(request.actor, information_request):
        raise PermissionDenied
    return information_request


def _to_detail(request: TenantRequest, information_request: InformationRequest):
    return redirect(
        "tenant:information-requests-detail", request.partnership.slug, information_request.pk
    )


@tenant_view(Permission.VIEW_PARTNERSHIP)
@require_safe
def request_list(request: TenantRequest):
    if not rules.may_see_requests(request.actor):
        raise PermissionDenied
    return render(
        request,
        "oversight/information_requests/list.html",
        {
            "requests": selectors.information_request_list(
                actor=request.actor, today=timezone.localdate()
            ),
            "may_require": rules.may_require(request.actor),
        },
    )


@tenant_view(Permission.VIEW_PARTNERSHIP)
@require_safe
def request_list_download(request: TenantRequest, fmt: str):
    """The requests this person's list shows (the convener's every one; an answerer's, those
    made of their organisation), open ones first."""
    if not rules.may_see_requests(request.actor):
        raise PermissionDenied
    requests = selectors.information_request_list(actor=request.actor, today=timezone.localdate())
    return list_download(
        request,
        name="information-requests",
        title=_("Information requests"),
        fmt=fmt,
        header=[
            _("Subject"),
            _("Asked of"),
            _("Outside the partnership"),
            _("Due by"),
            _("Status"),
            _("Files"),
        ],
        rows=(
            [
                information_request.subject,
                information_request.addressee.name,
                _("Yes") if information_request.asks_outside_body else _("No"),
                information_request.due_on,
                _("Overdue")
                if information_request.overdue
                else information_request.get_status_display(),
                information_request.attachment_count,
            ]
            for information_request in requests
        ),
    )


@tenant_view(Permission.REQUIRE_INFORMATION)
@require_http_methods(["GET", "HEAD", "POST"])
def request_new(request: TenantRequest):
    form = InformationRequestForm(
        request.POST if request.method == "POST" else None,
        organisations=services.askable_organisations(partnership=request.partnership),
        bodies=services.askable_bodies(partnership=request.partnership),
    )
    if request.method == "POST" and form.is_valid():
        try:
            information_request = services.information_request_make(
                actor=request.actor, data=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("You have required %(addressee)s to supply “%(subject)s”")
                % {
                    "addressee": information_request.addressee,
                    "subject": information_request.subject,
                },
            )
            return _to_detail(request, information_request)
    return render(request, "oversight/information_requests/new.html", {"form": form})


@tenant_view(Permission.VIEW_PARTNERSHIP)
@require_safe
def request_detail(request: TenantRequest, information_request_pk: int):
    information_request = _information_request(request, information_request_pk, rule=rules.may_see)
    return render(
        request,
        "oversight/information_requests/detail.html",
        {
            "information_request": information_request,
            "overdue": information_request.is_overdue(timezone.localdate()),
            "may_respond": information_request.is_open
            and rules.may_respond(request.actor, information_request),
            "may_withdraw": information_request.is_open and rules.may_require(request.actor),
        },
    )


@tenant_view(Permission.VIEW_PARTNERSHIP)
@require_http_methods(["GET", "HEAD", "POST"])
def request_respond(request: TenantRequest, information_request_pk: int):
    information_request = _information_request(
        request, information_request_pk, rule=rules.may_respond
    )
    if not information_request.is_open:
        messages.error(request, _("This request is no longer open"))
        return _to_detail(request, information_request)
    form = ResponseForm(*_bound(request))
    if request.method == "POST" and form.is_valid():
        refusing = form.cleaned_data["outcome"] == ResponseForm.Outcome.REFUSE
        service = (
            services.information_request_refuse if refusing else services.information_request_answer
        )
        try:
            service(
                information_request=information_request,
                actor=request.actor,
                data=form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("You have refused the request")
                if refusing
                else _("You have answered the request"),
            )
            return _to_detail(request, information_request)
    return render(
        request,
        "oversight/information_requests/respond.html",
        {"form": form, "information_request": information_request},
    )


# Looked up before the convener's permission is checked: another partnership's request is a 404
# to everyone, never a 403 that would confirm it exists.
@tenant_view(Permission.VIEW_PARTNERSHIP)
@require_http_methods(["GET", "HEAD", "POST"])
def request_withdraw(request: TenantRequest, information_request_pk: int):
    information_request = _information_request(
        request, information_request_pk, rule=lambda actor, _request: rules.may_require(actor)
    )
    if not information_request.is_open:
        messages.error(request, _("This request is no longer open"))
        return _to_detail(request, information_request)
    if request.method == "POST":
        try:
            services.information_request_withdraw(
                information_request=information_request, actor=request.actor
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("You have withdrawn the request"))
        return _to_detail(request, information_request)
    return render(
        request,
        "oversight/information_requests/withdraw.html",
        {"information_request": information_request},
    )


@tenant_view(Permission.VIEW_PARTNERSHIP)
@require_safe
def request_attachment(
    request: TenantRequest, information_request_pk: int, request_attachment_pk: int
):
    """A file of the answer, downloaded only by the convener or those who answer for the
    organisation asked; noted on the activity timeline like every copy taken out."""
    information_request = _information_request(request, information_request_pk, rule=rules.may_see)
    attachment = get_object_or_404(
        RequestAttachment.objects.filter(information_request=information_request),
        pk=request_attachment_pk,
    )
    response = private_file_response(
        attachment.file,
        filename=attachment.name,
        content_type=attachment.content_type or "application/octet-stream",
    )
    record_download(
        partnership=request.partnership,
        actor=request.user,
        what=_("File of the answer to “%(subject)s”") % {"subject": information_request.subject},
        summary=attachment.name,
    )
    return response


urlpatterns = [
    path("information-requests/", request_list, name="information-requests"),
    *download_paths(
        "information-requests/list", request_list_download, name="information-requests"
    ),
    path("information-requests/new/", request_new, name="information-requests-new"),
    path(
        "information-requests/<int:information_request_pk>/",
        request_detail,
        name="information-requests-detail",
    ),
    path(
        "information-requests/<int:information_request_pk>/respond/",
        request_respond,
        name="information-requests-respond",
    ),
    path(
        "information-requests/<int:information_request_pk>/withdraw/",
        request_withdraw,
        name="information-requests-withdraw",
    ),
    path(
        "information-requests/<int:information_request_pk>/attachments/"
        "<int:request_attachment_pk>/",
        request_attachment,
        name="information-requests-attachment",
    ),
]
