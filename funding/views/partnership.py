"""The partnership's funding pages, under /p/<slug>/funding/: its allocations of the Duty grant
with their parts and spend, recording and correcting a quarter's spend, uploading a file of
spend and downloading the file to fill in, and (for the convener) dividing an allocation.

Every view goes through `tenant_view`, so another partnership's allocation is a 404 like one
that does not exist; the row rules (funding/rules.py) answer 403 for what a member may see but
not do. A rejected upload is not kept: the page lists every problem and asks for the corrected
file, and says that nothing was saved.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from common.forms import add_service_errors
from partnerships.access import TenantRequest, tenant_view
from partnerships.list_downloads import download_paths, list_download
from partnerships.roles import Permission

from .. import rules
from ..forms_spend import PartForm, SpendForm, SpendUploadForm
from ..models import Allocation, SpendRecord
from ..money import total
from ..selectors.partnership import (
    QUARTERS,
    SLIPPAGE_THRESHOLD,
    UNDERSPEND_THRESHOLD,
    Flags,
    partnership_funding,
    quarter_of,
    recordable_allocations,
)
from ..services import parts as part_services
from ..services import spend as spend_services
from ..uploads import COLUMNS, MAX_ROWS, reference_for, spend_template_download


def _allocations():
    # Built per request: the tenant scope applies when a queryset is made, not when it runs.
    return Allocation.objects.select_related(
        "line__grant", "parent", "organisation", "service", "action"
    )


def _refuse_unless_sees_funding(request: TenantRequest) -> None:
    # tenant_view checks one permission; the funding pages are for holders of either of two.
    if not rules.sees_funding(request.actor):
        raise PermissionDenied


def _to_funding(request: TenantRequest):
    return redirect("tenant:funding", request.partnership.slug)


@tenant_view(Permission.VIEW_PARTNERSHIP)
@require_safe
def funding(request: TenantRequest):
    _refuse_unless_sees_funding(request)
    return render(
        request,
        "funding/partnership/funding.html",
        {
            "funding": partnership_funding(
                partnership=request.partnership, actor=request.actor, today=timezone.localdate()
            ),
            "may_record": request.actor.may(Permission.RECORD_SPEND),
            "underspend_percent": int(UNDERSPEND_THRESHOLD * 100),
            "slippage_percent": int(SLIPPAGE_THRESHOLD * 100),
        },
    )


def _flag_names(flags: Flags) -> str:
    names = [
        (flags.underspend, _("Underspend")),
        (flags.slippage, _("Slippage")),
        (flags.reason_needed, _("Reason needed")),
    ]
    return ", ".join(name for shown, name in names if shown)


def _blank_if_none(amount):
    return "" if amount is None else amount


@tenant_view(Permission.VIEW_PARTNERSHIP)
@require_safe
def funding_download(request: TenantRequest, fmt: str):
    """The funding page's spend rows, a part or an allocation's undivided rest a row, as CSV or
    XLSX: the page's own read, so its figures are the page's to the penny."""
    _refuse_unless_sees_funding(request)
    funding = partnership_funding(
        partnership=request.partnership, actor=request.actor, today=timezone.localdate()
    )
    described = [
        _("Grant"),
        _("Line"),
        _("Allocation"),
        _("What the allocation pays for"),
        _("Reference"),
        _("Paid to"),
        _("What the part pays for"),
    ]
    amounts = [
        _("Amount"),
        *(_("Q%(quarter)s spent") % {"quarter": quarter} for quarter in QUARTERS),
        _("Spent"),
        _("Forecast"),
        _("Variance"),
    ]
    rows = []
    for entry in funding.allocations:
        allocation = entry.allocation
        for row in entry.rows:
            if not row.undivided:
                paid_to, purpose = str(row.allocation.recipient or ""), row.allocation.purpose
            elif entry.divided:
                paid_to, purpose = _("Not divided"), ""
            else:
                paid_to, purpose = _("The whole allocation"), ""
            rows.append(
                [
                    str(allocation.line.grant),
                    allocation.line.get_kind_display(),
                    reference_for(allocation),
                    allocation.purpose,
                    reference_for(row.allocation),
                    paid_to,
                    purpose,
                    row.amount,
                    *("" if record is None else record.actual for record in row.quarters),
                    row.spent,
                    _blank_if_none(row.forecast),
                    _blank_if_none(row.variance),
                    _flag_names(row.flags),
                ]
            )
    return list_download(
        request,
        name="funding",
        title=_("Funding"),
        fmt=fmt,
        header=[*described, *amounts, _("Flags")],
        rows=rows,
        money=range(len(described), len(described) + len(amounts)),
    )


def _spend_page(request: TenantRequest, allocation: Allocation, record: SpendRecord | None):
    """Record a quarter's spend for `allocation`, or correct `record`: the same form, and the
    service creates or corrects whichever quarter is chosen."""
    if not rules.may_record_spend(allocation, actor=request.actor):
        raise PermissionDenied
    grant_year = allocation.line.grant.grant_year
    if record is None:
        asked = request.GET.get("quarter", "")
        quarter = int(asked) if asked in {"1", "2", "3", "4"} else None
        quarter = quarter or quarter_of(grant_year, timezone.localdate())
        record = SpendRecord.objects.filter(allocation=allocation, quarter=quarter).first()
    else:
        quarter = record.quarter
    initial = {"year": grant_year, "quarter": quarter}
    if record is not None:
        initial |= {
            "actual": f"{record.actual:,.2f}",
            "forecast": "" if record.forecast is None else f"{record.forecast:,.2f}",
            "outputs": record.outputs,
            "evidence": record.evidence,
            "variance_reason": record.variance_reason,
        }
    posted = request.method == "POST"
    form = SpendForm(request.POST if posted else None, initial=initial, grant_year=grant_year)
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            saved = spend_services.spend_record(
                allocation=allocation,
                year=data["year"],
                quarter=data["quarter"],
                data=data,
                actor=request.actor,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Spend for %(reference)s in Q%(quarter)s has been saved")
                % {"reference": reference_for(allocation), "quarter": saved.quarter},
            )
            return _to_funding(request)
    history = []
    if record is not None:
        history = list(record.history.select_related("history_user").order_by("-history_date"))
    return render(
        request,
        "funding/partnership/spend.html",
        {
            "allocation": allocation,
            "reference": reference_for(allocation),
            "form": form,
            "record": record,
            "history": history,
        },
    )


@tenant_view(Permission.RECORD_SPEND)
@require_http_methods(["GET", "HEAD", "POST"])
def spend(request: TenantRequest, allocation_pk: int):
    return _spend_page(request, get_object_or_404(_allocations(), pk=allocation_pk), None)


@tenant_view(Permission.RECORD_SPEND)
@require_http_methods(["GET", "HEAD", "POST"])
def spend_edit(request: TenantRequest, spend_pk: int):
    record = get_object_or_404(
        SpendRecord.objects.select_related(
            "allocation__line__grant",
            "allocation__organisation",
            "allocation__parent",
            "allocation__action",
            "allocation__service",
        ),
        pk=spend_pk,
    )
    return _spend_page(request, record.allocation, record)


@tenant_view(Permission.RECORD_SPEND)
@require_http_methods(["GET", "HEAD", "POST"])
def upload(request: TenantRequest):
    posted = request.method == "POST"
    form = SpendUploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        allocations=recordable_allocations(actor=request.actor),
    )
    if posted and form.is_valid():
        try:
            saved = spend_services.spend_upload(
                partnership=request.partnership, rows=form.result.rows, actor=request.actor
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s quarter of spend has been saved",
                    "%(count)s quarters of spend have been saved",
                    len(saved),
                )
                % {"count": len(saved)},
            )
            return _to_funding(request)
    return render(
        request,
        "funding/partnership/upload.html",
        {
            "form": form,
            "rejected": posted and bool(form.errors),
            "file_name": request.FILES["file"].name if posted and "file" in request.FILES else "",
            "columns": COLUMNS,
            "max_rows": f"{MAX_ROWS:,}",
        },
    )


@tenant_view(Permission.RECORD_SPEND)
@require_safe
def template(request: TenantRequest, *, spreadsheet: bool = False):
    """The file to fill in: the person's allocations for the quarter we are in. It holds only
    what they may already see on the funding page."""
    allocations = sorted(recordable_allocations(actor=request.actor).values(), key=lambda a: a.pk)
    return spend_template_download(
        partnership=request.partnership,
        allocations=allocations,
        today=timezone.localdate(),
        spreadsheet=spreadsheet,
    )


def _part_page(request: TenantRequest, *, parent: Allocation, part: Allocation | None):
    posted = request.method == "POST"
    form = PartForm(
        request.POST if posted else None,
        initial=PartForm.initial_for(part) if part else None,
        partnership=request.partnership,
    )
    if posted and form.is_valid():
        try:
            if part is None:
                part_services.part_create(
                    allocation=parent, data=form.service_data(), actor=request.actor
                )
            else:
                part_services.part_edit(
                    allocation=part, data=form.service_data(), actor=request.actor
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The part has been added") if part is None else _("The part has been changed"),
            )
            return _to_funding(request)
    divided = total(other.amount for other in parent.parts.all() if other != part)
    return render(
        request,
        "funding/partnership/part_form.html",
        {
            "form": form,
            "parent": parent,
            "part": part,
            "reference": reference_for(parent),
            "left": parent.amount - divided,
        },
    )


# The part pages are the convener's (MANAGE_FUNDING), checked after the lookup: anyone else's
# partnership's allocation is a 404 first, whatever their role, so an id confirms nothing.
@tenant_view(Permission.VIEW_PARTNERSHIP)
@require_http_methods(["GET", "HEAD", "POST"])
def part_new(request: TenantRequest, allocation_pk: int):
    parent = get_object_or_404(_allocations(), pk=allocation_pk)
    if not rules.may_divide(parent, actor=request.actor):
        raise PermissionDenied
    return _part_page(request, parent=parent, part=None)


def _part(request: TenantRequest, allocation_pk: int) -> Allocation:
    part = get_object_or_404(_allocations(), pk=allocation_pk)
    if not rules.may_change_parts(request.actor) or part.parent_id is None:
        raise PermissionDenied  # a partnership's allocation is the convener's grant pages' work
    return part


@tenant_view(Permission.VIEW_PARTNERSHIP)
@require_http_methods(["GET", "HEAD", "POST"])
def part_edit(request: TenantRequest, allocation_pk: int):
    part = _part(request, allocation_pk)
    return _part_page(request, parent=part.parent, part=part)


@tenant_view(Permission.VIEW_PARTNERSHIP)
@require_http_methods(["GET", "HEAD", "POST"])
def part_remove(request: TenantRequest, allocation_pk: int):
    part = _part(request, allocation_pk)
    problem = ""
    if request.method == "POST":
        try:
            part_services.part_remove(allocation=part, actor=request.actor)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(request, _("The part has been removed"))
            return _to_funding(request)
    return render(
        request,
        "funding/partnership/part_remove.html",
        {"part": part, "reference": reference_for(part), "problem": problem},
    )


urlpatterns = [
    path("funding/", funding, name="funding"),
    *download_paths("funding/list", funding_download, name="funding"),
    path("funding/upload/", upload, name="funding-upload"),
    path("funding/spend-template.csv", template, name="funding-template"),
    path(
        "funding/spend-template.xlsx",
        template,
        {"spreadsheet": True},
        name="funding-template-xlsx",
    ),
    path("funding/<int:allocation_pk>/spend/", spend, name="funding-spend"),
    path("funding/spend/<int:spend_pk>/", spend_edit, name="funding-spend-edit"),
    path("funding/<int:allocation_pk>/parts/new/", part_new, name="funding-part-new"),
    path("funding/parts/<int:allocation_pk>/edit/", part_edit, name="funding-part-edit"),
    path("funding/parts/<int:allocation_pk>/remove/", part_remove, name="funding-part-remove"),
]
