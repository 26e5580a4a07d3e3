"""A lifecycle table says which moves are open, in the order a page offers them, and refuses the
rest in words a person can read."""

import pytest
from django.core.exceptions import ValidationError

from common.lifecycle import Lifecycle, Transition

DOOR = Lifecycle(
    noun="door",
    transitions=(
        Transition(to="open", sources=frozenset({"shut"}), timeline="Door opened"),
        Transition(to="locked", sources=frozenset({"shut"}), timeline="Door locked"),
        Transition(to="shut", sources=frozenset({"open", "locked"}), timeline="Door shut"),
    ),
)


def test_the_moves_open_from_a_status_come_in_the_tables_order():
    assert [t.to for t in DOOR.allowed("shut")] == ["open", "locked"]
    assert DOOR.next("open").to == "shut"
    assert DOOR.next("nowhere") is None


def test_an_allowed_move_is_returned_with_its_timeline_words():
    move = DOOR.check(current="shut", to="open", current_label="Shut", to_label="Open")

    assert move.timeline == "Door opened"


@pytest.mark.parametrize("to", ["locked", "ajar"])
def test_a_move_not_open_from_the_current_status_is_refused_in_words(to):
    with pytest.raises(ValidationError, match="The door is open, so it cannot be marked"):
        DOOR.check(current="open", to=to, current_label="Open", to_label=to.title())
