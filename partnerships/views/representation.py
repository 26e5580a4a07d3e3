"""Representation gaps: which specified authorities still lack an accountable, responsible or
data-lead representative, and which relevant authorities have not yet engaged."""

from django.shortcuts import render
from django.urls import path
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from .. import selectors
from ..access import TenantRequest, tenant_view
from ..member_cache import for_partnership
from ..roles import Permission


@tenant_view(Permission.VIEW_REPRESENTATION)
@require_safe
def representation(request: TenantRequest):
    partnership = request.partnership
    # Read once per change to the partnership's records, as on its dashboard (in the language
    # of their labels). A pending invitation that expires meanwhile is still listed as sent
    # until the next change, or for MEMBER_CACHE_TIMEOUT at most; the invitations page is exact.
    gaps = for_partnership(
        partnership,
        "representation-gaps",
        lambda: selectors.representation_gaps(partnership=partnership),
        get_language(),
    )
    return render(request, "partnerships/representation/representation.html", {"gaps": gaps})


urlpatterns = [
    path("representation/", representation, name="representation"),
]
