"""The partnership's members: the list with inline role editing, each member's page, the
lead's changes to a member — roles, nomination record, removal, making them a lead — and a
member's own choice whether the partnership's documents print their name.

A removed member's page stays readable (their history matters); changing them is refused with
a page that says why, never a 404 that would suggest they were deleted.
"""

import hashlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django_htmx.http import HttpResponseClientRedirect

from .. import rules, selectors, services
from ..access import TenantRequest, tenant_view
from ..changes import records_version
from ..forms.members import (
    MakeLeadForm,
    MemberFilterForm,
    MemberRolesForm,
    MemberRowForm,
    NamedInDocumentsForm,
    NominationForm,
    roles_initial,
)
from ..list_downloads import download_paths, list_download
from ..models import Membership
from ..roles import Permission, PortalRole

PAGE_SIZE = 25
# Duty roles the guidance asks a lead to choose carefully, with the reflective questions.
NOMINATED_ROLES = {"accountable", "responsible"}


def _list_url(request: TenantRequest) -> str:
    return reverse("tenant:members", args=[request.partnership.slug])


def _detail_url(request: TenantRequest, membership: Membership) -> str:
    return reverse("tenant:members-detail", args=[request.partnership.slug, membership.pk])


def _safe_next(request: TenantRequest) -> str:
    """Where the list's row form came from (with its filters and page), if it is ours."""
    target = (request.POST if request.method == "POST" else request.GET).get("next", "")
    if target.startswith(_list_url(request)) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return _list_url(request)


def _member(request: TenantRequest, membership_pk: int) -> Membership:
    return selectors.member_detail(partnership=request.partnership, membership_pk=membership_pk)


def _refuse_removed(request: TenantRequest, membership: Membership) -> HttpResponse:
    return render(request, "partnerships/members/removed.html", {"membership": membership})


def _gained_nominated_role(before: list[str], after: list[str]) -> bool:
    return bool(NOMINATED_ROLES & (set(after) - set(before)))


@tenant_view(Permission.VIEW_MEMBERS)
@require_safe
def member_list(request: TenantRequest):
    organisations = selectors.member_organisations(partnership=request.partnership, current=False)
    filter_form = MemberFilterForm(request.GET, organisations=organisations)
    members = selectors.member_list(partnership=request.partnership, **filter_form.filters())
    # Each row offers "Change roles": htmx fetches that row's form when it is asked for (a
    # form in every row was most of the page's cost), and without JavaScript the link opens
    # the member's roles page.
    page_obj = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    version = records_version(request.partnership.pk)
    return render(
        request,
        "partnerships/members/list.html",
        {
            "filter_form": filter_form,
            "page_obj": page_obj,
            "next_url": request.get_full_path(),
            "records_version": version,
            "rows_key": _rows_key(page_obj, version),
            # Not members: people from bodies outside the partnership, here to respond to the
            # strategy's consultation. Listed apart so the lead sees who they are and can
            # remove them; the lead invites them from the outside bodies page.
            "consultees": selectors.consultee_list(partnership=request.partnership),
        },
    )


@tenant_view(Permission.VIEW_MEMBERS)
@require_safe
def member_list_download(request: TenantRequest, fmt: str):
    """The page's members with its filters, every page. No email addresses: the list does not
    show them, so its download does not either."""
    organisations = selectors.member_organisations(partnership=request.partnership, current=False)
    filter_form = MemberFilterForm(request.GET, organisations=organisations)
    members = selectors.member_list(partnership=request.partnership, **filter_form.filters())
    return list_download(
        request,
        name="members",
        title=_("Members"),
        fmt=fmt,
        header=[
            _("Name"),
            _("Job title"),
            _("Organisation"),
            _("Portal role"),
            _("Duty roles"),
            _("Since"),
            _("Removed"),
        ],
        rows=(
            [
                str(membership.user),
                membership.user.job_title,
                membership.organisation.name if membership.organisation else "",
                membership.get_portal_role_display(),
                ", ".join(str(label) for label in membership.get_duty_roles_display()),
                membership.started_on,
                membership.ended_on or "",
            ]
            for membership in members
        ),
    )


def _rows_key(page_obj, version: str) -> str:
    """What the rendered rows are kept by: the partnership's records' version, and the page's
    people's names, which live on their accounts (outside the partnership's records, so a name
    changed there does not change the version)."""
    names = "\n".join(f"{membership.pk}:{membership.user}" for membership in page_obj)
    return f"{version}:{hashlib.blake2s(names.encode()).hexdigest()}"


@tenant_view(Permission.VIEW_MEMBERS)
@require_safe
def member_detail(request: TenantRequest, membership_pk: int):
    membership = _member(request, membership_pk)
    questions = list(selectors.reflective_questions())
    record = membership.nomination or {}
    manages = request.actor.may(Permission.MANAGE_MEMBERS) and membership.is_active
    may_change_naming = rules.may_change_naming(membership, actor=request.actor)
    return render(
        request,
        "partnerships/members/detail.html",
        {
            "membership": membership,
            "recommended_posts": selectors.member_recommended_posts(membership=membership),
            "nomination": [(q, record.get(str(q.order), "")) for q in questions],
            "has_nomination": bool(membership.nominated_at),
            "may_nominate": bool(NOMINATED_ROLES & set(membership.duty_roles)),
            "may_change_naming": may_change_naming,
            "manages": manages,
            # GOV.UK summary lists mark the rows without an action once any row has one.
            "row_actions": manages or may_change_naming,
        },
    )


def _row_response(request: TenantRequest, membership: Membership, form, **message):
    membership.row_form = form
    return render(
        request,
        "partnerships/members/list.html#row",
        {"membership": membership, "next_url": _safe_next(request), **message},
    )


def _change_roles_from_row(request: TenantRequest, membership: Membership):
    """The list's inline form: a row fragment for htmx, else redirect back to the list."""
    before = membership.duty_roles
    form = MemberRowForm(request.POST, membership_pk=membership.pk)
    if form.is_valid():
        try:
            services.membership_change_roles(
                membership=membership,
                portal_role=form.cleaned_data["portal_role"],
                duty_roles=form.cleaned_data["duty_roles"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
    if form.is_valid():
        name = membership.user
        nominate = _gained_nominated_role(before, membership.duty_roles)
        if membership.pk == request.actor.membership.pk:
            # Changing your own role can change what you may do: reload the whole page.
            messages.success(request, _("Your roles have been changed"))
            if request.htmx:
                return HttpResponseClientRedirect(_list_url(request))
            return redirect(_list_url(request))
        if request.htmx:
            return _row_response(request, membership, None, saved=True, nominate=nominate)
        if nominate:
            messages.success(
                request,
                _(
                    "%(name)s's roles have been changed. Record why you nominated them "
                    "from their member page."
                )
                % {"name": name},
            )
        else:
            messages.success(request, _("%(name)s's roles have been changed") % {"name": name})
        return redirect(_safe_next(request))
    membership.refresh_from_db()
    if request.htmx:
        return _row_response(request, membership, form)
    # Without JavaScript the errors go on the member's roles page, keeping what was chosen.
    data = request.POST.copy()
    data["organisation"] = membership.organisation_id
    page_form = MemberRolesForm(
        data,
        organisations=selectors.member_organisations(partnership=request.partnership, current=True),
    )
    page_form.is_valid()
    for error in form.non_field_errors():
        page_form.add_error(None, error)
    return render(
        request, "partnerships/members/roles.html", {"membership": membership, "form": page_form}
    )


@tenant_view(Permission.MANAGE_MEMBERS)
@require_http_methods(["GET", "HEAD", "POST"])
def member_roles(request: TenantRequest, membership_pk: int):
    membership = _member(request, membership_pk)
    if not membership.is_active:
        if request.htmx:
            return HttpResponseClientRedirect(request.path)
        return _refuse_removed(request, membership)
    if request.method == "POST" and request.POST.get("from") == "list":
        return _change_roles_from_row(request, membership)
    if request.htmx and request.GET.get("from") == "list":
        # "Change roles" in the list: the row again, with its form open.
        form = MemberRowForm(membership_pk=membership.pk, initial=roles_initial(membership))
        return _row_response(request, membership, form, opened=True)
    organisations = selectors.member_organisations(partnership=request.partnership, current=True)
    if request.method == "POST":
        before = membership.duty_roles
        form = MemberRolesForm(request.POST, organisations=organisations)
        if form.is_valid():
            try:
                services.membership_change_roles(
                    membership=membership,
                    portal_role=form.cleaned_data["portal_role"],
                    duty_roles=form.cleaned_data["duty_roles"],
                    organisation=form.cleaned_data["organisation"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
                membership.refresh_from_db()
            else:
                if membership.pk == request.actor.membership.pk:
                    messages.success(request, _("Your roles have been changed"))
                    return redirect(_list_url(request))
                if _gained_nominated_role(before, membership.duty_roles):
                    messages.success(
                        request,
                        _(
                            "%(name)s's roles have been changed. You can now record why you "
                            "nominated them."
                        )
                        % {"name": membership.user},
                    )
                else:
                    messages.success(
                        request, _("%(name)s's roles have been changed") % {"name": membership.user}
                    )
                return redirect(_detail_url(request, membership))
    else:
        form = MemberRolesForm(initial=roles_initial(membership), organisations=organisations)
    return render(
        request, "partnerships/members/roles.html", {"membership": membership, "form": form}
    )


@tenant_view(Permission.MANAGE_MEMBERS)
@require_http_methods(["GET", "HEAD", "POST"])
def member_remove(request: TenantRequest, membership_pk: int):
    # A consultee is removed here too (from the members page's list of consultees).
    membership = selectors.member_detail(
        partnership=request.partnership, membership_pk=membership_pk, consultees=True
    )
    if not membership.is_active:
        return _refuse_removed(request, membership)
    error = None
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership, acting_user=request.user)
        except ValidationError as refusal:
            error = refusal.messages[0]
            membership.refresh_from_db()
        else:
            messages.success(
                request,
                _("%(name)s has been removed from the partnership") % {"name": membership.user},
            )
            if membership.pk == request.actor.membership.pk:
                # They have just left: this partnership's pages are closed to them now.
                return redirect("home")
            return redirect(_list_url(request))
    return render(
        request, "partnerships/members/remove.html", {"membership": membership, "error": error}
    )


@tenant_view(Permission.MANAGE_MEMBERS)
@require_http_methods(["GET", "HEAD", "POST"])
def member_nomination(request: TenantRequest, membership_pk: int):
    membership = _member(request, membership_pk)
    if not membership.is_active:
        return _refuse_removed(request, membership)
    questions = list(selectors.reflective_questions())
    record = membership.nomination or {}
    if request.method == "POST":
        form = NominationForm(request.POST, questions=questions, record=record)
        if form.is_valid():
            services.membership_record_nomination(
                membership=membership, answers=form.answers(), acting_user=request.user
            )
            messages.success(
                request,
                _("The nomination record for %(name)s has been saved") % {"name": membership.user},
            )
            return redirect(_detail_url(request, membership))
    else:
        form = NominationForm(questions=questions, record=record)
    return render(
        request, "partnerships/members/nomination.html", {"membership": membership, "form": form}
    )


@tenant_view(Permission.MANAGE_MEMBERS)
@require_http_methods(["GET", "HEAD", "POST"])
def member_make_lead(request: TenantRequest, membership_pk: int):
    membership = _member(request, membership_pk)
    if not membership.is_active:
        return _refuse_removed(request, membership)
    if membership.is_lead:
        return render(request, "partnerships/members/already_lead.html", {"membership": membership})
    name = str(membership.user)
    if request.method == "POST":
        form = MakeLeadForm(request.POST, name=name)
        if form.is_valid():
            try:
                if form.cleaned_data["how"] == MakeLeadForm.HAND_OVER:
                    services.membership_transfer_lead(
                        from_membership=request.actor.membership,
                        to_membership=membership,
                        acting_user=request.user,
                    )
                    message = _(
                        "%(name)s is now a partnership lead. You are now a Duty partner."
                    ) % {"name": name}
                else:
                    services.membership_change_roles(
                        membership=membership,
                        portal_role=PortalRole.LEAD,
                        duty_roles=membership.duty_roles,
                        acting_user=request.user,
                    )
                    message = _("%(name)s is now a partnership lead") % {"name": name}
            except ValidationError as error:
                form.add_error(None, error)
                membership.refresh_from_db()
            else:
                messages.success(request, message)
                return redirect(_detail_url(request, membership))
    else:
        form = MakeLeadForm(name=name)
    return render(
        request, "partnerships/members/make_lead.html", {"membership": membership, "form": form}
    )


@tenant_view(Permission.VIEW_MEMBERS)
@require_http_methods(["GET", "HEAD", "POST"])
def member_named(request: TenantRequest, membership_pk: int):
    """A member's own choice whether the partnership's documents print their name; nobody
    else's page offers it."""
    membership = _member(request, membership_pk)
    if not rules.may_change_naming(membership, actor=request.actor):
        raise PermissionDenied
    if request.method == "POST":
        form = NamedInDocumentsForm(request.POST)
        if form.is_valid():
            try:
                services.membership_set_named(
                    membership=membership, named=form.is_named(), acting_user=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if membership.named_in_documents:
                    message = _(
                        "Documents exported from now on will print your name with your job title"
                    )
                else:
                    message = _(
                        "Documents exported from now on will print your job title and "
                        "organisation, not your name"
                    )
                messages.success(request, message)
                return redirect(_detail_url(request, membership))
    else:
        form = NamedInDocumentsForm(initial=NamedInDocumentsForm.initial_for(membership))
    return render(
        request, "partnerships/members/named.html", {"membership": membership, "form": form}
    )


urlpatterns = [
    path("members/", member_list, name="members"),
    *download_paths("members/list", member_list_download, name="members"),
    path("members/<int:membership_pk>/", member_detail, name="members-detail"),
    path("members/<int:membership_pk>/roles/", member_roles, name="members-roles"),
    path("members/<int:membership_pk>/remove/", member_remove, name="members-remove"),
    path("members/<int:membership_pk>/nomination/", member_nomination, name="members-nomination"),
    path("members/<int:membership_pk>/make-lead/", member_make_lead, name="members-make-lead"),
    path("members/<int:membership_pk>/named/", member_named, name="members-named"),
]
