"""An organisation's self-assessment against the guidance's Part 1 reflective questions, kept per
financial year: everyone who sees the partnership's organisations reads every year's; the
organisation's own members, and the lead, write this year's."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from common.forms import add_service_errors
from common.periods import financial_year

from .. import rules, selectors, services
from ..access import TenantRequest, tenant_view
from ..forms.questions import SelfAssessmentForm
from ..models import ReflectiveQuestion
from ..roles import Permission

PURPOSE = ReflectiveQuestion.Purpose.SELF_ASSESSMENT


@tenant_view(Permission.VIEW_MEMBERS)
@require_safe
def self_assessment_list(request: TenantRequest, organisation_pk: int):
    organisation = selectors.organisation_detail(
        partnership=request.partnership, organisation_pk=organisation_pk
    )
    questions = list(selectors.reflective_questions(PURPOSE))
    this_year = financial_year(timezone.localdate())
    years = [
        (assessment, [(q, assessment.answers.get(str(q.order), "")) for q in questions])
        for assessment in selectors.self_assessments(organisation=organisation)
    ]
    return render(
        request,
        "partnerships/organisations/self_assessment_list.html",
        {
            "organisation": organisation,
            "years": years,
            "this_year": this_year,
            "has_this_year": any(a.year == this_year for a, _answers in years),
            "may_write": rules.may_write_self_assessment(organisation, actor=request.actor),
        },
    )


@tenant_view(Permission.VIEW_MEMBERS)
@require_http_methods(["GET", "HEAD", "POST"])
def self_assessment_edit(request: TenantRequest, organisation_pk: int):
    # The lookup comes first, so another partnership's organisation is a 404 for everyone.
    organisation = selectors.organisation_detail(
        partnership=request.partnership, organisation_pk=organisation_pk
    )
    if not rules.may_write_self_assessment(organisation, actor=request.actor):
        raise PermissionDenied
    questions = list(selectors.reflective_questions(PURPOSE))
    this_year = financial_year(timezone.localdate())
    current = selectors.self_assessments(organisation=organisation).filter(year=this_year).first()
    form = SelfAssessmentForm(
        request.POST if request.method == "POST" else None,
        questions=questions,
        record=current.answers if current else {},
        level=current.level if current else "",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.self_assessment_record(
                organisation=organisation,
                answers=form.answers(),
                level=form.cleaned_data["level"],
                actor=request.actor,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The self-assessment for %(year)s has been saved") % {"year": this_year},
            )
            return redirect(
                "tenant:organisations-self-assessment", request.partnership.slug, organisation.pk
            )
    return render(
        request,
        "partnerships/organisations/self_assessment_form.html",
        {"organisation": organisation, "form": form, "this_year": this_year},
    )


urlpatterns = [
    path(
        "organisations/<int:organisation_pk>/self-assessment/",
        self_assessment_list,
        name="organisations-self-assessment",
    ),
    path(
        "organisations/<int:organisation_pk>/self-assessment/this-year/",
        self_assessment_edit,
        name="organisations-self-assessment-edit",
    ),
]
