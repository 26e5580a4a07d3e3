"""PDF exports of the strategy and the SNA in the browser: the export form and history of each
document, a job's status page (which htmx polls, and a plain refresh updates too), the
permission-checked download and "Try again".

Who may export or download what is decided by documents.rules; these views offer what it allows
and turn the services' refusals into a 403 or an error on the form.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessments.models import Assessment
from common.downloads import private_file_response
from common.forms import add_service_errors
from partnerships.access import TenantRequest, tenant_view
from partnerships.roles import Permission
from strategies.models import Strategy

from . import rules
from . import services as exports
from .models import EXPORT_LANGUAGES, ExportJob

GET_OR_POST = ["GET", "HEAD", "POST"]
PAGE_SIZE = 25


class ExportForm(forms.Form):
    """The strategy offers its full and public versions; the SNA, restricted, only the full one.
    Once a document is published, a lead may also choose a draft of the text as it stands now
    (a revision being prepared), marked DRAFT on every page."""

    PUBLISHED, DRAFT = "published", "draft"

    edition = forms.ChoiceField(
        label=gettext_lazy("Which text?"),
        choices=[
            (PUBLISHED, gettext_lazy("The published version")),
            (DRAFT, gettext_lazy("A draft of the text as it stands now")),
        ],
        initial=PUBLISHED,
        widget=forms.RadioSelect,
        help_text=gettext_lazy("Every page of a draft is marked DRAFT."),
        error_messages={"required": gettext_lazy("Select which text to export")},
    )
    variant = forms.ChoiceField(
        label=gettext_lazy("Which version?"),
        choices=ExportJob.Variant.choices,
        initial=ExportJob.Variant.FULL,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "The public version leaves out restricted priorities, actions and measures."
        ),
        error_messages={"required": gettext_lazy("Select which version to export")},
    )

    language = forms.ChoiceField(
        label=gettext_lazy("Which language?"),
        # Each language named in its own words, as the switcher in the header does.
        choices=EXPORT_LANGUAGES,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Headings, labels, dates and the Duty's reference text are in this language; "
            "what the partnership wrote is as it was written."
        ),
        error_messages={
            "required": gettext_lazy("Select the language of the PDF"),
            "invalid_choice": gettext_lazy("Select English, Cymraeg, or both"),
        },
    )

    def __init__(self, *args, kind: str, offer_draft: bool, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        if not offer_draft:
            del self.fields["edition"]
        if kind == ExportJob.Kind.SNA:
            del self.fields["variant"]
        # Offered where a partnership works in Wales; England's documents are in English.
        if partnership.works_in_welsh:
            self.fields["language"].initial = partnership.default_language
        else:
            del self.fields["language"]

    def chosen_language(self) -> str:
        """The language chosen, or "" to leave it to the partnership's."""
        return self.cleaned_data.get("language", "")

    def chosen_variant(self) -> str:
        return self.cleaned_data.get("variant", ExportJob.Variant.FULL)

    def chosen_draft(self) -> bool | None:
        """True or False when the person chose; None leaves it to the document's status."""
        if "edition" not in self.fields:
            return None
        return self.cleaned_data["edition"] == self.DRAFT


def _may_export(request: TenantRequest, *, kind: str, published: bool) -> bool:
    """Whether to offer the export form: the service still checks when it is sent. Anyone but
    a lead exports only a published document."""
    actor = request.actor
    if actor.may(rules.lead_permission(kind)):
        return True
    return rules.may_export(actor=actor, kind=kind, draft=False) and published


def _may_export_draft(request: TenantRequest, *, kind: str, source, published: bool) -> bool:
    """A lead may export a draft of a published document, unless it has been superseded and so
    can no longer change."""
    return (
        request.actor.may(rules.lead_permission(kind))
        and published
        and getattr(source, "status", None) != Strategy.Status.SUPERSEDED
    )


def _to_job(request: TenantRequest, job: ExportJob):
    return redirect("tenant:exports-detail", request.partnership.slug, job.pk)


def _document_page(request: TenantRequest, *, kind: str, source):
    # Read once: whether it is published decides what is offered, to whom, and what is said.
    published = exports.source_is_published(source)
    may_export = _may_export(request, kind=kind, published=published)
    offer_draft = _may_export_draft(request, kind=kind, source=source, published=published)
    form = ExportForm(
        request.POST if request.method == "POST" else None,
        kind=kind,
        offer_draft=offer_draft,
        partnership=request.partnership,
    )
    if request.method == "POST":
        if not may_export:
            raise PermissionDenied
        if form.is_valid():
            try:
                job = exports.export_request(
                    kind=kind,
                    source=source,
                    variant=form.chosen_variant(),
                    draft=form.chosen_draft(),
                    language=form.chosen_language(),
                    actor=request.actor,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                # No banner: the job's page says how it is getting on, in the part htmx
                # updates, so "being made" never stays beside "Ready".
                return _to_job(request, job)
    history = exports.export_history(partnership=request.partnership, kind=kind, source=source)
    page_obj = Paginator(history, PAGE_SIZE).get_page(request.GET.get("page"))
    # The page's jobs are read even when there are none (the paginator skips the read for an
    # empty history), so the page makes the same queries with no exports as with hundreds.
    start = (page_obj.number - 1) * PAGE_SIZE
    page_obj.object_list = list(history[start : start + PAGE_SIZE])
    return render(
        request,
        "documents/exports/document.html",
        {
            "kind": kind,
            "source": source,
            "form": form,
            "may_export": may_export,
            "offer_draft": offer_draft,
            "published": published,
            "page_obj": page_obj,
            "downloadable": {
                job.pk for job in page_obj if rules.may_download(job=job, actor=request.actor)
            },
        },
    )


@tenant_view(Permission.VIEW_STRATEGY)
@require_http_methods(GET_OR_POST)
def export_strategy(request: TenantRequest, strategy_pk: int):
    strategy = get_object_or_404(Strategy, pk=strategy_pk)
    return _document_page(request, kind=ExportJob.Kind.STRATEGY, source=strategy)


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_http_methods(GET_OR_POST)
def export_sna(request: TenantRequest, assessment_pk: int):
    assessment = get_object_or_404(Assessment, pk=assessment_pk)
    return _document_page(request, kind=ExportJob.Kind.SNA, source=assessment)


def _job(request: TenantRequest, export_pk: int) -> ExportJob:
    """The job if this person may download what it makes or asked for it; a 403 otherwise."""
    job = get_object_or_404(
        ExportJob.objects.select_related("requested_by", "strategy", "assessment"), pk=export_pk
    )
    if job.requested_by_id != request.user.pk and not rules.may_download(
        job=job, actor=request.actor
    ):
        raise PermissionDenied
    return job


def _may_retry(request: TenantRequest, job: ExportJob) -> bool:
    return job.requested_by_id == request.user.pk or request.actor.may(
        rules.lead_permission(job.kind)
    )


def _filename(request: TenantRequest, job: ExportJob) -> str:
    """e.g. northshire-strategy-2025-26-v2.pdf, or ...-v2-draft.pdf for a draft."""
    source = job.source
    period = source.start_period if job.kind == ExportJob.Kind.STRATEGY else source.period
    parts = [request.partnership.slug, job.kind, slugify(period.replace("/", "-"))]
    parts.append(f"v{job.source_version}")
    if job.variant == ExportJob.Variant.PUBLIC:
        parts.append("public")
    if job.draft:
        parts.append("draft")
    if job.language != settings.LANGUAGE_CODE:
        parts.append(job.language)  # -cy, or -cy-en for Welsh and English in one
    return "-".join(parts) + ".pdf"


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def export_detail(request: TenantRequest, export_pk: int):
    job = _job(request, export_pk)
    progress = exports.export_progress(job, now=timezone.now())
    context = {
        "job": job,
        "progress": progress,
        "may_download": rules.may_download(job=job, actor=request.actor),
        # Offered whenever the job is not getting on: failed, or slower than it should be.
        "may_retry": progress in {"failed", "slow"} and _may_retry(request, job),
    }
    if request.htmx:
        return render(request, "documents/exports/_status.html", context)
    return render(request, "documents/exports/detail.html", context)


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def export_download(request: TenantRequest, export_pk: int):
    job = get_object_or_404(
        ExportJob.objects.select_related("strategy", "assessment"), pk=export_pk
    )
    if not rules.may_download(job=job, actor=request.actor):
        raise PermissionDenied
    if job.status != ExportJob.Status.READY or not job.file:
        raise Http404
    return private_file_response(
        job.file, filename=_filename(request, job), content_type="application/pdf"
    )


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_POST
def export_retry(request: TenantRequest, export_pk: int):
    job = _job(request, export_pk)
    if not _may_retry(request, job):
        raise PermissionDenied
    try:
        exports.export_retry(job=job, acting_user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    # The job's page says how it stands now, in the part htmx keeps up to date.
    return _to_job(request, job)


urlpatterns = [
    path("strategy/<int:strategy_pk>/exports/", export_strategy, name="exports-strategy"),
    path("sna/<int:assessment_pk>/exports/", export_sna, name="exports-sna"),
    path("exports/<int:export_pk>/", export_detail, name="exports-detail"),
    path("exports/<int:export_pk>/download/", export_download, name="exports-download"),
    path("exports/<int:export_pk>/retry/", export_retry, name="exports-retry"),
]
