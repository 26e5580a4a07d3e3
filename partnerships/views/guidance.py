"""The Duty guidance, browsable by element and by sector, for anyone signed in."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import selectors
from ..models import ElementAction, Sector, SectorBenefit


@login_required
@require_safe
def index(request):
    return render(
        request, "partnerships/guidance/index.html", {"notes": selectors.editorial_notes()}
    )


@login_required
@require_safe
def element_index(request):
    elements = selectors.element_list()
    return render(
        request,
        "partnerships/guidance/element_index.html",
        {
            "core": [e for e in elements if e.is_core],
            "additional": [e for e in elements if not e.is_core],
        },
    )


@login_required
@require_safe
def element_detail(request, slug):
    element = selectors.element_detail(slug=slug)
    return render(
        request,
        "partnerships/guidance/element_detail.html",
        {
            "element": element,
            "summary": selectors.actions_by_level(element, kind=ElementAction.Kind.SUMMARY),
            "actions": selectors.actions_by_level(element, kind=ElementAction.Kind.ACTION),
        },
    )


@login_required
@require_safe
def sector_index(request):
    sectors = selectors.sector_list()
    groups = [
        (label, [s for s in sectors if s.authority_type == value])
        for value, label in Sector.AuthorityType.choices
    ]
    return render(request, "partnerships/guidance/sector_index.html", {"groups": groups})


@login_required
@require_safe
def sector_detail(request, slug):
    sector = selectors.sector_detail(slug=slug)
    benefits = list(sector.benefits.all())
    return render(
        request,
        "partnerships/guidance/sector_detail.html",
        {
            "sector": sector,
            "benefits_for_partnership": [
                b for b in benefits if b.audience == SectorBenefit.Audience.PARTNERSHIP
            ],
            "benefits_for_sector": [
                b for b in benefits if b.audience == SectorBenefit.Audience.SECTOR
            ],
        },
    )


@login_required
@require_safe
def roles(request):
    return render(
        request,
        "partnerships/guidance/roles.html",
        {"roles": selectors.duty_roles(), "questions": selectors.reflective_questions()},
    )
