"""The convener's grant lists taken away as CSV or as an Excel workbook: their grants, a grant's
allocations to partnerships, and a grant's Home Office returns.

Each is a `convener_view` reaching its grant through `grant_for`, exactly as its page does, so a
grant the person does not convene in full is a 404 here too, and each reads its rows with the
page's own selector, so the file holds the page's rows and figures to the penny. A grant is no
one partnership's: the file is named after the grant, and its download is noted on the timeline
of every partnership whose figures it holds, as the grant's changes are
(funding/services/grants.py).
"""

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from partnerships.list_downloads import download_paths, list_download
from partnerships.models import Partnership

from ..access import ConvenerRequest, convener_view, grant_for
from ..models import Grant, GrantLine
from ..selectors import grants as selectors
from ..selectors import returns as return_selectors
from ..uploads import reference_for


def _file_prefix(grant: Grant) -> str:
    return slugify(str(grant)) or "grant"


def _line_name(line: GrantLine) -> str:
    """The line's short name, as the grant page's tables show it."""
    return _("Labour") if line.kind == GrantLine.Kind.LABOUR else _("Non-labour")


@convener_view
@require_safe
def grant_list_download(request: ConvenerRequest, fmt: str):
    """The grant list's awards, with what each has allocated and spent."""
    grants = selectors.grants_overview(request.user, convened=request.convened)
    return list_download(
        request,
        name="awards",
        title=_("Duty grant awards"),
        fmt=fmt,
        prefix="duty-grant",
        # Prefetched with the grants: every partnership whose figures the list holds.
        partnerships=[place for grant in grants for place in grant.partnerships.all()],
        header=[
            _("Grant"),
            _("Grant year"),
            _("Award reference"),
            _("Partnerships it funds"),
            _("Awarded"),
            _("Allocated"),
            _("Spent"),
        ],
        rows=(
            [
                grant.title,
                grant.grant_year,
                grant.reference,
                ", ".join(partnership.name for partnership in grant.partnerships.all()),
                grant.amount,
                grant.allocated,
                grant.spent,
            ]
            for grant in grants
        ),
        money=range(4, 7),
    )


def _grant(request: ConvenerRequest, grant_pk: int) -> tuple[Grant, list[Partnership]]:
    grant = grant_for(request.user, grant_pk, convened=request.convened)
    return grant, list(grant.partnerships.all())


@convener_view
@require_safe
def allocation_list_download(request: ConvenerRequest, grant_pk: int, fmt: str):
    """The grant page's allocations to partnerships, with what each has spent."""
    grant, partnerships = _grant(request, grant_pk)
    return list_download(
        request,
        name="allocations",
        title=_("Allocations of %(grant)s") % {"grant": grant},
        fmt=fmt,
        prefix=_file_prefix(grant),
        partnerships=partnerships,
        header=[
            _("Reference"),
            _("Partnership"),
            _("Line"),
            _("What it pays for"),
            _("Amount"),
            _("Spent"),
        ],
        rows=(
            [
                reference_for(allocation),
                allocation.partnership.name,
                _line_name(allocation.line),
                allocation.purpose,
                allocation.amount,
                allocation.spent,
            ]
            for allocation in selectors.grant_allocations(grant)
        ),
        money=range(4, 6),
    )


@convener_view
@require_safe
def return_list_download(request: ConvenerRequest, grant_pk: int, fmt: str):
    """The grant's Home Office returns, with where each has got to."""
    grant, partnerships = _grant(request, grant_pk)
    return list_download(
        request,
        name="returns",
        title=_("Home Office returns for %(grant)s") % {"grant": grant},
        fmt=fmt,
        prefix=_file_prefix(grant),
        partnerships=partnerships,
        header=[
            _("Return"),
            _("Period"),
            _("Due"),
            _("Status"),
            _("Submitted on"),
            _("Submission reference"),
        ],
        rows=(
            [
                str(submission.template),
                submission.period,
                submission.due_on,
                submission.get_status_display(),
                submission.submitted_on or "",
                submission.reference,
            ]
            for submission in return_selectors.returns_of(grant=grant)
        ),
    )


# Included by funding/urls.py (app_name "funding"), beside each list's page.
urlpatterns = [
    *download_paths("list", grant_list_download, name="grants"),
    *download_paths(
        "<int:grant_pk>/allocations/list", allocation_list_download, name="grants-detail"
    ),
    *download_paths("<int:grant_pk>/returns/list", return_list_download, name="returns"),
]
