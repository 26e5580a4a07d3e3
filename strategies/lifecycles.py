"""The strategy's lifecycle, in one table: where each status may be reached from, what the
activity timeline says of the move, and how the lead is asked to confirm it. The service checks
moves against it (services.strategy_transition) and the pages offer what it allows, in its
order, so the two never disagree.

Draft → consultation → agreed (every specified authority signed off) → published (frozen as a
version) → under review (a new version) → agreed again, or superseded. An agreed strategy may
be reopened for changes.
"""

from django.utils.translation import gettext_lazy as _

from common.lifecycle import Lifecycle, Transition

from .models import Strategy

S = Strategy.Status

STRATEGY_LIFECYCLE = Lifecycle(
    noun=_("strategy"),
    # In the order the lead is offered the moves.
    transitions=(
        Transition(
            to=S.CONSULTATION,
            sources=frozenset({S.DRAFT}),
            timeline=_("Strategy sent out for consultation"),
            heading=_("Send the strategy out for consultation?"),
            explanation=_(
                "Partners, and the education, prison and youth custody authorities the Act says "
                "must be consulted, can then comment on the draft. You can still change it while "
                "it is in consultation."
            ),
            button=_("Start consultation"),
            done=_("The strategy is out for consultation"),
        ),
        Transition(
            to=S.AGREED,
            sources=frozenset({S.DRAFT, S.CONSULTATION, S.UNDER_REVIEW}),
            timeline=_("Strategy agreed"),
            heading=_("Record that the partnership has agreed the strategy?"),
            explanation=_(
                "Every specified authority must have signed off this version through its own "
                "governance, or you must have recorded why it has not, and the strategy needs at "
                "least one priority. Today's date is recorded as the date it was agreed. Once "
                "agreed, its text and plan cannot be changed unless it is reopened."
            ),
            button=_("Record agreement"),
            done=_("The strategy has been agreed"),
        ),
        Transition(
            to=S.PUBLISHED,
            sources=frozenset({S.AGREED}),
            timeline=_("Strategy published"),
            heading=_("Publish the strategy?"),
            explanation=_(
                "Publishing freezes this version exactly as it stands: its text, priorities, "
                "actions and measures. Later changes are made in a new version, and you can "
                "compare versions to see what changed."
            ),
            button=_("Publish strategy"),
            done=_("The strategy has been published"),
        ),
        Transition(
            to=S.UNDER_REVIEW,
            sources=frozenset({S.PUBLISHED}),
            timeline=_("Revision of the strategy started"),
            heading=_("Start a revision of the strategy?"),
            explanation=_(
                "The published version stays as it was published. The strategy moves to a new "
                "version that you can change, and every specified authority must sign off the new "
                "version before it can be agreed again."
            ),
            button=_("Start revision"),
            done=_("A revision of the strategy has been started"),
        ),
        Transition(
            to=S.DRAFT,
            sources=frozenset({S.AGREED}),
            timeline=_("Strategy reopened for changes"),
            heading=_("Reopen the strategy for changes?"),
            explanation=_(
                "Its text and priorities can be changed again, and it must be agreed again before "
                "it is published. Sign-offs already recorded for this version are kept."
            ),
            button=_("Reopen strategy"),
            done=_("The strategy has been reopened for changes"),
        ),
        Transition(
            to=S.SUPERSEDED,
            sources=frozenset({S.PUBLISHED, S.UNDER_REVIEW}),
            timeline=_("Strategy superseded"),
            heading=_("Mark the strategy as superseded?"),
            explanation=_(
                "A superseded strategy is kept for the record, with its published versions, but "
                "is no longer the partnership's current strategy. This cannot be undone."
            ),
            button=_("Mark as superseded"),
            done=_("The strategy has been marked as superseded"),
        ),
    ),
)
