"""Priorities: what the strategy will focus on, each resting on the SNA's findings or
recommendations."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from assessments.models import Assessment, Finding, Recommendation
from strategies import services
from strategies.models import Priority, Strategy
from tests.factories import ActionFactory, AssessmentFactory, PriorityFactory

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

EVIDENCE = (
    "The strategy must rest on the evidence: choose at least one finding or recommendation "
    "from the SNA"
)


def url(name, partnership, *args):
    return reverse(f"tenant:{name}", args=[partnership.slug, *args])


def findings(sna) -> dict[str, Finding]:
    with scopes_disabled():
        return {finding.title: finding for finding in Finding.objects.filter(assessment=sna)}


def recommendation(sna) -> Recommendation:
    with scopes_disabled():
        return Recommendation.objects.get(assessment=sna)


def add(strategy, user, **data) -> Priority:
    values = {"title": "Knife crime at night", "rationale": "The SNA found it."} | data
    with scopes_disabled():
        return services.priority_add(strategy=strategy, data=values, acting_user=user)


def checked(html: str, name: str, value) -> bool:
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return "checked" in tag
    raise AssertionError(f"There is no {name} checkbox for {value}")


def cited(priority) -> Priority:
    """A priority made with the factory, citing the SNA's recommendation."""
    with scopes_disabled():
        priority.recommendations.set(priority.strategy.assessment.recommendations.all())
    return priority


# --- Adding -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_lead_adds_a_priority_citing_a_finding(client_for, lead, partnership, strategy, sna):
    knives = findings(sna)["Knife crime in the town centre at night"]

    response = client_for(lead).post(
        url("priorities-new", partnership, strategy.pk),
        {
            "title": "Make the town centre safe at night",
            "rationale": "Two thirds of knife offences happen there.",
            "findings": [knives.pk],
            "problem": "Knife crime after dark",
        },
        follow=True,
    )

    assert "“Make the town centre safe at night” has been added" in response.content.decode()
    with scopes_disabled():
        priority = Priority.objects.get()
        assert list(priority.findings.all()) == [knives]
    assert (priority.problem, priority.order) == ("Knife crime after dark", 1)


@pytest.mark.django_db
def test_a_recommendation_alone_is_enough_evidence(lead, strategy, sna):
    priority = add(strategy, lead, recommendations=[recommendation(sna)])

    with scopes_disabled():
        assert list(priority.recommendations.all()) == [recommendation(sna)]


@pytest.mark.django_db
def test_a_priority_without_evidence_is_refused(lead, strategy):
    with pytest.raises(ValidationError) as refused:
        add(strategy, lead)

    assert EVIDENCE in str(refused.value)
    with scopes_disabled():
        assert not Priority.objects.exists()


@pytest.mark.django_db
def test_the_form_explains_that_a_priority_needs_evidence_and_keeps_the_typed_text(
    client_for, lead, partnership, strategy
):
    response = client_for(lead).post(
        url("priorities-new", partnership, strategy.pk),
        {"title": "Make the town centre safe", "rationale": "Two thirds of knife offences."},
    )

    html = response.content.decode()
    assert EVIDENCE in html
    assert 'value="Make the town centre safe"' in html
    assert "Two thirds of knife offences." in html


@pytest.mark.django_db
def test_a_missing_title_is_explained_and_the_chosen_evidence_kept(
    client_for, lead, partnership, strategy, sna
):
    knives = findings(sna)["Knife crime in the town centre at night"]

    response = client_for(lead).post(
        url("priorities-new", partnership, strategy.pk),
        {"title": "", "rationale": "Knife offences.", "findings": [knives.pk]},
    )

    html = response.content.decode()
    assert "Enter the title of the priority" in html
    assert checked(html, "findings", knives.pk)


@pytest.mark.django_db
def test_a_finding_of_another_sna_is_refused(lead, partnership, strategy):
    other = AssessmentFactory(
        partnership=partnership, period="2025/26", status=Assessment.Status.AGREED
    )
    with scopes_disabled():
        old = Finding.objects.create(
            partnership=partnership,
            assessment=other,
            kind=Finding.Kind.TREND,
            title="Robbery rising",
            description="Up a third.",
        )

    with pytest.raises(ValidationError) as refused:
        add(strategy, lead, findings=[old])

    assert "Choose findings and recommendations from the SNA the strategy rests on" in str(
        refused.value
    )


@pytest.mark.django_db
def test_the_form_offers_only_the_strategys_own_sna_findings(
    client_for, lead, partnership, strategy
):
    other = AssessmentFactory(partnership=partnership, period="2025/26")
    with scopes_disabled():
        Finding.objects.create(
            partnership=partnership,
            assessment=other,
            kind=Finding.Kind.TREND,
            title="Robbery rising",
            description="Up a third.",
        )

    html = client_for(lead).get(url("priorities-new", partnership, strategy.pk)).content.decode()

    assert "Knife crime in the town centre at night" in html
    assert "Robbery rising" not in html


@pytest.mark.django_db
def test_a_new_priority_goes_last_unless_placed(lead, strategy, sna):
    evidence = {"recommendations": [recommendation(sna)]}
    first = add(strategy, lead, title="First", **evidence)
    second = add(strategy, lead, title="Second", **evidence)
    placed = add(strategy, lead, title="Placed", order=7, **evidence)

    assert (first.order, second.order, placed.order) == (1, 2, 7)


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Strategy.Status.AGREED, Strategy.Status.PUBLISHED])
def test_priorities_cannot_be_added_once_the_strategy_is_agreed_or_published(
    lead, strategy, sna, status
):
    with scopes_disabled():
        Strategy.objects.filter(pk=strategy.pk).update(status=status)
    strategy.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        add(strategy, lead, recommendations=[recommendation(sna)])

    assert "so it cannot be changed" in str(refused.value)


@pytest.mark.django_db
def test_priorities_can_be_changed_during_a_revision(lead, strategy, sna):
    with scopes_disabled():
        Strategy.objects.filter(pk=strategy.pk).update(status=Strategy.Status.UNDER_REVIEW)
    strategy.refresh_from_db()

    assert add(strategy, lead, recommendations=[recommendation(sna)]).pk


# --- Changing and removing --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_lead_changes_a_priority_and_what_it_cites(
    client_for, lead, partnership, strategy, sna
):
    priority = cited(PriorityFactory(strategy=strategy, title="Knife crime"))
    exclusion = findings(sna)["School exclusion"]

    client_for(lead).post(
        url("priorities-edit", partnership, priority.pk),
        {"title": "Keep children in school", "rationale": "Exclusion.", "findings": [exclusion.pk]},
    )

    priority.refresh_from_db()
    assert priority.title == "Keep children in school"
    with scopes_disabled():
        assert list(priority.findings.all()) == [exclusion]
        assert not priority.recommendations.exists()


@pytest.mark.django_db
def test_the_edit_form_shows_what_the_priority_cites(client_for, lead, partnership, strategy, sna):
    priority = cited(PriorityFactory(strategy=strategy, title="Knife crime"))
    pk = recommendation(sna).pk

    html = client_for(lead).get(url("priorities-edit", partnership, priority.pk)).content.decode()

    assert checked(html, "recommendations", pk)


@pytest.mark.django_db
def test_removing_all_evidence_from_a_priority_is_refused(lead, strategy):
    priority = cited(PriorityFactory(strategy=strategy))

    with pytest.raises(ValidationError) as refused, scopes_disabled():
        services.priority_edit(
            priority=priority, data={"findings": [], "recommendations": []}, acting_user=lead
        )

    assert EVIDENCE in str(refused.value)


@pytest.mark.django_db
def test_the_remove_page_asks_before_removing(client_for, lead, partnership, strategy):
    priority = cited(PriorityFactory(strategy=strategy, title="Knife crime"))

    response = client_for(lead).get(url("priorities-remove", partnership, priority.pk))

    assert "Remove the priority “Knife crime”?" in response.content.decode()
    with scopes_disabled():
        assert Priority.objects.filter(pk=priority.pk).exists()


@pytest.mark.django_db
def test_the_lead_removes_a_priority(client_for, lead, partnership, strategy):
    priority = cited(PriorityFactory(strategy=strategy, title="Knife crime"))

    response = client_for(lead).post(
        url("priorities-remove", partnership, priority.pk), follow=True
    )

    assert "“Knife crime” has been removed" in response.content.decode()
    with scopes_disabled():
        assert not Priority.objects.filter(pk=priority.pk).exists()


@pytest.mark.django_db
def test_a_priority_with_actions_is_not_removed_so_no_progress_is_lost(
    client_for, lead, partnership, strategy, council
):
    priority = cited(PriorityFactory(strategy=strategy))
    ActionFactory(priority=priority, lead_organisation=council)

    response = client_for(lead).post(url("priorities-remove", partnership, priority.pk))

    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "This priority has 1 action. Move it to another priority or remove it first." in html
    with scopes_disabled():
        assert Priority.objects.filter(pk=priority.pk).exists()


@pytest.mark.django_db
def test_a_published_strategys_priority_is_not_removed(lead, strategy):
    priority = cited(PriorityFactory(strategy=strategy))
    with scopes_disabled():
        Strategy.objects.filter(pk=strategy.pk).update(status=Strategy.Status.PUBLISHED)
    priority.refresh_from_db()

    with pytest.raises(ValidationError), scopes_disabled():
        services.priority_remove(priority=priority, acting_user=lead)

    with scopes_disabled():
        assert Priority.objects.filter(pk=priority.pk).exists()


# --- Who may do what --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["partner", "convener"])
def test_partners_and_conveners_cannot_change_priorities(
    request, client_for, partnership, strategy, persona
):
    priority = cited(PriorityFactory(strategy=strategy))
    client = client_for(request.getfixturevalue(persona))

    assert client.get(url("priorities-new", partnership, strategy.pk)).status_code == 403
    assert client.post(url("priorities-edit", partnership, priority.pk)).status_code == 403
    assert client.post(url("priorities-remove", partnership, priority.pk)).status_code == 403
    with scopes_disabled():
        assert Priority.objects.filter(pk=priority.pk).exists()
