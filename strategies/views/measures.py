"""A strategy's outcome and output measures: the latest value and trend of each, drawn from
accepted data returns, judged against its baseline and target, with commentary per period."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from assessments.charts import format_value, trend_svg
from assessments.suppression import exported, is_small, plotted, shown, suppresses
from common.forms import add_service_errors
from partnerships.access import TenantRequest, tenant_view
from partnerships.list_downloads import download_paths, list_download
from partnerships.roles import Permission

from .. import rules, selectors, services
from ..forms.measures import CommentaryForm, StrategyMeasureForm
from ..models import Strategy, StrategyMeasure

GET_OR_POST = ["GET", "HEAD", "POST"]


def _signed(value: Decimal | None) -> str:
    """+12, −3.5 or 0: a change, with its sign."""
    if value is None:
        return ""
    if value > 0:
        return f"+{format_value(value)}"
    if value < 0:
        return f"−{format_value(-value)}"
    return "0"


def _shown(progress: selectors.MeasureProgress, *, suppress: bool) -> selectors.MeasureProgress:
    """The figures as the pages show them: 1,234.5 rather than 1234.50, and a small latest
    figure as "<5" without the change that would give it away. Baselines and targets are the
    partnership's own published numbers, not data returns."""
    measure = progress.measure
    progress.baseline_shown = format_value(measure.baseline)
    progress.target_shown = format_value(measure.target)
    progress.latest_shown = shown(progress.latest_value, suppress=suppress)
    hidden = suppress and is_small(progress.latest_value)
    progress.change_shown = "" if hidden else _signed(progress.change)
    return progress


def _not_editable(request: TenantRequest, strategy: Strategy):
    messages.info(request, str(services.MEASURES_FIXED))
    return redirect("tenant:strategy-measures", request.partnership.slug, strategy.pk)


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def measure_list(request: TenantRequest, strategy_pk: int):
    strategy = get_object_or_404(Strategy, pk=strategy_pk)
    page_obj = Paginator(selectors.measure_list(strategy=strategy), 25).get_page(
        request.GET.get("page")
    )
    suppress = suppresses(actor=request.actor)
    for progress in page_obj:
        _shown(progress, suppress=suppress)
    return render(
        request,
        "strategies/measures/list.html",
        {
            "strategy": strategy,
            "page_obj": page_obj,
            "may_change": rules.may_manage(actor=request.actor) and strategy.is_editable,
        },
    )


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def measure_list_download(request: TenantRequest, strategy_pk: int, fmt: str):
    """The strategy's measures as the page lists them, every page: a latest figure from 1 to 4
    is "<5" here as there, without the change since the baseline that would give it away."""
    strategy = get_object_or_404(Strategy, pk=strategy_pk)
    suppress = suppresses(actor=request.actor)
    yes, no = _("Yes"), _("No")

    def row(progress: selectors.MeasureProgress) -> list:
        measure, latest = progress.measure, progress.latest_value
        hidden = suppress and is_small(latest)
        return [
            measure.name,
            measure.priority.title if measure.priority else "",
            yes if measure.restricted else no,
            measure.get_kind_display(),
            measure.baseline,
            measure.baseline_period,
            measure.target,
            measure.target_period,
            "" if latest is None else exported(latest, suppress=suppress),
            progress.latest_label,
            measure.get_direction_display(),
            progress.progress.label,
            "" if progress.target_met is None else (yes if progress.target_met else no),
            "" if hidden or progress.change is None else progress.change,
            measure.data_measure.name if measure.data_measure else _("Not linked"),
        ]

    return list_download(
        request,
        name="strategy-measures",
        title=_("Measures"),
        fmt=fmt,
        header=[
            _("Measure"),
            _("Priority"),
            _("Restricted"),
            _("Kind"),
            _("Baseline"),
            _("Baseline period"),
            _("Target"),
            _("Target period"),
            _("Latest value"),
            _("Latest period"),
            _("Direction of good"),
            _("Progress"),
            _("Target met"),
            _("Change since the baseline"),
            _("Data-return measure"),
        ],
        rows=(row(progress) for progress in selectors.measure_list(strategy=strategy)),
    )


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(GET_OR_POST)
def measure_new(request: TenantRequest, strategy_pk: int):
    strategy = get_object_or_404(Strategy, pk=strategy_pk)
    if not strategy.is_editable:
        return _not_editable(request, strategy)
    form = StrategyMeasureForm(
        request.POST if request.method == "POST" else None, strategy=strategy
    )
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.measure_add(
                strategy=strategy, data=form.cleaned_data, acting_user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(name)s” has been added") % {"name": measure.name})
            return redirect("tenant:strategy-measures", request.partnership.slug, strategy.pk)
    return render(request, "strategies/measures/form.html", {"form": form, "strategy": strategy})


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def measure_detail(request: TenantRequest, strategy_measure_pk: int):
    measure = get_object_or_404(
        StrategyMeasure.objects.select_related("strategy", "priority", "data_measure"),
        pk=strategy_measure_pk,
    )
    suppress = suppresses(actor=request.actor)
    progress = _shown(selectors.measure_detail(measure=measure), suppress=suppress)
    chart = None
    if measure.data_measure_id:
        chart = trend_svg(
            title=measure.name,
            points=plotted(progress.trend, suppress=suppress),
            unit=measure.data_measure.unit,
            chart_id=f"chart-measure-{measure.pk}",
        )
    may_comment = request.actor.may(Permission.RECORD_PROGRESS) and services.commentary_open(
        measure.strategy
    )
    return render(
        request,
        "strategies/measures/detail.html",
        {
            "measure": measure,
            "strategy": measure.strategy,
            "progress": progress,
            "chart": chart,
            "rows": [
                (
                    label,
                    shown(value, suppress=suppress),
                    "" if suppress and is_small(value) else _signed(value - measure.baseline),
                )
                for label, value in progress.trend
            ],
            "may_change": rules.may_manage(actor=request.actor) and measure.strategy.is_editable,
            "commentary_form": (
                CommentaryForm(initial={"period_label": progress.latest_label})
                if may_comment
                else None
            ),
        },
    )


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(GET_OR_POST)
def measure_edit(request: TenantRequest, strategy_measure_pk: int):
    measure = get_object_or_404(
        StrategyMeasure.objects.select_related("strategy"), pk=strategy_measure_pk
    )
    strategy = measure.strategy
    if not strategy.is_editable:
        return _not_editable(request, strategy)
    name = measure.name
    form = StrategyMeasureForm(
        request.POST if request.method == "POST" else None, instance=measure, strategy=strategy
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_edit(measure=measure, data=form.cleaned_data, acting_user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(name)s” has been updated") % {"name": measure.name})
            return redirect("tenant:strategy-measures-detail", request.partnership.slug, measure.pk)
    return render(
        request,
        "strategies/measures/form.html",
        {"form": form, "strategy": strategy, "measure": measure, "name": name},
    )


@tenant_view(Permission.RECORD_PROGRESS)
@require_http_methods(GET_OR_POST)
def measure_commentary(request: TenantRequest, strategy_measure_pk: int):
    measure = get_object_or_404(
        StrategyMeasure.objects.select_related("strategy", "data_measure"), pk=strategy_measure_pk
    )
    if not services.commentary_open(measure.strategy):
        messages.info(request, str(services.COMMENTARY_CLOSED))
        return redirect("tenant:strategy-measures-detail", request.partnership.slug, measure.pk)
    if request.method == "POST":
        form = CommentaryForm(request.POST)
        if form.is_valid():
            try:
                services.commentary_add(
                    measure=measure, acting_user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Your commentary on %(period)s has been added")
                    % {"period": form.cleaned_data["period_label"].strip()},
                )
                return redirect(
                    "tenant:strategy-measures-detail", request.partnership.slug, measure.pk
                )
    else:
        latest = selectors.measure_detail(measure=measure).latest_label
        form = CommentaryForm(initial={"period_label": latest})
    return render(
        request,
        "strategies/measures/commentary.html",
        {"form": form, "measure": measure, "strategy": measure.strategy},
    )


urlpatterns = [
    path("strategy/<int:strategy_pk>/measures/", measure_list, name="strategy-measures"),
    *download_paths(
        "strategy/<int:strategy_pk>/measures/list",
        measure_list_download,
        name="strategy-measures",
    ),
    path("strategy/<int:strategy_pk>/measures/new/", measure_new, name="strategy-measures-new"),
    path(
        "strategy-measures/<int:strategy_measure_pk>/",
        measure_detail,
        name="strategy-measures-detail",
    ),
    path(
        "strategy-measures/<int:strategy_measure_pk>/edit/",
        measure_edit,
        name="strategy-measures-edit",
    ),
    path(
        "strategy-measures/<int:strategy_measure_pk>/commentary/",
        measure_commentary,
        name="strategy-measures-commentary",
    ),
]
