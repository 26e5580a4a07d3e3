"""The strategic needs assessment as a document: restricted by default, with the local
definition, each module's text, findings with their evidence, charts beside their figures,
provision and gaps, and recommendations."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader

from assessments.models import Assessment, AssessmentModule, DataPoint, Finding, LocalDefinition
from documents import content as documents
from partnerships import services as partnership_services
from partnerships.models import Membership
from tests.documents.conftest import words_of

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

SECTIONS = [
    "Local definition of serious violence",
    "Scope and methodology",
    "Partners and their roles",
    "Data sources",
    "Findings",
    "Measures and trends",
    "Provision map and gaps",
    "Recommendations",
    "Appendix: data tables",
]


def html_of(assessment, **kwargs) -> str:
    """The document's HTML, with the no-break spaces that bind short words in headings read as
    spaces (the stories check words, not where a heading may break)."""
    with scope(partnership=assessment.partnership):
        return documents.sna_html(assessment=assessment, **kwargs).replace("\xa0", " ")


def pdf_text(assessment, **kwargs) -> str:
    with scope(partnership=assessment.partnership):
        rendered = documents.render_document(kind="sna", source=assessment, **kwargs)
    return words_of(PdfReader(io.BytesIO(rendered.content)))


@pytest.fixture
def written(sna, lead):
    """The SNA with its problem profile written and the agreed local definition it used."""
    with scopes_disabled():
        definition = LocalDefinition.objects.create(
            partnership=sna.partnership,
            version=1,
            status=LocalDefinition.Status.AGREED,
            summary="Violence causing serious harm, in public or in private.",
            violence_types=["knife_crime", "homicide"],
            age_scope="All ages",
            prevalence="Knife crime has risen for three years.",
        )
        AssessmentModule.objects.create(
            partnership=sna.partnership,
            assessment=sna,
            kind=AssessmentModule.Kind.PROBLEM_PROFILE,
            order=3,
            body="Knife offences **cluster** in the town centre.",
        )
        Assessment.objects.filter(pk=sna.pk).update(definition=definition)
        sna.refresh_from_db()
    return sna


@pytest.mark.django_db
def test_the_sna_pdf_has_its_sections_findings_figures_and_recommendations(
    written, knife_figures, partnership
):
    text = pdf_text(written)

    for heading in SECTIONS:
        assert heading in text
    assert partnership.name in text
    assert "Knife crime in the town centre at night" in text
    assert "School exclusion" in text
    assert "Put youth workers in the night-time economy" in text
    assert "Page 1 of" in text


@pytest.mark.django_db
def test_the_sna_is_marked_official_sensitive_by_default(written):
    html = html_of(written)

    assert '<p class="pdf-marking">OFFICIAL-SENSITIVE</p>' in html


@pytest.mark.django_db
def test_an_sna_the_partnership_has_unrestricted_carries_its_default_marking(written):
    with scopes_disabled():
        Assessment.objects.filter(pk=written.pk).update(restricted=False)
        written.refresh_from_db()

    assert '<p class="pdf-marking">OFFICIAL</p>' in html_of(written)


@pytest.mark.django_db
def test_the_sna_shows_its_local_definition_with_the_four_factors(written):
    html = html_of(written)

    assert "Violence causing serious harm, in public or in private." in html
    assert "Knife and sharp-object crime" in html
    assert "Prevalence in the area" in html
    assert "Knife crime has risen for three years." in html


@pytest.mark.django_db
def test_each_module_prints_its_text_as_markdown(written):
    html = html_of(written)

    assert "<h2>Problem profile</h2>" in html
    assert "<strong>cluster</strong>" in html


@pytest.mark.django_db
def test_a_finding_shows_the_contributions_and_measures_it_rests_on(written, knife_figures):
    html = html_of(written)

    finding = html.split("<h3>Knife crime in the town centre at night</h3>")[1].split("<h3>")[0]
    assert "Knife offences by quarter (Northshire Police)" in finding
    assert "Knife" in finding.split("Measures:")[1]


@pytest.mark.django_db
def test_each_measure_has_a_standalone_chart_and_a_table_of_its_figures(written, knife_figures):
    html = html_of(written)

    charts = html.split('id="charts"')[1].split('id="provision"')[0]
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in charts
    # Nothing in a chart points outside the document.
    assert "href" not in charts
    # Each quarter summed over Eastport and Westbury.
    assert re.search(r'<th scope="row">2026-Q1</th>\s*<td class="pdf-number">58</td>', charts)
    assert re.search(r'<th scope="row">2026-Q2</th>\s*<td class="pdf-number">48</td>', charts)


@pytest.mark.django_db
def test_the_appendix_tables_figures_by_area(written, knife_figures):
    text = pdf_text(written)

    appendix = text.split("Appendix: data tables")[-1]
    assert "2026-Q1 Eastport 41" in appendix
    assert "2026-Q2 Westbury 12" in appendix


@pytest.mark.django_db
def test_small_figures_are_printed_as_suppressed_whoever_exports(written, knife_figures):
    with scopes_disabled():
        DataPoint.objects.filter(period_label="2026-Q2", area="Westbury").update(value=3)
        DataPoint.objects.filter(period_label="2026-Q2", area="Eastport").update(value=1)

    html = html_of(written)
    text = pdf_text(written)

    charts = html.split('id="charts"')[1].split('id="provision"')[0]
    assert re.search(r'<th scope="row">2026-Q2</th>\s*<td class="pdf-number">&lt;5</td>', charts)
    assert charts.count('class="app-chart__marker"') == 1
    appendix = text.split("Appendix: data tables")[-1]
    assert "2026-Q2 Eastport <5" in appendix
    assert "2026-Q2 Westbury <5" in appendix


@pytest.mark.django_db
def test_partners_are_listed_by_post_unless_they_agreed_to_be_named(
    written, lead, data_lead, partnership
):
    with scopes_disabled():
        tom = Membership.objects.get(user=data_lead, partnership=partnership)
    partnership_services.membership_set_named(membership=tom, named=True, acting_user=data_lead)

    partners = html_of(written).split('id="partners"')[1].split('id="data-sources"')[0]

    assert "Tom Evans, Police data lead" in partners
    assert lead.full_name not in partners
    assert "Partnership lead" in partners


@pytest.mark.django_db
def test_gaps_in_provision_are_listed(written):
    with scopes_disabled():
        Finding.objects.create(
            partnership=written.partnership,
            assessment=written,
            kind=Finding.Kind.GAP,
            title="No detached youth work on weekend nights",
            description="Nobody is out after 10pm.",
        )

    provision = html_of(written).split('id="provision"')[1].split('id="recommendations"')[0]

    assert "No detached youth work on weekend nights" in provision


@pytest.mark.django_db
def test_a_draft_sna_carries_draft(written):
    text = pdf_text(written, draft=True)

    assert "DRAFT" in text
    assert "pdf-draft" in html_of(written, draft=True)


@pytest.mark.django_db
def test_images_in_a_module_never_reach_the_renderer(written):
    with scopes_disabled():
        AssessmentModule.objects.filter(assessment=written).update(
            body='<img src="file:///etc/passwd"> ![x](https://example.org/x.png)'
        )

    html = html_of(written)

    assert "<img" not in html
    assert "example.org" not in html


@pytest.mark.django_db
def test_the_sna_is_built_in_the_same_number_of_queries_however_many_findings(written):
    html_of(written)  # loads the partnership and definition onto the instance once
    with CaptureQueriesContext(connection) as few:
        html_of(written)
    with scopes_disabled():
        for n in range(5):
            Finding.objects.create(
                partnership=written.partnership,
                assessment=written,
                kind=Finding.Kind.TREND,
                title=f"Trend {n}",
                description="Rising.",
            )
    with CaptureQueriesContext(connection) as many:
        html_of(written)

    assert len(many) == len(few)
