"""The annual review of a published strategy: recorded and completed by the lead, read by
everyone who sees the strategy. Completing a review sets when the next one is due."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from common.forms import add_service_errors
from partnerships.access import TenantRequest, tenant_view
from partnerships.list_downloads import download_paths, list_download
from partnerships.roles import Permission

from .. import selectors, services
from ..forms.reviews import ReviewCompleteForm, ReviewForm
from ..models import Review, Strategy, next_review_due

GET_OR_POST = ["GET", "HEAD", "POST"]


def _to_detail(request: TenantRequest, review: Review):
    return redirect("tenant:reviews-detail", request.partnership.slug, review.pk)


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def review_list(request: TenantRequest, strategy_pk: int):
    strategy = get_object_or_404(Strategy, pk=strategy_pk)
    due = selectors.review_due(strategy=strategy, today=timezone.localdate())
    page_obj = Paginator(selectors.review_list(strategy=strategy), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "strategies/reviews/list.html",
        {
            "strategy": strategy,
            "due": due,
            "reminders": (
                selectors.review_reminders_sent(strategy=strategy, due_on=due.due_on) if due else []
            ),
            "page_obj": page_obj,
        },
    )


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def review_list_download(request: TenantRequest, strategy_pk: int, fmt: str):
    """The strategy's reviews, newest first, every page, with when each was completed."""
    strategy = get_object_or_404(Strategy, pk=strategy_pk)
    return list_download(
        request,
        name="reviews",
        title=_("Annual reviews"),
        fmt=fmt,
        header=[
            _("Date of the review"),
            _("Status"),
            _("Decision"),
            _("Organisations that took part"),
            _("Completed on"),
        ],
        rows=(
            [
                review.reviewed_on,
                review.stage.label,
                review.get_decision_display(),
                review.participant_count,
                review.completed_at,
            ]
            for review in selectors.review_list(strategy=strategy).iterator()
        ),
    )


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(GET_OR_POST)
def review_new(request: TenantRequest, strategy_pk: int):
    strategy = get_object_or_404(Strategy, pk=strategy_pk)
    if not strategy.is_live:
        messages.info(request, _("Only a published strategy, or one under review, can be reviewed"))
        return redirect("tenant:reviews", request.partnership.slug, strategy.pk)
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        organisations=selectors.review_participant_choices(partnership=request.partnership),
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_start(
                strategy=strategy, data=form.cleaned_data, actor=request.actor
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The review has been recorded"))
            return _to_detail(request, review)
    return render(request, "strategies/reviews/form.html", {"form": form, "strategy": strategy})


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def review_detail(request: TenantRequest, review_pk: int):
    review = selectors.review_detail(review_pk=review_pk)
    return render(
        request,
        "strategies/reviews/detail.html",
        {"review": review, "strategy": review.strategy},
    )


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(GET_OR_POST)
def review_edit(request: TenantRequest, review_pk: int):
    review = selectors.review_detail(review_pk=review_pk)
    if review.is_complete:
        messages.info(request, str(services.REVIEW_COMPLETE))
        return _to_detail(request, review)
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        organisations=selectors.review_participant_choices(
            partnership=request.partnership, review=review
        ),
        review=review,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review_edit(review=review, data=form.cleaned_data, actor=request.actor)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The review has been updated"))
            return _to_detail(request, review)
    return render(
        request,
        "strategies/reviews/form.html",
        {"form": form, "strategy": review.strategy, "review": review},
    )


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(GET_OR_POST)
def review_complete(request: TenantRequest, review_pk: int):
    review = selectors.review_detail(review_pk=review_pk)
    if review.is_complete:
        messages.info(request, str(services.REVIEW_ALREADY_COMPLETED))
        return _to_detail(request, review)
    form = ReviewCompleteForm(
        request.POST if request.method == "POST" else None,
        latest_next_due=next_review_due(review.reviewed_on),
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_complete(
                review=review,
                decision=form.cleaned_data["decision"],
                changes_agreed=form.cleaned_data["changes_agreed"],
                next_due_on=form.cleaned_data["next_due_on"],
                actor=request.actor,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The review is complete. The next review is due by %(date)s.")
                % {"date": date_format(review.strategy.next_review_due, "j F Y")},
            )
            return _to_detail(request, review)
    return render(
        request,
        "strategies/reviews/complete.html",
        {"form": form, "review": review, "strategy": review.strategy},
    )


urlpatterns = [
    path("strategy/<int:strategy_pk>/reviews/", review_list, name="reviews"),
    *download_paths(
        "strategy/<int:strategy_pk>/reviews/list", review_list_download, name="reviews"
    ),
    path("strategy/<int:strategy_pk>/reviews/new/", review_new, name="reviews-new"),
    path("reviews/<int:review_pk>/", review_detail, name="reviews-detail"),
    path("reviews/<int:review_pk>/edit/", review_edit, name="reviews-edit"),
    path("reviews/<int:review_pk>/complete/", review_complete, name="reviews-complete"),
]
