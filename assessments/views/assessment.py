"""The SNA itself: the partnership's assessments by period, each with its nine modules, moving
from draft through review to agreed and published, and the date it went to the Home Office."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from partnerships.access import TenantRequest, tenant_view
from partnerships.roles import Permission

from .. import lifecycles, rules, selectors, services
from ..forms.assessment import (
    AssessmentEditForm,
    AssessmentSharedForm,
    AssessmentStartForm,
    ModuleForm,
)
from ..models import Assessment

GET_OR_POST = ["GET", "HEAD", "POST"]

# The path of each move's confirmation page under the SNA (its URL name is "assessment-<path>");
# which moves there are, and their words, are the lifecycle's.
MOVE_PATHS = {
    Assessment.Status.IN_REVIEW: "review",
    Assessment.Status.AGREED: "agree",
    Assessment.Status.PUBLISHED: "publish",
}


def _detail(request: TenantRequest, assessment: Assessment):
    return redirect("tenant:assessment-detail", request.partnership.slug, assessment.pk)


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def assessment_list(request: TenantRequest):
    return render(
        request,
        "assessments/assessment/list.html",
        {"assessments": selectors.assessment_list(partnership=request.partnership)},
    )


@tenant_view(Permission.MANAGE_ASSESSMENT)
@require_http_methods(GET_OR_POST)
def assessment_new(request: TenantRequest):
    form = AssessmentStartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_start(
                partnership=request.partnership, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error("period", error)
        else:
            messages.success(
                request,
                _("The SNA for %(period)s has been started") % {"period": assessment.period},
            )
            return _detail(request, assessment)
    return render(request, "assessments/assessment/new.html", {"form": form})


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def assessment_detail(request: TenantRequest, assessment_pk: int):
    assessment = selectors.assessment_detail(
        partnership=request.partnership, assessment_pk=assessment_pk
    )
    move = lifecycles.ASSESSMENT.next(assessment.status)
    return render(
        request,
        "assessments/assessment/detail.html",
        {
            "assessment": assessment,
            "modules": assessment.modules.all(),
            # Once agreed, the SNA shows the version it was agreed on, not today's.
            "definition": selectors.definition_shown(assessment=assessment),
            "next_url": reverse(
                f"tenant:assessment-{MOVE_PATHS[move.to]}",
                args=[request.partnership.slug, assessment.pk],
            )
            if move
            else "",
            "next_button": move.button if move else "",
        },
    )


@tenant_view(Permission.MANAGE_ASSESSMENT)
@require_http_methods(GET_OR_POST)
def assessment_edit(request: TenantRequest, assessment_pk: int):
    assessment = selectors.assessment_detail(
        partnership=request.partnership, assessment_pk=assessment_pk
    )
    form = AssessmentEditForm(
        request.POST if request.method == "POST" else None,
        initial={
            "scope": assessment.scope,
            "methodology": assessment.methodology,
            "restricted": assessment.restricted,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.assessment_edit(
            assessment=assessment, acting_user=request.user, **form.cleaned_data
        )
        messages.success(request, _("The SNA has been updated"))
        return _detail(request, assessment)
    return render(
        request, "assessments/assessment/edit.html", {"form": form, "assessment": assessment}
    )


@tenant_view(Permission.MANAGE_ASSESSMENT)
@require_http_methods(GET_OR_POST)
def assessment_transition(request: TenantRequest, assessment_pk: int, status: str):
    """A confirmation page, and on POST the move itself; a refusal is shown on the same page."""
    move = lifecycles.ASSESSMENT[status]
    assessment = selectors.assessment_detail(
        partnership=request.partnership, assessment_pk=assessment_pk
    )
    form = forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_transition(
                assessment=assessment, status=status, acting_user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, str(move.done))
            return _detail(request, assessment)
    return render(
        request,
        "assessments/assessment/transition.html",
        {
            "form": form,
            "assessment": assessment,
            "heading": move.heading,
            "explanation": move.explanation,
            "button": move.button,
        },
    )


@tenant_view(Permission.MANAGE_ASSESSMENT)
@require_http_methods(GET_OR_POST)
def assessment_shared(request: TenantRequest, assessment_pk: int):
    assessment = selectors.assessment_detail(
        partnership=request.partnership, assessment_pk=assessment_pk
    )
    form = AssessmentSharedForm(
        request.POST if request.method == "POST" else None,
        initial={"shared_on": assessment.shared_with_home_office_on},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_record_shared(
                assessment=assessment,
                shared_on=form.cleaned_data["shared_on"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error("shared_on", error)
        else:
            messages.success(request, _("The date shared with the Home Office has been recorded"))
            return _detail(request, assessment)
    return render(
        request, "assessments/assessment/shared.html", {"form": form, "assessment": assessment}
    )


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_http_methods(GET_OR_POST)
def assessment_module(request: TenantRequest, assessment_pk: int, module_pk: int):
    """Anyone who sees the SNA reads a module; its owner or a lead edits it. "Preview" shows
    the typed text rendered, without saving."""
    assessment = selectors.assessment_detail(
        partnership=request.partnership, assessment_pk=assessment_pk
    )
    module = selectors.module_detail(assessment=assessment, module_pk=module_pk)
    may_edit = rules.may_edit_module(module, actor=request.actor)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    is_lead = request.actor.may(Permission.MANAGE_ASSESSMENT)
    form = None
    preview = None
    if may_edit:
        owners = selectors.module_owner_choices(partnership=request.partnership)
        form = ModuleForm(
            request.POST if request.method == "POST" else None,
            owners=owners if is_lead else None,
            initial={"body": module.body, "status": module.status, "owner": module.owner},
        )
        if request.method == "POST" and form.is_valid():
            if request.POST.get("action") == "preview":
                preview = form.cleaned_data["body"]
            else:
                try:
                    services.module_edit(
                        module=module,
                        body=form.cleaned_data["body"],
                        status=form.cleaned_data["status"],
                        owner=form.cleaned_data["owner"] if is_lead else module.owner,
                        acting_user=request.user,
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, _("%(module)s has been saved") % {"module": module})
                    return _detail(request, assessment)
    return render(
        request,
        "assessments/assessment/module.html",
        {"assessment": assessment, "module": module, "form": form, "preview": preview},
    )


urlpatterns = [
    path("sna/", assessment_list, name="assessment"),
    path("sna/new/", assessment_new, name="assessment-new"),
    path("sna/<int:assessment_pk>/", assessment_detail, name="assessment-detail"),
    path("sna/<int:assessment_pk>/edit/", assessment_edit, name="assessment-edit"),
    *(
        path(
            f"sna/<int:assessment_pk>/{move_path}/",
            assessment_transition,
            {"status": status},
            name=f"assessment-{move_path}",
        )
        for status, move_path in MOVE_PATHS.items()
    ),
    path("sna/<int:assessment_pk>/shared/", assessment_shared, name="assessment-shared"),
    path(
        "sna/<int:assessment_pk>/modules/<int:module_pk>/",
        assessment_module,
        name="assessment-module",
    ),
]
