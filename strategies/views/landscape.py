"""The local strategic landscape: the other partnerships, strategies and initiatives the
partnership aligns with, so that joint opportunities are found and nothing is done twice.

Everyone who sees the strategy reads the register; the lead keeps it.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from common.forms import add_service_errors
from partnerships.access import TenantRequest, tenant_view
from partnerships.list_downloads import download_paths, list_download
from partnerships.roles import Permission

from .. import rules, selectors, services
from ..forms.landscape import LandscapeEntryForm
from ..models import LandscapeEntry

GET_OR_POST = ["GET", "HEAD", "POST"]


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def landscape_list(request: TenantRequest):
    groups = selectors.landscape_groups(partnership=request.partnership)
    return render(
        request,
        "strategies/landscape.html",
        {
            "groups": groups,
            "total": sum(len(group.entries) for group in groups),
            "may_manage": rules.may_manage(actor=request.actor),
        },
    )


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def landscape_list_download(request: TenantRequest, fmt: str):
    """The register as the page lists it: by kind in the guidance's order, then by name."""
    return list_download(
        request,
        name="landscape",
        title=_("Local strategic landscape"),
        fmt=fmt,
        header=[
            _("Kind"),
            _("Name"),
            _("Led or owned by"),
            _("How the partnership aligns with it"),
            _("Shared priorities or joint opportunities"),
            _("Web address"),
            _("Next review or renewal"),
        ],
        rows=(
            [
                entry.get_kind_display(),
                entry.name,
                entry.owner,
                entry.alignment,
                entry.opportunities,
                entry.web_address,
                entry.review_on,
            ]
            for entry in selectors.landscape_entries(partnership=request.partnership)
        ),
    )


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(GET_OR_POST)
def landscape_new(request: TenantRequest):
    form = LandscapeEntryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.landscape_entry_add(data=form.cleaned_data, actor=request.actor)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(name)s” has been added") % {"name": entry})
            return redirect("tenant:landscape", request.partnership.slug)
    return render(request, "strategies/landscape_form.html", {"form": form})


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(GET_OR_POST)
def landscape_edit(request: TenantRequest, landscape_entry_pk: int):
    entry = get_object_or_404(LandscapeEntry, pk=landscape_entry_pk)
    # The heading names the entry as saved, not as the form (with errors) may have changed it.
    name = entry.name
    form = LandscapeEntryForm(request.POST if request.method == "POST" else None, instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            services.landscape_entry_edit(entry=entry, data=form.cleaned_data, actor=request.actor)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(name)s” has been updated") % {"name": entry})
            return redirect("tenant:landscape", request.partnership.slug)
    return render(
        request, "strategies/landscape_form.html", {"form": form, "entry": entry, "name": name}
    )


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(GET_OR_POST)
def landscape_remove(request: TenantRequest, landscape_entry_pk: int):
    entry = get_object_or_404(LandscapeEntry, pk=landscape_entry_pk)
    form = forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.landscape_entry_remove(entry=entry, actor=request.actor)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(name)s” has been removed") % {"name": entry.name})
            return redirect("tenant:landscape", request.partnership.slug)
    return render(request, "strategies/landscape_remove.html", {"form": form, "entry": entry})


urlpatterns = [
    path("strategy/landscape/", landscape_list, name="landscape"),
    *download_paths("strategy/landscape/list", landscape_list_download, name="landscape"),
    path("strategy/landscape/new/", landscape_new, name="landscape-new"),
    path(
        "strategy/landscape/<int:landscape_entry_pk>/edit/", landscape_edit, name="landscape-edit"
    ),
    path(
        "strategy/landscape/<int:landscape_entry_pk>/remove/",
        landscape_remove,
        name="landscape-remove",
    ),
]
