"""Representation gaps: which specified authorities still lack an accountable, responsible or
data-lead representative, and which relevant authorities have not yet engaged."""

from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import selectors
from ..access import TenantRequest, tenant_view
from ..list_downloads import download_paths, list_download
from ..member_cache import for_partnership
from ..roles import DUTY_ROLE_CHOICES, Permission


def _gaps(request: TenantRequest) -> selectors.RepresentationGaps:
    partnership = request.partnership
    # Read once per change to the partnership's records, as on its dashboard (in the language
    # of their labels). A pending invitation that expires meanwhile is still listed as sent
    # until the next change, or for MEMBER_CACHE_TIMEOUT at most; the invitations page is exact.
    return for_partnership(
        partnership,
        "representation-gaps",
        lambda: selectors.representation_gaps(partnership=partnership),
        get_language(),
    )


@tenant_view(Permission.VIEW_REPRESENTATION)
@require_safe
def representation(request: TenantRequest):
    return render(
        request, "partnerships/representation/representation.html", {"gaps": _gaps(request)}
    )


def _cover_text(cover: selectors.RoleCover) -> str:
    """One Duty role's cell, in the page's words: who holds it; or that it is missing, with the
    post the guidance recommends and the invitations that would fill it; or not needed."""
    if cover.holders:
        return "; ".join(membership.user.full_name for membership in cover.holders)
    if not cover.missing:
        return _("Not needed for this sector")
    parts = [_("Missing")]
    if cover.recommended_post:
        parts.append(_("Recommended post: %(post)s") % {"post": cover.recommended_post})
    if cover.invited:
        sent = [
            _("%(email)s, sent %(date)s")
            % {
                "email": invitation.email,
                "date": date_format(timezone.localdate(invitation.sent_at), "j F Y"),
            }
            for invitation in cover.invited
        ]
        parts.append(_("Invited: %(invitations)s") % {"invitations": "; ".join(sent)})
    return ". ".join(parts)


@tenant_view(Permission.VIEW_REPRESENTATION)
@require_safe
def specified_download(request: TenantRequest, fmt: str):
    """The page's first table: each specified authority and who holds each checked Duty role."""
    # The checked Duty roles, in the order each authority's covers come in.
    labels = dict(DUTY_ROLE_CHOICES)
    roles = [labels[role] for role in selectors.CHECKED_DUTY_ROLES]
    return list_download(
        request,
        name="representation-specified-authorities",
        title=_("Representation of specified authorities"),
        fmt=fmt,
        header=[_("Organisation"), _("Sector"), *roles],
        rows=(
            [
                authority.organisation.name,
                authority.organisation.sector.short_name,
                *(_cover_text(cover) for cover in authority.roles),
            ]
            for authority in _gaps(request).specified
        ),
    )


@tenant_view(Permission.VIEW_REPRESENTATION)
@require_safe
def relevant_download(request: TenantRequest, fmt: str):
    """The page's second table: whether each relevant authority has a member yet."""
    return list_download(
        request,
        name="representation-relevant-authorities",
        title=_("Engagement of relevant authorities"),
        fmt=fmt,
        header=[_("Organisation"), _("Sector"), _("Status")],
        rows=(
            [
                engagement.organisation.name,
                engagement.organisation.sector.short_name,
                _("Has a member") if engagement.has_member else _("Not yet engaged"),
            ]
            for engagement in _gaps(request).relevant
        ),
    )


urlpatterns = [
    path("representation/", representation, name="representation"),
    *download_paths("representation/specified", specified_download, name="representation"),
    *download_paths("representation/relevant", relevant_download, name="representation-relevant"),
]
