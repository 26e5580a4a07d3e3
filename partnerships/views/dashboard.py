"""Where people land: a partnership's dashboard, the partnership chooser for people in several,
and the convener's overview of every partnership they convene."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from assessments import selectors as assessment_selectors

from .. import selectors
from ..access import TenantRequest, tenant_view
from ..models import Invitation
from ..roles import Permission, PortalRole

PAGE_SIZE = 25


@tenant_view(Permission.VIEW_PARTNERSHIP)
@require_safe
def dashboard(request: TenantRequest):
    partnership = request.partnership
    permissions = request.permissions
    context = {
        "partnership": partnership,
        "organisation_counts": selectors.organisation_counts(partnership=partnership),
        "member_counts": selectors.member_counts(partnership=partnership),
        "is_convener": request.membership.portal_role == PortalRole.CONVENER,
    }
    # Each section is read only for people who may see it, so nobody pays for what is hidden.
    if Permission.VIEW_REPRESENTATION in permissions:
        context["gaps"] = selectors.representation_gaps(partnership=partnership)
    if Permission.MANAGE_MEMBERS in permissions:
        counts = selectors.invitation_counts(partnership=partnership)
        context["pending_invitations"] = counts[Invitation.Status.PENDING]
    if Permission.VIEW_ACTIVITY in permissions:
        context["recent_activity"] = list(selectors.audit_entries(partnership=partnership)[:5])
    if Permission.VIEW_ASSESSMENT in permissions:
        context["sna"] = assessment_selectors.sna_summary(partnership=partnership)
    return render(request, "partnerships/dashboard/dashboard.html", context)


@login_required
@require_safe
def partnership_chooser(request):
    memberships = list(selectors.memberships_for_user(user=request.user))
    return render(
        request,
        "partnerships/chooser/chooser.html",
        {
            "memberships": memberships,
            "convenes_any": any(m.portal_role == PortalRole.CONVENER for m in memberships),
        },
    )


@login_required
@require_safe
def convener_overview(request):
    partnerships = selectors.convened_partnerships(user=request.user)
    page = Paginator(partnerships, PAGE_SIZE).get_page(request.GET.get("page"))
    if not page.object_list:
        raise Http404  # only conveners have an overview
    gaps = selectors.representation_gaps_for(partnerships=page.object_list)
    rows = [(partnership, gaps[partnership.pk]) for partnership in page.object_list]
    return render(
        request,
        "partnerships/convener/overview.html",
        {"rows": rows, "page_obj": page},
    )


urlpatterns = [
    path("", dashboard, name="dashboard"),
]

non_tenant_urlpatterns = [
    path("partnerships/", partnership_chooser, name="partnership-chooser"),
    path("convener/", convener_overview, name="convener-overview"),
]
