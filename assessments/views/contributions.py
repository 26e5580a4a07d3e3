"""Contributions and their review: partners give evidence for their organisation, leads and data
leads accept it or return it with comments, and files come back out only through a checked view.

Drafts belong to their organisation: to everyone else a draft's id is a 404, as if it did not
exist. Actions a person may not take on an item they can see are a 403.
"""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from common.downloads import choice_labels, private_file_response
from common.forms import add_service_errors
from partnerships.access import TenantRequest, tenant_view
from partnerships.changes import records_version
from partnerships.list_downloads import download_paths, list_download
from partnerships.member_cache import member_key
from partnerships.models import DutyElement, Organisation
from partnerships.roles import Permission

from .. import attachments, lifecycles, rules, selectors, services
from ..forms.contributions import ContributionFilterForm, ContributionForm, ReturnForm
from ..models import Attachment, Contribution, financial_year
from ..selectors import sharing as sharing_selectors
from ..suppression import shown, suppresses

PAGE_SIZE = 25
# How many of a data return's figures its page shows; the count says how many it holds.
FIGURES_SHOWN = 20


def _detail_url(request: TenantRequest, contribution: Contribution) -> str:
    return reverse("tenant:contributions-detail", args=[request.partnership.slug, contribution.pk])


def _contribution(request: TenantRequest, contribution_pk: int) -> Contribution:
    """The contribution if this person may see it; a 404 for another organisation's draft."""
    contribution = selectors.contribution_detail(
        partnership=request.partnership, contribution_pk=contribution_pk
    )
    if not rules.contribution_visible(contribution, actor=request.actor):
        raise Http404
    return contribution


def _allowed(request: TenantRequest, contribution: Contribution) -> dict[str, bool]:
    """The transitions this person may make on this contribution now."""
    actor = request.actor
    return {
        "may_edit": rules.may_edit_contribution(contribution, actor=actor),
        "may_submit": rules.may_submit_contribution(contribution, actor=actor),
        "may_review": rules.may_review_contribution(contribution, actor=actor),
        # A reviewer who may not review this one: their own organisation gave it.
        "reviews_own": contribution.status in lifecycles.CONTRIBUTION_IN_REVIEW
        and actor.may(Permission.REVIEW_CONTRIBUTIONS)
        and rules.reviews_own_organisation(contribution, actor=actor),
        # Figures wait while a return is under review; for an accepted one they start a revision.
        "may_upload": contribution.status in lifecycles.CONTRIBUTION_CHANGEABLE
        and rules.may_upload_data(contribution, actor=actor),
    }


def _guidance_context(request: TenantRequest, element_slug: str) -> dict:
    sector = request.actor.organisation.sector
    element, ways, actions = selectors.contribution_guidance(
        sector=sector, element_slug=element_slug
    )
    return {"element": element, "sector": sector, "ways": ways, "actions": actions}


def _pending_files(request: TenantRequest) -> attachments.PendingFiles:
    """This person's files kept across a form's errors, in this partnership only."""
    return attachments.PendingFiles(
        request.session, partnership_id=request.partnership.pk, user_id=request.user.pk
    )


def _form(
    request: TenantRequest,
    *,
    contribution: Contribution | None = None,
    data=None,
    files=None,
    **kwargs,
) -> ContributionForm:
    if contribution is None and request.actor.may(Permission.MANAGE_ASSESSMENT):
        organisations = Organisation.objects.filter(retired_at__isnull=True).order_by("name")
    else:
        organisations = None
    pending = []
    if request.method == "POST":
        data = request.POST if data is None else data
        files = request.FILES if files is None else files
        # Only ids the server gave this person here name kept files; anything else is dropped.
        store = _pending_files(request)
        pending = store.find(data.getlist("pending"))
        # A kept file the form offered and the person unticked goes now.
        store.discard([p for p in store.find(data.getlist("offered")) if p not in pending])
        data = data.copy()
        data.setlist("pending", [p.id for p in pending])
        data.setlist("offered", [p.id for p in pending])
    return ContributionForm(
        data,
        files,
        partnership=request.partnership,
        organisations=organisations,
        open_calls=selectors.contribution_open_calls(
            partnership=request.partnership,
            including=contribution.call_id if contribution else None,
        ),
        existing_attachments=contribution.attachments.all() if contribution else None,
        pending_files=pending,
        guidance_url=reverse("tenant:contributions-guidance", args=[request.partnership.slug]),
        **kwargs,
    )


def _keep_files(request: TenantRequest, form: ContributionForm, **form_kwargs) -> ContributionForm:
    """After an error elsewhere on the form, keep the files it was given (if they passed their
    checks), so the page shows them as uploaded instead of asking for them again."""
    chosen = form.files.getlist("files") if form.files else []
    if not chosen or form.has_error("files"):
        return form
    store = _pending_files(request)
    kept = store.keep(chosen)
    if not kept:
        return form
    data = form.data.copy()
    data.setlist("pending", [*data.getlist("pending"), *(p.id for p in kept)])
    data.setlist("offered", data.getlist("pending"))
    errors = form.errors
    again = _form(request, data=data, files=MultiValueDict(), **form_kwargs)
    again.is_valid()
    # The service's refusals (not the form's own checks) are shown again too.
    for name, messages_ in errors.items():
        for message in messages_:
            if message not in again.errors.get(name, []):
                again.add_error(None if name == NON_FIELD_ERRORS else name, message)
    return again


def _save_with_files(form: ContributionForm, save) -> Contribution:
    """Run the service with the new files and the kept ones still ticked; the kept files are
    closed afterwards whatever happens."""
    kept = [pending.open() for pending in form.chosen_pending()]
    try:
        return save(files=[*form.cleaned_data["files"], *kept])
    finally:
        for file in kept:
            file.close()


def _render_form(request: TenantRequest, form: ContributionForm, contribution=None, **extra):
    return render(
        request,
        "assessments/contributions/form.html",
        {
            "form": form,
            "contribution": contribution,
            # Saving changes to an accepted item makes a new revision: the page warns of it.
            "revises": contribution is not None
            and contribution.status in lifecycles.REVISION.sources,
            **_guidance_context(request, form.chosen_element_slug()),
            **extra,
        },
    )


def _after_save(request: TenantRequest, contribution: Contribution):
    """Where a saved form goes: "Continue" to check the answers before submitting, "Save as
    draft" (and any save of an item that cannot be submitted now) back to the contribution."""
    if "continue" in request.POST and _allowed(request, contribution)["may_submit"]:
        return redirect("tenant:contributions-submit", request.partnership.slug, contribution.pk)
    return redirect(_detail_url(request, contribution))


def _call_initial(request: TenantRequest) -> tuple[dict, Contribution | None]:
    """What answering the call named in the address fixes on a new contribution (its Duty
    element, its period, a data return if it asks for measures), and the draft answer this
    person's organisation already has to it, if any."""
    try:
        call_pk = int(request.GET.get("call", ""))
    except ValueError:
        return {}, None
    call = (
        selectors.contribution_open_calls(partnership=request.partnership)
        .prefetch_related("elements", "measures")
        .filter(pk=call_pk)
        .first()
    )
    if call is None:
        return {}, None
    draft = selectors.contribution_draft_for_call(
        partnership=request.partnership,
        organisation_id=request.actor.organisation_id,
        call_id=call.pk,
    )
    elements = sorted(call.elements.all(), key=lambda element: element.order)
    initial = {"call": call.pk, "period": call.period}
    if elements:
        initial["element"] = elements[0].slug
    if call.measures.all():
        initial["kind"] = Contribution.Kind.DATA_RETURN
    return initial, draft


def _filter_form(request: TenantRequest) -> ContributionFilterForm:
    return ContributionFilterForm(
        request.GET,
        elements=DutyElement.objects.all(),
        organisations=Organisation.objects.order_by("name"),
    )


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def contribution_list(request: TenantRequest):
    filter_form = _filter_form(request)
    contributions = selectors.contribution_list(actor=request.actor, **filter_form.filters())
    page_obj = Paginator(contributions, PAGE_SIZE).get_page(request.GET.get("page"))
    actor = request.actor
    return render(
        request,
        "assessments/contributions/list.html",
        {
            "filter_form": filter_form,
            "page_obj": page_obj,
            "records_version": records_version(request.partnership.pk),
            # Which contributions a person sees (a draft only by its own organisation) follows
            # their membership and what they may do: the rendered rows are kept by both.
            "viewer": member_key(actor, "contribution-rows"),
        },
    )


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def contribution_list_download(request: TenantRequest, fmt: str):
    """The contributions the page lists for this person, with its filters: every page of them,
    their own organisation's drafts included, as the page shows them."""
    contributions = selectors.contribution_list(
        actor=request.actor, **_filter_form(request).filters()
    )
    kinds, statuses = (
        choice_labels(Contribution.Kind.choices),
        choice_labels(Contribution.Status.choices),
    )
    yes, no = _("Yes"), _("No")
    return list_download(
        request,
        name="contributions",
        title=_("Contributions"),
        fmt=fmt,
        header=[
            _("Title"),
            _("Organisation"),
            _("Duty element"),
            _("Kind"),
            _("Period"),
            _("Status"),
            _("Changed since accepted"),
            _("Submitted"),
        ],
        rows=(
            [
                contribution.title,
                contribution.organisation.name,
                contribution.element.short_name,
                kinds.get(contribution.kind, contribution.kind),
                contribution.period,
                statuses.get(contribution.status, contribution.status),
                yes if contribution.changed_since_accepted else no,
                contribution.submitted_at or "",
            ]
            for contribution in contributions.iterator(chunk_size=500)
        ),
    )


@tenant_view(Permission.CONTRIBUTE)
@require_http_methods(["GET", "HEAD", "POST"])
def contribution_new(request: TenantRequest):
    from_call, draft = _call_initial(request)
    if draft is not None and request.method != "POST":
        # Answering a call again continues the organisation's draft answer, never a second one.
        messages.info(request, _("Your organisation has a draft answer to this call: continue it"))
        return redirect("tenant:contributions-edit", request.partnership.slug, draft.pk)
    form_kwargs = {
        "initial": {
            "period": financial_year(timezone.localdate()),
            "organisation": request.actor.organisation_id,
            "element": request.GET.get("element", ""),
            **from_call,
        }
    }
    form = _form(request, **form_kwargs)
    existing_draft = None
    if request.method == "POST":
        if form.is_valid():
            try:
                contribution = _save_with_files(
                    form,
                    lambda files: services.contribution_create(
                        partnership=request.partnership,
                        organisation=form.cleaned_data.get("organisation")
                        or request.actor.organisation,
                        acting_user=request.user,
                        **(form.service_kwargs() | {"files": files}),
                    ),
                )
            except services.DraftExists as error:
                existing_draft = error.draft
                form.add_error("call", error)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                _pending_files(request).discard(form.pending_files)
                messages.success(
                    request,
                    _("Your draft has been saved. Submit it when it is ready for review."),
                )
                return _after_save(request, contribution)
        form = _keep_files(request, form, **form_kwargs)
    return _render_form(request, form, existing_draft=existing_draft)


@tenant_view(Permission.CONTRIBUTE)
@require_safe
def contribution_guidance(request: TenantRequest):
    """What the guidance asks of the member's sector for an element: the fragment the form swaps
    in when the element changes. An unknown element gives the prompt."""
    return render(
        request,
        "assessments/contributions/form.html#guidance",
        _guidance_context(request, request.GET.get("element", "").strip()),
    )


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def contribution_detail(request: TenantRequest, contribution_pk: int):
    # Its own fetch, not `_contribution`'s: the page reads fewer related rows than the forms.
    contribution = selectors.contribution_page(
        partnership=request.partnership, contribution_pk=contribution_pk
    )
    if not rules.contribution_visible(contribution, actor=request.actor):
        raise Http404
    records = selectors.contribution_page_records(
        partnership=request.partnership, contribution=contribution, figures_shown=FIGURES_SHOWN
    )
    figures = {}
    if contribution.kind == Contribution.Kind.DATA_RETURN:
        suppress = suppresses(actor=request.actor)
        for point in records.figures:
            point.shown = shown(point.value, suppress=suppress)
        figures = {
            "figure_count": records.figure_count,
            "figures": records.figures,
            "sharing": sharing_selectors.data_return_sharing(
                contribution=contribution, today=timezone.localdate()
            ),
        }
    return render(
        request,
        "assessments/contributions/detail.html",
        {
            "contribution": contribution,
            "attachments": records.attachments,
            "comments": records.comments,
            "history": records.history,
            # "Submit again for review" for a returned item.
            "submission": lifecycles.submission(contribution.status),
            **figures,
            **_allowed(request, contribution),
        },
    )


@tenant_view(Permission.CONTRIBUTE)
@require_http_methods(["GET", "HEAD", "POST"])
def contribution_edit(request: TenantRequest, contribution_pk: int):
    contribution = _contribution(request, contribution_pk)
    if not _allowed(request, contribution)["may_edit"]:
        raise PermissionDenied
    form_kwargs = {
        "contribution": contribution,
        "initial": {
            "element": contribution.element,
            "level": contribution.level,
            "kind": contribution.kind,
            "title": contribution.title,
            "body": contribution.body,
            "period": contribution.period,
            "call": contribution.call,
        },
    }
    form = _form(request, **form_kwargs)
    existing_draft = None
    if request.method == "POST":
        if form.is_valid():
            was_accepted = contribution.status in lifecycles.REVISION.sources
            try:
                _save_with_files(
                    form,
                    lambda files: services.contribution_edit(
                        contribution=contribution,
                        acting_user=request.user,
                        remove=form.cleaned_data.get("remove") or (),
                        **(form.service_kwargs() | {"files": files}),
                    ),
                )
            except services.DraftExists as error:
                existing_draft = error.draft
                form.add_error("call", error)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                _pending_files(request).discard(form.pending_files)
                if was_accepted:
                    messages.success(
                        request,
                        _(
                            "Your changes have been saved as revision %(revision)s and sent for "
                            "review again"
                        )
                        % {"revision": contribution.revision},
                    )
                else:
                    messages.success(request, _("Your changes have been saved"))
                return _after_save(request, contribution)
        form = _keep_files(request, form, **form_kwargs)
    return _render_form(request, form, contribution, existing_draft=existing_draft)


def _own_review_refused(request: TenantRequest, contribution: Contribution):
    messages.warning(
        request,
        str(services.OWN_ORGANISATION_REVIEW) % {"organisation": contribution.organisation},
    )
    return redirect(_detail_url(request, contribution))


def _transition(request: TenantRequest, contribution_pk: int, *, allowed: str, run, to: str):
    """A one-button POST: look the item up first, so another partnership's id is a 404 whatever
    the method; refuse what this person may not do; report a stale state, or a review of their
    own organisation's item, on the page."""
    contribution = _contribution(request, contribution_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    transitions = _allowed(request, contribution)
    if allowed == "may_review" and transitions["reviews_own"]:
        return _own_review_refused(request, contribution)
    if not transitions[allowed]:
        raise PermissionDenied
    done = lifecycles.CONTRIBUTION[to].done
    try:
        run(contribution)
    except ValidationError as error:
        messages.warning(request, error.messages[0])
    else:
        messages.success(request, done % {"title": contribution.title})
    return redirect(_detail_url(request, contribution))


@tenant_view(Permission.CONTRIBUTE)
@require_http_methods(["GET", "HEAD", "POST"])
def contribution_submit(request: TenantRequest, contribution_pk: int):
    """GET: "Check your answers before submitting", each answer with a link to change it. POST
    (its button): submit."""
    if request.method != "POST":
        contribution = _contribution(request, contribution_pk)
        if not _allowed(request, contribution)["may_submit"]:
            raise PermissionDenied
        figure_count = None
        if contribution.kind == Contribution.Kind.DATA_RETURN:
            figure_count, _preview = selectors.data_return_preview(
                contribution=contribution, limit=0
            )
        return render(
            request,
            "assessments/contributions/check.html",
            {
                "contribution": contribution,
                "submission": lifecycles.submission(contribution.status),
                "figure_count": figure_count,
                "may_upload": rules.may_upload_data(contribution, actor=request.actor)
                if figure_count is not None
                else False,
            },
        )
    return _transition(
        request,
        contribution_pk,
        allowed="may_submit",
        run=lambda contribution: services.contribution_submit(
            contribution=contribution, acting_user=request.user
        ),
        to=Contribution.Status.SUBMITTED,
    )


@tenant_view(Permission.REVIEW_CONTRIBUTIONS)
def contribution_accept(request: TenantRequest, contribution_pk: int):
    return _transition(
        request,
        contribution_pk,
        allowed="may_review",
        run=lambda contribution: services.contribution_accept(
            contribution=contribution, actor=request.actor
        ),
        to=Contribution.Status.ACCEPTED,
    )


@tenant_view(Permission.REVIEW_CONTRIBUTIONS)
@require_http_methods(["GET", "HEAD", "POST"])
def contribution_return(request: TenantRequest, contribution_pk: int):
    contribution = _contribution(request, contribution_pk)
    transitions = _allowed(request, contribution)
    if transitions["reviews_own"]:
        return _own_review_refused(request, contribution)
    if not transitions["may_review"]:
        raise PermissionDenied
    form = ReturnForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_return(
                contribution=contribution,
                comment=form.cleaned_data["comment"],
                actor=request.actor,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                lifecycles.CONTRIBUTION[Contribution.Status.RETURNED].done
                % {"title": contribution.title, "organisation": contribution.organisation},
            )
            return redirect(_detail_url(request, contribution))
    return render(
        request,
        "assessments/contributions/return.html",
        {"contribution": contribution, "form": form},
    )


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def contribution_attachment(request: TenantRequest, contribution_pk: int, attachment_pk: int):
    """A file, downloaded only by someone who may see its contribution; never served inline."""
    contribution = _contribution(request, contribution_pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, contribution=contribution)
    return private_file_response(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


urlpatterns = [
    path("contributions/", contribution_list, name="contributions"),
    *download_paths("contributions/list", contribution_list_download, name="contributions"),
    path("contributions/new/", contribution_new, name="contributions-new"),
    path("contributions/guidance/", contribution_guidance, name="contributions-guidance"),
    path("contributions/<int:contribution_pk>/", contribution_detail, name="contributions-detail"),
    path("contributions/<int:contribution_pk>/edit/", contribution_edit, name="contributions-edit"),
    path(
        "contributions/<int:contribution_pk>/submit/",
        contribution_submit,
        name="contributions-submit",
    ),
    path(
        "contributions/<int:contribution_pk>/return/",
        contribution_return,
        name="contributions-return",
    ),
    path(
        "contributions/<int:contribution_pk>/accept/",
        contribution_accept,
        name="contributions-accept",
    ),
    path(
        "contributions/<int:contribution_pk>/attachments/<int:attachment_pk>/",
        contribution_attachment,
        name="contributions-attachment",
    ),
]
