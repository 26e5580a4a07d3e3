"""The SNA's records move as their lifecycle tables say, and pages offer what the tables allow:
each move of the SNA has its confirmation page, a returned contribution is offered a second
try, and an item under review waits for its reviewer."""

from assessments import lifecycles
from assessments.models import Assessment, Contribution
from assessments.views.assessment import MOVE_PATHS


def test_every_move_of_the_sna_has_a_confirmation_page():
    assert set(MOVE_PATHS) == {move.to for move in lifecycles.ASSESSMENT.transitions}


def test_the_sna_page_offers_one_move_at_a_time_until_it_is_published():
    offered = [lifecycles.ASSESSMENT.next(status) for status in Assessment.Status.values]

    assert [str(move.button) if move else None for move in offered] == [
        "Send for review",
        "Record agreement",
        "Publish SNA",
        None,
    ]


def test_a_returned_contribution_is_submitted_again():
    first = lifecycles.submission(Contribution.Status.DRAFT)
    again = lifecycles.submission(Contribution.Status.RETURNED)

    assert (str(first.button), str(first.timeline)) == ("Submit for review", "Submitted for review")
    assert (str(again.button), str(again.timeline)) == (
        "Submit again for review",
        "Resubmitted for review",
    )


def test_a_contribution_under_review_waits_for_its_reviewer():
    assert Contribution.Status.SUBMITTED not in lifecycles.CONTRIBUTION_CHANGEABLE
    assert set(lifecycles.CONTRIBUTION_IN_REVIEW) == {Contribution.Status.SUBMITTED}
    # An accepted item changes by a new revision; drafts and returned items in place.
    assert set(lifecycles.CONTRIBUTION_CHANGEABLE) == {
        Contribution.Status.DRAFT,
        Contribution.Status.RETURNED,
        Contribution.Status.ACCEPTED,
    }
