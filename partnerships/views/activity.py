"""The partnership's activity timeline: who changed what, and when, newest first."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import selectors
from ..access import TenantRequest, tenant_view
from ..forms.activity import ActivityFilterForm
from ..list_downloads import download_paths, list_download
from ..models import AuditEntry, Partnership
from ..roles import Permission

PER_PAGE = 25


def timeline_title(entry: AuditEntry, partnership: Partnership) -> str:
    """A readable title: "Roles changed: Paul Reid", "Organisation changed: Northshire Police"."""
    label = entry.subject_label
    # A membership is labelled "Person (Partnership)"; on the partnership's own timeline the
    # partnership goes without saying.
    label = label.removesuffix(f" ({partnership.name})")
    if entry.summary:
        return _("%(summary)s: %(label)s") % {"summary": entry.summary, "label": label}
    subjects = {
        "organisation": _("Organisation"),
        "membership": _("Membership"),
        "invitation": _("Invitation"),
        "partnership": _("Partnership details"),
    }
    return _("%(subject)s %(action)s: %(label)s") % {
        "subject": subjects.get(entry.subject_type, entry.subject_type.capitalize()),
        "action": entry.get_action_display(),
        "label": label,
    }


@tenant_view(Permission.VIEW_ACTIVITY)
@require_safe
def activity(request: TenantRequest):
    form = ActivityFilterForm(request.GET)
    entries = selectors.audit_entries(
        partnership=request.partnership, subject_type=form.subject_type()
    )
    page_obj = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "partnerships/activity/timeline.html",
        {
            "filter_form": form,
            "page_obj": page_obj,
            "entries": [(e, timeline_title(e, request.partnership)) for e in page_obj],
        },
    )


def _changes(entry: AuditEntry) -> str:
    return "; ".join(
        f"{change.get('field', '')}: {change.get('old', '')} → {change.get('new', '')}"
        for change in entry.changes
    )


@tenant_view(Permission.VIEW_ACTIVITY)
@require_safe
def activity_download(request: TenantRequest, fmt: str):
    """The timeline with the page's filter, every page, newest first."""
    form = ActivityFilterForm(request.GET)
    entries = selectors.audit_entries(
        partnership=request.partnership, subject_type=form.subject_type()
    )
    return list_download(
        request,
        name="activity",
        title=_("Activity"),
        fmt=fmt,
        header=[_("When"), _("What"), _("By"), _("Changes")],
        rows=(
            [
                entry.occurred_at,
                timeline_title(entry, request.partnership),
                (entry.actor.full_name or entry.actor.email) if entry.actor else _("The system"),
                _changes(entry),
            ]
            for entry in entries.iterator(chunk_size=1000)
        ),
    )


urlpatterns = [
    path("activity/", activity, name="activity"),
    *download_paths("activity/log", activity_download, name="activity"),
]
