"""The local definition of serious violence: a lead drafts and records agreement, which
supersedes the version agreed before; partners propose amendments with reasons and the lead
answers them; everyone who sees the SNA reads it, and the dashboard shows the agreed version."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from assessments import services
from assessments.models import DefinitionAmendment, LocalDefinition, ViolenceType
from partnerships.models import Membership

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

READERS = ["lead", "partner", "data_lead", "convener"]
NOT_MANAGERS = ["partner", "data_lead", "convener", "observer"]


def definition_data(**overrides) -> dict:
    data = {
        "summary": "Violence that causes serious harm in public places.",
        "violence_types": [ViolenceType.KNIFE_CRIME, ViolenceType.HOMICIDE],
        "age_scope": "Under 25",
        "maximum_penalty": "Life imprisonment for homicide.",
        "impact_on_victim": "Lasting physical and psychological harm.",
        "prevalence": "Knife offences rose 12% in Northshire.",
        "impact_on_community": "Fear in town centres.",
    }
    return data | overrides


@pytest.fixture
def agreed(partnership, lead, council, police):
    """Version 1, agreed by the council and the police on 1 March 2026."""
    with scopes_disabled():
        draft = services.definition_create(
            partnership=partnership, data=definition_data(), acting_user=lead
        )
        return services.definition_agree(
            definition=draft,
            agreed_on=datetime.date(2026, 3, 1),
            organisations=[council, police],
            acting_user=lead,
        )


@pytest.fixture
def draft(partnership, lead, agreed):
    """Version 2, a draft adding robbery."""
    with scopes_disabled():
        return services.definition_create(
            partnership=partnership,
            data=definition_data(
                violence_types=[ViolenceType.KNIFE_CRIME, ViolenceType.HOMICIDE, "robbery"]
            ),
            acting_user=lead,
        )


@pytest.fixture
def amendment(partnership, partner, agreed):
    """Paul's proposal to include domestic abuse."""
    with scopes_disabled():
        return services.amendment_propose(
            definition=agreed,
            membership=Membership.objects.get(user=partner, partnership=partnership),
            proposal="Include domestic abuse.",
            reason="Most of our violent caseload is domestic.",
            acting_user=partner,
        )


def url(name: str, *args) -> str:
    return reverse(f"tenant:{name}", args=["northshire", *args])


def reload(obj):
    with scopes_disabled():
        return type(obj).objects.get(pk=obj.pk)


def agree_post(day="15", month="4", year="2026", organisations=()) -> dict:
    return {
        "agreed_on_day": day,
        "agreed_on_month": month,
        "agreed_on_year": year,
        "organisations": [o.pk for o in organisations],
    }


def form_post(**overrides) -> dict:
    return {k: v for k, v in definition_data(**overrides).items() if v is not None}


# --- Who may do what ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", READERS)
def test_people_who_see_the_sna_read_the_definition(
    request, client_for, everyone, draft, amendment, persona
):
    response = client_for(request.getfixturevalue(persona)).get(url("definition"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Knife and sharp-object crime" in page
    assert "Draft: version 2" in page
    assert "Include domestic abuse." in page


@pytest.mark.django_db
def test_an_observer_may_not_see_the_definition(client_for, observer, agreed):
    assert client_for(observer).get(url("definition")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("persona", NOT_MANAGERS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_a_lead_drafts_agrees_and_answers(
    request, client_for, everyone, council, draft, amendment, persona, method
):
    client = client_for(request.getfixturevalue(persona))
    send = getattr(client, method)
    pages = [
        (url("definition-new"), form_post()),
        (url("definition-edit", draft.pk), form_post(summary="Changed")),
        (url("definition-agree", draft.pk), agree_post(organisations=[council])),
        (
            url("definition-amendment-respond", amendment.pk),
            {"decision": "adopt", "response": "Yes"},
        ),
    ]

    for page, data in pages:
        assert send(page, data).status_code == 403, page
    assert reload(draft).status == LocalDefinition.Status.DRAFT
    assert reload(draft).summary == definition_data()["summary"]
    assert reload(amendment).status == DefinitionAmendment.Status.OPEN


@pytest.mark.django_db
def test_an_observer_may_not_propose_amendments(client_for, observer, agreed):
    response = client_for(observer).post(
        url("definition-amend", agreed.pk), {"proposal": "x", "reason": "y"}
    )

    assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_member_of_another_partnership_gets_404(client_for, outsider, draft, amendment, method):
    client = client_for(outsider)
    pages = [
        url("definition"),
        url("definition-new"),
        url("definition-edit", draft.pk),
        url("definition-agree", draft.pk),
        url("definition-amend", draft.pk),
        url("definition-amendment-respond", amendment.pk),
    ]

    for page in pages:
        assert getattr(client, method)(page).status_code == 404, page


@pytest.mark.django_db
def test_a_lead_elsewhere_cannot_reach_a_northshire_draft_through_their_own_partnership(
    client_for, outsider, draft
):
    own = reverse("tenant:definition-edit", args=["southvale", draft.pk])

    assert client_for(outsider).get(own).status_code == 404


@pytest.mark.django_db
def test_a_signed_out_visitor_is_sent_to_sign_in(client, agreed):
    response = client.get(url("definition"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


# --- The page -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_shows_the_agreed_version_and_its_four_factors(client_for, partner, agreed):
    page = client_for(partner).get(url("definition")).content.decode()

    for text in [
        "Version 1",
        "1 March 2026",
        "Homicide",
        "Under 25",
        "Maximum penalty",
        "Impact on the victim",
        "Prevalence in the area",
        "Impact on the community",
        "Knife offences rose 12% in Northshire.",
        "Terrorism is excluded",
        "Northshire County Council",
        "Northshire Police",
    ]:
        assert text in page, text
    assert url("definition-amend", agreed.pk) in page
    assert url("definition-new") not in page


@pytest.mark.django_db
def test_the_page_takes_as_many_queries_for_many_versions_and_amendments(
    client_for, lead, partner, partnership, agreed, council
):
    client = client_for(lead)
    paul = Membership.objects.with_scopes_disabled().get(user=partner, partnership=partnership)

    def add_round():
        with scopes_disabled():
            new = services.definition_create(
                partnership=partnership, data=definition_data(), acting_user=lead
            )
            services.amendment_propose(
                definition=new, membership=paul, proposal="p", reason="r", acting_user=partner
            )
            services.definition_agree(
                definition=new,
                agreed_on=datetime.date(2026, 3, 2),
                organisations=[council],
                acting_user=lead,
            )

    add_round()
    with CaptureQueriesContext(connection) as few:
        client.get(url("definition"))
    for _ in range(5):
        add_round()
    with CaptureQueriesContext(connection) as many:
        client.get(url("definition"))

    assert len(few) == len(many)


# --- Drafting and agreeing ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_draft_starts_from_the_agreed_version(client_for, lead, agreed):
    page = client_for(lead).get(url("definition-new")).content.decode()

    assert "Knife offences rose 12% in Northshire." in page
    assert (
        'value="knife_crime" class="govuk-checkboxes__input" id="id_violence_types_1" checked'
        in (page)
    )
    assert 'value="robbery" class="govuk-checkboxes__input" id="id_violence_types_4">' in page


@pytest.mark.django_db
def test_a_lead_saves_a_new_draft(client_for, lead, partnership, agreed):
    response = client_for(lead).post(
        url("definition-new"), form_post(violence_types=["robbery", "homicide"])
    )

    assert response.status_code == 302
    with scopes_disabled():
        new = LocalDefinition.objects.get(partnership=partnership, version=2)
    assert new.status == LocalDefinition.Status.DRAFT
    assert new.violence_types == ["homicide", "robbery"]
    assert reload(agreed).status == LocalDefinition.Status.AGREED


@pytest.mark.django_db
def test_a_second_draft_is_not_started_while_one_exists(client_for, lead, draft):
    response = client_for(lead).get(url("definition-new"))

    assert response.status_code == 302
    assert response.url == url("definition-edit", draft.pk)


@pytest.mark.django_db
def test_a_draft_needs_a_summary_and_violence_types(client_for, lead, partnership):
    response = client_for(lead).post(
        url("definition-new"), form_post(summary="", violence_types=[], age_scope="Kept")
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the definition in plain words" in page
    assert "Select the types of violence the definition includes" in page
    assert 'value="Kept"' in page
    with scopes_disabled():
        assert not LocalDefinition.objects.filter(partnership=partnership).exists()


@pytest.mark.django_db
def test_a_lead_edits_a_draft(client_for, lead, draft):
    response = client_for(lead).post(
        url("definition-edit", draft.pk), form_post(summary="Clearer words")
    )

    assert response.status_code == 302
    assert reload(draft).summary == "Clearer words"


@pytest.mark.django_db
def test_an_agreed_version_cannot_be_edited(client_for, lead, agreed):
    response = client_for(lead).post(url("definition-edit", agreed.pk), form_post(summary="Sneaky"))

    assert response.status_code == 302
    assert reload(agreed).summary != "Sneaky"


@pytest.mark.django_db
def test_agreeing_a_draft_supersedes_the_previous_version(
    client_for, lead, agreed, draft, council, probation
):
    response = client_for(lead).post(
        url("definition-agree", draft.pk), agree_post(organisations=[council, probation])
    )

    assert response.status_code == 302
    new, old = reload(draft), reload(agreed)
    assert (new.status, new.agreed_on) == ("agreed", datetime.date(2026, 4, 15))
    with scopes_disabled():
        assert set(new.agreed_by.all()) == {council, probation}
    assert old.status == LocalDefinition.Status.SUPERSEDED
    page = client_for(lead).get(url("definition")).content.decode()
    assert "Earlier versions" in page
    assert "Version 1, agreed on 1 March 2026 (superseded)" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the date the partnership agreed the definition"),
        ("31", "2", "2026", "Date agreed must be a real date"),
        ("15", "", "2026", "Date agreed must include a month"),
        ("15", "4", "202", "Year must include 4 numbers"),
        ("1", "1", "2099", "The date agreed must be today or in the past"),
    ],
)
def test_the_agreed_date_is_validated(client_for, lead, draft, council, day, month, year, message):
    response = client_for(lead).post(
        url("definition-agree", draft.pk), agree_post(day, month, year, organisations=[council])
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert reload(draft).status == LocalDefinition.Status.DRAFT


@pytest.mark.django_db
def test_agreement_needs_organisations_from_this_partnership(
    client_for, lead, draft, other_partnership
):
    from tests.factories import OrganisationFactory

    elsewhere = OrganisationFactory(partnership=other_partnership, name="Southvale Police")
    client = client_for(lead)

    none = client.post(url("definition-agree", draft.pk), agree_post())
    foreign = client.post(url("definition-agree", draft.pk), agree_post(organisations=[elsewhere]))

    for response in (none, foreign):
        assert response.status_code == 200
        assert "Select the organisations that agreed the definition" in response.content.decode()
    assert reload(draft).status == LocalDefinition.Status.DRAFT


# --- Amendments -----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", READERS)
def test_any_contributor_proposes_an_amendment(request, client_for, everyone, agreed, persona):
    user = request.getfixturevalue(persona)

    response = client_for(user).post(
        url("definition-amend", agreed.pk),
        {"proposal": "Include robbery.", "reason": "Street robbery doubled."},
    )

    assert response.status_code == 302
    with scopes_disabled():
        amendment = DefinitionAmendment.objects.get()
    assert (amendment.proposed_by.user, amendment.status) == (user, "open")


@pytest.mark.django_db
def test_an_amendment_needs_a_change_and_a_reason(client_for, partner, agreed):
    response = client_for(partner).post(
        url("definition-amend", agreed.pk), {"proposal": "Kept text", "reason": ""}
    )

    assert response.status_code == 200
    assert "Enter your reason for the change" in response.content.decode()
    assert "Kept text" in response.content.decode()


@pytest.mark.django_db
def test_a_superseded_version_takes_no_amendments(
    client_for, lead, partner, agreed, draft, council
):
    with scopes_disabled():
        services.definition_agree(
            definition=draft,
            agreed_on=datetime.date(2026, 4, 1),
            organisations=[council],
            acting_user=lead,
        )

    response = client_for(partner).post(
        url("definition-amend", agreed.pk), {"proposal": "x", "reason": "y"}
    )

    assert response.status_code == 200
    assert "This version has been superseded" in response.content.decode()


@pytest.mark.django_db
def test_the_proposers_organisation_is_shown(client_for, lead, amendment):
    page = client_for(lead).get(url("definition")).content.decode()

    assert "From Northshire Probation Delivery Unit, on version 1" in page
    assert url("definition-amendment-respond", amendment.pk) in page


@pytest.mark.django_db
@pytest.mark.parametrize(("decision", "status"), [("adopt", "adopted"), ("decline", "declined")])
def test_a_lead_adopts_or_declines_an_amendment(client_for, lead, amendment, decision, status):
    response = client_for(lead).post(
        url("definition-amendment-respond", amendment.pk),
        {"decision": decision, "response": "Thank you, discussed at the board."},
    )

    assert response.status_code == 302
    after = reload(amendment)
    assert (after.status, after.response) == (status, "Thank you, discussed at the board.")


@pytest.mark.django_db
def test_a_response_is_required_and_an_answered_amendment_stays_answered(
    client_for, lead, amendment
):
    client = client_for(lead)
    missing = client.post(url("definition-amendment-respond", amendment.pk), {"decision": "adopt"})
    client.post(
        url("definition-amendment-respond", amendment.pk),
        {"decision": "decline", "response": "No"},
    )
    again = client.post(
        url("definition-amendment-respond", amendment.pk),
        {"decision": "adopt", "response": "Yes after all"},
    )

    assert "Enter your response to the proposer" in missing.content.decode()
    assert "This amendment has already been answered" in again.content.decode()
    assert reload(amendment).status == DefinitionAmendment.Status.DECLINED


# --- The dashboard --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_dashboard_shows_the_agreed_definition_and_the_sna(client_for, lead, agreed, draft):
    with scopes_disabled():
        services.assessment_start(
            partnership=agreed.partnership,
            period="2026/27",
            scope="",
            methodology="",
            acting_user=lead,
        )

    page = client_for(lead).get(reverse("tenant:dashboard", args=["northshire"])).content.decode()

    assert "Version 1, agreed on 1 March 2026" in page
    assert "Knife and sharp-object crime" in page
    assert "Robbery" not in page  # only in the draft
    assert "SNA 2026/27: Draft" in page
    assert url("definition") in page


@pytest.mark.django_db
def test_an_observers_dashboard_shows_nothing_of_the_sna(client_for, observer, agreed):
    page = client_for(observer).get(reverse("tenant:dashboard", args=["northshire"]))

    assert page.status_code == 200
    assert "Local definition of serious violence" not in page.content.decode()
