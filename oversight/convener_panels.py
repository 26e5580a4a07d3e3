"""Panels the layers above add to the convener overview.

The convener overview is oversight's, but some of what a convener comes for is kept a layer
above, which oversight may not import: the Duty grant (funding) is the first. Each such app
registers a panel when it starts (funding/apps.py), as partnerships/consultees.py is told by the
apps above it, and the overview shows every panel that has something to say.

A panel is `panel(user, partnerships, today)`: `partnerships` are those on the overview's page,
in its order. It answers (template name, context) for the overview to include, or None when it
has nothing for this person. It decides for itself what the person may see, through its own
app's access rules, and reads in a fixed number of queries however much it shows: it runs on
every visit to the overview.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from accounts.models import User
from partnerships.models import Partnership

Panel = Callable[[User, Sequence[Partnership], datetime.date], tuple[str, dict[str, Any]] | None]
_panels: list[Panel] = []


@dataclass(frozen=True)
class ShownPanel:
    """A panel's answer, for the overview to `{% include panel.template with panel=... %}`."""

    template: str
    context: dict[str, Any]


def register(panel: Panel) -> None:
    """Add a panel to the overview, after those registered before it. Registering the same
    panel again (an app's ready() run twice, as some test runners do) adds nothing."""
    if panel not in _panels:
        _panels.append(panel)


def panels_for(
    *, user: User, partnerships: Sequence[Partnership], today: datetime.date
) -> list[ShownPanel]:
    """The panels with something to show this person, in the order they were registered."""
    shown = []
    for panel in _panels:
        answer = panel(user, partnerships, today)
        if answer is not None:
            template, context = answer
            shown.append(ShownPanel(template=template, context=context))
    return shown
