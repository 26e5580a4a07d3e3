"""The partnership's own figures on its dashboard: its organisations and members by role, its
SNA, its data sharing, its attachments' storage and its representation gaps. The same for every
member who may see them, so they are read once per change to the partnership's records."""

import datetime
from collections.abc import Callable, Iterable

from django.utils.translation import get_language

from assessments import selectors as assessment_selectors
from assessments.selectors import sharing as sharing_selectors
from partnerships import selectors as partnership_selectors
from partnerships.member_cache import for_partnership
from partnerships.models import Partnership

# What each figure is read with, given the partnership and the day. The caller asks only for
# those the person may see.
FIGURES: dict[str, Callable[[Partnership, datetime.date], object]] = {
    "organisation_counts": lambda p, _: partnership_selectors.organisation_counts(partnership=p),
    "member_counts": lambda p, _: partnership_selectors.member_counts(partnership=p),
    "sna": lambda p, _: assessment_selectors.sna_summary(partnership=p),
    "storage": lambda p, _: assessment_selectors.attachment_storage(partnership=p),
    "gaps": lambda p, _: partnership_selectors.representation_gaps(partnership=p),
    # Table 6: which organisations and measures an in-date agreement covers, and reviews due.
    "sharing": lambda p, today: sharing_selectors.sharing_overview(partnership=p, today=today),
}


def dashboard_figures(
    *, partnership: Partnership, wanted: Iterable[str], today: datetime.date
) -> dict[str, object]:
    """The `wanted` figures (keys of FIGURES), by name: read afresh they were a fifth of a
    dashboard's time, kept under the partnership's records' version they cost one cache read.
    Keyed by the day and the language too, since the counts carry their labels in words."""
    wanted = tuple(wanted)
    return for_partnership(
        partnership,
        "dashboard-figures",
        lambda: {name: FIGURES[name](partnership, today) for name in wanted},
        ",".join(wanted),
        today.isoformat(),
        get_language(),
    )
