"""Contributions and their review: Paul (probation) drafts and submits evidence for his own
organisation, Priya (lead) and Tom (police data lead) accept it or return it, and nobody sees
another organisation's draft."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from assessments import services
from assessments.models import Call, Contribution, ReviewComment, financial_year
from partnerships.access import actor_for
from partnerships.models import AuditEntry, DutyElement
from tests.factories import ContributionFactory

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

VIEWERS = ["lead", "partner", "data_lead", "convener"]
REVIEWERS = ["lead", "data_lead"]
SNA = "strategic-needs-assessment"


def url(name: str, contribution: Contribution | None = None, slug: str = "northshire") -> str:
    args = [slug] if contribution is None else [slug, contribution.pk]
    return reverse(f"tenant:{name}", args=args)


def fresh(contribution: Contribution) -> Contribution:
    with scopes_disabled():
        return Contribution.objects.get(pk=contribution.pk)


def form_data(**overrides) -> dict:
    return {
        "element": SNA,
        "level": "engaged",
        "kind": "insight",
        "title": "Knife crime in the town centre",
        "body": "Offences rose by a **third** in 2025.",
        "period": "2026/27",
        "call": "",
    } | overrides


@pytest.fixture
def everyone(lead, partner, data_lead, convener, observer):
    """All five Northshire personas."""


@pytest.fixture
def paul_draft(everyone, probation, partner):
    return ContributionFactory(organisation=probation, created_by=partner, title="Paul's draft")


@pytest.fixture
def police_draft(everyone, police, data_lead):
    return ContributionFactory(organisation=police, created_by=data_lead, title="Police draft")


@pytest.fixture
def submitted(everyone, probation, partner):
    """Paul's contribution, waiting for review."""
    contribution = ContributionFactory(
        organisation=probation, created_by=partner, title="Reoffending by 18-24s"
    )
    with scopes_disabled():
        return services.contribution_submit(contribution=contribution, acting_user=partner)


@pytest.fixture
def police_submitted(everyone, police, data_lead):
    contribution = ContributionFactory(
        organisation=police, created_by=data_lead, title="Violence with injury"
    )
    with scopes_disabled():
        return services.contribution_submit(contribution=contribution, acting_user=data_lead)


# --- Who may open what ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", VIEWERS)
def test_everyone_who_sees_the_sna_sees_the_list_and_submitted_items(
    request, client_for, submitted, persona
):
    client = client_for(request.getfixturevalue(persona))

    listing = client.get(url("contributions"))
    page = client.get(url("contributions-detail", submitted))

    assert listing.status_code == 200
    assert "Reoffending by 18-24s" in listing.content.decode()
    assert page.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "contributions",
        "contributions-new",
        "contributions-guidance",
        "contributions-detail",
        "contributions-edit",
        "contributions-submit",
        "contributions-return",
        "contributions-accept",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_observer_is_refused_everywhere(client_for, observer, submitted, name, method):
    target = (
        None
        if name in {"contributions", "contributions-new", "contributions-guidance"}
        else submitted
    )

    response = getattr(client_for(observer), method)(url(name, target), form_data())

    assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["contributions", "contributions-new", "contributions-detail", "contributions-submit"]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_outsider_gets_404(client_for, outsider, submitted, name, method):
    target = submitted if name in {"contributions-detail", "contributions-submit"} else None

    response = getattr(client_for(outsider), method)(url(name, target), form_data())

    assert response.status_code == 404
    assert fresh(submitted).status == Contribution.Status.SUBMITTED


@pytest.mark.django_db
def test_a_signed_out_visitor_is_sent_to_sign_in(client, submitted):
    response = client.get(url("contributions-detail", submitted))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["partner", "lead", "convener"])
def test_another_organisations_draft_is_invisible(request, client_for, police_draft, persona):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(url("contributions-detail", police_draft)).status_code == 404
    assert client.get(url("contributions-edit", police_draft)).status_code == 404
    assert client.post(url("contributions-submit", police_draft)).status_code == 404
    assert "Police draft" not in client.get(url("contributions")).content.decode()


@pytest.mark.django_db
def test_a_draft_is_visible_to_its_own_organisation(client_for, police_draft, police):
    colleague = police_draft.created_by
    assert client_for(colleague).get(url("contributions-detail", police_draft)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["contributions-return", "contributions-accept"])
def test_a_reviewer_cannot_review_anothers_draft_it_cannot_see(
    client_for, data_lead, paul_draft, name
):
    assert client_for(data_lead).post(url(name, paul_draft), {"comment": "x"}).status_code == 404


# --- Adding a contribution ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", VIEWERS)
def test_contributors_open_the_form(request, client_for, everyone, persona):
    response = client_for(request.getfixturevalue(persona)).get(url("contributions-new"))

    assert response.status_code == 200
    assert response.context["form"]["period"].value() == financial_year(timezone.localdate())


@pytest.mark.django_db
def test_a_partner_drafts_a_contribution_for_their_own_organisation(
    client_for, partner, probation, everyone
):
    response = client_for(partner).post(url("contributions-new"), form_data(organisation="999"))

    with scopes_disabled():
        contribution = Contribution.objects.get(title="Knife crime in the town centre")
    assert response.status_code == 302
    assert response.url == url("contributions-detail", contribution)
    assert contribution.organisation == probation
    assert contribution.status == Contribution.Status.DRAFT
    assert contribution.created_by == partner


@pytest.mark.django_db
def test_a_lead_records_on_behalf_of_another_organisation(client_for, lead, police, everyone):
    client = client_for(lead)

    response = client.post(url("contributions-new"), form_data(organisation=police.pk))

    with scopes_disabled():
        contribution = Contribution.objects.get(title="Knife crime in the town centre")
    assert response.status_code == 302
    assert contribution.organisation == police
    # The lead sees it as its creator, and so does the police's own data lead.
    assert client.get(url("contributions-detail", contribution)).status_code == 200
    assert client.get(url("contributions")).content.decode().count("Knife crime") == 1


@pytest.mark.django_db
def test_the_form_keeps_what_was_typed_when_there_is_an_error(client_for, partner, everyone):
    response = client_for(partner).post(
        url("contributions-new"), form_data(title="", period="2026-27", body="Typed words")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a title" in page
    assert "Enter a financial year like 2026/27" in page
    assert "Typed words" in page
    with scopes_disabled():
        assert not Contribution.objects.exists()


@pytest.mark.django_db
def test_the_form_offers_only_open_calls(client_for, partner, partnership, everyone):
    with scopes_disabled():
        open_call = Call.objects.create(
            partnership=partnership,
            title="Q1 data call",
            questions="Figures please",
            period="2026/27",
            due_on="2026-07-01",
            audience=Call.Audience.ORGANISATIONS,
        )
        Call.objects.create(
            partnership=partnership,
            title="Old call",
            questions="Figures please",
            period="2025/26",
            due_on="2025-07-01",
            audience=Call.Audience.ORGANISATIONS,
            status=Call.Status.CLOSED,
        )
    client = client_for(partner)

    page = client.get(url("contributions-new")).content.decode()
    client.post(url("contributions-new"), form_data(call=open_call.pk))

    assert "Q1 data call" in page
    assert "Old call" not in page
    with scopes_disabled():
        assert Contribution.objects.get().call == open_call


@pytest.mark.django_db
def test_the_form_shows_what_the_guidance_asks_of_the_members_sector(client_for, partner, everyone):
    client = client_for(partner)
    element = DutyElement.objects.get(slug=SNA)

    fragment = client.get(url("contributions-guidance"), {"element": SNA})
    page = client.get(url("contributions-new"), {"element": SNA}).content.decode()
    blank = client.get(url("contributions-new")).content.decode()

    text = fragment.content.decode()
    assert fragment.status_code == 200
    assert "ways to engage for Probation" in text
    assert element.name in text
    assert "Actively participating" in text
    assert "<html" not in text
    # Without JavaScript: the chosen element's guidance is on the page, with a link to read more.
    assert reverse("guidance:element", args=[SNA]) in page
    assert 'hx-get="' + url("contributions-guidance") in page
    assert 'aria-live="polite"' in page
    assert reverse("guidance:elements") in blank


@pytest.mark.django_db
def test_an_unknown_element_gives_the_prompt(client_for, partner, everyone):
    response = client_for(partner).get(url("contributions-guidance"), {"element": "nonsense"})

    assert response.status_code == 200
    assert reverse("guidance:elements") in response.content.decode()


# --- Editing --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_returned_answer_can_be_corrected_after_its_call_has_closed(
    client_for, partner, partnership, paul_draft
):
    with scopes_disabled():
        call = Call.objects.create(
            partnership=partnership,
            title="Q1 data call",
            questions="Figures please",
            period="2026/27",
            due_on="2026-07-01",
            audience=Call.Audience.ORGANISATIONS,
        )
        paul_draft.call = call
        paul_draft.status = Contribution.Status.RETURNED
        paul_draft.save()
        call.status = Call.Status.CLOSED
        call.save()

    response = client_for(partner).post(
        url("contributions-edit", paul_draft), form_data(call=call.pk, title="Corrected figures")
    )

    assert response.status_code == 302
    assert (fresh(paul_draft).title, fresh(paul_draft).call) == ("Corrected figures", call)


@pytest.mark.django_db
def test_a_partner_edits_their_own_draft(client_for, partner, paul_draft):
    response = client_for(partner).post(
        url("contributions-edit", paul_draft), form_data(title="Better title")
    )

    assert response.status_code == 302
    assert fresh(paul_draft).title == "Better title"
    assert fresh(paul_draft).revision == 1


@pytest.mark.django_db
def test_a_partner_cannot_edit_another_organisations_submitted_item(
    client_for, partner, police_submitted
):
    client = client_for(partner)

    assert client.get(url("contributions-edit", police_submitted)).status_code == 403
    assert client.post(url("contributions-edit", police_submitted), form_data()).status_code == 403
    assert fresh(police_submitted).title == "Violence with injury"


@pytest.mark.django_db
def test_nobody_edits_an_item_under_review(client_for, partner, lead, submitted):
    assert client_for(partner).get(url("contributions-edit", submitted)).status_code == 403
    assert client_for(lead).get(url("contributions-edit", submitted)).status_code == 403


@pytest.mark.django_db
def test_a_lead_edits_another_organisations_returned_item(client_for, lead, submitted):
    with scopes_disabled():
        services.contribution_return(contribution=submitted, comment="More", acting_user=lead)

    response = client_for(lead).post(
        url("contributions-edit", submitted), form_data(title="Tidied by the lead")
    )

    assert response.status_code == 302
    assert fresh(submitted).title == "Tidied by the lead"


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
def test_submitting_is_a_post(client_for, partner, paul_draft):
    assert client_for(partner).get(url("contributions-submit", paul_draft)).status_code == 405
    assert fresh(paul_draft).status == Contribution.Status.DRAFT


@pytest.mark.django_db
def test_a_partner_cannot_submit_another_organisations_returned_item(
    client_for, partner, lead, police_submitted
):
    with scopes_disabled():
        services.contribution_return(
            contribution=police_submitted, comment="Add a source", acting_user=lead
        )

    response = client_for(partner).post(url("contributions-submit", police_submitted))

    assert response.status_code == 403
    assert fresh(police_submitted).status == Contribution.Status.RETURNED


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


# --- The list -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_filters(client_for, lead, partner, submitted, police_submitted, paul_draft):
    client = client_for(partner)

    by_org = client.get(url("contributions"), {"organisation": police_submitted.organisation_id})
    mine = client.get(url("contributions"), {"mine": "on"})
    drafts = client.get(url("contributions"), {"status": "draft"})
    nonsense = client.get(url("contributions"), {"status": "nope", "element": "nope"})

    assert "Violence with injury" in by_org.content.decode()
    assert "Reoffending" not in by_org.content.decode()
    assert "Violence with injury" not in mine.content.decode()
    assert "Paul&#x27;s draft" in mine.content.decode()
    assert "Reoffending" not in drafts.content.decode()
    assert nonsense.status_code == 200


@pytest.mark.django_db
def test_the_list_takes_the_same_number_of_queries_for_3_or_12_rows(
    client_for, lead, police, probation, everyone
):
    client = client_for(lead)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("contributions")).status_code == 200
        return len(captured)

    ContributionFactory.create_batch(3, organisation=police, status="submitted")
    few = queries()
    ContributionFactory.create_batch(9, organisation=probation, status="accepted")
    many = queries()

    assert few == many


@pytest.mark.django_db
def test_the_list_is_paginated_by_25(client_for, lead, police, everyone):
    ContributionFactory.create_batch(30, organisation=police, status="submitted")

    page = client_for(lead).get(url("contributions")).content.decode()

    assert page.count('class="govuk-tag govuk-tag--blue"') == 25
    assert "govuk-pagination" in page


# --- Markdown -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_body_is_rendered_as_markdown_safely(client_for, lead, probation, everyone):
    contribution = ContributionFactory(
        organisation=probation,
        status="submitted",
        body='**Rising** <script>alert("x")</script> [link](javascript:alert(1))',
    )

    page = client_for(lead).get(url("contributions-detail", contribution)).content.decode()

    assert "<strong>Rising</strong>" in page
    assert '<script>alert("x")' not in page
    assert 'href="javascript' not in page


# --- A data return's figures ----------------------------------------------------------------------

KNIFE = "knife-offensive-weapon-offences"


def _figure_rows(*lines: str):
    from assessments.uploads import parse_upload

    result = parse_upload(
        name="figures.csv",
        data="\n".join(["measure,period,area,value", *lines]).encode(),
        measure_slugs={KNIFE},
        known_areas=set(),
    )
    assert not result.errors, result.errors
    return result.rows


def _quarters(count: int) -> list[str]:
    return [f"{KNIFE},{2000 + n // 4}-Q{n % 4 + 1},Northshire,{n + 100}" for n in range(count)]


@pytest.fixture
def police_return(everyone, police, data_lead):
    """Tom's draft data return for the police, with no figures yet."""
    return ContributionFactory(
        organisation=police,
        created_by=data_lead,
        kind=Contribution.Kind.DATA_RETURN,
        title="Knife crime figures",
    )


def _save_figures(contribution, acting_user, *lines):
    with scopes_disabled():
        return services.data_return_save(
            contribution=contribution,
            rows=_figure_rows(*lines),
            actor=actor_for(acting_user, contribution.partnership),
        )


@pytest.mark.django_db
def test_a_data_returns_page_links_its_organisation_to_the_upload(
    client_for, data_lead, police_return
):
    upload = url("data-upload", police_return)

    empty = client_for(data_lead).get(url("contributions-detail", police_return)).content.decode()
    _save_figures(police_return, data_lead, f"{KNIFE},2025-Q1,Northshire,1200")
    filled = client_for(data_lead).get(url("contributions-detail", police_return)).content.decode()

    assert upload in empty
    assert "Upload figures" in empty
    assert "No figures uploaded yet" in empty
    assert "Replace figures" in filled
    assert "Knife and offensive-weapon offences" in filled
    assert "2025-Q1" in filled
    assert "1,200" in filled


@pytest.mark.django_db
def test_only_its_organisation_is_offered_the_upload(
    client_for, lead, partner, data_lead, police_return
):
    _save_figures(police_return, data_lead, f"{KNIFE},2025-Q1,Northshire,12")
    with scopes_disabled():
        services.contribution_submit(contribution=police_return, acting_user=data_lead)
    upload = url("data-upload", police_return)

    partners_view = client_for(partner).get(url("contributions-detail", police_return))
    under_review = client_for(data_lead).get(url("contributions-detail", police_return))

    # Everyone who sees it sees its figures; nobody may change them while it is under review.
    assert "2025-Q1" in partners_view.content.decode()
    assert upload not in partners_view.content.decode()
    assert upload not in under_review.content.decode()


@pytest.mark.django_db
def test_other_kinds_show_no_figures(client_for, partner, paul_draft):
    page = client_for(partner).get(url("contributions-detail", paul_draft)).content.decode()

    assert 'id="figures"' not in page
    assert "Upload figures" not in page


@pytest.mark.django_db
def test_a_data_returns_page_takes_the_same_number_of_queries_for_5_or_50_figures(
    client_for, data_lead, police_return
):
    client = client_for(data_lead)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("contributions-detail", police_return)).status_code == 200
        return len(captured)

    _save_figures(police_return, data_lead, *_quarters(5))
    few = queries()
    _save_figures(police_return, data_lead, *_quarters(50))
    many = queries()
    page = client.get(url("contributions-detail", police_return)).content.decode()

    assert few == many
    assert "The first 20 of 50 figures" in page


@pytest.mark.django_db
def test_new_figures_for_an_accepted_return_are_a_new_revision_needing_review(
    lead, data_lead, police_return, django_capture_on_commit_callbacks
):
    _save_figures(police_return, data_lead, f"{KNIFE},2025-Q1,Northshire,12")
    with scopes_disabled():
        services.contribution_submit(contribution=police_return, acting_user=data_lead)
        services.contribution_accept(contribution=police_return, acting_user=lead)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _save_figures(police_return, data_lead, f"{KNIFE},2025-Q1,Northshire,15")

    contribution = fresh(police_return)
    assert contribution.status == Contribution.Status.SUBMITTED
    assert contribution.revision == 2
    assert contribution.accepted_revision == 1
    assert contribution.changed_since_accepted
    assert police_return.status == Contribution.Status.SUBMITTED
    with scopes_disabled():
        assert list(contribution.data_points.values_list("value", flat=True)) == [15]
        reason = contribution.history.first().history_change_reason
    assert reason == "1 figure uploaded after acceptance: revision 2 submitted for review"
    assert sorted(m.to[0] for m in mail.outbox) == ["priya@example.org", "tom@example.org"]


@pytest.mark.django_db
def test_a_partner_uploads_new_figures_to_an_accepted_return_through_the_page(
    client_for, lead, data_lead, police_return, partnership
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    partnership.areas = ["Northshire"]
    partnership.save()
    _save_figures(police_return, data_lead, f"{KNIFE},2025-Q1,Northshire,12")
    with scopes_disabled():
        services.contribution_submit(contribution=police_return, acting_user=data_lead)
        services.contribution_accept(contribution=police_return, acting_user=lead)
    client = client_for(data_lead)

    detail = client.get(url("contributions-detail", police_return)).content.decode()
    form = client.get(url("data-upload", police_return)).content.decode()
    response = client.post(
        url("data-upload", police_return),
        {
            "file": SimpleUploadedFile(
                "new.csv", f"measure,period,area,value\n{KNIFE},2025-Q1,Northshire,15\n".encode()
            ),
            "aggregate_only": "on",
        },
        follow=True,
    )

    assert "Replace figures" in detail
    assert "Uploading new figures makes a new revision" in form
    assert "Revision 2 has been sent for review again" in response.content.decode()
    contribution = fresh(police_return)
    assert (contribution.status, contribution.revision) == (Contribution.Status.SUBMITTED, 2)
