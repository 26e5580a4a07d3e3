"""Commissioning: the services partners commission and the opportunities to commission more,
each linked to the priorities it answers and to the provision map."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from common.forms import add_service_errors
from partnerships.access import TenantRequest, tenant_view
from partnerships.list_downloads import download_paths, list_download
from partnerships.roles import Permission

from .. import selectors, services
from ..forms.commissioning import CommissionFilterForm, CommissionForm
from ..models import Commission

GET_OR_POST = ["GET", "HEAD", "POST"]


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def commission_list(request: TenantRequest):
    filter_form = CommissionFilterForm(request.GET)
    commissions = selectors.commission_list(
        partnership=request.partnership, **filter_form.filters()
    )
    page_obj = Paginator(commissions, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "strategies/commissioning/list.html",
        {"filter_form": filter_form, "page_obj": page_obj},
    )


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def commission_list_download(request: TenantRequest, fmt: str):
    """The list's services and opportunities with the page's filters, every page: the whole
    description, and the value as a number of pounds a spreadsheet can add up."""
    filter_form = CommissionFilterForm(request.GET)
    commissions = selectors.commission_list(
        partnership=request.partnership, **filter_form.filters()
    )
    return list_download(
        request,
        name="commissioning",
        title=_("Commissioning"),
        fmt=fmt,
        header=[
            _("Service or opportunity"),
            _("Kind"),
            _("Description"),
            _("Commissioner"),
            _("Value (£)"),
            _("Start date"),
            _("End date"),
            _("Status"),
            _("Priorities"),
            _("Provision map"),
        ],
        rows=(
            [
                commission.title,
                commission.get_kind_display(),
                commission.description,
                commission.commissioner.name,
                commission.value,
                commission.starts_on,
                commission.ends_on,
                commission.get_status_display(),
                "; ".join(
                    f"{priority.title} ({priority.strategy.period})"
                    for priority in commission.priorities.all()
                ),
                "; ".join(service.name for service in commission.provision.all()),
            ]
            for commission in commissions
        ),
    )


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(GET_OR_POST)
def commission_new(request: TenantRequest):
    form = CommissionForm(
        request.POST if request.method == "POST" else None, partnership=request.partnership
    )
    if request.method == "POST" and form.is_valid():
        try:
            commission = services.commission_add(
                partnership=request.partnership, data=form.cleaned_data, acting_user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” has been added") % {"title": commission})
            return redirect("tenant:commissioning", request.partnership.slug)
    return render(request, "strategies/commissioning/form.html", {"form": form})


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(GET_OR_POST)
def commission_edit(request: TenantRequest, commission_pk: int):
    commission = get_object_or_404(Commission, pk=commission_pk)
    title = commission.title
    form = CommissionForm(
        request.POST if request.method == "POST" else None,
        instance=commission,
        partnership=request.partnership,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.commission_edit(
                commission=commission, data=form.cleaned_data, acting_user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” has been updated") % {"title": commission})
            return redirect("tenant:commissioning", request.partnership.slug)
    return render(
        request,
        "strategies/commissioning/form.html",
        {"form": form, "commission": commission, "title": title},
    )


urlpatterns = [
    path("commissioning/", commission_list, name="commissioning"),
    *download_paths("commissioning/list", commission_list_download, name="commissioning"),
    path("commissioning/new/", commission_new, name="commissioning-new"),
    path("commissioning/<int:commission_pk>/edit/", commission_edit, name="commissioning-edit"),
]
