"""The engagement matrix: for every organisation and Duty element, the highest level its
accepted contributions evidence — none, engaged or actively participating."""

from django import forms
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from partnerships.access import TenantRequest, tenant_view
from partnerships.models import Sector
from partnerships.roles import Permission

from .. import selectors


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
            (element, selectors.MatrixLevel(level), evidence, _from_contributions(level, evidence))
            for element, level in row.cells
            for evidence in [row.strategy_evidence.get(element.pk)]
        ]
    return render(
        request,
        "oversight/matrix/matrix.html",
        {
            "filter_form": filter_form,
            "elements": elements,
            "rows": rows,
            "levels": selectors.MatrixLevel,
        },
    )


urlpatterns = [
    path("engagement/", matrix, name="matrix"),
]
