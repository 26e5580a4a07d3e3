"""Data returns: the measures and their trends from accepted figures, and uploading a file of
aggregate figures into a data return.

An upload is read and checked whole; nothing is saved unless every row is good, and then all
the return's figures are replaced at once. A rejected file is not kept — it may hold the very
personal data we refused — so the page lists every problem and asks for the corrected file.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from partnerships.access import TenantRequest, tenant_view
from partnerships.list_downloads import download_paths, list_download
from partnerships.roles import Permission

from .. import lifecycles, rules, selectors, services
from ..charts import trend_svg
from ..forms.data_returns import DataUploadForm, TrendFilterForm
from ..models import Contribution, Measure
from ..selectors import sharing as sharing_selectors
from ..suppression import exported, is_small, plotted, shown, suppresses
from ..uploads import COLUMNS, MAX_ROWS, blank_return_download


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def data_list(request: TenantRequest):
    summaries = selectors.data_measures(partnership=request.partnership)
    for summary in summaries:
        summary.shown = shown(summary.latest_value, suppress=True)
    returns_total, returns = 0, []
    if request.actor.may(Permission.CONTRIBUTE):
        returns_total, returns = selectors.data_returns_to_upload(actor=request.actor)
    return render(
        request,
        "assessments/data/list.html",
        {
            "summaries": summaries,
            "returns": returns,
            "returns_total": returns_total,
            # The rest are in the contributions list: the person's own organisation's, unless
            # they upload for every organisation.
            "returns_query": "kind=data_return"
            + ("" if request.actor.may(Permission.MANAGE_ASSESSMENT) else "&mine=on"),
        },
    )


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def data_list_download(request: TenantRequest, fmt: str):
    """The page's measures with their latest figures, suppressed exactly as the page shows
    them: a latest figure from 1 to 4 is "<5" for everyone here (the list offers no choice)."""
    summaries = selectors.data_measures(partnership=request.partnership)
    return list_download(
        request,
        name="data-measures",
        title=_("Data measures"),
        fmt=fmt,
        header=[
            _("Measure"),
            _("Owning sector"),
            _("Latest period"),
            _("Latest figure"),
            _("Unit"),
        ],
        rows=(
            [
                summary.measure.name,
                summary.measure.sector.name if summary.measure.sector else "",
                summary.latest_label,
                ""
                if summary.latest_value is None
                else exported(summary.latest_value, suppress=True),
                summary.measure.unit,
            ]
            for summary in summaries
        ),
    )


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def data_measure(request: TenantRequest, measure_slug: str):
    measure = get_object_or_404(Measure.objects.select_related("sector"), slug=measure_slug)
    areas = selectors.data_measure_areas(partnership=request.partnership, measure=measure)
    may_show_small_numbers = not suppresses(actor=request.actor, asked=False)
    form = TrendFilterForm(request.GET, areas=areas, may_show_small_numbers=may_show_small_numbers)
    area, asked = form.filters()
    suppress = suppresses(actor=request.actor, asked=asked)
    trend = selectors.data_measure_trend(
        partnership=request.partnership, measure=measure, area=area
    )
    rows = [(label, shown(value, suppress=suppress)) for label, value in trend]
    title = f"{measure.name}: {area}" if area else measure.name
    chart = trend_svg(
        title=title,
        points=plotted(trend, suppress=suppress),
        unit=measure.unit,
        chart_id=f"chart-{measure.slug}",
    )
    return render(
        request,
        "assessments/data/measure.html",
        {
            "measure": measure,
            "form": form,
            "area": area,
            "suppress": suppress,
            "rows": rows,
            "chart": chart,
            "title": title,
            "any_suppressed": suppress and any(is_small(value) for _label, value in trend),
        },
    )


def _data_return(request: TenantRequest, contribution_pk: int) -> Contribution:
    """A data return the person may see (404 for anything else, or another partnership's)."""
    contribution = get_object_or_404(
        Contribution.objects.select_related("organisation", "element", "call"), pk=contribution_pk
    )
    if (
        not rules.contribution_visible(contribution, actor=request.actor)
        or contribution.kind != Contribution.Kind.DATA_RETURN
    ):
        raise Http404
    return contribution


def _template_measures(contribution: Contribution) -> list[str]:
    """The measures a blank return lists: what its call asks for; for a return that answers no
    call, the measures the organisation's sector holds (every measure, if it holds none)."""
    if contribution.call is not None:
        asked = [measure.slug for measure in contribution.call.measures.all()]
        if asked:
            return asked
    measures = Measure.objects.order_by("name")
    held = measures.filter(sector_id=contribution.organisation.sector_id)
    return list((held if held.exists() else measures).values_list("slug", flat=True))


@tenant_view(Permission.CONTRIBUTE)
@require_safe
def data_return_template(request: TenantRequest, contribution_pk: int, *, spreadsheet=False):
    """A blank file for this data return, as CSV or Excel: a row for each measure it is likely
    to hold in each of the partnership's areas, for its period. It holds no figures, so unlike
    an export it is not noted on the activity timeline."""
    contribution = _data_return(request, contribution_pk)
    if not rules.may_upload_data(contribution, actor=request.actor):
        raise PermissionDenied
    return blank_return_download(
        partnership=request.partnership,
        title=contribution.title,
        period=contribution.period,
        measure_slugs=_template_measures(contribution),
        spreadsheet=spreadsheet,
    )


def _upload_form(request: TenantRequest, *, bound: bool) -> DataUploadForm:
    return DataUploadForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        measure_slugs=set(Measure.objects.values_list("slug", flat=True)),
        known_areas=set(request.partnership.areas or []),
    )


@tenant_view(Permission.CONTRIBUTE)
@require_http_methods(["GET", "HEAD", "POST"])
def data_upload(request: TenantRequest, contribution_pk: int):
    contribution = _data_return(request, contribution_pk)
    if not rules.may_upload_data(contribution, actor=request.actor):
        raise PermissionDenied
    # Figures wait while a return is under review; new ones for an accepted return start a
    # new revision (the service's to do).
    changeable = contribution.status in lifecycles.CONTRIBUTION_CHANGEABLE
    posted = request.method == "POST" and changeable
    was_accepted = contribution.status in lifecycles.REVISION.sources
    form = _upload_form(request, bound=posted)
    if posted and form.is_valid():
        try:
            saved = services.data_return_save(
                contribution=contribution, rows=form.result.rows, actor=request.actor
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s figure has been saved",
                    "%(count)s figures have been saved",
                    len(saved),
                )
                % {"count": f"{len(saved):,}"},
            )
            if was_accepted:
                messages.info(
                    request,
                    _("Revision %(revision)s has been sent for review again")
                    % {"revision": contribution.revision},
                )
            return redirect("tenant:data-upload", request.partnership.slug, contribution.pk)
    count, preview = selectors.data_return_preview(contribution=contribution)
    suppress = suppresses(actor=request.actor)
    for point in preview:
        point.shown = shown(point.value, suppress=suppress)
    return render(
        request,
        "assessments/data/upload.html",
        {
            "contribution": contribution,
            "changeable": changeable,
            "revision_on_upload": was_accepted,
            "form": form,
            "rejected": posted and form.errors,
            "file_name": request.FILES["file"].name if posted and "file" in request.FILES else "",
            "count": count,
            "preview": preview,
            "measures": Measure.objects.order_by("name"),
            "areas": sorted(request.partnership.areas or []),
            "columns": COLUMNS,
            "max_rows": f"{MAX_ROWS:,}",
            "sharing": sharing_selectors.data_return_sharing(
                contribution=contribution, today=timezone.localdate()
            ),
        },
    )


urlpatterns = [
    path("data/", data_list, name="data"),
    *download_paths("data/measures", data_list_download, name="data"),
    path("data/<slug:measure_slug>/", data_measure, name="data-measure"),
    path("contributions/<int:contribution_pk>/data/", data_upload, name="data-upload"),
    path(
        "contributions/<int:contribution_pk>/data-return.csv",
        data_return_template,
        name="data-template-csv",
    ),
    path(
        "contributions/<int:contribution_pk>/data-return.xlsx",
        data_return_template,
        {"spreadsheet": True},
        name="data-template-xlsx",
    ),
]
