"""Invitations: the lead's list, invite, resend and revoke pages inside the partnership, and the
invitee's acceptance page outside it (they are not a member yet: the signed token is their key)."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from accounts.adapter import INVITED_EMAIL_SESSION_KEY

from .. import selectors, services
from ..access import TenantRequest, tenant_view
from ..consultees import consultee_home_url
from ..forms.invitations import AcceptInvitationForm, InvitationForm
from ..list_downloads import download_paths, list_download
from ..models import Invitation, Partnership
from ..roles import Permission

PAGE_SIZE = 25
_OPEN = {Invitation.Status.PENDING, Invitation.Status.EXPIRED}


def _list_url(partnership: Partnership, state: str) -> str:
    return f"{reverse('tenant:invitations', args=[partnership.slug])}?status={state}"


def _refusal(error: ValidationError) -> str:
    return " ".join(error.messages)


def _state(request: TenantRequest) -> str:
    """The state the list shows (`?status=`): pending unless it names another."""
    state = request.GET.get("status")
    return state if state in selectors.INVITATION_STATES else Invitation.Status.PENDING


# The date each state's list shows after "Sent": the list's heading and the invitation's field.
_STATE_DATES = {
    Invitation.Status.PENDING: (gettext_lazy("Expires"), "expires_at"),
    Invitation.Status.EXPIRED: (gettext_lazy("Expired"), "expires_at"),
    Invitation.Status.ACCEPTED: (gettext_lazy("Accepted"), "accepted_at"),
    Invitation.Status.REVOKED: (gettext_lazy("Revoked"), "revoked_at"),
}


def _local_date(moment):
    return timezone.localdate(moment) if moment else ""


# --- The lead's pages ----------------------------------------------------------------------------


@tenant_view(Permission.MANAGE_MEMBERS)
@require_safe
def invitation_list(request: TenantRequest) -> HttpResponse:
    state = _state(request)
    invitations = selectors.invitation_list(partnership=request.partnership, state=state)
    page_obj = Paginator(invitations, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.invitation_counts(partnership=request.partnership)
    states = [
        {"value": s, "label": Invitation.Status(s).label, "count": counts[s]}
        for s in selectors.INVITATION_STATES
    ]
    return render(
        request,
        "partnerships/invitations/list.html",
        {
            "state": state,
            "state_label": Invitation.Status(state).label,
            "is_open": state in _OPEN,
            "states": states,
            "page_obj": page_obj,
        },
    )


@tenant_view(Permission.MANAGE_MEMBERS)
@require_safe
def invitation_list_download(request: TenantRequest, fmt: str) -> HttpResponse:
    """The invitations in the state the page shows, every page of them, with the columns it
    shows the lead (the invited addresses are theirs to see, as on the page)."""
    state = _state(request)
    date_heading, date_field = _STATE_DATES[state]
    invitations = selectors.invitation_list(partnership=request.partnership, state=state)
    return list_download(
        request,
        name=f"invitations-{state}",
        title=_("%(label)s invitations") % {"label": Invitation.Status(state).label},
        fmt=fmt,
        header=[
            _("Email address"),
            _("Organisation"),
            _("Portal role"),
            _("Duty roles"),
            _("Status"),
            _("Sent"),
            date_heading,
            _("Invited by"),
        ],
        rows=(
            [
                invitation.email,
                invitation.organisation.name
                if invitation.organisation
                else _("None: invited to respond to the consultation"),
                invitation.get_portal_role_display(),
                ", ".join(invitation.get_duty_roles_display()),
                Invitation.Status(state).label,
                timezone.localdate(invitation.sent_at),
                _local_date(getattr(invitation, date_field)),
                invitation.invited_by.full_name if invitation.invited_by else "",
            ]
            for invitation in invitations
        ),
    )


@tenant_view(Permission.MANAGE_MEMBERS)
@require_http_methods(["GET", "POST"])
def invitation_new(request: TenantRequest) -> HttpResponse:
    form = InvitationForm(
        request.POST if request.method == "POST" else None,
        partnership=request.partnership,
        # From a representation gap: the organisation and the Duty role it lacks.
        initial=InvitationForm.initial_from(request.GET),
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                partnership=request.partnership,
                email=form.cleaned_data["email"],
                organisation=form.cleaned_data["organisation"],
                portal_role=form.cleaned_data["portal_role"],
                duty_roles=form.cleaned_data["duty_roles"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s") % {"email": invitation.email}
            )
            return redirect(_list_url(request.partnership, Invitation.Status.PENDING))
    return render(request, "partnerships/invitations/new.html", {"form": form})


@tenant_view(Permission.MANAGE_MEMBERS)
def invitation_resend(request: TenantRequest, invitation_pk: int) -> HttpResponse:
    # Looked up before the method check, so another partnership's id is a 404 whatever the method.
    invitation = get_object_or_404(Invitation, pk=invitation_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    state = invitation.state
    try:
        services.invitation_resend(invitation=invitation, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, _refusal(error))
        return redirect(_list_url(request.partnership, state))
    messages.success(request, _("Invitation resent to %(email)s") % {"email": invitation.email})
    return redirect(_list_url(request.partnership, Invitation.Status.PENDING))


@tenant_view(Permission.MANAGE_MEMBERS)
@require_http_methods(["GET", "POST"])
def invitation_revoke(request: TenantRequest, invitation_pk: int) -> HttpResponse:
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation", "invited_by"), pk=invitation_pk
    )
    state = invitation.state
    if request.method == "POST":
        try:
            services.invitation_revoke(invitation=invitation, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, _refusal(error))
        else:
            messages.success(
                request, _("Invitation to %(email)s revoked") % {"email": invitation.email}
            )
        return redirect(_list_url(request.partnership, state))
    return render(
        request,
        "partnerships/invitations/revoke.html",
        {
            "invitation": invitation,
            "is_open": state in _OPEN,
            "back_url": _list_url(request.partnership, state),
        },
    )


urlpatterns = [
    path("invitations/", invitation_list, name="invitations"),
    *download_paths("invitations/list", invitation_list_download, name="invitations"),
    path("invitations/new/", invitation_new, name="invitations-new"),
    path("invitations/<int:invitation_pk>/resend/", invitation_resend, name="invitations-resend"),
    path("invitations/<int:invitation_pk>/revoke/", invitation_revoke, name="invitations-revoke"),
]


# --- The invitee's page ---------------------------------------------------------------------------


def _landing_url(invitation: Invitation) -> str:
    """The partnership's home; for a consultee, the consultation they were invited to."""
    partnership = invitation.partnership
    if invitation.is_consultee and (landing := consultee_home_url(partnership)):
        return landing
    try:
        return reverse("tenant:dashboard", args=[partnership.slug])
    except NoReverseMatch:
        return reverse("home")


def _joined(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    messages.success(
        request, _("You have joined %(partnership)s") % {"partnership": invitation.partnership}
    )
    return redirect(_landing_url(invitation))


def _problem_page(
    request: HttpRequest, invitation: Invitation | None, problem: str
) -> HttpResponse:
    """Why this link cannot be used now, and what to do instead."""
    context = {"invitation": invitation, "problem": problem}
    if problem == "invalid":
        # The token names nothing we can show: a tampered link, or one a resend replaced.
        return render(request, "partnerships/invitations/accept_invalid.html", context, status=404)
    if problem == Invitation.Status.ACCEPTED:
        context["accepted_by_you"] = (
            request.user.is_authenticated and invitation.accepted_by_id == request.user.pk
        )
        if context["accepted_by_you"]:
            context["landing_url"] = _landing_url(invitation)
    return render(request, f"partnerships/invitations/accept_{problem}.html", context)


def _after_refusal(request: HttpRequest, token: str) -> HttpResponse | None:
    """The problem page if the invitation changed under us (a double submit, a revoke)."""
    invitation = Invitation.from_token(token)
    problem = services.invitation_problem(invitation=invitation, user=request.user)
    return _problem_page(request, invitation, problem) if problem else None


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.from_token(token)
    problem = services.invitation_problem(invitation=invitation, user=request.user)
    if problem:
        return _problem_page(request, invitation, problem)
    context = {"invitation": invitation}

    if request.user.is_authenticated:
        # Signed in with the invited address: one button joins.
        if request.method == "POST":
            try:
                services.invitation_accept(invitation=invitation, user=request.user)
            except ValidationError as error:
                if response := _after_refusal(request, token):
                    return response
                context["refusal"] = _refusal(error)
            else:
                return _joined(request, invitation)
        return render(request, "partnerships/invitations/accept_join.html", context)

    # Signing in with their organisation's account may make theirs, for this address alone.
    request.session[INVITED_EMAIL_SESSION_KEY] = invitation.email
    if selectors.account_exists(email=invitation.email):
        return render(request, "partnerships/invitations/accept_sign_in.html", context)

    form = AcceptInvitationForm(
        request.POST if request.method == "POST" else None, email=invitation.email
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.invitation_accept_as_new_person(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except (ValidationError, IntegrityError) as error:
            # A second submit of the same form loses the race for the account or the invitation.
            if response := _after_refusal(request, token):
                return response
            if selectors.account_exists(email=invitation.email):
                return render(request, "partnerships/invitations/accept_sign_in.html", context)
            if isinstance(error, IntegrityError):
                raise
            form.add_error(None, error)
        else:
            login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            return _joined(request, invitation)
    context["form"] = form
    return render(request, "partnerships/invitations/accept_new.html", context)


non_tenant_urlpatterns = [
    path("invitations/<str:token>/", invitation_accept, name="invitation-accept"),
]
