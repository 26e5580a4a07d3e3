"""The engagement matrix: each organisation against the nine Duty elements, at the highest level
its accepted contributions show, lifted to "Engaged" by what the strategy's records show it doing.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, TextChoices
from django.utils.translation import gettext_lazy as _

from assessments.models import Contribution
from common.tags import tag_colours
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
