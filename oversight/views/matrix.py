"""The engagement matrix: for every organisation and Duty element, the highest level its
accepted contributions evidence — none, engaged or actively participating."""

from django import forms
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from common.downloads import table_download
from partnerships.access import TenantRequest, tenant_view
from partnerships.audit import record_download
from partnerships.models import Sector
from partnerships.roles import Permission

from .. import selectors
from ..selectors.matrix import cached_engagement_matrix, matrix_version


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
    version = matrix_version(
        partnership=request.partnership, authority_type=filter_form.role_value()
    )
    elements, rows = cached_engagement_matrix(
        partnership=request.partnership, authority_type=filter_form.role_value(), version=version
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
            "version": version,
        },
    )


def _export_rows(elements, rows):
    for row in rows:
        cells = []
        for element, level in row.cells:
            label = str(selectors.MatrixLevel(level).label)
            evidence = row.strategy_evidence.get(element.pk)
            if evidence and evidence["only_evidence"]:
                label = _("%(level)s (from the partnership's records)") % {"level": label}
            cells.append(label)
        yield [row.organisation.name, str(row.organisation.statutory_role), *cells]


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def matrix_export(request: TenantRequest, fmt: str):
    """The whole matrix, every column, as CSV or as an Excel workbook, with the page's filter."""
    filter_form = MatrixFilterForm(request.GET)
    elements, rows = selectors.engagement_matrix(
        partnership=request.partnership, authority_type=filter_form.role_value()
    )
    stamp = timezone.localdate().isoformat()
    response, count = table_download(
        filename=f"{request.partnership.slug}-engagement-matrix-{stamp}",
        header=[_("Organisation"), _("Statutory role"), *(str(e.name) for e in elements)],
        rows=_export_rows(elements, rows),
        spreadsheet=fmt == "xlsx",
    )
    record_download(
        partnership=request.partnership,
        actor=request.user,
        what=_("Engagement matrix export (%(format)s)") % {"format": fmt.upper()},
        summary=_("%(count)s rows") % {"count": count},
    )
    return response


urlpatterns = [
    path("engagement/", matrix, name="matrix"),
    path("engagement/export.csv", matrix_export, {"fmt": "csv"}, name="matrix-csv"),
    path("engagement/export.xlsx", matrix_export, {"fmt": "xlsx"}, name="matrix-xlsx"),
]
