"""Reads of the local strategic landscape: the related partnerships, strategies and initiatives
the partnership aligns with, grouped by kind."""

from dataclasses import dataclass

from ..models import LandscapeEntry

# Groups follow the order of the kinds' choices (the guidance's own order), not the alphabet.
_KIND_ORDER = {value: index for index, value in enumerate(LandscapeEntry.Kind.values)}


@dataclass(frozen=True)
class LandscapeGroup:
    kind: LandscapeEntry.Kind
    entries: list[LandscapeEntry]

    @property
    def label(self) -> str:
        return self.kind.label


def landscape_entries(*, partnership) -> list[LandscapeEntry]:
    """The partnership's entries, by kind and then name: one query, however many."""
    entries = LandscapeEntry.objects.filter(partnership=partnership).order_by("name", "pk")
    return sorted(entries, key=lambda entry: _KIND_ORDER.get(entry.kind, len(_KIND_ORDER)))


def landscape_groups(*, partnership) -> list[LandscapeGroup]:
    """The partnership's entries in a group for each kind that has any: one query."""
    groups: dict[str, list[LandscapeEntry]] = {}
    for entry in landscape_entries(partnership=partnership):
        groups.setdefault(entry.kind, []).append(entry)
    return [
        LandscapeGroup(kind=LandscapeEntry.Kind(kind), entries=entries)
        for kind, entries in groups.items()
    ]
