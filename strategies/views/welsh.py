"""The Welsh version of a strategy, for a partnership in Wales: which published texts still
lack their Welsh (the strategy's sections, each priority, each action), and a page to write the
Welsh of one row beside its English."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from assessments import services as assessment_services
from assessments.models import AssessmentModule, LocalDefinition
from assessments.selectors import current_definition
from common.forms import add_service_errors
from partnerships.access import TenantRequest, tenant_view
from partnerships.roles import Permission

from .. import services
from ..models import Action, Priority, Strategy

KINDS = {
    "strategy": Strategy,
    "definition": LocalDefinition,
    "module": AssessmentModule,
    "priority": Priority,
    "action": Action,
}
# The SNA's modules and the definition are the SNA lead's to write; the rest the strategy's.
ASSESSMENT_KINDS = {"definition", "module"}


def _strategy(request: TenantRequest, strategy_pk: int) -> Strategy:
    if not request.partnership.works_in_welsh:
        raise Http404
    return get_object_or_404(Strategy, pk=strategy_pk)


def _rows(strategy: Strategy) -> list[tuple[str, object]]:
    """The strategy; the local definition it prints and the modules with text of the SNA it rests
    on; then each priority followed by its actions, in the document's order. Five queries,
    however many there are."""
    priorities = list(Priority.objects.filter(strategy=strategy).order_by("order", "pk"))
    actions: dict[int, list[Action]] = {}
    for action in Action.objects.filter(strategy=strategy).order_by("order", "pk"):
        actions.setdefault(action.priority_id, []).append(action)
    rows: list[tuple[str, object]] = [("strategy", strategy)]
    definition = current_definition(partnership=strategy.partnership)
    if definition is not None:
        rows.append(("definition", definition))
    rows += [
        ("module", module)
        for module in AssessmentModule.objects.filter(assessment_id=strategy.assessment_id)
        .exclude(body="")
        .order_by("order", "pk")
    ]
    for priority in priorities:
        rows.append(("priority", priority))
        rows += [("action", action) for action in actions.get(priority.pk, [])]
    return rows


@tenant_view(Permission.MANAGE_STRATEGY)
@require_safe
def strategy_welsh(request: TenantRequest, strategy_pk: int):
    strategy = _strategy(request, strategy_pk)
    rows = [
        {
            "kind": kind,
            "row": row,
            "missing": len(row.missing_welsh()),
            # A translation of the SNA or the definition may be written at any time; the
            # strategy's only while the strategy can change.
            "editable": kind in ASSESSMENT_KINDS or strategy.is_editable,
        }
        for kind, row in _rows(strategy)
    ]
    return render(
        request,
        "strategies/welsh/overview.html",
        {
            "strategy": strategy,
            "rows": rows,
            "missing": sum(row["missing"] for row in rows),
        },
    )


class WelshForm(forms.Form):
    """One Welsh box per published text of the row, each beside its English."""

    def __init__(self, *args, row, **kwargs):
        super().__init__(*args, **kwargs)
        self.english = {}
        for field in row.WELSH_FIELDS:
            english = getattr(row, field) or ""
            if not english.strip():
                continue  # nothing written in English: nothing to translate
            model_field = row._meta.get_field(field)
            self.english[field] = english
            self.fields[field] = forms.CharField(
                label=_("%(field)s in Welsh")
                % {"field": str(model_field.verbose_name).capitalize()},
                required=False,
                initial=row.welsh_text(field),
                max_length=model_field.max_length,
                widget=forms.TextInput()
                if model_field.max_length
                else forms.Textarea(attrs={"rows": 6}),
            )

    def english_of(self):
        return [(self[field], self.english[field]) for field in self.english]


def _belongs(row, kind: str, strategy: Strategy) -> bool:
    """Whether the row is one the strategy's Welsh page lists (the walls keep it in the
    partnership; this keeps it to the strategy)."""
    if kind == "strategy":
        return row.pk == strategy.pk
    if kind == "module":
        return row.assessment_id == strategy.assessment_id
    if kind == "definition":
        return True  # any of the partnership's definitions: the printed one is the current one
    return row.strategy_id == strategy.pk


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(["GET", "HEAD", "POST"])
def strategy_welsh_edit(request: TenantRequest, strategy_pk: int, kind: str, row_pk: int):
    strategy = _strategy(request, strategy_pk)
    if kind not in KINDS:
        raise Http404
    row = strategy if kind == "strategy" else get_object_or_404(KINDS[kind], pk=row_pk)
    if not _belongs(row, kind, strategy):
        raise Http404
    if kind in ASSESSMENT_KINDS and not request.actor.may(Permission.MANAGE_ASSESSMENT):
        raise PermissionDenied
    form = WelshForm(request.POST if request.method == "POST" else None, row=row)
    if request.method == "POST" and form.is_valid():
        try:
            save = (
                assessment_services.assessment_welsh_save
                if kind in ASSESSMENT_KINDS
                else services.welsh_version_save
            )
            save(row=row, texts=form.cleaned_data, acting_user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The Welsh version has been saved"))
            return redirect("tenant:strategies-welsh", request.partnership.slug, strategy.pk)
    return render(
        request,
        "strategies/welsh/edit.html",
        {"strategy": strategy, "row": row, "kind": kind, "form": form},
    )


urlpatterns = [
    path("strategy/<int:strategy_pk>/welsh/", strategy_welsh, name="strategies-welsh"),
    path(
        "strategy/<int:strategy_pk>/welsh/<str:kind>/<int:row_pk>/",
        strategy_welsh_edit,
        name="strategies-welsh-edit",
    ),
]
