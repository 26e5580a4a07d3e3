"""Information governance pages: the register of data sharing agreements and DPIAs (with how
each organisation and measure stands today), each agreement's versions and signed copies, its
reviews, the bodies outside the partnership, and the partnership's rule for data returns no
agreement covers.

Everyone who sees the SNA sees the register (a partner's governance asks "under which agreement
was this shared?"); the lead and data leads keep it. Signed copies leave only through a
permission-checked download, noted on the activity timeline.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from common.downloads import private_file_response
from common.forms import add_service_errors
from partnerships.access import TenantRequest, tenant_view
from partnerships.audit import record_download
from partnerships.list_downloads import download_paths, list_download
from partnerships.models import Organisation
from partnerships.roles import Permission

from ..forms.sharing import (
    AgreementEndForm,
    AgreementForm,
    AgreementReviewForm,
    AgreementVersionForm,
    NewAgreementForm,
    OutsideBodyForm,
    SharingPolicyForm,
)
from ..models import AgreementVersion, OutsideBody, SharingAgreement, SharingPolicy, Standing
from ..selectors import sharing as selectors
from ..services import sharing as services


def _bound(request: TenantRequest):
    posted = request.method == "POST"
    return (request.POST if posted else None), (request.FILES if posted else None)


def _organisations(request: TenantRequest, agreement: SharingAgreement | None = None):
    """Current members, and any retired organisation already party to the agreement."""
    wanted = Q(retired_at__isnull=True)
    if agreement is not None:
        wanted |= Q(pk__in=agreement.organisations.values("pk"))
    return Organisation.objects.filter(wanted, partnership=request.partnership).order_by("name")


def _bodies(request: TenantRequest, agreement: SharingAgreement | None = None):
    wanted = Q(retired_at__isnull=True)
    if agreement is not None:
        wanted |= Q(pk__in=agreement.outside_bodies.values("pk"))
    return OutsideBody.objects.filter(wanted, partnership=request.partnership).order_by("name")


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def sharing_register(request: TenantRequest):
    today = timezone.localdate()
    status = selectors.sharing_status(partnership=request.partnership, today=today)
    agreements = selectors.agreement_list(partnership=request.partnership)
    for agreement in agreements:
        agreement.standing_today = agreement.standing(today)
    return render(
        request,
        "assessments/sharing/register.html",
        {
            "agreements": agreements,
            "status": status,
            "policy": selectors.sharing_policy(partnership_id=request.partnership.pk),
            "refuses": selectors.sharing_policy(partnership_id=request.partnership.pk)
            == SharingPolicy.WithoutAgreement.REFUSE,
            "may_keep": request.actor.may(Permission.MANAGE_DATA_SHARING),
            "may_set_policy": request.actor.may(Permission.MANAGE_DATA_SHARING)
            and request.actor.may(Permission.MANAGE_ASSESSMENT),
        },
    )


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def sharing_register_download(request: TenantRequest, fmt: str):
    """The register's agreements, standing as they do today, as the page lists them."""
    today = timezone.localdate()
    agreements = selectors.agreement_list(partnership=request.partnership)
    return list_download(
        request,
        name="data-sharing-agreements",
        title=_("Data sharing agreements"),
        fmt=fmt,
        header=[_("Agreement"), _("Kind"), _("Parties"), _("Status"), _("Next review")],
        rows=(
            [
                agreement.title,
                agreement.get_kind_display(),
                "; ".join(
                    [o.name for o in agreement.organisations.all()]
                    + [b.name for b in agreement.outside_bodies.all()]
                ),
                Standing(agreement.standing(today)).label,
                agreement.review_due_on
                if agreement.review_due_on and agreement.status == SharingAgreement.Status.IN_FORCE
                else "",
            ]
            for agreement in agreements
        ),
    )


@tenant_view(Permission.MANAGE_DATA_SHARING)
@require_http_methods(["GET", "HEAD", "POST"])
def agreement_new(request: TenantRequest):
    data, files = _bound(request)
    form = NewAgreementForm(
        data,
        files,
        organisations=_organisations(request),
        bodies=_bodies(request),
        initial={
            "kind": SharingAgreement.Kind.ISA,
            "protective_marking": request.partnership.protective_marking,
            "organisations": [request.actor.organisation_id] if request.actor.membership else [],
            "owner": request.actor.organisation_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_register(actor=request.actor, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” has been registered") % {"title": agreement})
            return redirect("tenant:sharing-detail", request.partnership.slug, agreement.pk)
    return render(request, "assessments/sharing/agreement_form.html", {"form": form})


def _agreement(request: TenantRequest, agreement_pk: int) -> SharingAgreement:
    return get_object_or_404(SharingAgreement.objects.select_related("owner"), pk=agreement_pk)


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def agreement_detail(request: TenantRequest, agreement_pk: int):
    agreement = get_object_or_404(
        SharingAgreement.objects.select_related("owner", "created_by").prefetch_related(
            "organisations", "outside_bodies", "measures"
        ),
        pk=agreement_pk,
    )
    agreement.standing_today = agreement.standing(timezone.localdate())
    return render(
        request,
        "assessments/sharing/agreement_detail.html",
        {
            "agreement": agreement,
            "versions": selectors.agreement_versions(agreement=agreement),
            "may_keep": request.actor.may(Permission.MANAGE_DATA_SHARING),
            "is_in_force": agreement.status == SharingAgreement.Status.IN_FORCE,
            "is_ended": agreement.status == SharingAgreement.Status.ENDED,
        },
    )


@tenant_view(Permission.MANAGE_DATA_SHARING)
@require_http_methods(["GET", "HEAD", "POST"])
def agreement_edit(request: TenantRequest, agreement_pk: int):
    agreement = _agreement(request, agreement_pk)
    form = AgreementForm(
        request.POST if request.method == "POST" else None,
        organisations=_organisations(request, agreement),
        bodies=_bodies(request, agreement),
        initial={
            "kind": agreement.kind,
            "title": agreement.title,
            "reference": agreement.reference,
            "purpose": agreement.purpose,
            "legal_bases": agreement.legal_bases,
            "legal_basis_notes": agreement.legal_basis_notes,
            "data_sets": agreement.data_sets,
            "measures": list(agreement.measures.values_list("pk", flat=True)),
            "organisations": list(agreement.organisations.values_list("pk", flat=True)),
            "outside_bodies": list(agreement.outside_bodies.values_list("pk", flat=True)),
            "owner": agreement.owner_id,
            "protective_marking": agreement.protective_marking,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_edit(
                agreement=agreement, actor=request.actor, data=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” has been updated") % {"title": agreement})
            return redirect("tenant:sharing-detail", request.partnership.slug, agreement.pk)
    return render(
        request, "assessments/sharing/agreement_form.html", {"form": form, "agreement": agreement}
    )


def _agreement_step(
    request: TenantRequest,
    agreement: SharingAgreement,
    *,
    form_class,
    service,
    done: str,
    words: dict,
):
    """One step in an agreement's life (a signed version, a review, its end) on one form."""
    if agreement.status == SharingAgreement.Status.ENDED:
        messages.error(request, _("This agreement has ended; register a new one instead"))
        return redirect("tenant:sharing-detail", request.partnership.slug, agreement.pk)
    form = form_class(*_bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            service(agreement=agreement, actor=request.actor, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done % {"title": agreement})
            return redirect("tenant:sharing-detail", request.partnership.slug, agreement.pk)
    return render(
        request,
        "assessments/sharing/step_form.html",
        {"form": form, "agreement": agreement, **words},
    )


@tenant_view(Permission.MANAGE_DATA_SHARING)
@require_http_methods(["GET", "HEAD", "POST"])
def agreement_version(request: TenantRequest, agreement_pk: int):
    agreement = _agreement(request, agreement_pk)
    return _agreement_step(
        request,
        agreement,
        form_class=AgreementVersionForm,
        service=services.agreement_new_version,
        done=_("A new version of “%(title)s” has been recorded"),
        words={
            "heading": _("Record a signed version"),
            "explanation": _(
                "The agreement is in force under this version from its date; its next review is "
                "due a year later."
            )
            if agreement.version
            else _(
                "The agreement comes into force from this date; its first review is due six "
                "months later."
            ),
            "button": _("Record version"),
        },
    )


@tenant_view(Permission.MANAGE_DATA_SHARING)
@require_http_methods(["GET", "HEAD", "POST"])
def agreement_review(request: TenantRequest, agreement_pk: int):
    agreement = _agreement(request, agreement_pk)
    if agreement.status == SharingAgreement.Status.DRAFT:
        messages.error(request, _("Only an agreement in force is reviewed"))
        return redirect("tenant:sharing-detail", request.partnership.slug, agreement.pk)
    return _agreement_step(
        request,
        agreement,
        form_class=AgreementReviewForm,
        service=services.agreement_review,
        done=_("The review of “%(title)s” has been recorded"),
        words={
            "heading": _("Record a review"),
            "explanation": _(
                "Record that the parties reviewed the agreement and it still holds. The next "
                "review is due a year after this one. If the agreement changed, record a new "
                "signed version instead."
            ),
            "button": _("Record review"),
        },
    )


@tenant_view(Permission.MANAGE_DATA_SHARING)
@require_http_methods(["GET", "HEAD", "POST"])
def agreement_end(request: TenantRequest, agreement_pk: int):
    return _agreement_step(
        request,
        _agreement(request, agreement_pk),
        form_class=AgreementEndForm,
        service=services.agreement_end,
        done=_("“%(title)s” has ended"),
        words={
            "heading": _("End this agreement"),
            "warning": _(
                "Data returns will no longer rely on it. Returns that relied on it keep saying so."
            ),
            "button": _("End agreement"),
        },
    )


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def signed_copy(request: TenantRequest, agreement_version_pk: int):
    """A version's signed copy, downloaded only by someone who sees the register; noted on the
    activity timeline like every copy of the partnership's records taken out."""
    version = get_object_or_404(
        AgreementVersion.objects.select_related("agreement"), pk=agreement_version_pk
    )
    if not version.signed_copy:
        raise Http404
    response = private_file_response(
        version.signed_copy,
        filename=version.signed_copy_name or _("signed-agreement"),
        content_type=version.signed_copy_content_type or "application/octet-stream",
    )
    record_download(
        partnership=request.partnership,
        actor=request.user,
        what=_("Signed copy of %(title)s, version %(number)s")
        % {"title": version.agreement.title, "number": version.number},
        summary=version.signed_copy_name,
    )
    return response


@tenant_view(Permission.MANAGE_ASSESSMENT)
@require_http_methods(["GET", "HEAD", "POST"])
def sharing_policy(request: TenantRequest):
    form = SharingPolicyForm(
        request.POST if request.method == "POST" else None,
        initial={
            "without_agreement": selectors.sharing_policy(partnership_id=request.partnership.pk)
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.sharing_policy_set(
                actor=request.actor, without_agreement=form.cleaned_data["without_agreement"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The data sharing rule has been saved"))
            return redirect("tenant:sharing", request.partnership.slug)
    return render(
        request,
        "assessments/sharing/step_form.html",
        {
            "form": form,
            "heading": _("Data returns without an agreement"),
            "explanation": _(
                "Choose what happens when a partner uploads figures for a measure that no "
                "in-date agreement covers for their organisation. An agreement is in date from "
                "the day it is in force until its review is overdue."
            ),
            "button": _("Save rule"),
            **_back_to_register(request),
        },
    )


def _back_to_register(request: TenantRequest) -> dict:
    return {
        "back_url": reverse("tenant:sharing", args=[request.partnership.slug]),
        "back_label": _("Back to data sharing agreements"),
    }


def _body_page(request: TenantRequest, form, body: OutsideBody | None = None):
    return render(
        request,
        "assessments/sharing/step_form.html",
        {
            "form": form,
            "heading": _("Change %(name)s") % {"name": body.name}
            if body
            else _("Add a body outside the partnership"),
            "explanation": ""
            if body
            else _(
                "A school, college, academy trust, prison, youth custody establishment or other "
                "body the partnership works with but which is not one of its member organisations."
            ),
            "button": _("Save changes") if body else _("Add body"),
            "back_url": reverse("tenant:bodies", args=[request.partnership.slug]),
            "back_label": _("Back to bodies outside the partnership"),
        },
    )


# --- bodies outside the partnership


@tenant_view(Permission.VIEW_MEMBERS)
@require_safe
def body_list(request: TenantRequest):
    return render(
        request,
        "assessments/sharing/bodies.html",
        {
            "bodies": list(selectors.outside_bodies(partnership=request.partnership)),
            "may_keep": request.actor.may(Permission.MANAGE_DATA_SHARING),
        },
    )


@tenant_view(Permission.VIEW_MEMBERS)
@require_safe
def body_list_download(request: TenantRequest, fmt: str):
    """The register's bodies as the page lists them, with the team address the page shows
    everyone who sees it (a body's register names no person)."""
    return list_download(
        request,
        name="outside-bodies",
        title=_("Bodies outside the partnership"),
        fmt=fmt,
        header=[_("Body"), _("Type"), _("Team email address"), _("Added on")],
        rows=(
            [
                body.name,
                body.get_kind_display(),
                body.contact_email,
                timezone.localdate(body.created_at),
            ]
            for body in selectors.outside_bodies(partnership=request.partnership)
        ),
    )


@tenant_view(Permission.MANAGE_DATA_SHARING)
@require_http_methods(["GET", "HEAD", "POST"])
def body_new(request: TenantRequest):
    form = OutsideBodyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            body = services.outside_body_add(actor=request.actor, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s has been added") % {"name": body})
            return redirect("tenant:bodies", request.partnership.slug)
    return _body_page(request, form)


def _body(request: TenantRequest, body_pk: int) -> OutsideBody:
    return get_object_or_404(OutsideBody, pk=body_pk, retired_at__isnull=True)


@tenant_view(Permission.MANAGE_DATA_SHARING)
@require_http_methods(["GET", "HEAD", "POST"])
def body_edit(request: TenantRequest, body_pk: int):
    body = _body(request, body_pk)
    form = OutsideBodyForm(
        request.POST if request.method == "POST" else None,
        initial={
            "name": body.name,
            "kind": body.kind,
            "contact_email": body.contact_email,
            "notes": body.notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.outside_body_edit(body=body, actor=request.actor, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s has been updated") % {"name": body})
            return redirect("tenant:bodies", request.partnership.slug)
    return _body_page(request, form, body)


@tenant_view(Permission.MANAGE_DATA_SHARING)
@require_http_methods(["GET", "HEAD", "POST"])
def body_remove(request: TenantRequest, body_pk: int):
    body = _body(request, body_pk)
    if request.method == "POST":
        services.outside_body_remove(body=body, actor=request.actor)
        messages.success(request, _("%(name)s has been removed from the register") % {"name": body})
        return redirect("tenant:bodies", request.partnership.slug)
    return render(request, "assessments/sharing/body_remove.html", {"body": body})


urlpatterns = [
    path("data-sharing/", sharing_register, name="sharing"),
    *download_paths("data-sharing/agreements", sharing_register_download, name="sharing"),
    path("data-sharing/new/", agreement_new, name="sharing-new"),
    path("data-sharing/rule/", sharing_policy, name="sharing-policy"),
    path("data-sharing/<int:agreement_pk>/", agreement_detail, name="sharing-detail"),
    path("data-sharing/<int:agreement_pk>/edit/", agreement_edit, name="sharing-edit"),
    path("data-sharing/<int:agreement_pk>/version/", agreement_version, name="sharing-version"),
    path("data-sharing/<int:agreement_pk>/review/", agreement_review, name="sharing-review"),
    path("data-sharing/<int:agreement_pk>/end/", agreement_end, name="sharing-end"),
    path(
        "data-sharing/signed-copies/<int:agreement_version_pk>/",
        signed_copy,
        name="sharing-signed-copy",
    ),
    path("bodies/", body_list, name="bodies"),
    *download_paths("bodies/list", body_list_download, name="bodies"),
    path("bodies/new/", body_new, name="bodies-new"),
    path("bodies/<int:body_pk>/edit/", body_edit, name="bodies-edit"),
    path("bodies/<int:body_pk>/remove/", body_remove, name="bodies-remove"),
]
