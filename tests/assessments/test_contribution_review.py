"""Reviewing a contribution: Paul submits his draft and the reviewers are emailed, Priya
(lead) and Tom (police data lead) return it with a comment or accept it, and an edit after
acceptance is a new revision to review. Nobody reviews their own organisation's evidence but
the lead: Tom may not review the police's own contributions."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from assessments import selectors, services
from assessments.models import Contribution, ReviewComment
from partnerships.access import actor_for
from partnerships.models import AuditEntry
from tests.assessments.contribution_stories import form_data, fresh, url
from tests.factories import ContributionFactory, MembershipFactory, UserFactory

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

REVIEWERS = ["lead", "data_lead"]


# --- The review workflow --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_partner_submits_their_draft_and_the_reviewers_are_emailed(
    client_for, partner, paul_draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(partner).post(url("contributions-submit", paul_draft))

    contribution = fresh(paul_draft)
    assert response.status_code == 302
    assert contribution.status == Contribution.Status.SUBMITTED
    assert contribution.submitted_at is not None
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["priya@example.org", "tom@example.org"]
    assert "Paul's draft" in mail.outbox[0].subject
    assert url("contributions-detail", paul_draft) in mail.outbox[0].body


@pytest.mark.django_db
def test_submitting_is_a_post_the_get_only_checks_the_answers(client_for, partner, paul_draft):
    response = client_for(partner).get(url("contributions-submit", paul_draft))

    assert response.status_code == 200
    assert "Check your answers before submitting" in response.content.decode()
    assert fresh(paul_draft).status == Contribution.Status.DRAFT


@pytest.mark.django_db
def test_a_partner_cannot_submit_another_organisations_returned_item(
    client_for, partner, lead, police_submitted
):
    with scopes_disabled():
        services.contribution_return(
            contribution=police_submitted,
            comment="Add a source",
            actor=actor_for(lead, police_submitted.partnership),
        )

    response = client_for(partner).post(url("contributions-submit", police_submitted))

    assert response.status_code == 403
    assert fresh(police_submitted).status == Contribution.Status.RETURNED


@pytest.mark.django_db
def test_the_lead_is_not_offered_to_submit_another_organisations_returned_item_again(
    client_for, lead, partner, submitted
):
    """Returned to probation with comments: probation answers them and submits it again; the
    lead who returned it reviews it when it comes back, and does not resubmit it for them."""
    client_for(lead).post(url("contributions-return", submitted), {"comment": "Add sources"})

    as_lead = client_for(lead).get(url("contributions-detail", submitted)).content.decode()
    refused = client_for(lead).post(url("contributions-submit", submitted))
    as_partner = client_for(partner).get(url("contributions-detail", submitted)).content.decode()

    assert "Submit again for review" not in as_lead
    assert url("contributions-submit", submitted) not in as_lead
    assert refused.status_code == 403
    assert fresh(submitted).status == Contribution.Status.RETURNED
    assert "Submit again for review" in as_partner
    assert client_for(partner).post(url("contributions-submit", submitted)).status_code == 302
    assert fresh(submitted).status == Contribution.Status.SUBMITTED
    # Back under review: the lead's actions are there again.
    as_lead = client_for(lead).get(url("contributions-detail", submitted)).content.decode()
    assert url("contributions-accept", submitted) in as_lead
    assert url("contributions-return", submitted) in as_lead


@pytest.mark.django_db
def test_the_lead_submits_their_own_organisations_returned_item_again(
    client_for, lead, data_lead, council_submitted
):
    with scopes_disabled():
        services.contribution_return(
            contribution=council_submitted,
            comment="Add the referral source",
            actor=actor_for(data_lead, council_submitted.partnership),
        )
    client = client_for(lead)

    page = client.get(url("contributions-detail", council_submitted)).content.decode()
    response = client.post(url("contributions-submit", council_submitted))

    assert "Submit again for review" in page
    assert response.status_code == 302
    assert fresh(council_submitted).status == Contribution.Status.SUBMITTED


@pytest.mark.django_db
def test_a_lead_still_submits_a_draft_they_recorded_for_another_organisation(
    client_for, lead, probation
):
    draft = ContributionFactory(organisation=probation, created_by=lead, title="Recorded by Priya")

    response = client_for(lead).post(url("contributions-submit", draft))

    assert response.status_code == 302
    assert fresh(draft).status == Contribution.Status.SUBMITTED


@pytest.mark.django_db
@pytest.mark.parametrize("persona", REVIEWERS)
def test_reviewers_return_with_a_comment_and_the_organisation_is_emailed(
    request, client_for, submitted, persona, django_capture_on_commit_callbacks
):
    reviewer = request.getfixturevalue(persona)
    client = client_for(reviewer)
    assert client.get(url("contributions-return", submitted)).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("contributions-return", submitted), {"comment": "Please add the 2024 baseline."}
        )

    contribution = fresh(submitted)
    assert response.status_code == 302
    assert contribution.status == Contribution.Status.RETURNED
    assert contribution.reviewed_by == reviewer
    with scopes_disabled():
        comment = ReviewComment.objects.get(contribution=submitted)
    assert comment.body == "Please add the 2024 baseline."
    assert comment.author == reviewer
    assert [m.to for m in mail.outbox] == [["paul@example.org"]]
    assert "Please add the 2024 baseline." in mail.outbox[0].body
    page = client.get(url("contributions-detail", submitted)).content.decode()
    assert "Please add the 2024 baseline." in page


@pytest.mark.django_db
def test_returning_needs_a_comment(client_for, lead, submitted):
    response = client_for(lead).post(url("contributions-return", submitted), {"comment": "  "})

    assert response.status_code == 200
    assert "Enter what needs to change" in response.content.decode()
    assert fresh(submitted).status == Contribution.Status.SUBMITTED


@pytest.mark.django_db
@pytest.mark.parametrize("persona", REVIEWERS)
def test_reviewers_accept_and_the_organisation_is_emailed(
    request, client_for, submitted, persona, django_capture_on_commit_callbacks
):
    reviewer = request.getfixturevalue(persona)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(reviewer).post(url("contributions-accept", submitted))

    contribution = fresh(submitted)
    assert response.status_code == 302
    assert contribution.status == Contribution.Status.ACCEPTED
    assert contribution.accepted_revision == 1
    assert contribution.reviewed_by == reviewer
    assert contribution.reviewed_at is not None
    assert [m.to for m in mail.outbox] == [["paul@example.org"]]
    assert "Accepted" in mail.outbox[0].subject


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["partner", "convener"])
@pytest.mark.parametrize("name", ["contributions-return", "contributions-accept"])
def test_only_reviewers_review(request, client_for, submitted, persona, name):
    client = client_for(request.getfixturevalue(persona))

    response = client.post(url(name, submitted), {"comment": "No"})

    assert response.status_code == 403
    assert fresh(submitted).status == Contribution.Status.SUBMITTED


@pytest.mark.django_db
def test_a_reviewer_may_not_accept_what_is_not_submitted(client_for, data_lead, police_draft):
    response = client_for(data_lead).post(url("contributions-accept", police_draft))

    assert response.status_code == 403
    assert fresh(police_draft).status == Contribution.Status.DRAFT


@pytest.mark.django_db
def test_the_detail_page_offers_only_allowed_transitions(client_for, partner, lead, submitted):
    as_partner = client_for(partner).get(url("contributions-detail", submitted)).content.decode()
    as_lead = client_for(lead).get(url("contributions-detail", submitted)).content.decode()

    assert url("contributions-accept", submitted) not in as_partner
    assert url("contributions-edit", submitted) not in as_partner
    assert url("contributions-accept", submitted) in as_lead
    assert url("contributions-return", submitted) in as_lead


@pytest.mark.django_db
def test_returned_then_resubmitted_then_accepted(client_for, partner, lead, submitted):
    client_for(lead).post(url("contributions-return", submitted), {"comment": "Add sources"})
    client_for(partner).post(
        url("contributions-edit", submitted), form_data(title="Reoffending, with sources")
    )
    client_for(partner).post(url("contributions-submit", submitted))
    client_for(lead).post(url("contributions-accept", submitted))

    contribution = fresh(submitted)
    assert contribution.status == Contribution.Status.ACCEPTED
    assert contribution.title == "Reoffending, with sources"
    assert contribution.revision == 1
    with scopes_disabled():
        reasons = list(
            AuditEntry.objects.filter(subject_type="contribution", subject_id=submitted.pk)
            .exclude(summary="")  # the factory's own save
            .order_by("occurred_at", "pk")
            .values_list("summary", flat=True)
        )
    assert reasons == [
        "Submitted for review",
        "Returned with comments",
        "Contribution edited",
        "Resubmitted for review",
        "Accepted (revision 1)",
    ]


@pytest.mark.django_db
def test_an_edit_after_acceptance_is_a_new_revision_needing_review(
    client_for, partner, lead, submitted, django_capture_on_commit_callbacks
):
    client_for(lead).post(url("contributions-accept", submitted))

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(partner).post(
            url("contributions-edit", submitted), form_data(title="Updated figures")
        )

    contribution = fresh(submitted)
    assert response.status_code == 302
    assert contribution.revision == 2
    assert contribution.accepted_revision == 1
    assert contribution.status == Contribution.Status.SUBMITTED
    assert contribution.changed_since_accepted
    assert sorted(m.to[0] for m in mail.outbox) == ["priya@example.org", "tom@example.org"]
    listing = client_for(lead).get(url("contributions")).content.decode()
    assert "Changed since accepted" in listing

    client_for(lead).post(url("contributions-accept", submitted))

    contribution = fresh(submitted)
    assert contribution.accepted_revision == 2
    assert not contribution.changed_since_accepted


# --- Nobody reviews their own organisation's evidence ---------------------------------------------


@pytest.fixture
def council_submitted(everyone, council, lead):
    """The council's own contribution, waiting for review: Priya (lead) works there."""
    contribution = ContributionFactory(
        organisation=council, created_by=lead, title="Youth service referrals"
    )
    with scopes_disabled():
        return services.contribution_submit(contribution=contribution, acting_user=lead)


@pytest.fixture
def other_data_lead(everyone, probation):
    """Rita, probation's data lead: she may review the police's evidence."""
    user = UserFactory(email="rita@example.org", full_name="Rita Begum")
    MembershipFactory(user=user, organisation=probation, portal_role="partner", data_lead=True)
    return user


@pytest.mark.django_db
def test_a_data_lead_may_not_accept_their_own_organisations_contribution(
    client_for, data_lead, police_submitted
):
    client = client_for(data_lead)

    response = client.post(url("contributions-accept", police_submitted))

    assert response.status_code == 302
    assert response["Location"] == url("contributions-detail", police_submitted)
    assert fresh(police_submitted).status == Contribution.Status.SUBMITTED
    assert fresh(police_submitted).reviewed_by is None
    [message] = get_messages(response.wsgi_request)
    assert "you are a member of Northshire Police" in str(message)
    page = client.get(url("contributions-detail", police_submitted)).content.decode()
    assert "you are a member of Northshire Police" in page


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_data_lead_may_not_return_their_own_organisations_contribution(
    client_for, data_lead, police_submitted, method
):
    response = getattr(client_for(data_lead), method)(
        url("contributions-return", police_submitted), {"comment": "Looks fine to me"}
    )

    assert response.status_code == 302
    assert response["Location"] == url("contributions-detail", police_submitted)
    assert fresh(police_submitted).status == Contribution.Status.SUBMITTED
    with scopes_disabled():
        assert not ReviewComment.objects.filter(contribution=police_submitted).exists()


@pytest.mark.django_db
def test_the_review_buttons_are_not_offered_for_their_own_organisations_contribution(
    client_for, data_lead, police_submitted, submitted
):
    client = client_for(data_lead)

    own = client.get(url("contributions-detail", police_submitted)).content.decode()
    others = client.get(url("contributions-detail", submitted)).content.decode()

    assert url("contributions-accept", police_submitted) not in own
    assert url("contributions-return", police_submitted) not in own
    assert "so you cannot review it" in own
    assert url("contributions-accept", submitted) in others
    assert "so you cannot review it" not in others


@pytest.mark.django_db
def test_the_service_refuses_a_review_of_their_own_organisations_contribution(
    data_lead, police_submitted
):
    actor = actor_for(data_lead, police_submitted.partnership)

    with scopes_disabled(), pytest.raises(ValidationError, match="Northshire Police"):
        services.contribution_accept(contribution=police_submitted, actor=actor)
    with scopes_disabled(), pytest.raises(ValidationError, match="Northshire Police"):
        services.contribution_return(contribution=police_submitted, comment="Fine", actor=actor)

    assert fresh(police_submitted).status == Contribution.Status.SUBMITTED


@pytest.mark.django_db
def test_a_data_lead_from_another_organisation_accepts_and_it_is_audited(
    client_for, other_data_lead, police_submitted
):
    response = client_for(other_data_lead).post(url("contributions-accept", police_submitted))

    contribution = fresh(police_submitted)
    assert response.status_code == 302
    assert contribution.status == Contribution.Status.ACCEPTED
    assert contribution.reviewed_by == other_data_lead
    with scopes_disabled():
        entry = AuditEntry.objects.filter(
            subject_type="contribution", subject_id=police_submitted.pk
        ).first()
    assert entry.summary == "Accepted (revision 1)"
    assert entry.actor == other_data_lead


@pytest.mark.django_db
def test_the_lead_reviews_their_own_organisations_contribution(client_for, lead, council_submitted):
    client = client_for(lead)
    page = client.get(url("contributions-detail", council_submitted)).content.decode()

    response = client.post(url("contributions-accept", council_submitted))

    assert url("contributions-accept", council_submitted) in page
    assert response.status_code == 302
    assert fresh(council_submitted).status == Contribution.Status.ACCEPTED
    assert fresh(council_submitted).reviewed_by == lead


@pytest.mark.django_db
def test_own_organisations_items_are_not_on_a_data_leads_review_list_nor_emailed_to_them(
    data_lead, lead, police_submitted, submitted
):
    with scopes_disabled():
        todo = selectors.todo_list(actor=actor_for(data_lead, submitted.partnership))
        reviewers = selectors.contribution_reviewer_emails(contribution=police_submitted)

    assert [c.pk for c in todo.to_review] == [submitted.pk]
    assert reviewers == ["priya@example.org"]
