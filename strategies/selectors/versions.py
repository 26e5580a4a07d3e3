"""Comparing versions of the strategy: what changed between two snapshots (a published version,
or the strategy as it stands now), its text word by word and its priorities, actions and
measures item by item. Pure functions of the snapshots: no queries."""

import datetime
import difflib
import re
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The strategy's own fields a comparison looks at, in page order, with their labels.
_STRATEGY_FIELDS = {
    "title": gettext_lazy("Title"),
    "period": gettext_lazy("Period"),
    "foreword": gettext_lazy("Foreword"),
    "summary": gettext_lazy("Executive summary"),
    "governance": gettext_lazy("Partnership arrangements and governance"),
    "engagement": gettext_lazy(
        "Engagement with the voluntary sector, young people and communities"
    ),
    "resources": gettext_lazy("Resources and funding"),
}
_PRIORITY_FIELDS = {
    "title": gettext_lazy("Title"),
    "rationale": gettext_lazy("Rationale"),
    "findings": gettext_lazy("SNA findings"),
    "recommendations": gettext_lazy("SNA recommendations"),
    "problem": gettext_lazy("Problem"),
    "activities": gettext_lazy("Activities"),
    "outputs": gettext_lazy("Outputs"),
    "outcomes": gettext_lazy("Outcomes"),
    "impact": gettext_lazy("Impact"),
    "restricted": gettext_lazy("Restricted"),
}
_ACTION_FIELDS = {
    "title": gettext_lazy("Title"),
    "priority": gettext_lazy("Priority"),
    "description": gettext_lazy("Description"),
    "lead_organisation": gettext_lazy("Lead organisation"),
    "contributing_organisations": gettext_lazy("Contributing organisations"),
    "element": gettext_lazy("Duty element"),
    "start_on": gettext_lazy("Start date"),
    "due_on": gettext_lazy("Due date"),
    "funding_source": gettext_lazy("Funding source"),
    "relevant_authority": gettext_lazy("Specified for a relevant authority"),
    "relevant_authority_response": gettext_lazy("Relevant authority's response"),
    "status_label": gettext_lazy("Status"),
    "progress": gettext_lazy("Progress (%)"),
    "restricted": gettext_lazy("Restricted"),
}
_MEASURE_FIELDS = {
    "name": gettext_lazy("Name"),
    "priority": gettext_lazy("Priority"),
    "kind": gettext_lazy("Kind of measure"),
    "data_measure": gettext_lazy("Data-return measure"),
    "baseline": gettext_lazy("Baseline"),
    "baseline_period": gettext_lazy("Baseline period"),
    "target": gettext_lazy("Target"),
    "target_period": gettext_lazy("Target period"),
    "direction": gettext_lazy("Direction of good"),
    "frequency": gettext_lazy("Frequency"),
    "restricted": gettext_lazy("Restricted"),
}
# Long text is compared word by word; the rest as "before → after".
_LONG_TEXT = {
    "foreword", "summary", "governance", "engagement", "resources", "rationale", "problem",
    "activities", "outputs", "outcomes", "impact", "description",
}  # fmt: skip
_DATES = {"start_on", "due_on"}
_TOKENS = re.compile(r"\s+|\S+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The two texts as pieces of ("same" | "removed" | "added", text), word by word. Plain
    text for the template to escape: nothing typed ever becomes markup."""
    before, after = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    pieces: list[tuple[str, str]] = []

    def add(kind: str, text: str) -> None:
        if not text:
            return
        if pieces and pieces[-1][0] == kind:
            pieces[-1] = (kind, pieces[-1][1] + text)
        else:
            pieces.append((kind, text))

    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("same", "".join(before[i1:i2]))
        else:
            add("removed", "".join(before[i1:i2]))
            add("added", "".join(after[j1:j2]))
    return pieces


@dataclass
class FieldChange:
    label: str
    old: str
    new: str
    # Word by word, for long text; empty for short values shown as "before → after".
    pieces: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ItemChange:
    """A priority, action or measure in both versions, with what changed about it."""

    title: str
    context: str
    fields: list[FieldChange]


@dataclass
class Item:
    title: str
    context: str = ""


@dataclass
class ItemChanges:
    added: list[Item] = field(default_factory=list)
    removed: list[Item] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class VersionChanges:
    text: list[FieldChange]
    priorities: ItemChanges
    actions: ItemChanges
    measures: ItemChanges

    @property
    def has_changes(self) -> bool:
        return bool(self.text or self.priorities or self.actions or self.measures)


def _readable(key: str, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if key in _DATES:
        try:
            return date_format(datetime.date.fromisoformat(value), "j F Y")
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def _field_changes(old: dict, new: dict, labels: dict) -> list[FieldChange]:
    changes = []
    for key, label in labels.items():
        before, after = old.get(key), new.get(key)
        if (before or "") == (after or "") or before == after:
            continue
        pieces = word_diff(str(before or ""), str(after or "")) if key in _LONG_TEXT else []
        changes.append(
            FieldChange(
                label=str(label),
                old=_readable(key, before),
                new=_readable(key, after),
                pieces=pieces,
            )
        )
    return changes


def _key(item: dict):
    return item.get("id") or item.get("title") or item.get("name")


def _item_changes(
    old: list[dict], new: list[dict], labels: dict, name: str = "title"
) -> ItemChanges:
    before = {_key(item): item for item in old}
    after = {_key(item): item for item in new}
    changes = ItemChanges()
    for key, item in after.items():
        if key not in before:
            changes.added.append(Item(str(item.get(name, "")), str(item.get("priority", ""))))
            continue
        fields = _field_changes(before[key], item, labels)
        if fields:
            changes.changed.append(
                ItemChange(str(item.get(name, "")), str(item.get("priority", "")), fields)
            )
    for key, item in before.items():
        if key not in after:
            changes.removed.append(Item(str(item.get(name, "")), str(item.get("priority", ""))))
    return changes


def _actions_of(snapshot: dict, titles: dict | None = None) -> list[dict]:
    """Every action of a snapshot, each knowing the title of the priority it sits under —
    from `titles` (by priority id) when given, so a renamed priority moves no action."""
    titles = titles or {}
    return [
        {**action, "priority": titles.get(priority.get("id"), priority.get("title", ""))}
        for priority in snapshot.get("priorities") or []
        for action in priority.get("actions") or []
    ]


def _priority_titles(snapshot: dict) -> dict:
    return {
        priority["id"]: priority.get("title", "")
        for priority in snapshot.get("priorities") or []
        if priority.get("id")
    }


def version_changes(*, old: dict, new: dict) -> VersionChanges:
    """What changed between two snapshots of the strategy (a published version, or the strategy
    as it stands now): its text word by word; priorities, actions and measures added, removed
    or changed, field by field. Pure: no queries."""
    return VersionChanges(
        text=_field_changes(old, new, _STRATEGY_FIELDS),
        priorities=_item_changes(
            old.get("priorities") or [], new.get("priorities") or [], _PRIORITY_FIELDS
        ),
        actions=_item_changes(
            _actions_of(old, titles=_priority_titles(new)), _actions_of(new), _ACTION_FIELDS
        ),
        measures=_item_changes(
            old.get("measures") or [], new.get("measures") or [], _MEASURE_FIELDS, name="name"
        ),
    )
