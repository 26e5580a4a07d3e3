"""The SNA pages: a lead starts an SNA, writes and assigns its modules, moves it through review
to agreement and publication, and records when it went to the Home Office; module owners write
their own module; partners, data leads and conveners read; observers see nothing of it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from assessments import services
from assessments.models import Assessment, AssessmentModule
from tests.assessments.sna_stories import membership_of, modules_of, set_module, start_sna, url
from tests.factories import AssessmentFactory
from tests.query_counts import cold_cache

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

READERS = ["lead", "partner", "data_lead", "convener"]
NOT_MANAGERS = ["partner", "data_lead", "convener", "observer"]
MANAGE_PAGES = [
    "assessment-edit",
    "assessment-review",
    "assessment-agree",
    "assessment-publish",
    "assessment-shared",
]


@pytest.fixture
def sna(partnership, lead):
    """Northshire's SNA for 2026/27, started by Priya, with its nine modules."""
    return start_sna(partnership, lead)


def reload(assessment) -> Assessment:
    with scopes_disabled():
        return Assessment.objects.get(pk=assessment.pk)


def date_post(prefix: str, day, month, year) -> dict:
    return {f"{prefix}_day": day, f"{prefix}_month": month, f"{prefix}_year": year}


# --- Who may do what ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", READERS)
def test_people_who_see_the_sna_see_the_list_detail_and_modules(
    request, client_for, everyone, sna, persona
):
    client = client_for(request.getfixturevalue(persona))
    module = modules_of(sna)[2]

    listing = client.get(url("assessment"))
    detail = client.get(url("assessment-detail", sna.pk))
    module_page = client.get(url("assessment-module", sna.pk, module.pk))

    assert listing.status_code == detail.status_code == module_page.status_code == 200
    assert "SNA 2026/27" in listing.content.decode()
    assert "Problem profile" in detail.content.decode()
    assert "Problem profile" in module_page.content.decode()


@pytest.mark.django_db
def test_an_observer_may_not_see_the_sna(client_for, observer, sna):
    client = client_for(observer)
    module = modules_of(sna)[0]

    for page in [
        url("assessment"),
        url("assessment-detail", sna.pk),
        url("assessment-module", sna.pk, module.pk),
    ]:
        assert client.get(page).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("persona", NOT_MANAGERS)
@pytest.mark.parametrize("page", MANAGE_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_a_lead_may_manage_the_sna(request, client_for, everyone, sna, persona, page, method):
    response = getattr(client_for(request.getfixturevalue(persona)), method)(
        url(page, sna.pk), {"scope": "Changed", **date_post("shared_on", "1", "4", "2026")}
    )

    assert response.status_code == 403
    after = reload(sna)
    assert (after.status, after.scope, after.shared_with_home_office_on) == (
        Assessment.Status.DRAFT,
        sna.scope,
        None,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("persona", NOT_MANAGERS)
def test_only_a_lead_may_start_an_sna(request, client_for, everyone, persona):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(url("assessment-new")).status_code == 403
    assert client.post(url("assessment-new"), {"period": "2027/28"}).status_code == 403
    with scopes_disabled():
        assert not Assessment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["assessment-new", "assessment-detail", *MANAGE_PAGES])
def test_a_lead_opens_every_page(client_for, lead, sna, page):
    target = url(page) if page == "assessment-new" else url(page, sna.pk)

    assert client_for(lead).get(target).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_member_of_another_partnership_gets_404(client_for, outsider, sna, method):
    client = client_for(outsider)
    module = modules_of(sna)[0]
    pages = [
        url("assessment"),
        url("assessment-new"),
        url("assessment-detail", sna.pk),
        url("assessment-module", sna.pk, module.pk),
        *(url(page, sna.pk) for page in MANAGE_PAGES),
    ]

    for page in pages:
        assert getattr(client, method)(page).status_code == 404, page


@pytest.mark.django_db
def test_a_lead_elsewhere_cannot_open_a_northshire_sna_through_their_own_partnership(
    client_for, outsider, sna
):
    module = modules_of(sna)[0]
    own = reverse("tenant:assessment-module", args=["southvale", sna.pk, module.pk])

    assert client_for(outsider).get(own).status_code == 404


@pytest.mark.django_db
def test_a_module_of_another_sna_is_not_found_under_this_one(client_for, lead, partnership, sna):
    with scopes_disabled():
        other = services.assessment_start(
            partnership=partnership, period="2025/26", scope="", methodology="", acting_user=lead
        )
    foreign_module = modules_of(other)[0]

    response = client_for(lead).get(url("assessment-module", sna.pk, foreign_module.pk))

    assert response.status_code == 404


@pytest.mark.django_db
def test_a_signed_out_visitor_is_sent_to_sign_in(client, sna):
    response = client.get(url("assessment-detail", sna.pk))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


# --- Starting and editing -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_lead_starts_an_sna_with_its_nine_modules_in_order(client_for, lead, partnership):
    response = client_for(lead).post(
        url("assessment-new"),
        {"period": "2026/27", "scope": "Under-25s", "methodology": "Data calls"},
        follow=True,
    )

    assert response.status_code == 200
    assert "The SNA for 2026/27 has been started" in response.content.decode()
    with scopes_disabled():
        assessment = Assessment.objects.get(partnership=partnership)
    assert (assessment.period, assessment.status, assessment.restricted) == (
        "2026/27",
        Assessment.Status.DRAFT,
        True,
    )
    assert [m.kind for m in modules_of(assessment)] == AssessmentModule.Kind.values
    assert {m.status for m in modules_of(assessment)} == {AssessmentModule.Status.NOT_STARTED}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("", "Enter the period the SNA covers, for example 2026/27"),
        ("2026-27", "Enter a financial year like 2026/27"),
        ("2026/28", "Enter a financial year like 2026/27"),
        ("2026/27", "The partnership already has an SNA for 2026/27"),
    ],
)
def test_a_period_must_be_a_financial_year_not_already_taken(
    client_for, lead, sna, period, message
):
    response = client_for(lead).post(
        url("assessment-new"), {"period": period, "scope": "What I typed"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "What I typed" in page
    with scopes_disabled():
        assert Assessment.objects.count() == 1


@pytest.mark.django_db
def test_the_same_period_may_be_used_by_another_partnership(
    client_for, lead, sna, other_partnership
):
    with scopes_disabled():
        services.assessment_start(
            partnership=other_partnership,
            period="2027/28",
            scope="",
            methodology="",
            acting_user=None,
        )

    response = client_for(lead).post(url("assessment-new"), {"period": "2027/28"})

    assert response.status_code == 302


@pytest.mark.django_db
def test_the_detail_page_shows_the_sna_and_its_task_list(client_for, lead, sna):
    page = client_for(lead).get(url("assessment-detail", sna.pk)).content.decode()

    assert "OFFICIAL-SENSITIVE" in page
    assert "<em>under-25s</em>" in page  # scope rendered as Markdown
    assert "govuk-task-list" in page
    assert page.count("govuk-task-list__item--with-link") == 9
    assert "Not started" in page
    assert url("assessment-review", sna.pk) in page
    assert "The partnership has not agreed" not in page


@pytest.mark.django_db
def test_readers_see_no_management_controls(client_for, partner, sna):
    page = client_for(partner).get(url("assessment-detail", sna.pk)).content.decode()

    assert url("assessment-edit", sna.pk) not in page
    assert url("assessment-review", sna.pk) not in page
    assert url("assessment-shared", sna.pk) not in page


@pytest.mark.django_db
def test_a_lead_edits_scope_methodology_and_marking(client_for, lead, sna):
    response = client_for(lead).post(
        url("assessment-edit", sna.pk), {"scope": "New scope", "methodology": "New method"}
    )

    assert response.status_code == 302
    after = reload(sna)
    assert (after.scope, after.methodology, after.restricted) == ("New scope", "New method", False)
    page = client_for(lead).get(url("assessment-detail", sna.pk)).content.decode()
    assert "OFFICIAL-SENSITIVE" not in page


# --- Status transitions ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_sna_moves_from_draft_through_review_to_agreed_and_published(client_for, lead, sna):
    client = client_for(lead)
    for module in modules_of(sna):
        set_module(module, status=AssessmentModule.Status.READY, acting_user=lead)

    assert client.post(url("assessment-review", sna.pk)).status_code == 302
    assert reload(sna).status == Assessment.Status.IN_REVIEW
    assert client.post(url("assessment-agree", sna.pk)).status_code == 302
    agreed = reload(sna)
    assert agreed.status == Assessment.Status.AGREED
    assert agreed.agreed_on == timezone.localdate()
    assert client.post(url("assessment-publish", sna.pk)).status_code == 302
    assert reload(sna).status == Assessment.Status.PUBLISHED


@pytest.mark.django_db
def test_the_sna_cannot_be_agreed_while_modules_are_not_ready(client_for, lead, sna):
    modules = modules_of(sna)
    for module in modules[:7]:
        set_module(module, status=AssessmentModule.Status.AGREED, acting_user=lead)
    set_module(modules[7], status=AssessmentModule.Status.IN_PROGRESS, acting_user=lead)
    with scopes_disabled():
        services.assessment_transition(
            assessment=sna, status=Assessment.Status.IN_REVIEW, acting_user=lead
        )

    response = client_for(lead).post(url("assessment-agree", sna.pk))

    assert response.status_code == 200
    page = response.content.decode()
    assert "The SNA cannot be agreed until every module is ready for review or agreed" in page
    assert "Community and young people&#x27;s voice, Recommendations" in page
    after = reload(sna)
    assert (after.status, after.agreed_on) == (Assessment.Status.IN_REVIEW, None)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["assessment-agree", "assessment-publish"])
def test_a_draft_cannot_skip_review(client_for, lead, sna, page):
    response = client_for(lead).post(url(page, sna.pk))

    assert response.status_code == 200
    assert "The SNA is draft, so it cannot be marked" in response.content.decode()
    assert reload(sna).status == Assessment.Status.DRAFT


@pytest.mark.django_db
def test_a_lead_records_the_date_shared_with_the_home_office(client_for, lead, sna):
    response = client_for(lead).post(
        url("assessment-shared", sna.pk), date_post("shared_on", "2", "4", "2026"), follow=True
    )

    assert response.status_code == 200
    assert reload(sna).shared_with_home_office_on == datetime.date(2026, 4, 2)
    assert "2 April 2026" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the date the SNA was shared with the Home Office"),
        ("31", "2", "2026", "Date shared with the Home Office must be a real date"),
        ("1", "13", "2026", "Date shared with the Home Office must be a real date"),
        ("x", "2", "2026", "Date shared with the Home Office must be a real date"),
        ("1", "", "", "Date shared with the Home Office must include a month and year"),
        ("", "4", "2026", "Date shared with the Home Office must include a day"),
        ("1", "4", "26", "Year must include 4 numbers"),
        ("1", "1", "2099", "The date shared with the Home Office must be today or in the past"),
    ],
)
def test_the_shared_date_is_validated_with_clear_messages(
    client_for, lead, sna, day, month, year, message
):
    response = client_for(lead).post(
        url("assessment-shared", sna.pk), date_post("shared_on", day, month, year)
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'href="#id_shared_on"' in page  # the error summary links to the day box
    if day:
        assert f'value="{day}"' in page  # what was typed is kept
    assert reload(sna).shared_with_home_office_on is None


# --- Queries --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_takes_as_many_queries_for_12_snas_as_for_3(client_for, lead, partnership):
    client = client_for(lead)

    def count(n):
        with scopes_disabled():
            for year in range(2000 + Assessment.objects.count(), 2000 + n):
                AssessmentFactory(partnership=partnership, period=f"{year}/{(year + 1) % 100:02d}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("assessment")).status_code == 200
        return len(queries)

    assert count(3) == count(12)


@pytest.mark.django_db
def test_the_detail_page_query_count_does_not_grow_with_owners(
    client_for, lead, partner, data_lead, convener, partnership, sna
):
    client = client_for(lead)
    modules = modules_of(sna)
    with CaptureQueriesContext(connection) as before:
        client.get(url("assessment-detail", sna.pk))
    for module, user in zip(modules, [lead, partner, data_lead, convener], strict=False):
        set_module(module, status="in_progress", owner=membership_of(user, partnership))
    with CaptureQueriesContext(connection) as after:
        client.get(url("assessment-detail", sna.pk))

    assert len(before) == len(after)


@pytest.mark.django_db
def test_an_agreed_sna_keeps_the_definition_it_was_agreed_on(
    client_for, lead, sna, partnership, council
):
    def agree_definition(summary):
        with scopes_disabled():
            definition = services.definition_create(
                partnership=partnership,
                data={"summary": summary, "violence_types": ["knife_crime"], "age_scope": "All"},
                acting_user=lead,
            )
            return services.definition_agree(
                definition=definition,
                agreed_on=timezone.localdate(),
                organisations=[council],
                acting_user=lead,
            )

    first = agree_definition("Knife crime of all kinds")
    for module in modules_of(sna):
        set_module(module, status=AssessmentModule.Status.READY, acting_user=lead)
    with scopes_disabled():
        for status in (Assessment.Status.IN_REVIEW, Assessment.Status.AGREED):
            services.assessment_transition(assessment=sna, status=status, acting_user=lead)
    agree_definition("Knife crime and robbery")

    response = client_for(lead).get(url("assessment-detail", sna.pk))

    assert reload(sna).definition == first
    assert response.context["definition"] == first


@pytest.mark.django_db
def test_the_detail_page_reads_the_definition_in_one_query_before_and_after_agreement(
    client_for, lead, sna, partnership, council
):
    # Before agreement the page shows today's agreed definition; after, the one the SNA was
    # agreed on: the same queries either way (the demo and the national-scale data differ so).
    client = client_for(lead)
    with scopes_disabled():
        definition = services.definition_create(
            partnership=partnership,
            data={"summary": "Knife crime", "violence_types": ["knife_crime"], "age_scope": "All"},
            acting_user=lead,
        )
        services.definition_agree(
            definition=definition,
            agreed_on=timezone.localdate(),
            organisations=[council],
            acting_user=lead,
        )
    cold_cache()
    with CaptureQueriesContext(connection) as before:
        assert client.get(url("assessment-detail", sna.pk)).context["definition"] == definition
    for module in modules_of(sna):
        set_module(module, status=AssessmentModule.Status.READY, acting_user=lead)
    with scopes_disabled():
        for status in (Assessment.Status.IN_REVIEW, Assessment.Status.AGREED):
            services.assessment_transition(assessment=sna, status=status, acting_user=lead)
    assert reload(sna).definition == definition
    cold_cache()
    with CaptureQueriesContext(connection) as after:
        assert client.get(url("assessment-detail", sna.pk)).context["definition"] == definition

    assert len(before) == len(after)
