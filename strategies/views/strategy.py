"""The response strategy itself: its overview, its life from draft to published and revised,
its priorities resting on the SNA's evidence, and the versions frozen when it is published."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from common.forms import add_service_errors
from partnerships.access import TenantRequest, tenant_view
from partnerships.roles import Permission

from .. import rules, selectors, services
from ..forms.strategy import (
    CURRENT,
    PriorityForm,
    StrategyEditForm,
    StrategyStartForm,
    StrategyTransitionForm,
    VersionCompareForm,
    priority_initial,
    strategy_initial,
)
from ..lifecycles import STRATEGY_LIFECYCLE
from ..models import Priority, Strategy, StrategyVersion

GET_OR_POST = ["GET", "HEAD", "POST"]
S = Strategy.Status


def _to_overview(request: TenantRequest, strategy: Strategy, anchor: str = ""):
    url = reverse("tenant:strategies-detail", args=[request.partnership.slug, strategy.pk])
    return redirect(url + anchor)


def _strategy(request: TenantRequest, strategy_pk: int) -> Strategy:
    return selectors.strategy_detail(partnership=request.partnership, strategy_pk=strategy_pk)


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def strategy_list(request: TenantRequest):
    page_obj = Paginator(selectors.strategy_list(partnership=request.partnership), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "strategies/strategy/list.html",
        {
            "page_obj": page_obj,
            "current": selectors.current_strategy(partnership=request.partnership),
            "agreed_assessments": list(
                selectors.agreed_assessments(partnership=request.partnership)[:1]
            ),
        },
    )


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(GET_OR_POST)
def strategy_new(request: TenantRequest):
    assessments = selectors.agreed_assessments(partnership=request.partnership)
    form = StrategyStartForm(
        request.POST if request.method == "POST" else None, assessments=assessments
    )
    if request.method == "POST" and form.is_valid():
        try:
            strategy = services.strategy_start(
                partnership=request.partnership, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” has been started") % {"title": strategy.title})
            return _to_overview(request, strategy)
    return render(
        request,
        "strategies/strategy/new.html",
        {"form": form, "has_assessments": assessments.exists()},
    )


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def strategy_detail(request: TenantRequest, strategy_pk: int):
    strategy = _strategy(request, strategy_pk)
    transitions = []
    if rules.may_manage(actor=request.actor):
        url = reverse("tenant:strategies-transition", args=[request.partnership.slug, strategy.pk])
        transitions = [
            (f"{url}?to={transition.to}", transition.button)
            for transition in STRATEGY_LIFECYCLE.allowed(strategy.status)
        ]
    return render(
        request,
        "strategies/strategy/detail.html",
        {
            "strategy": strategy,
            "overview": selectors.strategy_overview(strategy=strategy),
            "transitions": transitions,
            "consultation_summary": selectors.consultation_summary(strategy=strategy),
        },
    )


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(GET_OR_POST)
def strategy_edit(request: TenantRequest, strategy_pk: int):
    strategy = _strategy(request, strategy_pk)
    form = StrategyEditForm(
        request.POST if request.method == "POST" else None, initial=strategy_initial(strategy)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.strategy_edit(
                strategy=strategy, data=form.cleaned_data, acting_user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
            strategy.refresh_from_db()
        else:
            messages.success(request, _("The strategy has been saved"))
            return _to_overview(request, strategy)
    return render(request, "strategies/strategy/edit.html", {"form": form, "strategy": strategy})


def _transition_context(strategy: Strategy, status: str) -> dict:
    """What the confirmation page says will happen, beyond the fixed explanation."""
    context = {}
    if status == S.AGREED:
        context["outstanding"] = selectors.sign_offs_outstanding(strategy=strategy)
        context["priority_count"] = Priority.objects.filter(strategy=strategy).count()
    elif status == S.PUBLISHED:
        due = services.next_review_due_on_publishing(strategy=strategy)
        context["review_due"] = date_format(due, "j F Y") if due else ""
        context["superseding"] = [
            s
            for s in selectors.strategy_list(partnership=strategy.partnership_id)
            if s.pk != strategy.pk and s.is_live
        ]
    return context


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(GET_OR_POST)
def strategy_transition(request: TenantRequest, strategy_pk: int):
    """A confirmation page for `?to=<status>`, and on POST the move itself; a refusal is shown
    on the same page."""
    strategy = _strategy(request, strategy_pk)
    status = request.GET.get("to") or request.POST.get("to", "")
    if status not in STRATEGY_LIFECYCLE:
        raise Http404
    transition = STRATEGY_LIFECYCLE[status]
    form = StrategyTransitionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.strategy_transition(
                strategy=strategy,
                status=status,
                acting_user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            strategy.refresh_from_db()
        else:
            messages.success(request, str(transition.done))
            return _to_overview(request, strategy)
    return render(
        request,
        "strategies/strategy/transition.html",
        {
            "form": form,
            "strategy": strategy,
            "to": status,
            "heading": transition.heading,
            "explanation": transition.explanation,
            "button": transition.button,
            **_transition_context(strategy, status),
        },
    )


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def strategy_versions(request: TenantRequest, strategy_pk: int):
    """The published versions, and what changed between two of them (or since the latest was
    published, by default)."""
    strategy = _strategy(request, strategy_pk)
    versions = selectors.strategy_versions(strategy=strategy)
    numbers = list(versions.values_list("number", flat=True))
    form = VersionCompareForm(
        request.GET if "old" in request.GET or "new" in request.GET else None,
        numbers=numbers,
        current_version=strategy.version,
    )
    old = new = None
    if form.is_bound and form.is_valid():
        old, new = form.cleaned_data["old"], form.cleaned_data["new"]
    elif not form.is_bound and numbers:
        old, new = numbers[0], CURRENT
        form = VersionCompareForm(
            initial={"old": old, "new": new}, numbers=numbers, current_version=strategy.version
        )
    changes = None
    if old is not None:
        wanted = [old] if new == CURRENT else [old, int(new)]
        snapshots = dict(
            StrategyVersion.objects.filter(strategy=strategy, number__in=wanted).values_list(
                "number", "snapshot"
            )
        )
        changes = selectors.version_changes(
            old=snapshots[old],
            new=services.strategy_snapshot(strategy) if new == CURRENT else snapshots[int(new)],
        )
    return render(
        request,
        "strategies/strategy/versions.html",
        {
            "strategy": strategy,
            "page_obj": Paginator(versions, 25).get_page(request.GET.get("page")),
            "form": form,
            "changes": changes,
            "compared": (old, new),
            "current": CURRENT,
        },
    )


def _date(value: str) -> datetime.date | str:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value


def _with_dates(snapshot: dict) -> dict:
    """The snapshot with its actions' ISO dates as dates, for the template to format."""
    return {
        **snapshot,
        "priorities": [
            {
                **priority,
                "actions": [
                    {
                        **action,
                        "start_on": _date(action.get("start_on")),
                        "due_on": _date(action.get("due_on")),
                    }
                    for action in priority.get("actions") or []
                ],
            }
            for priority in snapshot.get("priorities") or []
        ],
    }


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def strategy_version(request: TenantRequest, strategy_pk: int, version_pk: int):
    """A published version, shown from its frozen snapshot only, never from the live rows."""
    strategy = _strategy(request, strategy_pk)
    version = get_object_or_404(
        StrategyVersion.objects.select_related("published_by"), strategy=strategy, pk=version_pk
    )
    return render(
        request,
        "strategies/strategy/version.html",
        {"strategy": strategy, "version": version, "snapshot": _with_dates(version.snapshot)},
    )


def _priority_form(request: TenantRequest, strategy: Strategy, priority: Priority | None = None):
    findings, recommendations = selectors.priority_evidence_choices(strategy=strategy)
    form = PriorityForm(
        request.POST if request.method == "POST" else None,
        findings=findings,
        recommendations=recommendations,
        initial=priority_initial(priority) if priority else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if priority is None:
                saved = services.priority_add(
                    strategy=strategy, data=form.cleaned_data, acting_user=request.user
                )
            else:
                saved = services.priority_edit(
                    priority=priority, data=form.cleaned_data, acting_user=request.user
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            message = (
                _("“%(title)s” has been saved") if priority else _("“%(title)s” has been added")
            )
            messages.success(request, message % {"title": saved.title})
            return _to_overview(request, strategy, f"#priority-{saved.pk}")
    return render(
        request,
        "strategies/strategy/priority_form.html",
        {
            "form": form,
            "strategy": strategy,
            "priority": priority,
            "has_evidence": bool(findings or recommendations),
        },
    )


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(GET_OR_POST)
def priority_new(request: TenantRequest, strategy_pk: int):
    return _priority_form(request, _strategy(request, strategy_pk))


def _priority(priority_pk: int) -> Priority:
    return get_object_or_404(
        Priority.objects.select_related("strategy__assessment"), pk=priority_pk
    )


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(GET_OR_POST)
def priority_edit(request: TenantRequest, priority_pk: int):
    priority = _priority(priority_pk)
    return _priority_form(request, priority.strategy, priority)


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(GET_OR_POST)
def priority_remove(request: TenantRequest, priority_pk: int):
    priority = _priority(priority_pk)
    strategy = priority.strategy
    form = forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.priority_remove(priority=priority, acting_user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” has been removed") % {"title": priority.title})
            return _to_overview(request, strategy)
    return render(
        request,
        "strategies/strategy/priority_remove.html",
        {
            "form": form,
            "strategy": strategy,
            "priority": priority,
            "action_count": priority.actions.count(),
        },
    )


urlpatterns = [
    path("strategy/", strategy_list, name="strategies"),
    path("strategy/new/", strategy_new, name="strategies-new"),
    path("strategy/<int:strategy_pk>/", strategy_detail, name="strategies-detail"),
    path("strategy/<int:strategy_pk>/edit/", strategy_edit, name="strategies-edit"),
    path("strategy/<int:strategy_pk>/status/", strategy_transition, name="strategies-transition"),
    path("strategy/<int:strategy_pk>/versions/", strategy_versions, name="strategies-versions"),
    path(
        "strategy/<int:strategy_pk>/versions/<int:version_pk>/",
        strategy_version,
        name="strategies-version",
    ),
    path("strategy/<int:strategy_pk>/priorities/new/", priority_new, name="priorities-new"),
    path("priorities/<int:priority_pk>/edit/", priority_edit, name="priorities-edit"),
    path("priorities/<int:priority_pk>/remove/", priority_remove, name="priorities-remove"),
]
