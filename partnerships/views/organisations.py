"""The partnership's organisations: the list by statutory role, add, edit, retire, reinstate
(each one's self-assessment: self_assessment.py)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from .. import selectors, services
from ..access import TenantRequest, tenant_view
from ..forms.organisations import OrganisationForm
from ..list_downloads import download_paths, list_download
from ..models import Organisation, Sector
from ..roles import Permission
from . import self_assessment

# Each statutory role's heading on the list, and what the Duty asks of it.
GROUPS = {
    Sector.AuthorityType.SPECIFIED: (
        gettext_lazy("Specified authorities"),
        gettext_lazy("Must comply with the Duty."),
    ),
    Sector.AuthorityType.RELEVANT: (
        gettext_lazy("Relevant authorities"),
        gettext_lazy("May be asked to cooperate with the specified authorities."),
    ),
    Sector.AuthorityType.CONVENER: (
        gettext_lazy("Convener"),
        gettext_lazy(
            "A local policing body, which may convene the partnership and monitor its work."
        ),
    ),
    Sector.AuthorityType.WIDER: (
        gettext_lazy("Wider stakeholders"),
        gettext_lazy(
            "The voluntary and community sector, communities and others the partnership involves."
        ),
    ),
}


@tenant_view(Permission.VIEW_MEMBERS)
@require_safe
def organisation_list(request: TenantRequest):
    groups, retired = selectors.organisations_by_statutory_role(partnership=request.partnership)
    return render(
        request,
        "partnerships/organisations/list.html",
        {
            "groups": [
                (value, *GROUPS[value], organisations) for value, _label, organisations in groups
            ],
            "retired": retired,
        },
    )


@tenant_view(Permission.VIEW_MEMBERS)
@require_safe
def organisation_list_download(request: TenantRequest, fmt: str):
    """The page's organisations in its order: each statutory role's, then the retired ones."""
    groups, retired = selectors.organisations_by_statutory_role(partnership=request.partnership)
    ordered = [
        organisation for _value, _label, organisations in groups for organisation in organisations
    ]
    return list_download(
        request,
        name="organisations",
        title=_("Organisations"),
        fmt=fmt,
        header=[
            _("Organisation"),
            _("Sector"),
            _("Statutory role"),
            _("Active members"),
            _("Retired on"),
        ],
        rows=(
            [
                organisation.name,
                organisation.sector.name,
                str(GROUPS[organisation.sector.authority_type][0]),
                organisation.active_member_count,
                timezone.localdate(organisation.retired_at) if organisation.retired_at else "",
            ]
            for organisation in [*ordered, *retired]
        ),
    )


def _render_form(request: TenantRequest, form: OrganisationForm, organisation=None):
    return render(
        request,
        "partnerships/organisations/form.html",
        {
            "form": form,
            "organisation": organisation,
            "sector": selectors.sector_for_posts(key=form.chosen_sector_key()),
            "prompt": True,
        },
    )


def _form(request: TenantRequest, **kwargs) -> OrganisationForm:
    return OrganisationForm(
        request.POST if request.method == "POST" else None,
        posts_url=reverse("tenant:organisations-posts", args=[request.partnership.slug]),
        **kwargs,
    )


@tenant_view(Permission.MANAGE_ORGANISATIONS)
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_add(request: TenantRequest):
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_add(
                partnership=request.partnership,
                name=form.cleaned_data["name"],
                sector=form.cleaned_data["sector"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error("name", error)
        else:
            messages.success(request, _("%(name)s has been added") % {"name": organisation})
            return redirect("tenant:organisations", request.partnership.slug)
    return _render_form(request, form)


@tenant_view(Permission.MANAGE_ORGANISATIONS)
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_edit(request: TenantRequest, organisation_pk: int):
    organisation = get_object_or_404(
        Organisation.objects.select_related("sector"), pk=organisation_pk
    )
    form = _form(request, initial={"name": organisation.name, "sector": organisation.sector})
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_edit(
                organisation=organisation,
                name=form.cleaned_data["name"],
                sector=form.cleaned_data["sector"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error("name", error)
        else:
            messages.success(request, _("%(name)s has been updated") % {"name": organisation})
            return redirect("tenant:organisations", request.partnership.slug)
    return _render_form(request, form, organisation)


@tenant_view(Permission.VIEW_MEMBERS)
@require_safe
def recommended_posts(request: TenantRequest):
    """The guidance's recommended posts for a sector: the fragment the add and edit forms swap
    in when the sector changes. An unknown sector gives an empty fragment."""
    key = request.GET.get("sector", "").strip()
    return render(
        request,
        "partnerships/organisations/form.html#posts",
        {"sector": selectors.sector_for_posts(key=key), "prompt": not key},
    )


@tenant_view(Permission.MANAGE_ORGANISATIONS)
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_retire(request: TenantRequest, organisation_pk: int):
    organisation = get_object_or_404(Organisation, pk=organisation_pk)
    if organisation.is_retired:
        return redirect("tenant:organisations", request.partnership.slug)
    form = forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_retire(organisation=organisation, acting_user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s has been retired") % {"name": organisation})
            return redirect("tenant:organisations", request.partnership.slug)
    return render(
        request,
        "partnerships/organisations/retire.html",
        {"form": form, "organisation": organisation},
    )


@tenant_view(Permission.MANAGE_ORGANISATIONS)
def organisation_reinstate(request: TenantRequest, organisation_pk: int):
    # The lookup comes before the method check, so another partnership's id is a 404 either way.
    organisation = get_object_or_404(Organisation, pk=organisation_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if organisation.is_retired:
        services.organisation_reinstate(organisation=organisation, acting_user=request.user)
        messages.success(request, _("%(name)s has been reinstated") % {"name": organisation})
    return redirect("tenant:organisations", request.partnership.slug)


urlpatterns = [
    path("organisations/", organisation_list, name="organisations"),
    *download_paths("organisations/list", organisation_list_download, name="organisations"),
    path("organisations/add/", organisation_add, name="organisations-add"),
    path("organisations/posts/", recommended_posts, name="organisations-posts"),
    path(
        "organisations/<int:organisation_pk>/edit/",
        organisation_edit,
        name="organisations-edit",
    ),
    path(
        "organisations/<int:organisation_pk>/retire/",
        organisation_retire,
        name="organisations-retire",
    ),
    path(
        "organisations/<int:organisation_pk>/reinstate/",
        organisation_reinstate,
        name="organisations-reinstate",
    ),
    # Each organisation's self-assessment, under its address.
    *self_assessment.urlpatterns,
]
