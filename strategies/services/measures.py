"""Changes to the strategy's measures: the outcome and output measures themselves (changed only
while the plan may change), and the partnership's commentary on each, one per period."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerships.audit import save_with_history

from ..models import MeasureCommentary, Strategy, StrategyMeasure

# Why a page or a service refuses, in the same words.
MEASURES_FIXED = gettext_lazy(
    "The measures can change only while the strategy is a draft, in consultation or under review"
)
COMMENTARY_CLOSED = gettext_lazy(
    "This strategy has been superseded, so its measures take no more commentary"
)

_MEASURE_FIELDS = (
    "kind", "name", "priority", "data_measure", "baseline", "baseline_period", "target",
    "target_period", "direction", "frequency",
)  # fmt: skip


def _measure_fill(measure: StrategyMeasure, data: dict) -> None:
    for name in _MEASURE_FIELDS:
        value = data.get(name)
        # Optional text left empty is stored as "", never NULL.
        if value is None and name in {"kind", "name", "baseline_period", "target_period"}:
            value = ""
        setattr(measure, name, value)
    measure.restricted = bool(data.get("restricted"))


def _measure_check(measure: StrategyMeasure) -> None:
    if not measure.strategy.is_editable:
        raise ValidationError(str(MEASURES_FIXED))
    errors = {}
    try:
        measure.full_clean(exclude=["priority"])
    except ValidationError as error:
        errors = error.message_dict
    if measure.priority_id and measure.priority.strategy_id != measure.strategy_id:
        errors["priority"] = [_("Choose a priority of this strategy")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def measure_add(*, strategy: Strategy, data: dict, acting_user) -> StrategyMeasure:
    """A new outcome or output measure at the end of the strategy's list."""
    last = StrategyMeasure.objects.filter(strategy=strategy).order_by("-order").first()
    measure = StrategyMeasure(
        partnership_id=strategy.partnership_id,
        strategy=strategy,
        order=last.order + 1 if last else 0,
    )
    _measure_fill(measure, data)
    _measure_check(measure)
    save_with_history(measure, acting_user=acting_user, reason="Measure added to the strategy")
    return measure


@transaction.atomic
def measure_edit(*, measure: StrategyMeasure, data: dict, acting_user) -> StrategyMeasure:
    _measure_fill(measure, data)
    _measure_check(measure)
    save_with_history(measure, acting_user=acting_user)
    return measure


def commentary_open(strategy: Strategy) -> bool:
    """Measures take commentary until their strategy is superseded."""
    return strategy.status != Strategy.Status.SUPERSEDED


@transaction.atomic
def commentary_add(
    *, measure: StrategyMeasure, period_label: str, commentary: str, acting_user
) -> MeasureCommentary:
    """What the partnership makes of a measure in one period: one commentary per period."""
    period_label = (period_label or "").strip()
    commentary = (commentary or "").strip()
    if not commentary_open(measure.strategy):
        raise ValidationError(str(COMMENTARY_CLOSED))
    errors = {}
    if not period_label:
        errors["period_label"] = _("Enter the period the commentary is about")
    elif MeasureCommentary.objects.filter(
        measure=measure, period_label__iexact=period_label
    ).exists():
        errors["period_label"] = _(
            "There is already commentary on %(period)s for this measure: each period has one"
        ) % {"period": period_label}
    if not commentary:
        errors["commentary"] = _("Enter the commentary")
    if errors:
        raise ValidationError(errors)
    entry = MeasureCommentary(
        partnership_id=measure.partnership_id,
        measure=measure,
        period_label=period_label,
        commentary=commentary,
        author=acting_user,
    )
    entry.full_clean()
    save_with_history(entry, acting_user=acting_user, reason=f"Commentary on {period_label}")
    return entry
