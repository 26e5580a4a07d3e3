"""Representation gaps: which specified authorities still lack an accountable, responsible or
data-lead representative, and which relevant authorities have not yet engaged."""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from .. import selectors
from ..access import TenantRequest, tenant_view
from ..roles import Permission


@tenant_view(Permission.VIEW_REPRESENTATION)
@require_safe
def representation(request: TenantRequest):
    gaps = selectors.representation_gaps(partnership=request.partnership)
    return render(request, "partnerships/representation/representation.html", {"gaps": gaps})


urlpatterns = [
    path("representation/", representation, name="representation"),
]
