"""The lifecycles of the SNA's records, one table each (common/lifecycle.py): from where each
status may be reached, what the move is called on the record's history, and how a page asks
for it and confirms it. Services refuse moves the tables do not allow, and pages offer only the
moves they do, so the two never disagree. The words a refusal uses stay with the service that
refuses, as people have always read them.
"""

from django.utils.translation import gettext_lazy as _

from common.lifecycle import Lifecycle, Transition

from .models import (
    Assessment,
    AssessmentModule,
    Call,
    Contribution,
    DefinitionAmendment,
    LocalDefinition,
)

# --- The SNA --------------------------------------------------------------------------------------

_SNA = Assessment.Status

ASSESSMENT = Lifecycle(
    noun=_("SNA"),
    transitions=(
        Transition(
            to=_SNA.IN_REVIEW,
            sources=frozenset({_SNA.DRAFT}),
            timeline=_("SNA sent for review"),
            heading=_("Send the SNA for review?"),
            explanation=_("Partners will be able to read the whole draft and comment on it."),
            button=_("Send for review"),
            done=_("The SNA has been sent for review"),
        ),
        Transition(
            to=_SNA.AGREED,
            sources=frozenset({_SNA.IN_REVIEW}),
            timeline=_("SNA agreed"),
            heading=_("Record that the partnership has agreed the SNA?"),
            explanation=_(
                "Every module must be ready for review or agreed. Today's date is recorded as "
                "the date the SNA was agreed."
            ),
            button=_("Record agreement"),
            done=_("The SNA has been agreed"),
        ),
        Transition(
            to=_SNA.PUBLISHED,
            sources=frozenset({_SNA.AGREED}),
            timeline=_("SNA published"),
            heading=_("Publish the SNA?"),
            explanation=_(
                "Publishing marks the agreed SNA as the partnership's published assessment."
            ),
            button=_("Publish SNA"),
            done=_("The SNA has been published"),
        ),
    ),
)

# An SNA agreed by the partnership, published or not: what a strategy may rest on and what the
# Duty checklist counts.
AGREED_SNA = frozenset({_SNA.AGREED, _SNA.PUBLISHED})
# A module counts as done once it is ready for review or agreed; the SNA is agreed only when
# every module is done, and its list shows how many are.
MODULES_DONE = frozenset({AssessmentModule.Status.READY, AssessmentModule.Status.AGREED})

# --- The local definition and amendments to it ----------------------------------------------------

_VERSION = LocalDefinition.Status

DEFINITION = Lifecycle(
    noun=_("local definition"),
    transitions=(
        Transition(
            to=_VERSION.AGREED,
            sources=frozenset({_VERSION.DRAFT}),
            timeline=_("Local definition agreed"),
            done=_("Version %(version)s is now the agreed local definition"),
        ),
        # Agreeing a version supersedes the one agreed before it.
        Transition(
            to=_VERSION.SUPERSEDED,
            sources=frozenset({_VERSION.AGREED}),
            timeline=_("Superseded by version %(version)s"),
        ),
    ),
)

# A version's words change only until it is agreed; after that, a new draft replaces it.
DEFINITION_CHANGEABLE = DEFINITION[_VERSION.AGREED].sources

_AMENDMENT = DefinitionAmendment.Status

AMENDMENT = Lifecycle(
    noun=_("amendment"),
    transitions=(
        Transition(
            to=_AMENDMENT.ADOPTED,
            sources=frozenset({_AMENDMENT.OPEN}),
            timeline=_("Amendment adopted"),
        ),
        Transition(
            to=_AMENDMENT.DECLINED,
            sources=frozenset({_AMENDMENT.OPEN}),
            timeline=_("Amendment declined"),
        ),
    ),
)

# --- Contributions --------------------------------------------------------------------------------

_ITEM = Contribution.Status

CONTRIBUTION = Lifecycle(
    noun=_("contribution"),
    transitions=(
        Transition(
            to=_ITEM.SUBMITTED,
            sources=frozenset({_ITEM.DRAFT, _ITEM.RETURNED}),
            timeline=_("Submitted for review"),
            button=_("Submit for review"),
            done=_("“%(title)s” has been submitted for review"),
        ),
        Transition(
            to=_ITEM.ACCEPTED,
            sources=frozenset({_ITEM.SUBMITTED}),
            timeline=_("Accepted (revision %(revision)s)"),
            done=_("“%(title)s” has been accepted"),
        ),
        Transition(
            to=_ITEM.RETURNED,
            sources=frozenset({_ITEM.SUBMITTED}),
            timeline=_("Returned with comments"),
            done=_("“%(title)s” has been returned to %(organisation)s with your comments"),
        ),
    ),
)

# Submitting a returned item is the same move, told as a second try.
RESUBMISSION = Transition(
    to=_ITEM.SUBMITTED,
    sources=frozenset({_ITEM.RETURNED}),
    timeline=_("Resubmitted for review"),
    button=_("Submit again for review"),
    done=CONTRIBUTION[_ITEM.SUBMITTED].done,
)

# Changing an accepted item (its text, files or figures) starts a new revision, which goes back
# for review: "changed since accepted" until that revision is accepted in turn.
REVISION = Transition(
    to=_ITEM.SUBMITTED,
    sources=frozenset({_ITEM.ACCEPTED}),
    timeline=_("Changed after acceptance: revision %(revision)s submitted for review"),
)

# Drafts and returned items change in place, accepted ones by a new revision; an item under
# review waits for its reviewer.
CONTRIBUTION_IN_PLACE = CONTRIBUTION[_ITEM.SUBMITTED].sources
CONTRIBUTION_CHANGEABLE = CONTRIBUTION_IN_PLACE | REVISION.sources
# Under review: a reviewer may accept it or return it.
CONTRIBUTION_IN_REVIEW = CONTRIBUTION[_ITEM.ACCEPTED].sources | CONTRIBUTION[_ITEM.RETURNED].sources


def submission(status: str) -> Transition:
    """How submitting a contribution with this status is offered and recorded."""
    return RESUBMISSION if status in RESUBMISSION.sources else CONTRIBUTION[_ITEM.SUBMITTED]


# --- Calls for contributions ----------------------------------------------------------------------

CALL = Lifecycle(
    noun=_("call"),
    transitions=(
        Transition(
            to=Call.Status.CLOSED,
            sources=frozenset({Call.Status.OPEN}),
            timeline=_("Call for contributions closed"),
            done=_("“%(title)s” has been closed"),
        ),
    ),
)
