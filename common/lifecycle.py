"""Lifecycles: one table per kind of record says where each status may be reached from, what the
move is called on the activity timeline, and how a page asks for it and confirms it. Services
check moves against it and pages offer what it allows, so the two never disagree."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Transition:
    """A move to the status `to` from any of `sources`."""

    to: str
    sources: frozenset[str]
    # What the activity timeline says of the move.
    timeline: str
    # The confirmation page: its heading, what happens, its button, and the message after.
    heading: str = ""
    explanation: str = ""
    button: str = ""
    done: str = ""


@dataclass(frozen=True)
class Lifecycle:
    """The moves of one kind of record, in the order a page offers them."""

    # The record's name in messages, e.g. "strategy".
    noun: str
    transitions: tuple[Transition, ...]
    _by_status: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_by_status", {t.to: t for t in self.transitions})

    def __contains__(self, status: str) -> bool:
        return status in self._by_status

    def __getitem__(self, status: str) -> Transition:
        return self._by_status[status]

    def allowed(self, current: str) -> list[Transition]:
        """The moves open from `current`, in the order they are offered."""
        return [t for t in self.transitions if current in t.sources]

    def next(self, current: str) -> Transition | None:
        """The first move open from `current`, for a page that offers one button."""
        allowed = self.allowed(current)
        return allowed[0] if allowed else None

    def check(self, *, current: str, to: str, current_label: str, to_label: str) -> Transition:
        """The move from `current` to `to`, or a ValidationError fit to show the person."""
        transition = self._by_status.get(to)
        if transition is None or current not in transition.sources:
            raise ValidationError(
                _("The %(noun)s is %(current)s, so it cannot be marked %(new)s")
                % {"noun": self.noun, "current": current_label.lower(), "new": to_label.lower()}
            )
        return transition
