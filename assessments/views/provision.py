"""The provision map: services in the area, added by partners and curated by the lead, who
chooses which entries the public Open Referral UK feed carries (api/oruk.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from partnerships.access import TenantRequest, tenant_view
from partnerships.list_downloads import download_paths, list_download
from partnerships.roles import Permission

from .. import rules, selectors, services
from ..forms.provision import ProvisionFilterForm, ProvisionServiceForm, finding_queryset
from ..models import ProvisionService


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def provision_list(request: TenantRequest):
    filter_form = ProvisionFilterForm(request.GET)
    services_ = selectors.provision_list(partnership=request.partnership, **filter_form.filters())
    page_obj = Paginator(services_, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/provision/list.html",
        {"filter_form": filter_form, "page_obj": page_obj},
    )


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def provision_list_download(request: TenantRequest, fmt: str):
    """The map's services with the page's filters, every page of them, with what the page and
    each entry's own page show of them. Who added an entry is its organisation, as on its page:
    never the person."""
    services_ = selectors.provision_list(
        partnership=request.partnership, **ProvisionFilterForm(request.GET).filters()
    )
    return list_download(
        request,
        name="provision-map",
        title=_("Provision map"),
        fmt=fmt,
        header=[
            _("Service"),
            _("Organisation running it"),
            _("Area"),
            _("Prevention tier"),
            _("Evidence"),
            _("Checked by the lead"),
            _("In the public feed"),
            _("Gaps and findings"),
            _("Funding ends"),
            _("Added by"),
            _("Added on"),
        ],
        rows=(
            [
                service.name,
                service.provider,
                service.area,
                service.get_tier_display(),
                service.get_evidence_display(),
                _("Yes") if service.curated else _("No"),
                _("Yes") if service.public_in_feed else _("No"),
                "; ".join(finding.title for finding in service.findings.all()),
                service.funding_ends_on or "",
                service.added_by_organisation.name,
                timezone.localdate(service.created_at),
            ]
            for service in services_
        ),
    )


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def provision_detail(request: TenantRequest, service_pk: int):
    service = get_object_or_404(
        selectors.provision_list(partnership=request.partnership), pk=service_pk
    )
    return render(
        request,
        "assessments/provision/detail.html",
        {"service": service, "may_edit": rules.may_edit_provision(service, actor=request.actor)},
    )


@tenant_view(Permission.CONTRIBUTE)
@require_http_methods(["GET", "HEAD", "POST"])
def provision_new(request: TenantRequest):
    form = ProvisionServiceForm(
        request.POST or None, findings=finding_queryset(partnership=request.partnership)
    )
    if request.method == "POST" and form.is_valid():
        service = services.provision_add(
            partnership=request.partnership,
            organisation=request.actor.organisation,
            data=form.cleaned_data,
            acting_user=request.user,
        )
        messages.success(
            request, _("%(name)s has been added to the provision map") % {"name": service}
        )
        return redirect("tenant:provision", request.partnership.slug)
    return render(request, "assessments/provision/form.html", {"form": form})


@tenant_view(Permission.CONTRIBUTE)
@require_http_methods(["GET", "HEAD", "POST"])
def provision_edit(request: TenantRequest, service_pk: int):
    service = get_object_or_404(ProvisionService, pk=service_pk)
    if not rules.may_edit_provision(service, actor=request.actor):
        raise PermissionDenied
    form = ProvisionServiceForm(
        request.POST or None,
        instance=service,
        findings=finding_queryset(partnership=request.partnership),
    )
    if request.method == "POST" and form.is_valid():
        was_public = service.public_in_feed
        services.provision_edit(service=service, data=form.cleaned_data, acting_user=request.user)
        messages.success(request, _("%(name)s has been updated") % {"name": service})
        if was_public:
            messages.info(
                request,
                _("It has left the public feed until the lead publishes it again"),
            )
        return redirect("tenant:provision-detail", request.partnership.slug, service.pk)
    return render(request, "assessments/provision/form.html", {"form": form, "service": service})


@tenant_view(Permission.MANAGE_ASSESSMENT)
@require_http_methods(["POST"])
def provision_curate(request: TenantRequest, service_pk: int):
    service = get_object_or_404(ProvisionService, pk=service_pk)
    services.provision_curate(
        service=service, curated=request.POST.get("curated") == "yes", acting_user=request.user
    )
    messages.success(request, _("%(name)s has been updated") % {"name": service})
    return redirect("tenant:provision-detail", request.partnership.slug, service.pk)


@tenant_view(Permission.MANAGE_ASSESSMENT)
@require_http_methods(["POST"])
def provision_publish(request: TenantRequest, service_pk: int):
    service = get_object_or_404(ProvisionService, pk=service_pk)
    public = request.POST.get("public") == "yes"
    services.provision_publish(service=service, public=public, acting_user=request.user)
    if public:
        message = _("%(name)s is in the public feed") % {"name": service}
    else:
        message = _("%(name)s has been taken out of the public feed") % {"name": service}
    messages.success(request, message)
    return redirect("tenant:provision-detail", request.partnership.slug, service.pk)


urlpatterns = [
    path("provision/", provision_list, name="provision"),
    *download_paths("provision/list", provision_list_download, name="provision"),
    path("provision/new/", provision_new, name="provision-new"),
    path("provision/<int:service_pk>/", provision_detail, name="provision-detail"),
    path("provision/<int:service_pk>/edit/", provision_edit, name="provision-edit"),
    path("provision/<int:service_pk>/curate/", provision_curate, name="provision-curate"),
    path("provision/<int:service_pk>/publish/", provision_publish, name="provision-publish"),
]
