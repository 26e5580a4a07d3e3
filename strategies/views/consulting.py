"""Consultation on the draft strategy in the portal.

Respondents (anyone who may respond: members for their organisation, consultees for the body
outside the partnership they come from) read the draft section by section, comment on each,
and submit one response for their organisation or body. Nobody sees another's draft: a
respondent's pages read only their own response, and a response by its id is a 404 to anyone
else until it is submitted, and then only to the lead. The lead opens the consultation and
answers each comment. Every form works with a plain POST; htmx swaps just the section or
comment when JavaScript is on.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common.forms import add_service_errors
from partnerships.access import TenantRequest, tenant_view
from partnerships.roles import Permission

from .. import rules, selectors, services
from ..forms.consulting import AnswerForm, CommentForm, ConsultationOpenForm, SubmitResponseForm
from ..models import ConsultationComment, ConsultationResponse, Strategy


def _page_url(request: TenantRequest, strategy_pk: int) -> str:
    return reverse("tenant:consultation", args=[request.partnership.slug, strategy_pk])


def _answers_url(request: TenantRequest, strategy_pk: int) -> str:
    return reverse("tenant:consultation-answers", args=[request.partnership.slug, strategy_pk])


def _respondent_page(
    request: TenantRequest, strategy: Strategy, *, bound=None, submit_form=None, status=200
):
    """The draft section by section with the respondent's own comments; `bound` is the one
    section's form (key, form) a failed POST brings back with what was typed."""
    actor = request.actor
    period = selectors.consultation_period(strategy=strategy)
    is_open = selectors.consultation_is_open(strategy=strategy, period=period)
    organisation, body = selectors.respondent_for(actor=actor)
    response = selectors.own_response(
        strategy=strategy, organisation=organisation, outside_body=body
    )
    comments = {c.section_key: c for c in response.comments.all()} if response else {}
    editable = is_open and (organisation or body) and not (response and response.is_submitted)
    sections = []
    for section in selectors.consultation_sections(
        strategy=strategy, with_restricted=selectors.sees_restricted(actor)
    ):
        comment = comments.get(section.key)
        if bound and bound[0] == section.key:
            form = bound[1]
        else:
            form = CommentForm(
                prefix=section.key, initial={"text": comment.text if comment else ""}
            )
        sections.append({"section": section, "comment": comment, "form": form})
    return render(
        request,
        "strategies/consulting/respond.html",
        {
            "strategy": strategy,
            "period": period,
            "is_open": is_open,
            "editable": editable,
            "respondent": organisation or body,
            "response": response,
            "sections": sections,
            "submit_form": submit_form
            or SubmitResponseForm(initial={"overall": response.overall if response else ""}),
            "may_manage": rules.may_manage(actor=actor),
            "today": timezone.localdate(),
        },
        status=status,
    )


@tenant_view(Permission.RESPOND_TO_CONSULTATION)
@require_safe
def consultation_page(request: TenantRequest, strategy_pk: int):
    strategy = get_object_or_404(Strategy, pk=strategy_pk)
    return _respondent_page(request, strategy)


@tenant_view(Permission.RESPOND_TO_CONSULTATION)
@require_POST
def consultation_comment(request: TenantRequest, strategy_pk: int):
    """Save the draft comment on the section named by the form's `section`."""
    strategy = get_object_or_404(Strategy, pk=strategy_pk)
    key = (request.POST.get("section") or "")[:60]
    form = CommentForm(request.POST, prefix=key)
    if form.is_valid():
        try:
            services.consultation_comment_save(
                strategy=strategy,
                section_key=key,
                text=form.cleaned_data["text"],
                actor=request.actor,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.htmx:
                return _section_fragment(request, strategy, key, saved=True)
            messages.success(request, _("Your draft comment has been saved"))
            return redirect(f"{_page_url(request, strategy.pk)}#section-{key}")
    if request.htmx:
        return _section_fragment(request, strategy, key, form=form)
    return _respondent_page(request, strategy, bound=(key, form), status=400)


def _section_fragment(
    request: TenantRequest, strategy: Strategy, key: str, *, form=None, saved=False
):
    """One section of the respondent page, for htmx to swap in after a save."""
    sections = selectors.consultation_sections(
        strategy=strategy, with_restricted=selectors.sees_restricted(request.actor)
    )
    section = next((s for s in sections if s.key == key), None)
    if section is None:
        raise Http404
    organisation, body = selectors.respondent_for(actor=request.actor)
    response = selectors.own_response(
        strategy=strategy, organisation=organisation, outside_body=body
    )
    comment = next((c for c in response.comments.all() if c.section_key == key), None)
    return render(
        request,
        "strategies/consulting/respond.html#section",
        {
            "strategy": strategy,
            "editable": True,
            "item": {
                "section": section,
                "comment": comment,
                "form": form
                or CommentForm(prefix=key, initial={"text": comment.text if comment else ""}),
            },
            "saved": saved,
        },
        status=200 if form is None or not form.errors else 400,
    )


@tenant_view(Permission.RESPOND_TO_CONSULTATION)
@require_POST
def consultation_submit(request: TenantRequest, strategy_pk: int):
    strategy = get_object_or_404(Strategy, pk=strategy_pk)
    form = SubmitResponseForm(request.POST)
    if form.is_valid():
        try:
            response = services.consultation_response_submit(
                strategy=strategy, overall=form.cleaned_data["overall"], actor=request.actor
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The response of %(respondent)s has been submitted")
                % {"respondent": response.respondent},
            )
            return redirect(_page_url(request, strategy.pk))
    return _respondent_page(request, strategy, submit_form=form, status=400)


@tenant_view(Permission.RESPOND_TO_CONSULTATION)
@require_safe
def consultation_response(request: TenantRequest, response_pk: int):
    """One response with its comments and answers: to its own organisation or body at any
    time, and to the lead once submitted. Anyone else's draft is a 404, like anything not
    theirs."""
    response = get_object_or_404(
        ConsultationResponse.objects.select_related("strategy", "organisation", "outside_body"),
        pk=response_pk,
    )
    organisation, body = selectors.respondent_for(actor=request.actor)
    own = (organisation is not None and response.organisation_id == organisation.pk) or (
        body is not None and response.outside_body_id == body.pk
    )
    if not own and not (rules.may_manage(actor=request.actor) and response.is_submitted):
        raise Http404
    return render(
        request,
        "strategies/consulting/response.html",
        {
            "strategy": response.strategy,
            "response": response,
            "comments": list(response.comments.all()),
        },
    )


# --- the lead's pages -----------------------------------------------------------------------------


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_open(request: TenantRequest, strategy_pk: int):
    strategy = get_object_or_404(Strategy, pk=strategy_pk)
    period = selectors.consultation_period(strategy=strategy)
    form = ConsultationOpenForm(
        request.POST if request.method == "POST" else None,
        initial={"closes_on": period.closes_on if period else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            period = services.consultation_period_open(
                strategy=strategy, closes_on=form.cleaned_data["closes_on"], actor=request.actor
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The consultation is open until %(date)s")
                % {"date": period.closes_on.strftime("%-d %B %Y")},
            )
            return redirect(_page_url(request, strategy.pk))
    return render(
        request,
        "strategies/consulting/open.html",
        {"strategy": strategy, "form": form, "period": period},
    )


def _answers_page(request: TenantRequest, strategy: Strategy, *, bound=None, status=200):
    """Every submitted comment under the section it is on, each with the lead's answer form;
    `bound` is the one comment's form (pk, form) a failed POST brings back."""
    responses = selectors.submitted_responses(strategy=strategy)
    by_section: dict[str, dict] = {}
    for response in responses:
        for comment in response.comments.all():
            comment.response = response  # already read: no query for the respondent's name
            if bound and bound[0] == comment.pk:
                form = bound[1]
            else:
                form = AnswerForm(
                    prefix=f"comment-{comment.pk}",
                    initial={
                        "answer": comment.answer,
                        "changed": comment.changed,
                        "what_changed": comment.what_changed,
                    },
                )
            group = by_section.setdefault(
                comment.section_key, {"title": comment.section_title, "items": []}
            )
            group["items"].append({"comment": comment, "form": form})
    order = {
        s.key: index
        for index, s in enumerate(
            selectors.consultation_sections(strategy=strategy, with_restricted=True)
        )
    }
    groups = sorted(by_section.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    return render(
        request,
        "strategies/consulting/answers.html",
        {"strategy": strategy, "responses": responses, "groups": [g for _k, g in groups]},
        status=status,
    )


@tenant_view(Permission.MANAGE_STRATEGY)
@require_safe
def consultation_answers(request: TenantRequest, strategy_pk: int):
    strategy = get_object_or_404(Strategy, pk=strategy_pk)
    return _answers_page(request, strategy)


@tenant_view(Permission.MANAGE_STRATEGY)
@require_POST
def consultation_answer(request: TenantRequest, comment_pk: int):
    comment = get_object_or_404(
        ConsultationComment.objects.select_related(
            "response__strategy", "response__organisation", "response__outside_body"
        ),
        pk=comment_pk,
        response__submitted_at__isnull=False,
    )
    strategy = comment.response.strategy
    form = AnswerForm(request.POST, prefix=f"comment-{comment.pk}")
    if form.is_valid():
        try:
            services.consultation_comment_answer(
                comment=comment, data=form.cleaned_data, actor=request.actor
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.htmx:
                return _comment_fragment(request, comment, saved=True)
            messages.success(
                request,
                _("Your answer to %(respondent)s has been saved")
                % {"respondent": comment.response.respondent},
            )
            return redirect(f"{_answers_url(request, strategy.pk)}#comment-{comment.pk}")
    if request.htmx:
        return _comment_fragment(request, comment, form=form)
    return _answers_page(request, strategy, bound=(comment.pk, form), status=400)


def _comment_fragment(request: TenantRequest, comment, *, form=None, saved=False):
    if form is None:
        form = AnswerForm(
            prefix=f"comment-{comment.pk}",
            initial={
                "answer": comment.answer,
                "changed": comment.changed,
                "what_changed": comment.what_changed,
            },
        )
    return render(
        request,
        "strategies/consulting/answers.html#comment",
        {
            "strategy": comment.response.strategy,
            "item": {"comment": comment, "form": form},
            "saved": saved,
        },
        status=400 if form.errors else 200,
    )


urlpatterns = [
    path("strategy/<int:strategy_pk>/consultation/", consultation_page, name="consultation"),
    path(
        "strategy/<int:strategy_pk>/consultation/comment/",
        consultation_comment,
        name="consultation-comment",
    ),
    path(
        "strategy/<int:strategy_pk>/consultation/submit/",
        consultation_submit,
        name="consultation-submit",
    ),
    path(
        "strategy/<int:strategy_pk>/consultation/open/",
        consultation_open,
        name="consultation-open",
    ),
    path(
        "strategy/<int:strategy_pk>/consultation/answers/",
        consultation_answers,
        name="consultation-answers",
    ),
    path(
        "consultation-responses/<int:response_pk>/",
        consultation_response,
        name="consultation-response",
    ),
    path(
        "consultation-comments/<int:comment_pk>/answer/",
        consultation_answer,
        name="consultation-answer",
    ),
]
