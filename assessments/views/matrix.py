"""The engagement matrix: for every organisation and Duty element, the highest level its
accepted contributions evidence — none, engaged or actively participating."""

from django import forms
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from partnerships.access import TenantRequest, tenant_view
from partnerships.models import Level, Sector
from partnerships.roles import Permission

from .. import selectors

# Each level's words and tag colour; the words always show, so colour is never the only signal.
LEVELS = {
    selectors.NO_LEVEL: (_("None"), "grey"),
    Level.ENGAGED.value: (Level.ENGAGED.label, "blue"),
    Level.ACTIVELY_PARTICIPATING.value: (Level.ACTIVELY_PARTICIPATING.label, "green"),
}


class MatrixFilterForm(forms.Form):
    """The statutory-role filter, sent by GET so a filtered matrix can be bookmarked."""

    role = forms.ChoiceField(
        label=_("Statutory role"),
        choices=[("", _("All statutory roles")), *Sector.AuthorityType.choices],
        required=False,
        error_messages={"invalid_choice": _("Select a statutory role from the list")},
    )

    def role_value(self) -> str:
        return self.cleaned_data.get("role", "") if self.is_valid() else ""


def _from_contributions(level: str, evidence: dict | None) -> bool:
    """Whether accepted contributions stand behind the cell, so it may link to them."""
    return level != selectors.NO_LEVEL and not (evidence and evidence["only_evidence"])


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def matrix(request: TenantRequest):
    filter_form = MatrixFilterForm(request.GET)
    elements, rows = selectors.engagement_matrix(
        partnership=request.partnership, authority_type=filter_form.role_value()
    )
    for row in rows:
        row.levels = [
            (element, level, *LEVELS[level], evidence, _from_contributions(level, evidence))
            for element, level in row.cells
            for evidence in [row.strategy_evidence.get(element.pk)]
        ]
    return render(
        request,
        "assessments/matrix/matrix.html",
        {
            "filter_form": filter_form,
            "elements": elements,
            "rows": rows,
            "levels": LEVELS.values(),
        },
    )


urlpatterns = [
    path("engagement/", matrix, name="matrix"),
]
