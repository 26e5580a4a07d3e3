"""Where people land, by role: the start page sends a convener to their overview of every
partnership they convene, and any other member to their partnership's dashboard (or the
chooser, for people in several)."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from partnerships import selectors as partnership_selectors
from partnerships.access import TenantRequest, tenant_view
from partnerships.changes import records_version
from partnerships.list_downloads import download_paths, list_download
from partnerships.member_cache import member_key
from partnerships.models import Invitation
from partnerships.roles import Permission, PortalRole
from strategies.models import ActionStatus

from .. import convener_panels, selectors, services
from ..selectors import information_requests as information_request_selectors
from ..selectors.checklist_lines import SHORT_TITLES, ComplianceStatus

PAGE_SIZE = 25

# The portal roles whose dashboard opens with what is asked of them.
ASKED_OF = {PortalRole.PARTNER, PortalRole.OBSERVER}


@require_safe
def home(request):
    """The start page for visitors; signed-in people land in their partnership.

    A convener: the overview of the partnerships they convene, which is what they come for. One
    partnership: its dashboard. Several: the chooser. None yet: the guidance, and a word on how
    to join.
    """
    if not request.user.is_authenticated:
        return render(request, "pages/start.html")
    memberships = list(partnership_selectors.memberships_for_user(user=request.user))
    if any(membership.portal_role == PortalRole.CONVENER for membership in memberships):
        return redirect("convener-overview")
    if len(memberships) == 1:
        return redirect("tenant:dashboard", memberships[0].partnership.slug)
    if memberships:
        return redirect("partnership-chooser")
    return render(
        request,
        "pages/home.html",
        {"elements": partnership_selectors.element_list(), "not_a_member": True},
    )


# A consultee opening the partnership's home is sent to the consultation, theirs alone.
@tenant_view(Permission.VIEW_PARTNERSHIP, consultees_land_elsewhere=True)
@require_safe
def dashboard(request: TenantRequest):
    partnership = request.partnership
    permissions = request.actor.permissions
    today = timezone.localdate()
    # The partnership's own figures, read once per change to its records; each only for
    # people who may see it, so nobody pays for what is hidden.
    wanted = ["organisation_counts", "member_counts"]
    if Permission.VIEW_ASSESSMENT in permissions:
        wanted += ["sna", "sharing"]
    if Permission.MANAGE_PARTNERSHIP in permissions:
        # Beside the partnership's details: how much of its storage the files uploaded take up.
        wanted.append("storage")
    if (
        Permission.VIEW_REPRESENTATION in permissions
        and Permission.VIEW_STRATEGY not in permissions
    ):
        # Those who see the Duty checklist have the gaps from it.
        wanted.append("gaps")
    context = {
        "partnership": partnership,
        **selectors.dashboard_figures(partnership=partnership, wanted=wanted, today=today),
        "is_convener": request.actor.membership.portal_role == PortalRole.CONVENER,
    }
    # Duty partners and observers come to do what is asked of their organisation: that leads
    # their dashboard. The lead and the convener run or oversee the partnership and have their
    # own lists (the checklist, the convener overview, the to-do page) instead.
    if request.actor.membership.portal_role in ASKED_OF:
        context["today"] = today
        context["asked"] = selectors.asked_of_you(actor=request.actor, today=today)
    # The convener's requests for information the person must answer for their organisation.
    context["information_requests"] = information_request_selectors.information_requests_asked_of(
        actor=request.actor, today=today
    )
    compliance = None
    if Permission.VIEW_STRATEGY in permissions:
        compliance = selectors.compliance(partnership=partnership, today=today)
        context["compliance"] = compliance
    # The lead's dashboard opens with what waits on their decision, before the figures.
    context["decisions"] = selectors.decisions_for(actor=request.actor, compliance=compliance)
    # The checklist and the decisions are kept rendered too (their few hundred template nodes
    # were a third of the lead's dashboard): the checklist per partnership, the decisions per
    # member, each under the records' version, the day and the language.
    language = get_language()
    context["checklist_kept_as"] = (
        f"{partnership.pk}:{records_version(partnership.pk)}:{today.isoformat()}:{language}"
    )
    context["decisions_kept_as"] = member_key(
        request.actor, "decisions-html", today.isoformat(), language
    )
    if Permission.VIEW_REPRESENTATION in permissions and compliance is not None:
        context["gaps"] = compliance.gaps
    if Permission.MANAGE_MEMBERS in permissions:
        counts = partnership_selectors.invitation_counts(partnership=partnership)
        context["pending_invitations"] = counts[Invitation.Status.PENDING]
    if Permission.VIEW_ACTIVITY in permissions:
        context["recent_activity"] = list(
            partnership_selectors.audit_entries(partnership=partnership)[:5]
        )
    return render(request, "oversight/dashboard/dashboard.html", context)


@login_required
@require_safe
def partnership_chooser(request):
    """A person's partnerships by name, a page at a time (a regional convener has hundreds)."""
    memberships = partnership_selectors.memberships_for_user(user=request.user)
    page = Paginator(memberships, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/chooser/chooser.html",
        {
            "memberships": page.object_list,
            "page_obj": page,
            "convenes_any": memberships.filter(portal_role=PortalRole.CONVENER).exists(),
        },
    )


def _by_review(partnership) -> tuple:
    """Soonest review due first, so overdue ones lead; no published strategy to review at
    all leads them."""
    due_on = partnership.standing.review_due_on
    if due_on is None:
        return (0, datetime.date.min, partnership.name.lower())
    return (1, due_on, partnership.name.lower())


# How the convener overview can be sorted: (key, the direction it reads in, for aria-sort).
# Each but the name puts what needs attention first; ties fall back to the name.
OVERVIEW_SORTS = {
    "name": (lambda p: (p.name.lower(),), "ascending"),
    "met": (lambda p: (p.standing.met_count, p.name.lower()), "ascending"),
    "off_track": (lambda p: (-p.standing.off_track, p.name.lower()), "descending"),
    "review": (_by_review, "ascending"),
}

# The action statuses the overview counts, in the order the statuses are listed everywhere.
OVERVIEW_ACTION_STATUSES = [
    ActionStatus(value)
    for value in ActionStatus.values
    if value in {ActionStatus.ON_TRACK, ActionStatus.AT_RISK, ActionStatus.OFF_TRACK}
]


def _attach_standing(partnerships, *, today) -> None:
    """Each partnership's stored standing, computed afresh (in one batch) where it is stale,
    missing, from an earlier day or older than STANDING_MAX_AGE."""
    stored = selectors.standings_of(partnerships=partnerships)
    due = selectors.standings_due(
        partnerships=partnerships, stored=stored, today=today, now=timezone.now()
    )
    stored.update(services.standings_refresh(partnerships=due, today=today))
    for partnership in partnerships:
        partnership.standing = stored[partnership.pk]


def _convened(request) -> list:
    partnerships = list(partnership_selectors.convened_partnerships(user=request.user))
    if not partnerships:
        raise Http404  # only conveners have an overview
    return partnerships


def _sort(request) -> str:
    sort = request.GET.get("sort", "name")
    return sort if sort in OVERVIEW_SORTS else "name"


@login_required
@require_safe
def convener_overview(request):
    """Every partnership the person convenes, with its Duty checklist and actions by RAG.

    Each partnership's standing is stored (oversight.models.PartnershipStanding) and read in
    one query; in name order (the default) only the page's partnerships are even looked at.
    """
    partnerships = _convened(request)
    sort = _sort(request)
    key, direction = OVERVIEW_SORTS[sort]
    today = timezone.localdate()
    if sort == "name":
        # In name order the page is known before the standings: read only its partnerships'.
        partnerships.sort(key=key)
        page = Paginator(partnerships, PAGE_SIZE).get_page(request.GET.get("page"))
        _attach_standing(page.object_list, today=today)
    else:
        _attach_standing(partnerships, today=today)
        partnerships.sort(key=key)
        page = Paginator(partnerships, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "partnership": partnership,
            "standing": partnership.standing,
            "lines": selectors.standing_lines(partnership.standing),
            "review": selectors.standing_review(partnership.standing, today=today),
            "actions": [
                (status, getattr(partnership.standing, status.value))
                for status in OVERVIEW_ACTION_STATUSES
            ],
        }
        for partnership in page.object_list
    ]
    return render(
        request,
        "oversight/convener/overview.html",
        {
            "rows": rows,
            "page_obj": page,
            "sort": sort,
            "sort_direction": direction,
            # Open requests for information in every partnership convened, in one query.
            "information_requests": information_request_selectors.open_request_counts(
                partnerships=partnerships, today=today
            ),
            # What the layers above show here (the Duty grant), for the page's partnerships.
            "panels": convener_panels.panels_for(
                user=request.user, partnerships=page.object_list, today=today
            ),
        },
    )


def _review_label(review) -> str:
    if review is None:
        return _("No published strategy")
    if review.is_overdue:
        return _("Overdue")
    if review.is_due_soon:
        return _("Due soon")
    return ""


@login_required
@require_safe
def convener_overview_download(request, fmt: str):
    """The overview's table as CSV or XLSX: every partnership the person convenes, every page
    of them, in the page's order, a figure a column."""
    partnerships = _convened(request)
    key, _direction = OVERVIEW_SORTS[_sort(request)]
    today = timezone.localdate()
    _attach_standing(partnerships, today=today)
    partnerships.sort(key=key)
    statuses = {status.value: status.label for status in ComplianceStatus}

    def row(partnership) -> list:
        standing = partnership.standing
        lines = {line.key: line.status for line in selectors.standing_lines(standing)}
        review = selectors.standing_review(standing, today=today)
        actions = [
            getattr(standing, status.value) if standing.has_strategy else ""
            for status in OVERVIEW_ACTION_STATUSES
        ]
        return [
            partnership.name,
            partnership.organisation_count,
            partnership.member_count,
            standing.met_count,
            standing.total,
            *(statuses[lines[name]] if name in lines else "" for name in SHORT_TITLES),
            *actions,
            review.due_on if review else "",
            _review_label(review),
            standing.missing_roles,
            ", ".join(standing.lacking_accountable),
        ]

    return list_download(
        request,
        name="partnerships",
        title=_("Partnerships you convene"),
        fmt=fmt,
        prefix="convened",
        partnerships=partnerships,
        header=[
            _("Partnership"),
            _("Organisations"),
            _("Active members"),
            _("Duty requirements met"),
            _("Duty requirements"),
            *SHORT_TITLES.values(),
            *(
                _("Actions: %(status)s") % {"status": status.label}
                for status in OVERVIEW_ACTION_STATUSES
            ),
            _("Next review due"),
            _("Review"),
            _("Duty roles missing from specified authorities"),
            _("Specified authorities with no accountable person"),
        ],
        rows=(row(partnership) for partnership in partnerships),
    )


urlpatterns = [
    path("", dashboard, name="dashboard"),
]

non_tenant_urlpatterns = [
    path("partnerships/", partnership_chooser, name="partnership-chooser"),
    path("convener/", convener_overview, name="convener-overview"),
    *download_paths("convener/list", convener_overview_download, name="convener-overview"),
]
