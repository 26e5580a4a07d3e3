"""The convener's grant pages, outside any one partnership: their grants, recording an award,
one grant with its summary, changing it, setting its lines, allocating them to partnerships,
and recording the decision that agreed it.

Every page is a `convener_view` and reaches its grant through `grant_for`, so a grant covering
a partnership the person does not convene is a 404 to them, like one that does not exist.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from common.forms import add_service_errors

from ..access import ConvenerRequest, convener_view, grant_for
from ..forms import AllocationForm, DecisionForm, GrantForm, GrantLinesForm
from ..models import Grant, GrantLine
from ..money import pounds
from ..selectors import grants as selectors
from ..services import grants as services

GET_OR_POST = ["GET", "HEAD", "POST"]


def _grant(request: ConvenerRequest, grant_pk: int) -> Grant:
    return grant_for(request.user, grant_pk, convened=request.convened)


def _posted(request: ConvenerRequest):
    return request.POST if request.method == "POST" else None


def _to_grant(grant: Grant, anchor: str = ""):
    response = redirect("funding:grants-detail", grant.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@convener_view
@require_safe
def grant_list(request: ConvenerRequest):
    return render(
        request,
        "funding/grants/list.html",
        {"grants": selectors.grants_overview(request.user, convened=request.convened)},
    )


@convener_view
@require_http_methods(GET_OR_POST)
def grant_new(request: ConvenerRequest):
    form = GrantForm(
        _posted(request),
        initial={"awarded_by": Grant._meta.get_field("awarded_by").default},
        convened=request.convened,
    )
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.grant_create(user=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("You have recorded the award “%(grant)s”") % {"grant": grant}
            )
            return _to_grant(grant)
    return render(request, "funding/grants/grant_form.html", {"form": form, "grant": None})


@convener_view
@require_safe
def grant_detail(request: ConvenerRequest, grant_pk: int):
    grant = _grant(request, grant_pk)
    return render(
        request,
        "funding/grants/detail.html",
        {
            "grant": grant,
            "summary": selectors.grant_summary(grant),
            "allocations": selectors.grant_allocations(grant),
            "decisions": selectors.grant_decisions(grant),
        },
    )


@convener_view
@require_http_methods(GET_OR_POST)
def grant_edit(request: ConvenerRequest, grant_pk: int):
    grant = _grant(request, grant_pk)
    initial = {name: getattr(grant, name) for name in services.GRANT_FIELDS}
    initial["partnerships"] = list(grant.partnerships.values_list("pk", flat=True))
    form = GrantForm(_posted(request), initial=initial, convened=request.convened)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_edit(grant=grant, user=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("You have changed the award"))
            return _to_grant(grant)
    return render(request, "funding/grants/grant_form.html", {"form": form, "grant": grant})


@convener_view
@require_http_methods(GET_OR_POST)
def grant_lines(request: ConvenerRequest, grant_pk: int):
    grant = _grant(request, grant_pk)
    lines = {line.kind: line for line in grant.lines.all()}
    initial = {}
    for kind, prefix in (
        (GrantLine.Kind.LABOUR, "labour"),
        (GrantLine.Kind.NON_LABOUR, "non_labour"),
    ):
        if kind in lines:
            initial[prefix], initial[f"{prefix}_notes"] = lines[kind].amount, lines[kind].notes
    form = GrantLinesForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_lines_set(grant=grant, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("You have set the grant’s lines"))
            return _to_grant(grant, "lines")
    return render(request, "funding/grants/lines.html", {"form": form, "grant": grant})


def _with_what_is_left(form: AllocationForm, summary: selectors.GrantSummary) -> None:
    """Each line's choice says what it has left to allocate."""
    left = {
        line.kind: figures.unallocated
        for line, figures in zip(summary.lines, summary.by_line, strict=True)
    }
    form.fields["line"].choices = [
        (kind, _("%(line)s: %(left)s left") % {"line": label, "left": pounds(left[kind])})
        for kind, label in GrantLine.Kind.choices
        if kind in left
    ]


@convener_view
@require_http_methods(GET_OR_POST)
def allocation_new(request: ConvenerRequest, grant_pk: int):
    grant = _grant(request, grant_pk)
    summary = selectors.grant_summary(grant)
    if not summary.lines:
        messages.error(request, _("Set the grant’s lines before allocating from them"))
        return redirect("funding:grants-lines", grant.pk)
    form = AllocationForm(_posted(request), grant=grant)
    _with_what_is_left(form, summary)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        line = next((line for line in summary.lines if line.kind == data["line"]), None)
        try:
            allocation = services.allocation_create(
                grant=grant,
                line=line,
                partnership=data["partnership"],
                amount=data["amount"],
                purpose=data["purpose"],
                user=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("You have allocated %(amount)s to %(partnership)s")
                % {"amount": pounds(allocation.amount), "partnership": allocation.partnership.name},
            )
            return _to_grant(grant, "allocations")
    return render(
        request,
        "funding/grants/allocation_form.html",
        {"form": form, "grant": grant, "allocation": None},
    )


def _allocation(grant: Grant, allocation_pk: int):
    allocation = selectors.allocation_for(grant, allocation_pk)
    if allocation is None:
        raise Http404
    return allocation


@convener_view
@require_http_methods(GET_OR_POST)
def allocation_edit(request: ConvenerRequest, grant_pk: int, allocation_pk: int):
    grant = _grant(request, grant_pk)
    allocation = _allocation(grant, allocation_pk)
    form = AllocationForm(
        _posted(request),
        grant=grant,
        editing=True,
        initial={"amount": allocation.amount, "purpose": allocation.purpose},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.allocation_edit(
                allocation=allocation,
                user=request.user,
                amount=form.cleaned_data["amount"],
                purpose=form.cleaned_data["purpose"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("You have changed the allocation"))
            return _to_grant(grant, "allocations")
    return render(
        request,
        "funding/grants/allocation_form.html",
        {"form": form, "grant": grant, "allocation": allocation},
    )


@convener_view
@require_http_methods(GET_OR_POST)
def allocation_remove(request: ConvenerRequest, grant_pk: int, allocation_pk: int):
    grant = _grant(request, grant_pk)
    allocation = _allocation(grant, allocation_pk)
    if request.method == "POST":
        try:
            services.allocation_remove(allocation=allocation, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("You have removed the allocation"))
        return _to_grant(grant, "allocations")
    return render(
        request,
        "funding/grants/allocation_remove.html",
        {"grant": grant, "allocation": allocation},
    )


@convener_view
@require_http_methods(GET_OR_POST)
def decision_new(request: ConvenerRequest, grant_pk: int):
    grant = _grant(request, grant_pk)
    form = DecisionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(grant=grant, user=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("You have recorded the decision"))
            return _to_grant(grant, "decisions")
    return render(request, "funding/grants/decision_form.html", {"form": form, "grant": grant})
