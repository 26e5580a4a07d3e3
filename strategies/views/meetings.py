"""Meetings of the partnership board and its groups: when, who attended, what was decided, and
the minutes, which come back out only through a permission-checked download.

The lead records meetings; everyone who sees the strategy sees them. Attendance at board
meetings counts as evidence of collaboration in the engagement matrix.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from common.downloads import private_file_response
from common.forms import add_service_errors
from partnerships.access import TenantRequest, tenant_view
from partnerships.list_downloads import download_paths, list_download
from partnerships.roles import Permission

from .. import rules, selectors, services
from ..forms.meetings import MeetingForm
from ..models import Meeting

PAGE_SIZE = 25


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def meeting_list(request: TenantRequest):
    meetings = selectors.meeting_list(partnership=request.partnership)
    page_obj = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "strategies/meetings/list.html",
        {"page_obj": page_obj, "may_manage": rules.may_manage(actor=request.actor)},
    )


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def meeting_list_download(request: TenantRequest, fmt: str):
    """Every meeting the list shows, newest first; the minutes themselves stay behind their own
    download."""
    yes, no = _("Yes"), _("No")
    return list_download(
        request,
        name="meetings",
        title=_("Meetings"),
        fmt=fmt,
        header=[
            _("Date"),
            _("Meeting"),
            _("Type"),
            _("Organisations attending"),
            _("Minutes"),
        ],
        rows=(
            [
                meeting.held_on,
                meeting.title,
                meeting.get_kind_display(),
                meeting.attendance,
                yes if meeting.minutes else no,
            ]
            for meeting in selectors.meeting_list(partnership=request.partnership).iterator()
        ),
    )


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_new(request: TenantRequest):
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        organisations=selectors.meeting_attendee_choices(partnership=request.partnership),
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_record(data=form.cleaned_data, actor=request.actor)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” has been recorded") % {"title": meeting})
            return redirect("tenant:meetings-detail", request.partnership.slug, meeting.pk)
    return render(request, "strategies/meetings/form.html", {"form": form})


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def meeting_detail(request: TenantRequest, meeting_pk: int):
    meeting = get_object_or_404(Meeting.objects.select_related("recorded_by"), pk=meeting_pk)
    return render(
        request,
        "strategies/meetings/detail.html",
        {
            "meeting": meeting,
            "attendance": selectors.meeting_attendance(meeting=meeting),
            "may_manage": rules.may_manage(actor=request.actor),
        },
    )


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_edit(request: TenantRequest, meeting_pk: int):
    meeting = get_object_or_404(Meeting, pk=meeting_pk)
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        organisations=selectors.meeting_attendee_choices(
            partnership=request.partnership, meeting=meeting
        ),
        replacing_minutes=bool(meeting.minutes),
        initial={
            "held_on": meeting.held_on,
            "kind": meeting.kind,
            "title": meeting.title,
            "attendees": list(meeting.attendees.values_list("pk", flat=True)),
            "decisions": meeting.decisions,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_edit(meeting=meeting, data=form.cleaned_data, actor=request.actor)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” has been updated") % {"title": meeting})
            return redirect("tenant:meetings-detail", request.partnership.slug, meeting.pk)
    return render(request, "strategies/meetings/form.html", {"form": form, "meeting": meeting})


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def meeting_minutes(request: TenantRequest, meeting_pk: int):
    """The minutes, downloaded only by someone who may see the meeting; never served inline."""
    meeting = get_object_or_404(Meeting, pk=meeting_pk)
    if not meeting.minutes:
        raise Http404
    return private_file_response(
        meeting.minutes,
        filename=meeting.minutes_name or _("minutes"),
        content_type=meeting.minutes_content_type or "application/octet-stream",
    )


urlpatterns = [
    path("meetings/", meeting_list, name="meetings"),
    *download_paths("meetings/list", meeting_list_download, name="meetings"),
    path("meetings/new/", meeting_new, name="meetings-new"),
    path("meetings/<int:meeting_pk>/", meeting_detail, name="meetings-detail"),
    path("meetings/<int:meeting_pk>/edit/", meeting_edit, name="meetings-edit"),
    path("meetings/<int:meeting_pk>/minutes/", meeting_minutes, name="meetings-minutes"),
]
