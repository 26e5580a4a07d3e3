"""The annual review: the lead records a review of the published strategy (who took part, what
works, what doesn't, the evidence) and completes it with a decision, which sets when the next
review is due — never more than 12 months on. Partners and the convener read the reviews;
observers see nothing of the strategy."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from partnerships.access import actor_for
from partnerships.models import AuditEntry
from strategies import services
from strategies.models import Review, Strategy
from tests.factories import StrategyFactory

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

TODAY = timezone.localdate()
PUBLISHED_ON = TODAY - datetime.timedelta(days=300)
REVIEWED_ON = TODAY - datetime.timedelta(days=5)
READERS = ["lead", "partner", "data_lead", "convener"]
NOT_LEADS = ["partner", "data_lead", "convener"]


@pytest.fixture
def everyone(lead, partner, data_lead, convener, observer):
    """All five Northshire personas."""


@pytest.fixture
def published(sna, partnership):
    """The 2026/27 to 2028/29 strategy, published 300 days ago; first review due a year on."""
    return StrategyFactory(
        partnership=partnership,
        assessment=sna,
        title="Northshire Serious Violence Strategy",
        status=Strategy.Status.PUBLISHED,
        published_on=PUBLISHED_ON,
        next_review_due=PUBLISHED_ON + relativedelta(months=12),
    )


def review_data(*organisations, **overrides) -> dict:
    return {
        "reviewed_on": REVIEWED_ON,
        "participants": list(organisations),
        "working": "Youth workers reach young people in the town centre.",
        "not_working": "School exclusions keep rising.",
        "evaluation_evidence": "University evaluation of the night-time pilot.",
    } | overrides


@pytest.fixture
def review(published, lead, council, police):
    """A review held five days ago by the council and the police, not yet completed."""
    with scopes_disabled():
        return services.review_start(
            strategy=published,
            data=review_data(council, police),
            actor=actor_for(lead, published.partnership),
        )


def url(name: str, *args) -> str:
    return reverse(f"tenant:{name}", args=["northshire", *args])


def reload(obj):
    with scopes_disabled():
        return type(obj).objects.get(pk=obj.pk)


def review_post(*organisations, day=None, **overrides) -> dict:
    day = day or REVIEWED_ON
    data = {
        "reviewed_on_day": str(day.day),
        "reviewed_on_month": str(day.month),
        "reviewed_on_year": str(day.year),
        "participants": [o.pk for o in organisations],
        "working": "Youth workers reach young people.",
        "not_working": "Exclusions.",
        "evaluation_evidence": "",
    }
    return data | overrides


def complete_post(decision="no_change", changes="", next_due: datetime.date | None = None):
    data = {"decision": decision, "changes_agreed": changes}
    if next_due:
        data |= {
            "next_due_on_day": str(next_due.day),
            "next_due_on_month": str(next_due.month),
            "next_due_on_year": str(next_due.year),
        }
    return data


def complete(review, acting_user, **overrides):
    arguments = {
        "decision": Review.Decision.NO_CHANGE,
        "changes_agreed": "",
        "next_due_on": None,
    } | overrides
    with scopes_disabled():
        return services.review_complete(
            review=review, actor=actor_for(acting_user, review.partnership), **arguments
        )


# --- Who may do what ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", READERS)
def test_everyone_who_sees_the_strategy_reads_its_reviews(
    request, client_for, everyone, review, persona
):
    client = client_for(request.getfixturevalue(persona))

    listing = client.get(url("reviews", review.strategy_id))
    detail = client.get(url("reviews-detail", review.pk))

    assert listing.status_code == detail.status_code == 200
    assert url("reviews-detail", review.pk) in listing.content.decode()
    page = detail.content.decode()
    assert "School exclusions keep rising." in page
    assert "Northshire Police" in page
    assert "University evaluation of the night-time pilot." in page


@pytest.mark.django_db
def test_an_observer_sees_no_reviews(client_for, observer, review):
    client = client_for(observer)

    assert client.get(url("reviews", review.strategy_id)).status_code == 403
    assert client.get(url("reviews-detail", review.pk)).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [*NOT_LEADS, "observer"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_the_lead_starts_changes_and_completes_a_review(
    request, client_for, everyone, council, review, persona, method
):
    send = getattr(client_for(request.getfixturevalue(persona)), method)
    pages = [
        (url("reviews-new", review.strategy_id), review_post(council)),
        (url("reviews-edit", review.pk), review_post(council, working="Changed")),
        (url("reviews-complete", review.pk), complete_post()),
    ]

    for page, data in pages:
        assert send(page, data).status_code == 403

    after = reload(review)
    assert (after.working, after.is_complete) == (review.working, False)


@pytest.mark.django_db
def test_a_partner_is_not_offered_a_review_to_start_or_complete(client_for, partner, review):
    client = client_for(partner)

    listing = client.get(url("reviews", review.strategy_id)).content.decode()
    detail = client.get(url("reviews-detail", review.pk)).content.decode()

    assert url("reviews-new", review.strategy_id) not in listing
    assert url("reviews-complete", review.pk) not in detail
    assert url("reviews-edit", review.pk) not in detail


@pytest.mark.django_db
def test_the_services_refuse_someone_who_is_not_the_lead(partner, published, council):
    with scopes_disabled(), pytest.raises(PermissionDenied):
        services.review_start(
            strategy=published,
            data=review_data(council),
            actor=actor_for(partner, published.partnership),
        )


# --- Starting and changing a review ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_lead_records_a_review_of_the_published_strategy(
    client_for, lead, published, council, police
):
    response = client_for(lead).post(url("reviews-new", published.pk), review_post(council, police))

    with scopes_disabled():
        review = Review.objects.get()
        participants = sorted(o.name for o in review.participants.all())
    assert response.status_code == 302
    assert response.url == url("reviews-detail", review.pk)
    assert review.reviewed_on == REVIEWED_ON
    assert participants == ["Northshire County Council", "Northshire Police"]
    assert (review.working, review.created_by) == ("Youth workers reach young people.", lead)
    assert not review.is_complete


@pytest.mark.django_db
def test_the_lead_is_offered_to_start_a_review_of_a_published_strategy(client_for, lead, published):
    page = client_for(lead).get(url("reviews", published.pk)).content.decode()

    assert url("reviews-new", published.pk) in page
    assert "Start a review" in page


@pytest.mark.django_db
def test_a_review_date_in_the_future_is_refused(client_for, lead, published, council):
    tomorrow = TODAY + datetime.timedelta(days=1)

    response = client_for(lead).post(
        url("reviews-new", published.pk), review_post(council, day=tomorrow)
    )

    assert response.status_code == 200
    assert "The date of the review must be today or in the past" in response.content.decode()
    with scopes_disabled():
        assert not Review.objects.exists()


@pytest.mark.django_db
def test_a_review_needs_its_date_and_who_took_part(client_for, lead, published):
    data = review_post(reviewed_on_day="", reviewed_on_month="", reviewed_on_year="")

    page = client_for(lead).post(url("reviews-new", published.pk), data).content.decode()

    assert "Enter the date of the review" in page
    assert "Select the organisations that took part in the review" in page


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["draft", "consultation", "agreed", "superseded"])
def test_only_a_published_strategy_or_one_under_review_is_reviewed(
    client_for, lead, published, council, status
):
    with scopes_disabled():
        Strategy.objects.filter(pk=published.pk).update(status=status)

    response = client_for(lead).post(url("reviews-new", published.pk), review_post(council))

    assert response.status_code == 302
    assert response.url == url("reviews", published.pk)
    with scopes_disabled():
        assert not Review.objects.exists()
        with pytest.raises(ValidationError, match="Only a published strategy"):
            services.review_start(
                strategy=reload(published),
                data=review_data(council),
                actor=actor_for(lead, published.partnership),
            )


@pytest.mark.django_db
def test_a_strategy_under_review_can_be_reviewed(lead, published, council):
    with scopes_disabled():
        Strategy.objects.filter(pk=published.pk).update(status=Strategy.Status.UNDER_REVIEW)
        published.refresh_from_db()
        review = services.review_start(
            strategy=published,
            data=review_data(council),
            actor=actor_for(lead, published.partnership),
        )

    assert review.pk


@pytest.mark.django_db
def test_the_lead_changes_a_review_before_it_is_completed(client_for, lead, review, vcs):
    response = client_for(lead).post(
        url("reviews-edit", review.pk), review_post(vcs, working="Mentoring works.")
    )

    after = reload(review)
    with scopes_disabled():
        participants = [o.name for o in after.participants.all()]
    assert response.status_code == 302
    assert after.working == "Mentoring works."
    assert participants == ["Northshire Youth Trust"]


@pytest.mark.django_db
def test_the_edit_form_shows_what_the_review_recorded(client_for, lead, review):
    page = client_for(lead).get(url("reviews-edit", review.pk)).content.decode()

    assert "School exclusions keep rising." in page
    assert f'value="{REVIEWED_ON.year}"' in page


@pytest.mark.django_db
def test_a_completed_review_cannot_be_changed(client_for, lead, review, council):
    complete(review, lead)

    response = client_for(lead).post(
        url("reviews-edit", review.pk), review_post(council, working="Rewritten")
    )

    assert response.status_code == 302
    assert reload(review).working == review.working
    with scopes_disabled(), pytest.raises(ValidationError, match="cannot be changed"):
        services.review_edit(
            review=reload(review),
            data=review_data(council),
            actor=actor_for(lead, review.partnership),
        )


# --- Completing a review --------------------------------------------------------------------------


@pytest.mark.django_db
def test_completing_a_review_sets_when_the_strategy_was_last_reviewed_and_is_next_due(
    client_for, lead, review
):
    response = client_for(lead).post(url("reviews-complete", review.pk), complete_post())

    after = reload(review)
    strategy = reload(review.strategy)
    assert response.status_code == 302
    assert response.url == url("reviews-detail", review.pk)
    assert after.is_complete
    assert (after.decision, after.completed_by) == ("no_change", lead)
    assert strategy.last_reviewed_on == REVIEWED_ON
    assert strategy.next_review_due == REVIEWED_ON + relativedelta(months=12)


@pytest.mark.django_db
def test_the_lead_may_set_an_earlier_next_review(client_for, lead, review):
    sooner = REVIEWED_ON + relativedelta(months=6)

    client_for(lead).post(url("reviews-complete", review.pk), complete_post(next_due=sooner))

    assert reload(review.strategy).next_review_due == sooner


@pytest.mark.django_db
def test_a_next_review_more_than_12_months_after_the_review_is_refused(client_for, lead, review):
    later = REVIEWED_ON + relativedelta(months=12) + datetime.timedelta(days=1)

    response = client_for(lead).post(
        url("reviews-complete", review.pk), complete_post(next_due=later)
    )

    latest = (REVIEWED_ON + relativedelta(months=12)).strftime("%-d %B %Y")
    assert response.status_code == 200
    assert f"The next review must be due by {latest} at the latest" in response.content.decode()
    assert not reload(review).is_complete
    assert reload(review.strategy).next_review_due == review.strategy.next_review_due


@pytest.mark.django_db
def test_a_review_needs_a_decision(client_for, lead, review):
    response = client_for(lead).post(url("reviews-complete", review.pk), {"changes_agreed": ""})

    assert "Select the decision" in response.content.decode()
    assert not reload(review).is_complete
    with scopes_disabled(), pytest.raises(ValidationError, match="Select the decision"):
        complete(review, lead, decision="")


@pytest.mark.django_db
@pytest.mark.parametrize("decision", ["revise", "refresh_sna"])
def test_the_changes_agreed_are_needed_unless_nothing_changes(client_for, lead, review, decision):
    response = client_for(lead).post(
        url("reviews-complete", review.pk), complete_post(decision=decision)
    )

    assert "Enter the changes agreed" in response.content.decode()
    assert not reload(review).is_complete
    with scopes_disabled(), pytest.raises(ValidationError, match="Enter the changes agreed"):
        complete(review, lead, decision=decision)


@pytest.mark.django_db
def test_a_decision_to_revise_records_the_changes(client_for, lead, review):
    client_for(lead).post(
        url("reviews-complete", review.pk),
        complete_post(decision="revise", changes="Add a priority on school exclusion."),
    )

    after = reload(review)
    assert (after.decision, after.changes_agreed) == (
        "revise",
        "Add a priority on school exclusion.",
    )


@pytest.mark.django_db
def test_a_review_is_completed_once(client_for, lead, review):
    complete(review, lead)

    response = client_for(lead).post(
        url("reviews-complete", review.pk), complete_post(decision="revise", changes="More.")
    )

    assert response.status_code == 302
    assert reload(review).decision == "no_change"
    with scopes_disabled(), pytest.raises(ValidationError, match="already been completed"):
        complete(reload(review), lead)


@pytest.mark.django_db
def test_the_timeline_says_the_annual_review_was_completed(lead, review, partnership):
    complete(review, lead)

    with scopes_disabled():
        summaries = list(
            AuditEntry.objects.filter(partnership=partnership).values_list("summary", flat=True)
        )
    assert "Annual review completed" in summaries
    assert any(s.startswith("Annual review completed: next review due by") for s in summaries)


@pytest.mark.django_db
def test_a_review_that_decides_to_revise_links_to_putting_the_strategy_under_review(
    client_for, lead, review
):
    complete(review, lead, decision=Review.Decision.REVISE, changes_agreed="New priority.")

    page = client_for(lead).get(url("reviews-detail", review.pk)).content.decode()

    transition = url("strategies-transition", review.strategy_id)
    assert f"{transition}?to=under_review" in page


@pytest.mark.django_db
def test_no_link_to_revise_when_nothing_changes(client_for, lead, review):
    complete(review, lead)

    page = client_for(lead).get(url("reviews-detail", review.pk)).content.decode()

    assert "?to=under_review" not in page


@pytest.mark.django_db
def test_the_reviews_page_shows_the_past_reviews_with_their_decisions(
    client_for, lead, partner, review
):
    complete(review, lead, decision="revise", changes_agreed="More outreach.")

    page = client_for(partner).get(url("reviews", review.strategy_id)).content.decode()

    assert "Revise the strategy" in page
    assert "Complete" in page
    assert "1 review" in page


@pytest.mark.django_db
def test_the_reviews_page_warns_when_the_review_is_due_within_60_days(
    client_for, partner, published
):
    with scopes_disabled():
        Strategy.objects.filter(pk=published.pk).update(
            next_review_due=TODAY + datetime.timedelta(days=45)
        )

    page = client_for(partner).get(url("reviews", published.pk)).content.decode()

    assert "govuk-warning-text" in page
    assert "in 45 days" in page


@pytest.mark.django_db
def test_the_reviews_page_warns_when_the_review_is_overdue(client_for, partner, published):
    with scopes_disabled():
        Strategy.objects.filter(pk=published.pk).update(
            next_review_due=TODAY - datetime.timedelta(days=1)
        )

    page = client_for(partner).get(url("reviews", published.pk)).content.decode()

    assert "is overdue" in page


@pytest.mark.django_db
def test_no_warning_while_the_review_is_more_than_60_days_away(client_for, partner, published):
    page = client_for(partner).get(url("reviews", published.pk)).content.decode()

    assert "govuk-warning-text" not in page
    assert published.next_review_due.strftime("%-d %B %Y") in page
