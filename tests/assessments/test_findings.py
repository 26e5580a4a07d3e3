"""Findings: leads and data leads record the needs the SNA found, each citing accepted evidence,
and recommendations that answer them; everyone who sees the SNA reads them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from assessments import services
from assessments.models import Contribution, Finding, Recommendation
from tests.factories import AssessmentFactory, ContributionFactory, measure

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

S = Contribution.Status
VIEWERS = ["lead", "partner", "data_lead", "convener"]
RECORDERS = ["lead", "data_lead"]
NOT_RECORDERS = ["partner", "convener", "observer"]
CHANGE_PAGES = ["findings-new", "findings-edit", "findings-recommendation-new"]


@pytest.fixture
def sna(partnership):
    return AssessmentFactory(partnership=partnership)


@pytest.fixture
def evidence(police):
    """An accepted police contribution on knife crime in the town centre."""
    return ContributionFactory(
        organisation=police, title="Town centre knife offences", status=S.ACCEPTED
    )


@pytest.fixture
def finding(sna, evidence, lead):
    with scopes_disabled():
        return services.finding_create(
            assessment=sna,
            kind=Finding.Kind.PLACE,
            title="The town centre at night",
            description="Most knife offences happen there after 10pm.",
            contributions=[evidence],
            measures=[],
            acting_user=lead,
        )


def page_url(name: str, sna, finding=None) -> str:
    if name == "findings-edit":
        return reverse(f"tenant:{name}", args=[sna.partnership.slug, finding.pk])
    return reverse(f"tenant:{name}", args=[sna.partnership.slug, sna.pk])


def finding_post(contributions=(), measures=(), **overrides) -> dict:
    data = {
        "kind": "cohort",
        "title": "Boys aged 14 to 17 excluded from school",
        "description": "Over-represented among victims and suspects.",
        "contributions": [c.pk for c in contributions],
        "measures": [m.pk for m in measures],
    }
    return data | overrides


# --- Who may do what ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", VIEWERS)
def test_members_who_see_the_sna_read_its_findings(
    request, client_for, everyone, sna, finding, persona
):
    response = client_for(request.getfixturevalue(persona)).get(page_url("findings", sna))

    assert response.status_code == 200
    assert "The town centre at night" in response.content.decode()


@pytest.mark.django_db
def test_an_observer_may_not_read_findings(client_for, observer, sna):
    assert client_for(observer).get(page_url("findings", sna)).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("persona", RECORDERS)
@pytest.mark.parametrize("page", CHANGE_PAGES)
def test_leads_and_data_leads_open_every_change_page(
    request, client_for, everyone, sna, finding, persona, page
):
    response = client_for(request.getfixturevalue(persona)).get(page_url(page, sna, finding))

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("persona", NOT_RECORDERS)
@pytest.mark.parametrize("page", CHANGE_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_others_may_not_record_findings(
    request, client_for, everyone, sna, finding, evidence, persona, page, method
):
    client = client_for(request.getfixturevalue(persona))

    response = getattr(client, method)(page_url(page, sna, finding), finding_post([evidence]))

    assert response.status_code == 403
    with scopes_disabled():
        assert Finding.objects.count() == 1
        assert not Recommendation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["findings", *CHANGE_PAGES])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_member_of_another_partnership_gets_404(client_for, outsider, sna, finding, page, method):
    response = getattr(client_for(outsider), method)(page_url(page, sna, finding))

    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["findings", *CHANGE_PAGES])
def test_a_signed_out_visitor_is_sent_to_sign_in(client, sna, finding, page):
    response = client.get(page_url(page, sna, finding))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


@pytest.mark.django_db
def test_readers_see_no_change_controls(client_for, partner, sna, finding):
    page = client_for(partner).get(page_url("findings", sna)).content.decode()

    assert page_url("findings-new", sna) not in page
    assert page_url("findings-edit", sna, finding) not in page


# --- Recording findings ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_data_lead_records_a_finding_on_accepted_evidence(client_for, data_lead, sna, evidence):
    client = client_for(data_lead)

    form = client.get(page_url("findings-new", sna)).content.decode()
    response = client.post(page_url("findings-new", sna), finding_post([evidence], [measure()]))

    assert "Town centre knife offences — Northshire Police" in form
    assert response.status_code == 302
    assert response.url == page_url("findings", sna)
    with scopes_disabled():
        finding = Finding.objects.get()
        assert list(finding.contributions.all()) == [evidence]
        assert list(finding.measures.all()) == [measure()]
    assert finding.created_by == data_lead
    listing = client.get(page_url("findings", sna)).content.decode()
    assert "Cohort" in listing and "Boys aged 14 to 17 excluded from school" in listing
    assert "1 contribution" in listing and "1 measure" in listing


@pytest.mark.django_db
def test_a_finding_may_rest_on_a_measure_alone(client_for, lead, sna):
    response = client_for(lead).post(
        page_url("findings-new", sna), finding_post(measures=[measure()])
    )

    assert response.status_code == 302
    with scopes_disabled():
        assert Finding.objects.get().contributions.count() == 0


@pytest.mark.django_db
def test_a_finding_without_evidence_is_refused(client_for, lead, sna, evidence):
    response = client_for(lead).post(page_url("findings-new", sna), finding_post())

    page = response.content.decode()
    assert response.status_code == 200
    assert "Select at least one accepted contribution or measure as evidence" in page
    assert "Boys aged 14 to 17 excluded from school" in page  # what was typed is kept
    with scopes_disabled():
        assert not Finding.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.RETURNED])
def test_evidence_that_is_not_accepted_cannot_be_cited(client_for, lead, sna, police, status):
    pending = ContributionFactory(organisation=police, title="Not yet accepted", status=status)

    form = client_for(lead).get(page_url("findings-new", sna)).content.decode()
    response = client_for(lead).post(page_url("findings-new", sna), finding_post([pending]))

    assert "Not yet accepted" not in form
    assert "Select accepted contributions from the list" in response.content.decode()
    with scopes_disabled():
        assert not Finding.objects.exists()
        with pytest.raises(ValidationError, match="has not been accepted"):
            services.finding_create(
                assessment=sna,
                kind="gap",
                title="A gap",
                description="Nothing for under-12s.",
                contributions=[pending],
                measures=[],
                acting_user=lead,
            )


@pytest.mark.django_db
def test_another_partnerships_evidence_cannot_be_cited(lead, sna, outsider, other_partnership):
    from partnerships.models import Organisation

    with scopes_disabled():
        southvale = Organisation.objects.get(partnership=other_partnership)
    theirs = ContributionFactory(organisation=southvale, status=S.ACCEPTED)

    with scopes_disabled(), pytest.raises(ValidationError, match="this partnership"):
        services.finding_create(
            assessment=sna,
            kind="gap",
            title="A gap",
            description="",
            contributions=[theirs],
            measures=[],
            acting_user=lead,
        )


@pytest.mark.django_db
def test_editing_keeps_evidence_that_changed_since_it_was_accepted(
    client_for, lead, sna, finding, evidence
):
    with scopes_disabled():
        Contribution.objects.filter(pk=evidence.pk).update(
            status=S.SUBMITTED, revision=2, accepted_revision=1
        )
    client = client_for(lead)

    form = client.get(page_url("findings-edit", sna, finding)).content.decode()
    response = client.post(
        page_url("findings-edit", sna, finding),
        finding_post([evidence], kind="place", title="The town centre, evenings"),
    )

    assert "(changed since accepted)" in form
    assert 'value="The town centre at night"' in form
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.title == "The town centre, evenings"
    with scopes_disabled():
        assert list(finding.contributions.all()) == [evidence]


# --- Recommendations ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_lead_adds_a_recommendation_answering_findings(client_for, lead, sna, finding):
    client = client_for(lead)

    response = client.post(
        page_url("findings-recommendation-new", sna),
        {
            "title": "Late-night economy patrols",
            "description": "With the council.",
            "findings": [finding.pk],
        },
    )

    assert response.status_code == 302
    with scopes_disabled():
        recommendation = Recommendation.objects.get()
        assert list(recommendation.findings.all()) == [finding]
    listing = client.get(page_url("findings", sna)).content.decode()
    assert "Late-night economy patrols" in listing
    assert f'href="#finding-{finding.pk}"' in listing


@pytest.mark.django_db
def test_a_recommendation_must_answer_a_finding(client_for, lead, sna, finding):
    response = client_for(lead).post(
        page_url("findings-recommendation-new", sna), {"title": "Patrols", "findings": []}
    )

    assert "Select at least one finding the recommendation answers" in response.content.decode()
    with scopes_disabled():
        assert not Recommendation.objects.exists()


@pytest.mark.django_db
def test_a_recommendation_cannot_answer_another_snas_finding(
    client_for, lead, sna, finding, partnership
):
    other = AssessmentFactory(partnership=partnership, period="2027/28")

    response = client_for(lead).post(
        page_url("findings-recommendation-new", other),
        {"title": "Patrols", "findings": [finding.pk]},
    )

    assert "Select findings from the list" in response.content.decode()
    with scopes_disabled():
        assert not Recommendation.objects.exists()
