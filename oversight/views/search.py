"""Search across the partnership: one box on every partnership page, and the results page,
grouped by kind, each result linking to the page that shows it."""

from collections.abc import Callable
from dataclasses import dataclass, replace

from django.shortcuts import render
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from assessments.models import AssessmentModule, Contribution, Finding
from partnerships.access import TenantRequest, tenant_view
from partnerships.models import Sector
from partnerships.roles import Permission
from strategies.models import Strategy

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
    hit: Callable[[search.Found, Callable[..., str]], Hit]
    list_url_name: str = ""
    list_label: str = ""


def _status(choices) -> Callable[[str], str]:
    """A stored choice's words, as the model's get_…_display() gives them."""
    labels = dict(choices)
    return lambda value: str(labels.get(value, value))


_contribution_status = _status(Contribution.Status.choices)
_finding_kind = _status(Finding.Kind.choices)
_module_kind = _status(AssessmentModule.Kind.choices)
_module_status = _status(AssessmentModule.Status.choices)
_strategy_status = _status(Strategy.Status.choices)

# Each kind's hit from its row, its links made by `url` (see _urls): reversing a URL for every
# row was a good part of the page's time.
KINDS = {
    "members": Kind(
        _("Members"),
        lambda m, url: Hit(
            m.title, url("members-detail", m.pk), " · ".join(filter(None, [m.note, m.line]))
        ),
        list_url_name="members",
        list_label=_("Go to the members list"),
    ),
    "organisations": Kind(
        _("Organisations"),
        lambda o, url: Hit(
            o.title,
            # The organisations page lists them under their statutory role, retired ones apart.
            url("organisations") + ("#retired" if o.number else f"#{o.note}"),
            o.line,
        ),
        list_url_name="organisations",
        list_label=_("Go to the organisations list"),
    ),
    "contributions": Kind(
        _("Contributions"),
        lambda c, url: Hit(
            c.title,
            url("contributions-detail", c.pk),
            f"{c.line} · {_contribution_status(c.note)}",
        ),
        list_url_name="contributions",
        list_label=_("Go to the contributions list"),
    ),
    "findings": Kind(
        _("Findings"),
        lambda f, url: Hit(
            f.title,
            url("findings", f.parent) + f"#finding-{f.pk}",
            _("SNA %(period)s · %(kind)s") % {"period": f.line, "kind": _finding_kind(f.note)},
        ),
    ),
    "modules": Kind(
        _("SNA modules"),
        lambda m, url: Hit(
            _module_kind(m.title),
            url("assessment-module", m.parent, m.pk),
            _("SNA %(period)s · %(status)s") % {"period": m.line, "status": _module_status(m.note)},
        ),
    ),
    "actions": Kind(
        _("Actions"),
        lambda a, url: Hit(a.title, url("actions-detail", a.pk), f"{a.line} · {a.note}"),
        list_url_name="actions",
        list_label=_("Go to the actions list"),
    ),
    "meetings": Kind(
        _("Meetings"),
        lambda m, url: Hit(m.title, url("meetings-detail", m.pk), date_format(m.on, "j F Y")),
        list_url_name="meetings",
        list_label=_("Go to the meetings list"),
    ),
    "strategies": Kind(
        _("Response strategies"),
        lambda s, url: Hit(s.title, url("strategies-detail", s.pk), _strategy_status(s.note)),
        list_url_name="strategies",
        list_label=_("Go to the strategies list"),
    ),
    "versions": Kind(
        _("Published strategy versions"),
        lambda v, url: Hit(
            v.title,
            url("strategies-version", v.parent, v.pk),
            _("Version %(number)s, published %(date)s")
            % {"number": v.number, "date": date_format(v.on, "j F Y")},
        ),
    ),
}


def _urls(slug: str) -> Callable[..., str]:
    """The tenant's URL of a name and pks, each name reversed once (with a stand-in for the
    pks, then put between the real ones)."""
    pieces: dict[str, list[str]] = {}

    def url(name: str, *pks: int) -> str:
        if name not in pieces:
            stand_ins = [_STAND_IN] * len(pks)
            pieces[name] = reverse(f"tenant:{name}", args=[slug, *stand_ins]).split(str(_STAND_IN))
        first, *rest = pieces[name]
        return first + "".join(f"{pk}{piece}" for pk, piece in zip(pks, rest, strict=True))

    return url


# A pk no row has and no slug or path contains, to stand in for pks when reversing.
_STAND_IN = 918273645


def _sector_names(groups: list[search.SearchGroup]) -> dict[str, str]:
    """Each sector's name in the reader's language by its slug, if organisations were found
    (the search gives their sector's slug): one query, however many."""
    if not any(group.key == "organisations" and group.rows for group in groups):
        return {}
    return {sector.slug: sector.name for sector in Sector.objects.all()}


def _shown(
    group: search.SearchGroup, url: Callable[..., str], sector_names: dict[str, str]
) -> dict:
    kind = KINDS[group.key]
    hits = [kind.hit(row, url) for row in group.rows]
    if group.key == "organisations":  # each one's line is its sector's slug
        hits = [replace(hit, detail=sector_names.get(hit.detail, hit.detail)) for hit in hits]
    return {
        "key": group.key,
        "heading": kind.heading,
        "hits": hits,
        "total": group.total,
        "list_url": url(kind.list_url_name) if kind.list_url_name else "",
        "list_label": kind.list_label,
    }


@tenant_view(Permission.VIEW_PARTNERSHIP)
@require_safe
def search_results(request: TenantRequest):
    raw = request.GET.get("q", "")
    query = search.search_text(raw)
    url = _urls(request.partnership.slug)
    found = search.partnership_search(actor=request.actor, text=query)
    sector_names = _sector_names(found)
    groups = [_shown(group, url, sector_names) for group in found]
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
