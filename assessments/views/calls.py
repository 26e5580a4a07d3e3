"""Calls for contributions — the list, issuing one, its completeness, closing it, the blank data
return that answers it — and each member's to-do list, where the calls addressed to them wait
until their organisation answers."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from partnerships.access import TenantRequest, tenant_view
from partnerships.list_downloads import download_paths, list_download
from partnerships.roles import DUTY_ROLE_CHOICES, Permission

from .. import lifecycles, selectors, services
from ..forms.calls import CallForm
from ..models import Call, financial_year
from ..uploads import blank_return_download


def _call(request: TenantRequest, call_pk: int) -> Call:
    try:
        return selectors.call_detail(partnership=request.partnership, call_pk=call_pk)
    except Call.DoesNotExist:
        raise Http404 from None


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def call_list(request: TenantRequest):
    summaries = selectors.call_list(partnership=request.partnership, today=timezone.localdate())
    return render(
        request,
        "assessments/calls/list.html",
        {
            "open_calls": [s for s in summaries if s.call.status == Call.Status.OPEN],
            "closed_calls": [s for s in summaries if s.call.status == Call.Status.CLOSED],
        },
    )


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def call_list_download(request: TenantRequest, fmt: str):
    """Every call as the page lists them: the open ones, then the closed."""
    summaries = selectors.call_list(partnership=request.partnership, today=timezone.localdate())
    ordered = [s for s in summaries if s.call.status == Call.Status.OPEN] + [
        s for s in summaries if s.call.status == Call.Status.CLOSED
    ]
    return list_download(
        request,
        name="calls",
        title=_("Calls for contributions"),
        fmt=fmt,
        header=[
            _("Call"),
            _("Status"),
            _("Period"),
            _("Due"),
            _("Submitted"),
            _("Expected"),
            _("Accepted"),
            _("Overdue"),
        ],
        rows=(
            [
                summary.call.title,
                summary.call.get_status_display(),
                summary.call.period,
                summary.call.due_on,
                summary.submitted,
                summary.expected,
                summary.accepted,
                summary.overdue,
            ]
            for summary in ordered
        ),
    )


@tenant_view(Permission.ISSUE_CALLS)
@require_http_methods(["GET", "HEAD", "POST"])
def call_new(request: TenantRequest):
    form = CallForm(
        request.POST if request.method == "POST" else None,
        partnership=request.partnership,
        initial={
            "period": financial_year(timezone.localdate()),
            "audience": Call.Audience.ORGANISATIONS,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            call = services.call_issue(
                partnership=request.partnership,
                title=data["title"],
                questions=data["questions"],
                elements=data["elements"],
                measures=data["measures"],
                period=data["period"],
                due_on=data["due_on"],
                audience=data["audience"],
                organisations=data["organisations"],
                duty_role=data["duty_role"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your call “%(title)s” has been issued") % {"title": call.title}
            )
            return redirect("tenant:calls-detail", request.partnership.slug, call.pk)
    return render(request, "assessments/calls/form.html", {"form": form})


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def call_detail(request: TenantRequest, call_pk: int):
    call = _call(request, call_pk)
    completeness = selectors.calls_completeness(calls=[call], today=timezone.localdate())
    draft = None
    if call.status == Call.Status.OPEN and request.actor.may(Permission.CONTRIBUTE):
        # "Continue your draft answer" instead of starting a second one.
        draft = selectors.contribution_draft_for_call(
            partnership=request.partnership,
            organisation_id=request.actor.organisation_id,
            call_id=call.pk,
        )
    return render(
        request,
        "assessments/calls/detail.html",
        {
            "call": call,
            "completeness": completeness[call.pk],
            "draft": draft,
            "duty_role_label": dict(DUTY_ROLE_CHOICES).get(call.duty_role, ""),
        },
    )


@tenant_view(Permission.ISSUE_CALLS)
@require_http_methods(["GET", "HEAD", "POST"])
def call_close(request: TenantRequest, call_pk: int):
    call = _call(request, call_pk)
    closing = lifecycles.CALL[Call.Status.CLOSED]
    if call.status not in closing.sources:
        return redirect("tenant:calls-detail", request.partnership.slug, call.pk)
    form = forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.call_close(call=call, acting_user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, closing.done % {"title": call.title})
            return redirect("tenant:calls-detail", request.partnership.slug, call.pk)
    return render(request, "assessments/calls/close.html", {"form": form, "call": call})


@tenant_view(Permission.CONTRIBUTE)
@require_safe
def call_data_template(request: TenantRequest, call_pk: int, *, spreadsheet: bool = False):
    """A blank data return for the call, as CSV or Excel: the upload's headings and a row for
    each measure the call asks for in each of the partnership's areas, for its period. It holds
    no figures, so unlike an export it is not noted on the activity timeline."""
    call = _call(request, call_pk)
    return blank_return_download(
        partnership=request.partnership,
        title=call.title,
        period=call.period,
        measure_slugs=[measure.slug for measure in call.measures.all()],
        spreadsheet=spreadsheet,
    )


@tenant_view(Permission.VIEW_PARTNERSHIP)
@require_safe
def todo(request: TenantRequest):
    return render(
        request,
        "assessments/calls/todo.html",
        {
            "todo": selectors.todo_list(actor=request.actor),
            "today": timezone.localdate(),
        },
    )


urlpatterns = [
    path("calls/", call_list, name="calls"),
    *download_paths("calls/list", call_list_download, name="calls"),
    path("calls/new/", call_new, name="calls-new"),
    path("calls/<int:call_pk>/", call_detail, name="calls-detail"),
    path("calls/<int:call_pk>/close/", call_close, name="calls-close"),
    path("calls/<int:call_pk>/data-return.csv", call_data_template, name="calls-data-template-csv"),
    path(
        "calls/<int:call_pk>/data-return.xlsx",
        call_data_template,
        {"spreadsheet": True},
        name="calls-data-template-xlsx",
    ),
    path("todo/", todo, name="todo"),
]
