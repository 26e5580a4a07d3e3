"""Governance of the strategy: each member body's own sign-off of the current version, and the
consultation of the education, prison and youth custody authorities the Act requires.

Every member who may update their organisation's actions records its sign-off; the lead may
record any organisation's, and is the only one who may record why one has not signed off. The
lead keeps the consultation record. Everyone who sees the strategy sees both.
"""

import itertools

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from assessments.models import OutsideBody
from common.forms import add_service_errors
from partnerships.access import TenantRequest, tenant_view
from partnerships.list_downloads import download_paths, list_download
from partnerships.models import Organisation
from partnerships.roles import Permission

from .. import rules, selectors, services
from ..forms.governance import ConsultationForm, SignOffForm
from ..models import Consultation, SignOff, Strategy


def _posted(request: TenantRequest):
    return request.POST if request.method == "POST" else None


def _organisation_asked_for(request: TenantRequest) -> Organisation | None:
    """The organisation named by the form (on POST) or the link (?organisation=), if it is one
    of this partnership's."""
    source = request.POST if request.method == "POST" else request.GET
    value = (source.get("organisation") or "").strip()
    if not value.isdigit():
        return None
    return Organisation.objects.select_related("sector").filter(pk=value).first()


def _body_asked_for(request: TenantRequest) -> OutsideBody | None:
    """The body outside the partnership named by the link (?body=), if it is on this
    partnership's register."""
    value = (request.GET.get("body") or "").strip() if request.method != "POST" else ""
    if not value.isdigit():
        return None
    return OutsideBody.objects.filter(pk=value).first()


def _sign_offs_url(request: TenantRequest, strategy_pk: int) -> str:
    return reverse("tenant:sign-offs", args=[request.partnership.slug, strategy_pk])


def _consultations_url(request: TenantRequest, strategy_pk: int) -> str:
    return reverse("tenant:consultations", args=[request.partnership.slug, strategy_pk])


def _may_record(request: TenantRequest, organisation: Organisation) -> bool:
    return rules.may_record_sign_off(actor=request.actor, organisation=organisation)


def _closed(request: TenantRequest, strategy: Strategy) -> HttpResponseRedirect:
    messages.warning(request, str(services.SIGN_OFF_CLOSED))
    return redirect(_sign_offs_url(request, strategy.pk))


# --- sign-off -------------------------------------------------------------------------------------


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def sign_off_list(request: TenantRequest, strategy_pk: int):
    strategy = get_object_or_404(Strategy, pk=strategy_pk)
    status = selectors.sign_off_status(strategy=strategy)
    is_open = strategy.is_open_for_sign_off
    for row in status.rows:
        row.may_record = is_open and _may_record(request, row.organisation)
    return render(
        request,
        "strategies/governance/sign_offs.html",
        {
            "strategy": strategy,
            "status": status,
            "is_open": is_open,
            "may_record_any": is_open and request.actor.may(Permission.RECORD_PROGRESS),
            "consultations": selectors.consultation_status(strategy=strategy),
            "may_manage": rules.may_manage(actor=request.actor),
        },
    )


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def sign_off_list_download(request: TenantRequest, strategy_pk: int, fmt: str):
    """The page's two tables in one: each organisation's decision on the current version (or
    that it is outstanding), then the decisions on earlier versions."""
    strategy = get_object_or_404(Strategy, pk=strategy_pk)
    status = selectors.sign_off_status(strategy=strategy)

    def decision(row: selectors.SignOffRow) -> str:
        if row.sign_off:
            return row.sign_off.get_decision_display()
        return _("Outstanding") if row.must_sign else _("Not recorded")

    def row(version: int, organisation: Organisation, sign_off: SignOff | None, said: str):
        return [
            version,
            organisation.name,
            organisation.statutory_role,
            said,
            sign_off.reason if sign_off else "",
            sign_off.body if sign_off else "",
            sign_off.decided_on if sign_off else None,
            sign_off.minute_reference if sign_off else "",
        ]

    current = (row(strategy.version, r.organisation, r.sign_off, decision(r)) for r in status.rows)
    earlier = (row(s.version, s.organisation, s, s.get_decision_display()) for s in status.earlier)
    return list_download(
        request,
        name="sign-offs",
        title=_("Sign-off"),
        fmt=fmt,
        header=[
            _("Version"),
            _("Organisation"),
            _("Statutory role"),
            _("Decision"),
            _("Reason"),
            _("Governance body"),
            _("Date"),
            _("Minute reference"),
        ],
        rows=itertools.chain(current, earlier),
    )


@tenant_view(Permission.RECORD_PROGRESS)
@require_http_methods(["GET", "HEAD", "POST"])
def sign_off_new(request: TenantRequest, strategy_pk: int):
    strategy = get_object_or_404(Strategy, pk=strategy_pk)
    if not strategy.is_open_for_sign_off:
        return _closed(request, strategy)
    organisation = _organisation_asked_for(request)
    if organisation is not None and not _may_record(request, organisation):
        raise PermissionDenied
    if organisation is not None and request.method != "POST":
        # A decision on this version is recorded once: the link leads to changing it.
        recorded = SignOff.objects.filter(
            strategy=strategy, version=strategy.version, organisation=organisation
        ).first()
        if recorded is not None:
            return redirect("tenant:sign-offs-edit", request.partnership.slug, recorded.pk)
    form = SignOffForm(
        _posted(request),
        organisations=selectors.sign_off_organisation_choices(actor=request.actor),
        may_record_not_signed=rules.may_manage(actor=request.actor),
        initial={"organisation": organisation.pk if organisation else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            sign_off = services.sign_off_record(
                strategy=strategy,
                organisation=form.cleaned_data["organisation"],
                data=form.cleaned_data,
                actor=request.actor,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(organisation)s’s decision has been recorded")
                % {"organisation": sign_off.organisation},
            )
            return redirect(_sign_offs_url(request, strategy.pk))
    return render(
        request,
        "strategies/governance/sign_off_form.html",
        {"strategy": strategy, "form": form},
    )


@tenant_view(Permission.RECORD_PROGRESS)
@require_http_methods(["GET", "HEAD", "POST"])
def sign_off_edit(request: TenantRequest, signoff_pk: int):
    sign_off = get_object_or_404(
        SignOff.objects.select_related("strategy", "organisation__sector"), pk=signoff_pk
    )
    strategy = sign_off.strategy
    if not _may_record(request, sign_off.organisation):
        raise PermissionDenied
    if not strategy.is_open_for_sign_off:
        return _closed(request, strategy)
    if sign_off.version != strategy.version:
        messages.warning(request, str(services.DECISION_KEPT) % {"version": sign_off.version})
        return redirect(_sign_offs_url(request, strategy.pk))
    form = SignOffForm(
        _posted(request),
        may_record_not_signed=rules.may_manage(actor=request.actor),
        initial={
            "decision": sign_off.decision,
            "body": sign_off.body,
            "decided_on": sign_off.decided_on,
            "minute_reference": sign_off.minute_reference,
            "reason": sign_off.reason,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_off_edit(sign_off=sign_off, data=form.cleaned_data, actor=request.actor)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(organisation)s’s decision has been changed")
                % {"organisation": sign_off.organisation},
            )
            return redirect(_sign_offs_url(request, strategy.pk))
    return render(
        request,
        "strategies/governance/sign_off_form.html",
        {"strategy": strategy, "form": form, "sign_off": sign_off},
    )


# --- consultation ---------------------------------------------------------------------------------


def _superseded(request: TenantRequest, strategy: Strategy) -> HttpResponseRedirect:
    messages.warning(request, str(services.CONSULTATION_CLOSED))
    return redirect(_consultations_url(request, strategy.pk))


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def consultation_list(request: TenantRequest, strategy_pk: int):
    strategy = get_object_or_404(Strategy, pk=strategy_pk)
    return render(
        request,
        "strategies/governance/consultations.html",
        {
            "strategy": strategy,
            "consultations": selectors.consultation_status(strategy=strategy),
            "may_manage": rules.may_manage(actor=request.actor),
        },
    )


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def consultation_list_download(request: TenantRequest, strategy_pk: int, fmt: str):
    """The full consultation record as its page shows it: every relevant authority, with its
    consultation or none yet. No contact details: the page shows none."""
    strategy = get_object_or_404(Strategy, pk=strategy_pk)
    yes, no = _("Yes"), _("No")

    def status(consultation: Consultation | None) -> str:
        if consultation is None:
            return _("Not yet consulted")
        if consultation.has_responded:
            return _("Responded")
        return _("Invited, no response yet")

    return list_download(
        request,
        name="consultations",
        title=_("Consultation record"),
        fmt=fmt,
        header=[
            _("Organisation"),
            _("Kind"),
            _("Member of the partnership"),
            _("Status"),
            _("Invited"),
            _("Responded"),
            _("Their response"),
            _("How it was taken into account"),
        ],
        rows=(
            [
                row.name,
                row.kind_label,
                yes if row.is_member else no,
                status(row.consultation),
                row.consultation.invited_on if row.consultation else None,
                row.consultation.responded_on if row.consultation else None,
                row.consultation.response if row.consultation else "",
                row.consultation.taken_into_account if row.consultation else "",
            ]
            for row in selectors.consultation_status(strategy=strategy)
        ),
    )


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_new(request: TenantRequest, strategy_pk: int):
    strategy = get_object_or_404(Strategy, pk=strategy_pk)
    if not services.consultation_open(strategy):
        return _superseded(request, strategy)
    organisation = _organisation_asked_for(request)
    body = _body_asked_for(request)
    if request.method != "POST" and (organisation or body):
        recorded = Consultation.objects.filter(
            strategy=strategy,
            **({"organisation": organisation} if organisation else {"outside_body": body}),
        ).first()
        if recorded is not None:
            return redirect("tenant:consultations-edit", request.partnership.slug, recorded.pk)
    form = ConsultationForm(
        _posted(request),
        organisations=selectors.consultees(partnership_id=request.partnership.pk),
        bodies=selectors.consultee_bodies(partnership_id=request.partnership.pk),
        initial={
            "organisation": organisation.pk if organisation else None,
            "outside_body": body.pk if body else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_record(
                strategy=strategy,
                organisation=form.cleaned_data["organisation"],
                outside_body=form.cleaned_data["outside_body"],
                data=form.cleaned_data,
                actor=request.actor,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The consultation of %(organisation)s has been recorded")
                % {"organisation": consultation.consultee},
            )
            return redirect(_consultations_url(request, strategy.pk))
    return render(
        request,
        "strategies/governance/consultation_form.html",
        {"strategy": strategy, "form": form},
    )


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_edit(request: TenantRequest, consultation_pk: int):
    consultation = get_object_or_404(
        Consultation.objects.select_related("strategy", "organisation", "outside_body"),
        pk=consultation_pk,
    )
    strategy = consultation.strategy
    if not services.consultation_open(strategy):
        return _superseded(request, strategy)
    form = ConsultationForm(
        _posted(request),
        initial={
            "invited_on": consultation.invited_on,
            "responded_on": consultation.responded_on,
            "response": consultation.response,
            "taken_into_account": consultation.taken_into_account,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_edit(
                consultation=consultation, data=form.cleaned_data, actor=request.actor
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The consultation of %(organisation)s has been changed")
                % {"organisation": consultation.consultee},
            )
            return redirect(_consultations_url(request, strategy.pk))
    return render(
        request,
        "strategies/governance/consultation_form.html",
        {"strategy": strategy, "form": form, "consultation": consultation},
    )


urlpatterns = [
    path("strategy/<int:strategy_pk>/sign-off/", sign_off_list, name="sign-offs"),
    *download_paths(
        "strategy/<int:strategy_pk>/sign-off/list", sign_off_list_download, name="sign-offs"
    ),
    path("strategy/<int:strategy_pk>/sign-off/new/", sign_off_new, name="sign-offs-new"),
    path("sign-offs/<int:signoff_pk>/edit/", sign_off_edit, name="sign-offs-edit"),
    # The record the lead keeps; the consultation itself (views/consulting.py) is at
    # strategy/<pk>/consultation/.
    path(
        "strategy/<int:strategy_pk>/consultation/record/",
        consultation_list,
        name="consultations",
    ),
    *download_paths(
        "strategy/<int:strategy_pk>/consultation/record/list",
        consultation_list_download,
        name="consultations",
    ),
    path(
        "strategy/<int:strategy_pk>/consultation/record/new/",
        consultation_new,
        name="consultations-new",
    ),
    path(
        "consultations/<int:consultation_pk>/edit/",
        consultation_edit,
        name="consultations-edit",
    ),
]
