"""Copies of the partnership's evidence, for analysts' own tools: as CSV, or as an Excel
workbook with the same rows (`<name>.xlsx` beside each `<name>.csv`).

Cells that a spreadsheet would run as formulas are neutralised in both formats (defusedcsv for
CSV, text cells in the workbook), and every download is noted on the partnership's activity
timeline.
"""

from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from common.downloads import choice_labels, table_download
from partnerships.access import TenantRequest, tenant_view
from partnerships.audit import record_download
from partnerships.roles import Permission

from .. import selectors
from ..models import Contribution, DataPoint
from ..suppression import exported, suppresses


def _export_response(
    request: TenantRequest, *, name: str, header: list[str], rows, spreadsheet: bool
) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    response, count = table_download(
        filename=f"{request.partnership.slug}-{name}-{stamp}",
        header=header,
        rows=rows,
        spreadsheet=spreadsheet,
    )
    label = name.replace("-", " ").capitalize()
    if spreadsheet:
        what = _("%(name)s export (Excel)") % {"name": label}
    else:
        what = _("%(name)s export (CSV)") % {"name": label}
    record_download(
        partnership=request.partnership,
        actor=request.user,
        what=what,
        summary=_("%(count)s rows") % {"count": count},
    )
    return response


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def contributions_export(request: TenantRequest, *, spreadsheet: bool = False):
    """Every contribution that has left draft: drafts stay with their own organisation."""
    contributions = selectors.contributions_for_export(partnership=request.partnership)
    levels = choice_labels(Contribution._meta.get_field("level").flatchoices)
    kinds = choice_labels(Contribution.Kind.choices)
    statuses = choice_labels(Contribution.Status.choices)
    yes, no = _("Yes"), _("No")
    return _export_response(
        request,
        name="contributions",
        spreadsheet=spreadsheet,
        header=[
            _("Title"),
            _("Organisation"),
            _("Sector"),
            _("Duty element"),
            _("Level"),
            _("Kind"),
            _("Period"),
            _("Status"),
            _("Revision"),
            _("Changed since accepted"),
            _("Submitted"),
            _("Details"),
        ],
        rows=(
            [
                c.title,
                c.organisation.name,
                c.organisation.sector.name,
                c.element.name,
                levels.get(c.level, c.level),
                kinds.get(c.kind, c.kind),
                c.period,
                statuses.get(c.status, c.status),
                c.revision,
                yes if c.changed_since_accepted else no,
                c.submitted_at.date().isoformat() if c.submitted_at else "",
                c.body,
            ]
            for c in contributions.iterator(chunk_size=500)
        ),
    )


@tenant_view(Permission.VIEW_ASSESSMENT)
@require_safe
def data_export(request: TenantRequest, *, spreadsheet: bool = False):
    """Accepted aggregate figures: the evidence the SNA rests on, with figures from 1 to 4 as
    "<5" for all but those who may see small numbers and ask to (`?small_numbers=show`)."""
    points = selectors.data_points_for_export(partnership=request.partnership)
    suppress = suppresses(actor=request.actor, asked=request.GET.get("small_numbers") != "show")
    sexes = choice_labels(DataPoint.Sex.choices)
    return _export_response(
        request,
        name="data-returns",
        spreadsheet=spreadsheet,
        header=[
            _("Measure"),
            _("Unit"),
            _("Period"),
            _("Period start"),
            _("Area"),
            _("Value"),
            _("Age band"),
            _("Sex"),
            _("Organisation"),
            _("Contribution"),
        ],
        rows=(
            [
                p.measure.name,
                p.measure.unit,
                p.period_label,
                p.period_start.isoformat(),
                p.area,
                exported(p.value, suppress=suppress),
                p.age_band,
                sexes.get(p.sex, p.sex),
                p.contribution.organisation.name,
                p.contribution.title,
            ]
            for p in points.iterator(chunk_size=1000)
        ),
    )


urlpatterns = [
    path("exports/contributions.csv", contributions_export, name="contributions-export"),
    path(
        "exports/contributions.xlsx",
        contributions_export,
        {"spreadsheet": True},
        name="contributions-export-xlsx",
    ),
    path("exports/data-returns.csv", data_export, name="data-export"),
    path("exports/data-returns.xlsx", data_export, {"spreadsheet": True}, name="data-export-xlsx"),
]
