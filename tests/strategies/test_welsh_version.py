"""The Welsh version of a strategy, for a partnership in Wales: the lead sees which published
texts still lack their Welsh and writes it beside the English; it is frozen with the English on
publication; a Welsh document prints it, and prints the English where there is none, marked as
English."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled

from assessments import services as assessment_services
from assessments.models import AssessmentModule, LocalDefinition
from documents.content import public_strategy_context, sna_html, strategy_html
from strategies import services
from strategies.models import Strategy
from tests.factories import ActionFactory, AssessmentFactory, PriorityFactory

pytestmark = pytest.mark.usefixtures("northshire_built_once")

WELSH_SUMMARY = "Byddwn yn gwneud canol y dref yn ddiogel gyda’r nos."


@pytest.fixture
def in_wales(partnership):
    partnership.nation = partnership.Nation.WALES
    partnership.save(update_fields=["nation"])
    return partnership


@pytest.fixture
def written(strategy, police):
    """A draft strategy with a summary, a priority and an action, all in English."""
    with scopes_disabled():
        Strategy.objects.filter(pk=strategy.pk).update(
            summary="We will make the town centre safe at night."
        )
        strategy.refresh_from_db()
    priority = PriorityFactory(
        strategy=strategy, title="Safer nights", rationale="Knife crime clusters at night."
    )
    ActionFactory(priority=priority, lead_organisation=police, title="Street pastors")
    return strategy


def overview_url(strategy) -> str:
    return reverse("tenant:strategies-welsh", args=[strategy.partnership.slug, strategy.pk])


def edit_url(strategy, kind: str, pk: int) -> str:
    return reverse(
        "tenant:strategies-welsh-edit", args=[strategy.partnership.slug, strategy.pk, kind, pk]
    )


@pytest.mark.django_db
def test_the_lead_sees_how_many_texts_lack_their_welsh(client_for, lead, in_wales, written):
    body = client_for(lead).get(overview_url(written)).content.decode()

    # Title and summary; the priority's title and rationale; the action's title.
    assert "5 texts have no Welsh yet." in body
    assert "Priority: Safer nights" in body and "Action: Street pastors" in body


@pytest.mark.django_db
def test_the_lead_writes_the_welsh_beside_the_english(client_for, lead, in_wales, written):
    client = client_for(lead)
    page = client.get(edit_url(written, "strategy", written.pk)).content.decode()
    assert "We will make the town centre safe at night." in page

    response = client.post(
        edit_url(written, "strategy", written.pk),
        {"title": "Strategaeth Gogledd-sir", "summary": WELSH_SUMMARY},
    )

    assert response.status_code == 302
    written.refresh_from_db()
    assert written.welsh == {"title": "Strategaeth Gogledd-sir", "summary": WELSH_SUMMARY}
    assert "3 texts have no Welsh yet." in client.get(overview_url(written)).content.decode()


@pytest.mark.django_db
def test_a_welsh_title_longer_than_the_english_field_is_refused_and_kept(
    client_for, lead, in_wales, written
):
    response = client_for(lead).post(
        edit_url(written, "strategy", written.pk), {"title": "T" * 201, "summary": WELSH_SUMMARY}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert WELSH_SUMMARY in body


@pytest.mark.django_db
def test_a_published_strategys_welsh_is_frozen_with_it(lead, in_wales, written):
    with scopes_disabled():
        Strategy.objects.filter(pk=written.pk).update(status=Strategy.Status.PUBLISHED)
        written.refresh_from_db()

        with pytest.raises(ValidationError):
            services.welsh_version_save(
                row=written, texts={"summary": WELSH_SUMMARY}, acting_user=lead
            )


@pytest.mark.django_db
def test_the_snapshot_holds_the_welsh(lead, in_wales, written):
    with scopes_disabled():
        services.welsh_version_save(row=written, texts={"summary": WELSH_SUMMARY}, acting_user=lead)
        snapshot = services.strategy_snapshot(written)

    assert snapshot["welsh"] == {"summary": WELSH_SUMMARY}
    assert snapshot["priorities"][0]["welsh"] == {}


@pytest.mark.django_db
def test_a_welsh_document_prints_the_welsh_and_marks_the_english_left_over(lead, in_wales, written):
    with scopes_disabled():
        services.welsh_version_save(row=written, texts={"summary": WELSH_SUMMARY}, acting_user=lead)
        with translation.override("cy"):
            welsh = strategy_html(strategy=written, draft=True)
        english = strategy_html(strategy=written, draft=True)

    assert WELSH_SUMMARY in welsh
    assert "We will make the town centre safe at night." not in welsh
    assert '<div lang="en-GB"><p class="govuk-body">Knife crime clusters at night.</p>' in welsh
    assert '<span lang="en-GB">Street pastors</span>' in welsh
    assert "We will make the town centre safe at night." in english
    assert '<div lang="en-GB">' not in english


@pytest.mark.django_db
def test_the_welsh_public_page_reads_the_published_welsh(lead, in_wales, written):
    with scopes_disabled():
        services.welsh_version_save(row=written, texts={"summary": WELSH_SUMMARY}, acting_user=lead)
        version = written.versions.create(
            partnership=written.partnership,
            number=1,
            published_on=written.created_at.date(),
            snapshot=services.strategy_snapshot(written),
        )
        with translation.override("cy"):
            context = public_strategy_context(strategy=written, version=version)

    assert WELSH_SUMMARY in context["text"]["summary"]


@pytest.mark.django_db
def test_a_partnership_in_england_has_no_welsh_version_page(client_for, lead, written):
    assert client_for(lead).get(overview_url(written)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["partner", "data_lead", "convener", "observer"])
def test_only_the_lead_writes_the_welsh(request, client_for, in_wales, written, persona):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(overview_url(written)).status_code == 403
    assert client.post(edit_url(written, "strategy", written.pk), {}).status_code == 403


@pytest.mark.django_db
def test_a_row_of_another_strategy_is_not_found_under_this_one(
    client_for, lead, in_wales, written, police
):
    other = PriorityFactory(strategy__partnership=in_wales, strategy__start_period="2030/31")

    response = client_for(lead).get(edit_url(written, "priority", other.pk))

    assert response.status_code == 404


# --- The SNA's modules and the local definition it prints ----------------------------------------


@pytest.fixture
def definition_and_module(partnership, written):
    """Northshire's agreed definition, and the SNA's executive summary, both in English."""
    with scopes_disabled():
        definition = LocalDefinition.objects.create(
            partnership=partnership,
            version=1,
            summary="Violence that causes or risks serious harm.",
            prevalence="Knife crime is rising.",
            status=LocalDefinition.Status.AGREED,
        )
        module = AssessmentModule.objects.create(
            partnership=partnership,
            assessment=written.assessment,
            kind=AssessmentModule.Kind.EXECUTIVE_SUMMARY,
            order=1,
            body="Violence is concentrated in the town centre.",
        )
    return definition, module


@pytest.mark.django_db
def test_the_lead_sees_the_definition_and_the_sna_among_the_texts(
    client_for, lead, in_wales, written, definition_and_module
):
    body = client_for(lead).get(overview_url(written)).content.decode()

    assert "The local definition of serious violence" in body
    assert "SNA: Executive summary" in body
    # The strategy's five, the definition's two, the module's one.
    assert "8 texts have no Welsh yet." in body


@pytest.mark.django_db
def test_the_definitions_welsh_may_be_written_once_the_strategy_is_published(
    client_for, lead, in_wales, written, definition_and_module
):
    definition, _module = definition_and_module
    with scopes_disabled():
        Strategy.objects.filter(pk=written.pk).update(status=Strategy.Status.PUBLISHED)

    response = client_for(lead).post(
        edit_url(written, "definition", definition.pk),
        {"summary": "Trais sy'n achosi niwed difrifol.", "prevalence": ""},
    )

    assert response.status_code == 302
    definition.refresh_from_db()
    assert definition.welsh == {"summary": "Trais sy'n achosi niwed difrifol."}


@pytest.mark.django_db
def test_welsh_documents_print_the_definition_and_the_sna_in_welsh_where_written(
    lead, in_wales, written, definition_and_module
):
    definition, module = definition_and_module
    with scopes_disabled():
        assessment_services.assessment_welsh_save(
            row=definition, texts={"summary": "Trais sy'n achosi niwed difrifol."}, acting_user=lead
        )
        assessment_services.assessment_welsh_save(
            row=module, texts={"body": "Mae trais yng nghanol y dref."}, acting_user=lead
        )
        with translation.override("cy"):
            strategy_document = strategy_html(strategy=written, draft=True)
            sna_document = sna_html(assessment=written.assessment)

    assert "Trais sy'n achosi niwed difrifol." in strategy_document
    assert '<span lang="en-GB">Knife crime is rising.</span>' in strategy_document
    assert "Mae trais yng nghanol y dref." in sna_document
    assert "Violence is concentrated in the town centre." not in sna_document


@pytest.mark.django_db
def test_a_module_of_another_sna_is_not_found_under_this_strategy(
    client_for, lead, in_wales, written
):
    other = AssessmentFactory(partnership=in_wales, period="2024/25")
    with scopes_disabled():
        module = AssessmentModule.objects.create(
            partnership=in_wales, assessment=other, kind="places", order=5, body="Elsewhere."
        )

    assert client_for(lead).get(edit_url(written, "module", module.pk)).status_code == 404
