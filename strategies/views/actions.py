"""Actions and their progress: the plan's actions, each owned by an organisation that keeps it
up to date through a timeline of progress updates (the Decidim Accountability pattern).

Everyone who may see the strategy reads every action. Only the owning (lead) organisation, or a
partnership lead, posts progress; only the lead changes the plan, and only while it is being
drafted, consulted on or revised. Evidence files come out only through a checked view.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from common.downloads import choice_labels, private_file_response
from common.forms import add_service_errors
from partnerships.access import TenantRequest, tenant_view
from partnerships.changes import records_version
from partnerships.list_downloads import download_paths, list_download
from partnerships.models import Organisation
from partnerships.roles import Permission

from .. import rules, selectors, services
from ..forms.actions import ActionFilterForm, ActionForm, ActionUpdateForm, ResponseForm
from ..models import Action, ActionUpdate, Priority, Strategy, StrategyMeasure

PAGE_SIZE = 25


def _detail_url(request: TenantRequest, action: Action) -> str:
    return reverse("tenant:actions-detail", args=[request.partnership.slug, action.pk])


def _pk(value: str) -> int | None:
    """An id from the query string, or None for anything that is not one."""
    return int(value) if value.isdigit() and len(value) < 10 else None


def _action_form(
    request: TenantRequest, strategy: Strategy, *, action: Action | None = None, initial=None
) -> ActionForm:
    partnership = request.partnership
    if action is not None:
        organisation_ids = [
            action.lead_organisation_id,
            *(o.pk for o in action.contributing_organisations.all()),
        ]
        member_ids = [action.lead_person_id] if action.lead_person_id else []
        authority_ids = [action.relevant_authority_id] if action.relevant_authority_id else []
    else:
        organisation_ids, member_ids, authority_ids = [], [], []
    return ActionForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        priorities=Priority.objects.filter(strategy=strategy).order_by("order", "pk"),
        organisations=selectors.action_organisation_choices(
            partnership=partnership, including=organisation_ids
        ),
        members=selectors.lead_person_choices(partnership=partnership, including=member_ids),
        relevant_authorities=selectors.relevant_authority_choices(
            partnership=partnership, including=authority_ids
        ),
        measures=StrategyMeasure.objects.filter(strategy=strategy).order_by("name", "pk"),
    )


def _update_initial(action: Action) -> dict:
    return {
        "updated_on": timezone.localdate(),
        "status": action.status,
        "progress": action.progress,
    }


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def action_list(request: TenantRequest):
    strategy = selectors.action_list_strategy(
        partnership=request.partnership, strategy_pk=_pk(request.GET.get("strategy", ""))
    )
    if strategy is None:
        return render(request, "strategies/actions/list.html", {"strategy": None})
    filter_form = ActionFilterForm(
        request.GET,
        organisations=Organisation.objects.filter(partnership=request.partnership).order_by("name"),
    )
    filters = filter_form.filters()
    actions = selectors.action_list(partnership=request.partnership, strategy=strategy, **filters)
    page_obj = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "strategies/actions/list.html",
        {
            "strategy": strategy,
            "filter_form": filter_form,
            "filtered": bool(filters),
            "page_obj": page_obj,
            "may_add": rules.may_manage(actor=request.actor) and strategy.is_editable,
            # The rendered rows are kept by these (see the template).
            "records_version": records_version(request.partnership.pk),
            "today": timezone.localdate(),
        },
    )


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def action_list_download(request: TenantRequest, fmt: str):
    """The list's actions as CSV or XLSX: the page's strategy and filters, every page."""
    strategy = selectors.action_list_strategy(
        partnership=request.partnership, strategy_pk=_pk(request.GET.get("strategy", ""))
    )
    if strategy is None:
        raise Http404
    filter_form = ActionFilterForm(
        request.GET,
        organisations=Organisation.objects.filter(partnership=request.partnership).order_by("name"),
    )
    actions = selectors.action_list(
        partnership=request.partnership, strategy=strategy, **filter_form.filters()
    )
    today = timezone.localdate()
    statuses = choice_labels(Action.Status.choices)
    yes, no = _("Yes"), _("No")
    return list_download(
        request,
        name="actions",
        title=_("Actions"),
        fmt=fmt,
        header=[
            _("Action"),
            _("Priority"),
            _("Lead organisation"),
            _("Contributing organisations"),
            _("Due"),
            _("Status"),
            _("Progress (%)"),
            _("Overdue"),
            _("No update for 90 days"),
        ],
        rows=(
            [
                action.title,
                action.priority.title,
                action.lead_organisation.name,
                ", ".join(o.name for o in action.contributing_organisations.all()),
                action.due_on,
                statuses.get(action.status, action.status),
                action.progress,
                yes if action.is_overdue(today) else no,
                yes if action.is_stale(today) else no,
            ]
            for action in actions
        ),
    )


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(["GET", "HEAD", "POST"])
def action_new(request: TenantRequest, strategy_pk: int):
    strategy = get_object_or_404(Strategy, pk=strategy_pk)
    form = _action_form(
        request, strategy, initial={"priority": _pk(request.GET.get("priority", ""))}
    )
    if request.method == "POST" and strategy.is_editable and form.is_valid():
        try:
            action = services.action_add(
                strategy=strategy, data=form.cleaned_data, acting_user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” has been added") % {"title": action.title})
            return redirect(_detail_url(request, action))
    return render(request, "strategies/actions/form.html", {"form": form, "strategy": strategy})


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def action_detail(request: TenantRequest, action_pk: int):
    action = selectors.action_detail(partnership=request.partnership, action_pk=action_pk)
    may_update = rules.may_update_action(actor=request.actor, action=action)
    reporting_open = services.action_reporting_open(action.strategy)
    return render(
        request,
        "strategies/actions/detail.html",
        {
            "action": action,
            "strategy": action.strategy,
            "timeline": selectors.action_timeline(action=action),
            "may_update": may_update,
            "reporting_open": reporting_open,
            "update_form": ActionUpdateForm(initial=_update_initial(action))
            if may_update and reporting_open
            else None,
            "may_respond": rules.may_respond_to_action(actor=request.actor, action=action),
            "may_edit": rules.may_manage(actor=request.actor) and action.strategy.is_editable,
        },
    )


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(["GET", "HEAD", "POST"])
def action_edit(request: TenantRequest, action_pk: int):
    action = selectors.action_detail(partnership=request.partnership, action_pk=action_pk)
    strategy = action.strategy
    form = _action_form(request, strategy, action=action, initial=ActionForm.initial_for(action))
    if request.method == "POST" and strategy.is_editable and form.is_valid():
        try:
            services.action_edit(action=action, data=form.cleaned_data, acting_user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved"))
            return redirect(_detail_url(request, action))
    return render(
        request,
        "strategies/actions/form.html",
        {"form": form, "strategy": strategy, "action": action},
    )


@tenant_view(Permission.RECORD_PROGRESS)
@require_http_methods(["GET", "HEAD", "POST"])
def action_update(request: TenantRequest, action_pk: int):
    """The progress update form on its own page: without JavaScript, and after an error."""
    action = selectors.action_detail(partnership=request.partnership, action_pk=action_pk)
    if not rules.may_update_action(actor=request.actor, action=action):
        raise PermissionDenied
    reporting_open = services.action_reporting_open(action.strategy)
    if request.method == "POST":
        form = ActionUpdateForm(request.POST, request.FILES)
    else:
        form = ActionUpdateForm(initial=_update_initial(action))
    if request.method == "POST" and reporting_open and form.is_valid():
        try:
            services.action_post_update(
                action=action,
                organisation=request.actor.organisation,
                data=form.cleaned_data,
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your progress update has been added to the timeline"))
            return redirect(f"{_detail_url(request, action)}#progress")
    return render(
        request,
        "strategies/actions/update.html",
        {"action": action, "form": form, "reporting_open": reporting_open},
    )


@tenant_view(Permission.RECORD_PROGRESS)
@require_http_methods(["GET", "HEAD", "POST"])
def action_response(request: TenantRequest, action_pk: int):
    """The relevant authority accepts or declines an action the strategy specifies for it."""
    action = selectors.action_detail(partnership=request.partnership, action_pk=action_pk)
    if not action.relevant_authority_id:
        raise Http404
    if not rules.may_respond_to_action(actor=request.actor, action=action):
        raise PermissionDenied
    answered = action.relevant_authority_response in {
        Action.Response.ACCEPTED,
        Action.Response.DECLINED,
    }
    form = ResponseForm(
        request.POST if request.method == "POST" else None,
        initial={
            "response": action.relevant_authority_response if answered else None,
            "responded_on": action.relevant_authority_responded_on or timezone.localdate(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_record_response(
                action=action,
                response=form.cleaned_data["response"],
                responded_on=form.cleaned_data["responded_on"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(organisation)s’s response has been recorded")
                % {"organisation": action.relevant_authority},
            )
            return redirect(_detail_url(request, action))
    return render(request, "strategies/actions/response.html", {"action": action, "form": form})


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def action_evidence(request: TenantRequest, action_pk: int, update_pk: int):
    """An update's evidence, downloaded only by someone who may see the strategy."""
    action = get_object_or_404(Action, pk=action_pk)
    update = get_object_or_404(ActionUpdate, pk=update_pk, action=action)
    if not update.evidence:
        raise Http404
    return private_file_response(
        update.evidence,
        filename=update.evidence_name or "evidence",
        content_type=update.evidence_content_type or "application/octet-stream",
    )


urlpatterns = [
    path("actions/", action_list, name="actions"),
    *download_paths("actions/list", action_list_download, name="actions"),
    path("strategy/<int:strategy_pk>/actions/new/", action_new, name="actions-new"),
    path("actions/<int:action_pk>/", action_detail, name="actions-detail"),
    path("actions/<int:action_pk>/edit/", action_edit, name="actions-edit"),
    path("actions/<int:action_pk>/update/", action_update, name="actions-update"),
    path("actions/<int:action_pk>/response/", action_response, name="actions-response"),
    path(
        "actions/<int:action_pk>/updates/<int:update_pk>/evidence/",
        action_evidence,
        name="actions-evidence",
    ),
]
