"""Contributions: Paul (probation) drafts evidence for his own organisation, a lead records it
for another, everyone who sees the SNA finds it in the list, and nobody sees another
organisation's draft. Their review is in test_contribution_review.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from assessments import services
from assessments.models import Call, Contribution, financial_year
from partnerships.access import actor_for
from partnerships.models import DutyElement
from tests.assessments.contribution_stories import SNA, form_data, fresh, url
from tests.factories import ContributionFactory

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

VIEWERS = ["lead", "partner", "data_lead", "convener"]


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
        url("contributions-new"), form_data(title="", period="2026/28", body="Typed words")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a title" in page
    assert "is not a financial year" in page
    assert "written like 2026/27" in page
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
        services.contribution_return(
            contribution=submitted, comment="More", actor=actor_for(lead, submitted.partnership)
        )

    response = client_for(lead).post(
        url("contributions-edit", submitted), form_data(title="Tidied by the lead")
    )

    assert response.status_code == 302
    assert fresh(submitted).title == "Tidied by the lead"


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
