"""Search across the partnership: one box on every partnership page, and the results page,
grouped by kind, each result linking to the page that shows it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.shortcuts import render
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from partnerships.access import TenantRequest, tenant_view
from partnerships.roles import Permission

from ..selectors import search


@dataclass(frozen=True)
class Hit:
    """One result as the page shows it: what it is called, where it is, and a line about it."""

    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class Kind:
    """How the page shows one kind: its heading, how to show each result, and its list page
    (if it has one) with the link's words."""

    heading: str
    hit: Callable[[Any, str], Hit]
    list_url_name: str = ""
    list_label: str = ""


def _tenant_url(name: str, slug: str, *args) -> str:
    return reverse(f"tenant:{name}", args=[slug, *args])


KINDS = {
    "members": Kind(
        _("Members"),
        lambda m, slug: Hit(
            str(m.user),
            _tenant_url("members-detail", slug, m.pk),
            " · ".join(filter(None, [m.job_title, m.organisation.name])),
        ),
        list_url_name="members",
        list_label=_("Go to the members list"),
    ),
    "organisations": Kind(
        _("Organisations"),
        lambda o, slug: Hit(
            o.name,
            # The organisations page lists them under their statutory role, retired ones apart.
            _tenant_url("organisations", slug)
            + ("#retired" if o.is_retired else f"#{o.sector.authority_type}"),
            o.sector.name,
        ),
        list_url_name="organisations",
        list_label=_("Go to the organisations list"),
    ),
    "contributions": Kind(
        _("Contributions"),
        lambda c, slug: Hit(
            c.title,
            _tenant_url("contributions-detail", slug, c.pk),
            f"{c.organisation.name} · {c.get_status_display()}",
        ),
        list_url_name="contributions",
        list_label=_("Go to the contributions list"),
    ),
    "findings": Kind(
        _("Findings"),
        lambda f, slug: Hit(
            f.title,
            _tenant_url("findings", slug, f.assessment_id) + f"#finding-{f.pk}",
            _("SNA %(period)s · %(kind)s")
            % {"period": f.assessment.period, "kind": f.get_kind_display()},
        ),
    ),
    "actions": Kind(
        _("Actions"),
        lambda a, slug: Hit(
            a.title,
            _tenant_url("actions-detail", slug, a.pk),
            f"{a.lead_organisation.name} · {a.strategy.title}",
        ),
        list_url_name="actions",
        list_label=_("Go to the actions list"),
    ),
    "meetings": Kind(
        _("Meetings"),
        lambda m, slug: Hit(
            m.title, _tenant_url("meetings-detail", slug, m.pk), date_format(m.held_on, "j F Y")
        ),
        list_url_name="meetings",
        list_label=_("Go to the meetings list"),
    ),
    "strategies": Kind(
        _("Response strategies"),
        lambda s, slug: Hit(
            s.title, _tenant_url("strategies-detail", slug, s.pk), s.get_status_display()
        ),
        list_url_name="strategies",
        list_label=_("Go to the strategies list"),
    ),
    "versions": Kind(
        _("Published strategy versions"),
        lambda v, slug: Hit(
            v.snapshot.get("title") or v.strategy.title,
            _tenant_url("strategies-version", slug, v.strategy_id, v.pk),
            _("Version %(number)s, published %(date)s")
            % {"number": v.number, "date": date_format(v.published_on, "j F Y")},
        ),
    ),
}


def _shown(group: search.SearchGroup, slug: str) -> dict:
    kind = KINDS[group.key]
    return {
        "key": group.key,
        "heading": kind.heading,
        "hits": [kind.hit(row, slug) for row in group.rows],
        "total": group.total,
        "list_url": _tenant_url(kind.list_url_name, slug) if kind.list_url_name else "",
        "list_label": kind.list_label,
    }


@tenant_view(Permission.VIEW_PARTNERSHIP)
@require_safe
def search_results(request: TenantRequest):
    raw = request.GET.get("q", "")
    query = search.search_text(raw)
    groups = [
        _shown(group, request.partnership.slug)
        for group in search.partnership_search(actor=request.actor, text=query)
    ]
    return render(
        request,
        "oversight/search/results.html",
        {
            "query": query,
            "searched": search.searchable(query),
            "shortened": len(" ".join(raw.split())) > search.MAX_LENGTH,
            "groups": groups,
            "found": sum(group["total"] for group in groups),
        },
    )


urlpatterns = [
    path("search/", search_results, name="search"),
]
