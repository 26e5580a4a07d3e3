"""The engagement matrix: each organisation against the nine Duty elements, at the highest level
its accepted contributions show, lifted to "Engaged" by what the strategy's records show it doing.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Q, TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import Contribution
from common.tags import tag_colours
from partnerships.changes import records_version
from partnerships.models import DutyElement, Level, Organisation, Partnership
from strategies.selectors import strategy_participation


@tag_colours(NONE="grey", ENGAGED="blue", ACTIVELY_PARTICIPATING="green")
class MatrixLevel(TextChoices):
    """What a cell shows, lowest first: the guidance's two levels, or none evidenced yet."""

    NONE = "none", _("None")
    ENGAGED = Level.ENGAGED.value, Level.ENGAGED.label
    ACTIVELY_PARTICIPATING = Level.ACTIVELY_PARTICIPATING.value, Level.ACTIVELY_PARTICIPATING.label


NO_LEVEL = MatrixLevel.NONE.value


@dataclass
class MatrixRow:
    organisation: Organisation
    cells: list[tuple[DutyElement, str]]
    # Evidence from the partnership's strategy work, by element id: see engagement_matrix.
    strategy_evidence: dict[int, dict] = field(default_factory=dict)


# What the partnership's own records evidence, beyond contributions, and for which element:
# attending its board, signing the strategy off through the organisation's governance, and
# taking part in a completed annual review. Each counts as "Engaged".
EVIDENCE_ELEMENTS = {
    "board": "collaboration",
    "sign_off": "response-strategy",
    "review": "review-response-strategy",
}


# How long a matrix is trusted without a change telling otherwise: bulk writes tell none, and the
# Duty catalogue it also reads changes only with a release.
MATRIX_TIMEOUT = 300


def matrix_version(*, partnership: Partnership, authority_type: str = "") -> str:
    """What a matrix (and the page rendered from it) is kept by: the partnership's records'
    version, the filter, and the day (board attendance counts over the last 12 months)."""
    today = timezone.localdate().isoformat()
    return f"{partnership.pk}:{records_version(partnership.pk)}:{authority_type}:{today}"


def cached_engagement_matrix(
    *, partnership: Partnership, authority_type: str = "", version: str
) -> tuple[list[DutyElement], list[MatrixRow]]:
    """engagement_matrix, the same for every member who may see it, kept in the cache by
    `matrix_version`: its queries were half the page's time, and a change to the partnership's
    records is what recomputes it."""
    key = f"engagement-matrix:{version}"
    found = cache.get(key)
    if found is None:
        found = engagement_matrix(partnership=partnership, authority_type=authority_type)
        cache.set(key, found, MATRIX_TIMEOUT)
    return found


def engagement_matrix(
    *, partnership: Partnership, authority_type: str = ""
) -> tuple[list[DutyElement], list[MatrixRow]]:
    """Organisations × the nine Duty elements, each cell the highest level evidenced by
    accepted contributions, and at least "Engaged" where the partnership's records show the
    organisation's part (see strategy_participation): six queries (elements, organisations,
    four aggregates).

    Each row's `strategy_evidence` maps an element id to {"kind" ("board", "sign_off" or
    "review"), "count", "latest", "only_evidence" (whether it alone gives the cell its level)}."""
    elements = list(DutyElement.objects.order_by("order"))
    organisations = (
        Organisation.objects.filter(partnership=partnership, retired_at__isnull=True)
        .select_related("sector")
        .order_by("sector__authority_type", "name")
    )
    if authority_type:
        organisations = organisations.filter(sector__authority_type=authority_type)
    highest = {}
    for row in (
        Contribution.objects.filter(partnership=partnership, status=Contribution.Status.ACCEPTED)
        .values("organisation_id", "element_id")
        .annotate(
            active=Count("pk", filter=Q(level=Level.ACTIVELY_PARTICIPATING)),
            engaged=Count("pk", filter=Q(level=Level.ENGAGED)),
        )
    ):
        key = (row["organisation_id"], row["element_id"])
        if row["active"]:
            highest[key] = Level.ACTIVELY_PARTICIPATING.value
        elif row["engaged"]:
            highest[key] = Level.ENGAGED.value
    from_contributions = set(highest)
    element_ids = {element.slug: element.pk for element in elements}
    evidence: dict[int, dict[int, dict]] = defaultdict(dict)
    participation = strategy_participation(partnership_ids=[partnership.pk])
    for (organisation_id, kind), detail in participation.items():
        element_id = element_ids.get(EVIDENCE_ELEMENTS[kind])
        if element_id is None:
            continue
        key = (organisation_id, element_id)
        # It evidences engagement; it never lowers what contributions show.
        highest.setdefault(key, Level.ENGAGED.value)
        evidence[organisation_id][element_id] = {
            **detail,
            "kind": kind,
            "only_evidence": key not in from_contributions,
        }
    rows = [
        MatrixRow(
            organisation=organisation,
            cells=[
                (element, highest.get((organisation.pk, element.pk), NO_LEVEL))
                for element in elements
            ],
            strategy_evidence=evidence.get(organisation.pk, {}),
        )
        for organisation in organisations
    ]
    return elements, rows
