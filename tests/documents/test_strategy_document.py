"""The annual response strategy as a document: every section the guidance expects, the plan
and figures the partnership recorded, a public version without restricted detail, DRAFT on
drafts, and a published strategy printing what was published whatever is edited later."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader

from assessments.models import DataPoint
from documents import content as documents
from partnerships import services as partnership_services
from partnerships.models import Membership
from strategies import services
from strategies.models import Priority, Strategy
from tests.documents.conftest import publish, words_of
from tests.factories import ActionFactory, MembershipFactory, UserFactory

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

SECTIONS = [
    "Foreword and signatories",
    "Executive summary",
    "Statutory context",
    "Partnership arrangements and governance",
    "Local definition of serious violence",
    "Strategic needs assessment summary",
    "Priorities",
    "Delivery plan",
    "Measures",
    "Engagement with the voluntary sector, young people and communities",
    "Consultation record",
    "Resources and funding",
    "Monitoring and review",
    "Appendices",
]


# The export worker renders inside the partnership's scope, as these helpers do.


def html_of(strategy, **kwargs) -> str:
    """The document's HTML, with the no-break spaces that bind short words in headings read as
    spaces (the stories check words, not where a heading may break)."""
    with scope(partnership=strategy.partnership):
        return documents.strategy_html(strategy=strategy, **kwargs).replace("\xa0", " ")


def pdf_of(strategy, **kwargs) -> PdfReader:
    with scope(partnership=strategy.partnership):
        rendered = documents.render_document(kind="strategy", source=strategy, **kwargs)
    return PdfReader(io.BytesIO(rendered.content))


def titles(outline) -> list[str]:
    """Bookmark titles at every level (pypdf nests a heading's children in a list)."""
    return [
        t for item in outline for t in (titles(item) if isinstance(item, list) else [item.title])
    ]


def pdf_text(strategy, **kwargs) -> str:
    return words_of(pdf_of(strategy, **kwargs))


@pytest.mark.django_db
def test_the_strategy_pdf_has_every_section_the_partnership_name_and_page_numbers(
    plan, partnership
):
    text = pdf_text(plan)

    for heading in SECTIONS:
        assert heading in text
    assert partnership.name in text
    assert "Page 1 of" in text


@pytest.mark.django_db
def test_the_strategy_pdf_is_titled_and_bookmarked_by_its_sections(plan, partnership):
    reader = pdf_of(plan)

    assert reader.metadata.title == f"Northshire Serious Violence Strategy: {partnership.name}"
    assert reader.metadata.author == partnership.name
    bookmarks = titles(reader.outline)
    assert "Northshire Serious Violence Strategy" in bookmarks
    assert "Delivery plan" in bookmarks


@pytest.mark.django_db
def test_the_strategy_pdf_shows_the_plan_and_its_figures(plan):
    text = pdf_text(plan)

    assert "Knife crime in the town centre at night" in text
    assert "Put youth workers in the night-time economy" in text
    assert "Northshire Police" in text
    assert "On track" in text
    assert "120" in text
    assert "90" in text


@pytest.mark.django_db
def test_each_priority_cites_the_findings_it_answers(plan):
    html = html_of(plan)

    priorities = html.split('id="priorities"')[1].split('id="delivery-plan"')[0]
    assert "Make the town centre safe at night" in priorities
    assert "Knife crime in the town centre at night" in priorities


@pytest.mark.django_db
def test_an_action_row_names_its_lead_partners_timescale_status_and_funding(plan):
    html = html_of(plan)

    row = html.split('<th scope="row">Put youth workers in the night-time economy</th>')[1]
    row = row.split("</tr>")[0]
    assert "Northshire Police" in row
    assert "Northshire County Council" in row
    assert "1 Apr 2026" in row
    assert "31 Mar 2027" in row
    assert "On track" in row
    assert "Knife offences in the town centre" in row
    assert "Serious Violence Duty grant" in row


@pytest.mark.django_db
def test_a_measure_shows_its_baseline_target_and_latest_live_value(plan):
    html = html_of(plan)

    row = html.split('<th scope="row">Knife offences in the town centre</th>')[1].split("</tr>")[0]
    assert "120 (2025/26)" in row
    assert "90" in row
    # The latest quarter's accepted figures summed over Eastport and Westbury.
    assert "48 (2026-Q2)" in row
    assert "Latest value as at" in html


@pytest.mark.django_db
def test_the_public_version_leaves_out_restricted_actions(plan):
    public = pdf_text(plan, variant="public")

    assert "Covert patrols on the ring road" not in public
    assert "Put youth workers in the night-time economy" in public
    assert "This public version leaves out restricted operational detail." in public


@pytest.mark.django_db
def test_the_full_version_includes_restricted_actions(plan):
    html = html_of(plan, variant="full")

    assert "Covert patrols on the ring road" in html
    assert "This public version leaves out" not in html


@pytest.mark.django_db
def test_the_public_version_leaves_out_restricted_priorities_and_their_measures(plan):
    with scopes_disabled():
        Priority.objects.filter(strategy=plan).update(restricted=True)

    html = html_of(plan, variant="public")

    assert "Make the town centre safe at night" not in html
    assert "Knife offences in the town centre" not in html


@pytest.mark.django_db
def test_a_draft_carries_draft_in_its_body_class_and_on_its_pages(plan):
    html = html_of(plan, draft=True)
    text = pdf_text(plan, draft=True)

    assert '<body class="pdf-document pdf-draft" data-draft="DRAFT">' in html
    assert "DRAFT" in text


@pytest.mark.django_db
def test_a_final_export_is_not_marked_draft(plan):
    html = html_of(plan)

    assert "pdf-draft" not in html
    assert "DRAFT" not in html


@pytest.mark.django_db
def test_a_published_strategy_prints_what_was_published_after_later_edits(plan, lead, police):
    publish(plan, lead, police)
    with scopes_disabled():
        Priority.objects.filter(strategy=plan).update(title="Edited after publication")
        Strategy.objects.filter(pk=plan.pk).update(title="Renamed after publication")
        plan.refresh_from_db()

    text = pdf_text(plan)

    assert "Northshire Serious Violence Strategy" in text
    assert "Make the town centre safe at night" in text
    assert "Edited after publication" not in text
    assert "Renamed after publication" not in text
    assert "Version 1, published on" in text


@pytest.mark.django_db
def test_a_published_strategy_lists_its_signatories(plan, lead, police):
    publish(plan, lead, police)

    html = html_of(plan)

    row = html.split('<th scope="row">Northshire Police</th>')[1].split("</tr>")[0]
    assert "Chief Officer Group" in row
    assert "2 March 2026" in row
    assert "Approved" in row


@pytest.mark.django_db
@pytest.mark.parametrize(
    "rationale",
    [
        '<img src="file:///etc/passwd">',
        "![x](file:///etc/passwd)",
        "![x](https://example.org/x.png)",
    ],
)
def test_images_in_user_text_never_reach_the_renderer(plan, rationale):
    with scopes_disabled():
        Priority.objects.filter(strategy=plan).update(rationale=rationale)

    html = html_of(plan)

    # Typed HTML is printed as harmless text and Markdown images are dropped: nothing to fetch.
    assert "<img" not in html


@pytest.mark.django_db
def test_a_markdown_image_leaves_no_trace_of_its_address(plan):
    with scopes_disabled():
        Priority.objects.filter(strategy=plan).update(rationale="![x](https://example.org/x.png)")

    assert "example.org" not in html_of(plan)


@pytest.mark.django_db
def test_the_document_is_built_in_the_same_number_of_queries_however_many_actions(plan):
    with scopes_disabled():
        priority = Priority.objects.get(strategy=plan)
        police = priority.actions.first().lead_organisation
    with CaptureQueriesContext(connection) as few:
        html_of(plan)
    for _ in range(5):
        ActionFactory(priority=priority, lead_organisation=police)
    with CaptureQueriesContext(connection) as many:
        html_of(plan)

    assert len(many) == len(few)


@pytest.mark.django_db
def test_a_strategy_under_revision_still_prints_its_published_version(plan, lead, police):
    publish(plan, lead, police)
    with scopes_disabled():
        services.strategy_transition(
            strategy=plan, status=Strategy.Status.UNDER_REVIEW, acting_user=lead
        )
        Priority.objects.filter(strategy=plan).update(title="A revised priority")
        plan.refresh_from_db()

    html = html_of(plan)

    assert "Make the town centre safe at night" in html
    assert "A revised priority" not in html


@pytest.mark.django_db
def test_a_draft_of_a_revision_prints_the_revision_as_it_stands(plan, lead, police):
    publish(plan, lead, police)
    with scopes_disabled():
        services.strategy_transition(
            strategy=plan, status=Strategy.Status.UNDER_REVIEW, acting_user=lead
        )
        Priority.objects.filter(strategy=plan).update(title="A revised priority")
        plan.refresh_from_db()

    html = html_of(plan, draft=True)

    assert "A revised priority" in html
    assert "Make the town centre safe at night" not in html
    assert "Version 2, not yet published" in html


@pytest.mark.django_db
def test_every_page_carries_the_marking_the_lead_chose_for_the_partnership(plan, lead):
    partnership = plan.partnership
    partnership_services.partnership_update(
        partnership=partnership,
        name=partnership.name,
        nation=partnership.nation,
        model=partnership.model,
        area_type=partnership.area_type,
        areas=partnership.areas,
        convener_organisation=None,
        protective_marking="official_sensitive",
        acting_user=lead,
    )

    reader = pdf_of(plan)

    assert all("OFFICIAL-SENSITIVE" in page.extract_text() for page in reader.pages)


@pytest.mark.django_db
def test_governance_gives_each_organisations_accountable_person_by_post(plan, lead):
    governance = html_of(plan).split('id="governance"')[1].split('id="definition"')[0]

    row = governance.split('<th scope="row">Northshire County Council</th>')[1].split("</tr>")[0]
    assert "Partnership lead" in row
    assert lead.full_name not in row


@pytest.mark.django_db
def test_governance_names_an_accountable_person_who_agreed_to_be_named(plan, lead, partnership):
    with scopes_disabled():
        membership = Membership.objects.get(user=lead, partnership=partnership)
    partnership_services.membership_set_named(membership=membership, named=True, acting_user=lead)

    governance = html_of(plan).split('id="governance"')[1].split('id="definition"')[0]

    row = governance.split('<th scope="row">Northshire County Council</th>')[1].split("</tr>")[0]
    assert "Priya Shah, Partnership lead" in row


@pytest.fixture
def frontline(police, probation):
    """A neighbourhood sergeant and a probation officer: staff a public document never names
    unless they agree."""
    sergeant = UserFactory(
        email="dan@example.org",
        full_name="Dan Cooper",
        job_title="Sergeant, Neighbourhood Policing Team",
    )
    MembershipFactory(user=sergeant, organisation=police, frontline=True)
    officer = UserFactory(
        email="chloe@example.org", full_name="Chloe Adams", job_title="Probation Officer"
    )
    MembershipFactory(user=officer, organisation=probation, frontline=True)
    return [sergeant, officer]


@pytest.mark.django_db
@pytest.mark.parametrize("variant", ["public", "full"])
def test_the_published_strategy_names_only_members_who_agreed_and_shows_every_post(
    plan, lead, police, partnership, partner, data_lead, convener, observer, frontline, variant
):
    with scopes_disabled():
        priya = Membership.objects.get(user=lead, partnership=partnership)
    partnership_services.membership_set_named(membership=priya, named=True, acting_user=lead)
    publish(plan, lead, police)

    text = pdf_text(plan, variant=variant)

    assert "Priya Shah" in text
    for person in [partner, data_lead, convener, observer, *frontline]:
        assert person.full_name not in text
    for post in [
        "Sergeant, Neighbourhood Policing Team",
        "Probation Officer",
        "Police data lead",
        "Partnership lead",
    ]:
        assert post in text
    for organisation in [
        "Northshire Police",
        "Northshire Probation Delivery Unit",
        "Northshire County Council",
        "Office of the Northshire PCC",
    ]:
        assert organisation in text


@pytest.mark.django_db
def test_a_draft_names_nobody_who_has_not_agreed_either(plan, lead, frontline):
    text = pdf_text(plan, draft=True)

    assert "Dan Cooper" not in text
    assert lead.full_name not in text
    assert "Sergeant, Neighbourhood Policing Team" in text


@pytest.mark.django_db
def test_a_small_latest_value_is_printed_as_suppressed(plan, police):
    with scopes_disabled():
        DataPoint.objects.filter(period_label="2026-Q2").update(value=Decimal(1))

    html = html_of(plan)

    row = html.split('<th scope="row">Knife offences in the town centre</th>')[1].split("</tr>")[0]
    assert "&lt;5 (2026-Q2)" in row


@pytest.mark.django_db
def test_an_unknown_document_kind_is_refused(plan):
    with pytest.raises(ValueError):
        documents.render_document(kind="minutes", source=plan)
