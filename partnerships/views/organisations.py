"""The partnership's organisations: the list by statutory role, add, edit, retire, reinstate
(each one's self-assessment: self_assessment.py)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods, require_safe

from .. import selectors, services
from ..access import TenantRequest, tenant_view
from ..forms.organisations import OrganisationForm
from ..models import Organisation, Sector
from ..roles import Permission
from . import self_assessment

# Each statutory role's heading on the list, and what the Duty asks of it.
GROUPS = {
    Sector.AuthorityType.SPECIFIED: (
        _l("Specified authorities"),
        _l("Must comply with the Duty."),
    ),
    Sector.AuthorityType.RELEVANT: (
        _l("Relevant authorities"),
        _l("May be asked to cooperate with the specified authorities."),
    ),
    Sector.AuthorityType.CONVENER: (
        _l("Convener"),
        _l("A local policing body, which may convene the partnership and monitor its work."),
    ),
    Sector.AuthorityType.WIDER: (
        _l("Wider stakeholders"),
        _l("The voluntary and community sector, communities and others the partnership involves."),
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
