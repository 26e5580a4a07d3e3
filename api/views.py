"""API tokens, in the browser: a member lists their tokens, makes one (shown once, then only
its prefix), and revokes one; whoever manages members also sees and revokes everyone's, so a
leaver's tokens can be stopped. Each page is a tenant page like any other."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common.forms import add_service_errors
from partnerships.access import TenantRequest, tenant_view
from partnerships.roles import Permission

from . import tokens
from .models import ApiToken
from .scopes import Resource, grantable


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=tokens.NAME_MAX_LENGTH,
        help_text=gettext_lazy("What it is for, such as “Power BI dashboard”"),
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("What it may read"),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Choose only what the tool needs."),
        error_messages={"required": gettext_lazy("Choose at least one thing the token may read")},
    )
    days = forms.TypedChoiceField(
        label=gettext_lazy("How long it lasts"),
        coerce=int,
        widget=forms.RadioSelect,
        initial=90,
        error_messages={"required": gettext_lazy("Choose how long the token lasts")},
    )

    def __init__(self, *args, resources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = [(r.value, r.label) for r in resources]
        # Built per form, in the language of the request.
        self.fields["days"].choices = [
            (days, _("%(days)s days") % {"days": days}) for days in tokens.LIFETIMES
        ]


def _may_see_everyones(request: TenantRequest) -> bool:
    return request.actor.may(Permission.MANAGE_MEMBERS)


@tenant_view(Permission.VIEW_PARTNERSHIP)
@require_safe
def token_list(request: TenantRequest):
    rows = ApiToken.objects.select_related("user").order_by("-created_at", "-pk")
    if not _may_see_everyones(request):
        rows = rows.filter(user=request.user)
    labels = dict(Resource.choices)
    rows = list(rows)
    for row in rows:
        row.scope_labels = [labels[scope] for scope in row.scopes if scope in labels]
        row.live = row.is_live()
    return render(
        request,
        "api/tokens/list.html",
        {
            "tokens": rows,
            "everyones": _may_see_everyones(request),
            "may_make": bool(grantable(request.actor.permissions)),
            "docs_url": reverse("api-v1:openapi-view"),
        },
    )


@tenant_view(Permission.VIEW_PARTNERSHIP)
@require_http_methods(["GET", "HEAD", "POST"])
def token_new(request: TenantRequest):
    resources = grantable(request.actor.permissions)
    if not resources:
        raise PermissionDenied
    form = TokenForm(request.POST or None, resources=resources)
    if request.method == "POST" and form.is_valid():
        try:
            row, token = tokens.token_create(
                actor=request.actor,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # Shown on this response only: it is stored hashed, and never shown again.
            return render(request, "api/tokens/made.html", {"row": row, "token": token})
    return render(
        request, "api/tokens/new.html", {"form": form}, status=400 if form.errors else 200
    )


@tenant_view(Permission.VIEW_PARTNERSHIP)
@require_POST
def token_revoke(request: TenantRequest, api_token_pk: int):
    row = get_object_or_404(ApiToken, pk=api_token_pk)
    if not tokens.may_revoke(row, actor=request.actor):
        raise PermissionDenied
    tokens.token_revoke(token=row, actor=request.actor)
    messages.success(
        request, _("Token “%(name)s” revoked: it no longer works") % {"name": row.name}
    )
    return redirect("tenant:api-tokens", request.partnership.slug)


urlpatterns = [
    path("api-tokens/", token_list, name="api-tokens"),
    path("api-tokens/new/", token_new, name="api-tokens-new"),
    path("api-tokens/<int:api_token_pk>/revoke/", token_revoke, name="api-tokens-revoke"),
]
