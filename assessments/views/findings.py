"""The SNA's findings — needs it found, each resting on accepted evidence — and the
recommendations that answer them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from partnerships.access import TenantRequest, tenant_view
from partnerships.list_downloads import download_paths, list_download
from partnerships.roles import Permission

from .. import selectors, services
from ..forms.findings import FindingForm, RecommendationForm, finding_initial
from ..models import Assessment, Finding


def _to_findings(request: TenantRequest, assessment: Assessment):
    return redirect("tenant:findings", request.partnership.slug, assessment.pk)


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def finding_list(request: TenantRequest, assessment_pk: int):
    assessment = get_object_or_404(Assessment, pk=assessment_pk)
    return render(
        request,
        "assessments/findings/list.html",
        {
            "assessment": assessment,
            "groups": selectors.findings_for_assessment(assessment=assessment),
            "recommendations": selectors.recommendations_for_assessment(assessment=assessment),
        },
    )


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def finding_list_download(request: TenantRequest, assessment_pk: int, fmt: str):
    """The SNA's findings as the page lists them: by kind, each with the evidence it rests on."""
    assessment = get_object_or_404(Assessment, pk=assessment_pk)
    groups = selectors.findings_for_assessment(assessment=assessment)
    return list_download(
        request,
        name="findings",
        title=_("Findings"),
        fmt=fmt,
        header=[_("Kind"), _("Finding"), _("Description"), _("Contributions"), _("Measures")],
        rows=(
            [
                label,
                finding.title,
                finding.description,
                "; ".join(
                    f"{c.title} ({c.organisation.name})" for c in finding.contributions.all()
                ),
                "; ".join(measure.name for measure in finding.measures.all()),
            ]
            for _kind, label, findings in groups
            for finding in findings
        ),
    )


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def recommendation_list_download(request: TenantRequest, assessment_pk: int, fmt: str):
    """The SNA's recommendations in order, each with the findings it answers."""
    assessment = get_object_or_404(Assessment, pk=assessment_pk)
    recommendations = selectors.recommendations_for_assessment(assessment=assessment)
    return list_download(
        request,
        name="recommendations",
        title=_("Recommendations"),
        fmt=fmt,
        header=[_("Number"), _("Recommendation"), _("Description"), _("Answers")],
        rows=(
            [
                number,
                recommendation.title,
                recommendation.description,
                "; ".join(finding.title for finding in recommendation.findings.all()),
            ]
            for number, recommendation in enumerate(recommendations, start=1)
        ),
    )


def _save_finding(request: TenantRequest, form: FindingForm, assessment, finding=None):
    data = form.cleaned_data
    fields = {
        "kind": data["kind"],
        "title": data["title"],
        "description": data["description"],
        "contributions": data["contributions"],
        "measures": data["measures"],
        "acting_user": request.user,
    }
    if finding is None:
        return services.finding_create(assessment=assessment, **fields)
    return services.finding_edit(finding=finding, **fields)


def _finding_form(request: TenantRequest, assessment, finding=None):
    form = FindingForm(
        request.POST if request.method == "POST" else None,
        evidence=selectors.finding_evidence_choices(
            partnership=request.partnership, finding=finding
        ),
        initial=finding_initial(finding) if finding else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save_finding(request, form, assessment, finding)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            message = (
                _("“%(title)s” has been saved") if finding else _("“%(title)s” has been recorded")
            )
            messages.success(request, message % {"title": saved.title})
            return _to_findings(request, assessment)
    return render(
        request,
        "assessments/findings/form.html",
        {"form": form, "assessment": assessment, "finding": finding},
    )


@tenant_view(Permission.RECORD_FINDINGS)
@require_http_methods(["GET", "HEAD", "POST"])
def finding_new(request: TenantRequest, assessment_pk: int):
    assessment = get_object_or_404(Assessment, pk=assessment_pk)
    return _finding_form(request, assessment)


@tenant_view(Permission.RECORD_FINDINGS)
@require_http_methods(["GET", "HEAD", "POST"])
def finding_edit(request: TenantRequest, finding_pk: int):
    finding = get_object_or_404(Finding.objects.select_related("assessment"), pk=finding_pk)
    return _finding_form(request, finding.assessment, finding)


@tenant_view(Permission.RECORD_FINDINGS)
@require_http_methods(["GET", "HEAD", "POST"])
def recommendation_new(request: TenantRequest, assessment_pk: int):
    assessment = get_object_or_404(Assessment, pk=assessment_pk)
    form = RecommendationForm(
        request.POST if request.method == "POST" else None,
        findings=Finding.objects.filter(assessment=assessment).order_by("kind", "title"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = services.recommendation_create(
                assessment=assessment,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                findings=form.cleaned_data["findings"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("“%(title)s” has been recorded") % {"title": recommendation.title},
            )
            return _to_findings(request, assessment)
    return render(
        request,
        "assessments/findings/recommendation_form.html",
        {"form": form, "assessment": assessment},
    )


urlpatterns = [
    path("sna/<int:assessment_pk>/findings/", finding_list, name="findings"),
    *download_paths(
        "sna/<int:assessment_pk>/findings/list", finding_list_download, name="findings"
    ),
    *download_paths(
        "sna/<int:assessment_pk>/recommendations/list",
        recommendation_list_download,
        name="recommendations",
    ),
    path("sna/<int:assessment_pk>/findings/new/", finding_new, name="findings-new"),
    path("findings/<int:finding_pk>/edit/", finding_edit, name="findings-edit"),
    path(
        "sna/<int:assessment_pk>/recommendations/new/",
        recommendation_new,
        name="findings-recommendation-new",
    ),
]
