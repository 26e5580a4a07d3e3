"""The strategy frozen as plain JSON: what publishing stores as a version, what the comparison
of versions reads, and what the exported document of a draft is made from."""

from django.db.models import Prefetch

from partnerships.models import Organisation

from ..models import Action, Priority, Strategy, StrategyMeasure

# The text a version records of the strategy and of each priority.
STRATEGY_TEXT_FIELDS = ["foreword", "summary", "governance", "engagement", "resources"]
PRIORITY_TEXT_FIELDS = [
    "title", "rationale", "problem", "activities", "outputs", "outcomes", "impact",
]  # fmt: skip


def _number(value) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _action_snapshot(action: Action) -> dict:
    return {
        "id": action.pk,
        "title": action.title,
        "description": action.description,
        "lead_organisation": action.lead_organisation.name,
        "contributing_organisations": [o.name for o in action.contributing_organisations.all()],
        "element": action.element.name,
        "start_on": action.start_on.isoformat() if action.start_on else "",
        "due_on": action.due_on.isoformat() if action.due_on else "",
        "funding_source": action.funding_source,
        "relevant_authority": action.relevant_authority.name if action.relevant_authority else "",
        "relevant_authority_response": action.get_relevant_authority_response_display()
        if action.relevant_authority_response
        else "",
        "status": action.status,
        "status_label": str(action.get_status_display()),
        "progress": action.progress,
        "restricted": action.restricted,
        "welsh": dict(action.welsh or {}),
    }


def _measure_snapshot(measure: StrategyMeasure) -> dict:
    return {
        "id": measure.pk,
        "name": measure.name,
        "priority": measure.priority.title if measure.priority else "",
        "kind": str(measure.get_kind_display()),
        "data_measure": measure.data_measure.name if measure.data_measure else "",
        "baseline": _number(measure.baseline),
        "baseline_period": measure.baseline_period,
        "target": _number(measure.target),
        "target_period": measure.target_period,
        "direction": str(measure.get_direction_display()),
        "frequency": str(measure.get_frequency_display()),
        "restricted": measure.restricted,
    }


def strategy_snapshot(strategy: Strategy) -> dict:
    """The whole strategy as it stands — text, priorities with the evidence they cite, actions,
    measures — as plain JSON, so a published version never changes when the live rows do.
    A constant number of queries."""
    priorities = list(
        Priority.objects.filter(strategy=strategy)
        .prefetch_related("findings", "recommendations")
        .order_by("order", "pk")
    )
    actions: dict[int, list[dict]] = {}
    for action in (
        Action.objects.filter(strategy=strategy)
        .select_related("lead_organisation", "element", "relevant_authority")
        .prefetch_related(
            Prefetch("contributing_organisations", queryset=Organisation.objects.order_by("name"))
        )
        .order_by("order", "pk")
    ):
        actions.setdefault(action.priority_id, []).append(_action_snapshot(action))
    measures = (
        StrategyMeasure.objects.filter(strategy=strategy)
        .select_related("priority", "data_measure")
        .order_by("order", "pk")
    )
    assessment = strategy.assessment
    return {
        "title": strategy.title,
        "start_period": strategy.start_period,
        "end_period": strategy.end_period,
        "period": strategy.period,
        "version": strategy.version,
        "assessment": {"id": assessment.pk, "period": assessment.period},
        **{field: getattr(strategy, field) for field in STRATEGY_TEXT_FIELDS},
        # The Welsh of the published texts, frozen with the English (common/bilingual.py).
        "welsh": dict(strategy.welsh or {}),
        "priorities": [
            {
                "id": priority.pk,
                "order": priority.order,
                **{field: getattr(priority, field) for field in PRIORITY_TEXT_FIELDS},
                "restricted": priority.restricted,
                "welsh": dict(priority.welsh or {}),
                "findings": sorted(finding.title for finding in priority.findings.all()),
                "recommendations": sorted(r.title for r in priority.recommendations.all()),
                "actions": actions.get(priority.pk, []),
            }
            for priority in priorities
        ],
        "measures": [_measure_snapshot(measure) for measure in measures],
    }
