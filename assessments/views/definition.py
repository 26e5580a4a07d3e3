"""The local definition of serious violence: the agreed version, a draft of the next, their
history, and the amendments partners propose."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from partnerships.access import TenantRequest, tenant_view
from partnerships.roles import Permission

from .. import lifecycles, selectors, services
from ..forms.definition import (
    AmendmentForm,
    AmendmentResponseForm,
    DefinitionAgreeForm,
    DefinitionForm,
)
from ..models import LocalDefinition

GET_OR_POST = ["GET", "HEAD", "POST"]


def _back(request: TenantRequest):
    return redirect("tenant:definition", request.partnership.slug)


def _initial(definition: LocalDefinition | None) -> dict:
    if definition is None:
        return {}
    return {field: getattr(definition, field) for field in services.DEFINITION_FIELDS}


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def definition(request: TenantRequest):
    return render(
        request,
        "assessments/definition/definition.html",
        {"overview": selectors.definition_overview(partnership=request.partnership)},
    )


@tenant_view(Permission.MANAGE_ASSESSMENT)
@require_http_methods(GET_OR_POST)
def definition_new(request: TenantRequest):
    """A new draft, prefilled from the agreed version."""
    overview = selectors.definition_overview(partnership=request.partnership)
    if overview.draft is not None:
        messages.info(request, _("There is already a draft. You can edit it here."))
        return redirect("tenant:definition-edit", request.partnership.slug, overview.draft.pk)
    form = DefinitionForm(
        request.POST if request.method == "POST" else None, initial=_initial(overview.current)
    )
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.definition_create(
                partnership=request.partnership, data=form.cleaned_data, acting_user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Version %(version)s has been saved as a draft") % {"version": draft.version},
            )
            return _back(request)
    return render(
        request,
        "assessments/definition/form.html",
        {"form": form, "definition": None, "current": overview.current},
    )


@tenant_view(Permission.MANAGE_ASSESSMENT)
@require_http_methods(GET_OR_POST)
def definition_edit(request: TenantRequest, definition_pk: int):
    draft = selectors.definition_for_change(
        partnership=request.partnership, definition_pk=definition_pk
    )
    if draft.status not in lifecycles.DEFINITION_CHANGEABLE:
        messages.info(request, _("Only a draft can be changed. Start a new draft instead."))
        return _back(request)
    form = DefinitionForm(
        request.POST if request.method == "POST" else None, initial=_initial(draft)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.definition_edit(
                definition=draft, data=form.cleaned_data, acting_user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The draft has been saved"))
            return _back(request)
    return render(request, "assessments/definition/form.html", {"form": form, "definition": draft})


@tenant_view(Permission.MANAGE_ASSESSMENT)
@require_http_methods(GET_OR_POST)
def definition_agree(request: TenantRequest, definition_pk: int):
    draft = selectors.definition_for_change(
        partnership=request.partnership, definition_pk=definition_pk
    )
    agreement = lifecycles.DEFINITION[LocalDefinition.Status.AGREED]
    if draft.status not in agreement.sources:
        messages.info(request, _("Only a draft can be agreed"))
        return _back(request)
    form = DefinitionAgreeForm(
        request.POST if request.method == "POST" else None,
        organisations=selectors.agreeing_organisation_choices(partnership=request.partnership),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.definition_agree(
                definition=draft,
                agreed_on=form.cleaned_data["agreed_on"],
                organisations=form.cleaned_data["organisations"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, agreement.done % {"version": draft.version})
            return _back(request)
    return render(request, "assessments/definition/agree.html", {"form": form, "definition": draft})


@tenant_view(Permission.CONTRIBUTE)
@require_http_methods(GET_OR_POST)
def definition_amend(request: TenantRequest, definition_pk: int):
    """Any contributor proposes a change to the agreed version or the draft."""
    target = selectors.definition_for_change(
        partnership=request.partnership, definition_pk=definition_pk
    )
    form = AmendmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.amendment_propose(
                definition=target,
                membership=request.actor.membership,
                acting_user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your amendment has been sent to the partnership lead"))
            return _back(request)
    return render(
        request, "assessments/definition/amend.html", {"form": form, "definition": target}
    )


@tenant_view(Permission.MANAGE_ASSESSMENT)
@require_http_methods(GET_OR_POST)
def definition_amendment_respond(request: TenantRequest, amendment_pk: int):
    amendment = selectors.amendment_detail(
        partnership=request.partnership, amendment_pk=amendment_pk
    )
    form = AmendmentResponseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.amendment_respond(
                amendment=amendment,
                adopt=form.cleaned_data["decision"] == "adopt",
                response=form.cleaned_data["response"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your response has been recorded"))
            return _back(request)
    return render(
        request, "assessments/definition/respond.html", {"form": form, "amendment": amendment}
    )


urlpatterns = [
    path("definition/", definition, name="definition"),
    path("definition/new/", definition_new, name="definition-new"),
    path("definition/<int:definition_pk>/edit/", definition_edit, name="definition-edit"),
    path("definition/<int:definition_pk>/agree/", definition_agree, name="definition-agree"),
    path("definition/<int:definition_pk>/amend/", definition_amend, name="definition-amend"),
    path(
        "definition/amendments/<int:amendment_pk>/respond/",
        definition_amendment_respond,
        name="definition-amendment-respond",
    ),
]
