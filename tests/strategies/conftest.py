"""Fixtures shared by the action stories: a priority of Northshire's draft strategy.

test_action_updates.py defines its own `priority`, of the published strategy; pytest gives it
that one."""

import pytest

from tests.factories import PriorityFactory


@pytest.fixture
def priority(strategy):
    return PriorityFactory(strategy=strategy, title="Reduce knife crime in the town centre")
