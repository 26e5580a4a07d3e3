"""The local strategic landscape: the lead maps the other partnerships, strategies and
initiatives the partnership aligns with (the guidance's Table 9), everyone who sees the strategy
reads the register, and the strategy document says how the strategy fits with them."""

import datetime
import html
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader

from documents import content as documents
from partnerships.access import actor_for
from partnerships.models import AuditEntry
from strategies import services
from strategies.models import LandscapeEntry
from tests.documents.conftest import words_of
from tests.factories import LandscapeEntryFactory
from tests.query_counts import cold_cache

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

CSP_PLAN = {
    "name": "Northshire Community Safety Strategy 2025 to 2028",
    "kind": "csp",
    "owner": "Northshire Community Safety Partnership",
    "alignment": "The CSP leads on antisocial behaviour; we lead on knife crime.\nOne joint board.",
    "opportunities": "A joint consultation with young people.",
    "web_address": "https://northshire.example.org/csp-strategy",
    "review_on_day": "31",
    "review_on_month": "3",
    "review_on_year": "2027",
}


def url(name: str, *args) -> str:
    return reverse(f"tenant:{name}", args=["northshire", *args])


def entries() -> list[LandscapeEntry]:
    with scopes_disabled():
        return list(LandscapeEntry.objects.order_by("pk"))


def errors(page: str) -> list[str]:
    summary = page.split('govuk-error-summary__list"', 1)[-1].split("</ul>", 1)[0]
    return [html.unescape(e.strip()) for e in re.findall(r'<a href="#[^"]*">([^<]*)</a>', summary)]


def timeline(entry_pk: int) -> list[AuditEntry]:
    with scopes_disabled():
        return list(
            AuditEntry.objects.filter(subject_type="landscapeentry", subject_id=entry_pk).order_by(
                "occurred_at", "pk"
            )
        )


# --- The lead keeps the register ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_lead_adds_the_community_safety_strategy_and_the_timeline_records_it(
    client_for, lead, partnership
):
    response = client_for(lead).post(url("landscape-new"), CSP_PLAN, follow=True)

    page = response.content.decode()
    assert "“Northshire Community Safety Strategy 2025 to 2028” has been added" in html.unescape(
        page
    )
    assert "Community safety partnership" in page
    assert "31 March 2027" in page
    assert 'href="https://northshire.example.org/csp-strategy"' in page
    [added] = entries()
    assert (added.partnership, added.added_by, added.review_on) == (
        partnership,
        lead,
        datetime.date(2027, 3, 31),
    )
    [audit] = timeline(added.pk)
    assert (audit.actor, audit.action, audit.summary) == (
        lead,
        AuditEntry.Action.CREATED,
        "Added to the strategic landscape",
    )


@pytest.mark.django_db
def test_the_lead_changes_how_the_partnership_aligns_and_the_change_is_audited(
    client_for, lead, partnership
):
    entry = LandscapeEntryFactory(partnership=partnership, name="Combating drugs plan")

    response = client_for(lead).post(
        url("landscape-edit", entry.pk),
        CSP_PLAN | {"name": "Combating drugs plan", "kind": "combating_drugs"},
    )

    assert response.status_code == 302
    assert response.url == url("landscape")
    [changed] = entries()
    assert changed.kind == LandscapeEntry.Kind.COMBATING_DRUGS_PARTNERSHIP
    audit = timeline(entry.pk)[-1]
    assert (audit.actor, audit.summary) == (lead, "Strategic landscape entry changed")
    assert {
        "field": "kind",
        "old": "Community safety partnership",
        "new": "Combating drugs partnership",
    } in audit.changes


@pytest.mark.django_db
def test_the_lead_removes_an_entry_only_once_they_confirm(client_for, lead, partnership):
    entry = LandscapeEntryFactory(partnership=partnership, name="Old youth justice plan")
    client = client_for(lead)

    question = client.get(url("landscape-remove", entry.pk)).content.decode()

    assert "Remove “Old youth justice plan”?" in html.unescape(question)
    assert len(entries()) == 1

    response = client.post(url("landscape-remove", entry.pk), follow=True)

    assert "“Old youth justice plan” has been removed" in html.unescape(response.content.decode())
    assert entries() == []
    audit = timeline(entry.pk)[-1]
    assert (audit.actor, audit.action, audit.summary) == (
        lead,
        AuditEntry.Action.DELETED,
        "Removed from the strategic landscape",
    )


# --- Who may do what ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_partner_reads_the_register_but_may_not_change_it(client_for, partner, partnership):
    entry = LandscapeEntryFactory(partnership=partnership, name="Safeguarding partnership plan")
    client = client_for(partner)

    page = client.get(url("landscape")).content.decode()

    assert "Safeguarding partnership plan" in page
    assert url("landscape-new") not in page
    assert url("landscape-edit", entry.pk) not in page
    assert client.get(url("landscape-new")).status_code == 403
    assert client.post(url("landscape-new"), CSP_PLAN).status_code == 403
    assert client.post(url("landscape-edit", entry.pk), CSP_PLAN).status_code == 403
    assert client.post(url("landscape-remove", entry.pk)).status_code == 403
    assert [e.name for e in entries()] == ["Safeguarding partnership plan"]


@pytest.mark.django_db
def test_an_observer_may_not_see_the_register(client_for, observer):
    assert client_for(observer).get(url("landscape")).status_code == 403


@pytest.mark.django_db
def test_to_an_outsider_the_register_and_its_entries_do_not_exist(
    client_for, outsider, partnership, other_partnership
):
    entry = LandscapeEntryFactory(partnership=partnership)
    client = client_for(outsider)
    theirs = reverse("tenant:landscape-edit", args=[other_partnership.slug, entry.pk])

    assert client.get(url("landscape")).status_code == 404
    assert client.get(url("landscape-edit", entry.pk)).status_code == 404
    assert client.post(theirs, CSP_PLAN).status_code == 404
    assert entries()[0].name != CSP_PLAN["name"]


@pytest.mark.django_db
def test_the_service_refuses_a_lead_acting_for_another_partnership(
    partnership, other_partnership, outsider
):
    entry = LandscapeEntryFactory(partnership=partnership)

    with scopes_disabled(), pytest.raises(PermissionDenied):
        services.landscape_entry_remove(entry=entry, actor=actor_for(outsider, other_partnership))
    assert entries() == [entry]


# --- What is typed --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_name_too_long_is_refused_and_what_was_typed_is_kept(client_for, lead):
    response = client_for(lead).post(url("landscape-new"), CSP_PLAN | {"name": "N" * 201})

    page = response.content.decode()
    assert response.status_code == 200
    assert errors(page) == ["The name must be 200 characters or fewer"]
    assert f'value="{"N" * 201}"' in page
    assert "One joint board.</textarea>" in page
    assert entries() == []


@pytest.mark.django_db
def test_a_javascript_address_is_refused_with_a_clear_message_and_kept_to_correct(client_for, lead):
    response = client_for(lead).post(
        url("landscape-new"), CSP_PLAN | {"web_address": "javascript:alert(document.cookie)"}
    )

    page = response.content.decode()
    assert errors(page) == ["Enter a web address starting with http:// or https://"]
    assert 'value="javascript:alert(document.cookie)"' in page
    assert 'href="javascript:' not in page
    assert entries() == []


@pytest.mark.django_db
def test_the_service_refuses_an_address_that_is_not_on_the_web(lead, partnership):
    with scope(partnership=partnership), pytest.raises(ValidationError) as refused:
        services.landscape_entry_add(
            data={**CSP_PLAN, "web_address": "ftp://files.example.org/plan.pdf"},
            actor=actor_for(lead, partnership),
        )

    assert refused.value.message_dict == {
        "web_address": ["Enter a web address starting with http:// or https://"]
    }
    assert entries() == []


# --- Reading the register -------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_empty_register_explains_why_mapping_the_landscape_matters(client_for, lead):
    page = html.unescape(client_for(lead).get(url("landscape")).content.decode())

    assert "No related partnerships or strategies yet" in page
    assert (
        "Work with Duty partners to map the local strategic landscape, including reviewing "
        "other strategies and commitments" in page
    )


@pytest.mark.django_db
def test_entries_are_grouped_by_kind_in_the_guidances_order_with_counts(
    client_for, partner, partnership
):
    LandscapeEntryFactory(partnership=partnership, name="Drugs plan", kind="combating_drugs")
    LandscapeEntryFactory(partnership=partnership, name="VAWG strategy", kind="national")
    LandscapeEntryFactory(partnership=partnership, name="Young Futures", kind="national")

    page = client_for(partner).get(url("landscape")).content.decode()

    headings = re.findall(r'<h2 class="govuk-heading-m" id="kind-[^"]*">\s*([^<]+?)\s*<', page)
    assert headings == ["Combating drugs partnership", "National strategy or initiative"]
    assert "3 related partnerships, strategies and initiatives" in page
    assert page.index("VAWG strategy") < page.index("Young Futures")


@pytest.mark.django_db
def test_the_register_takes_the_same_queries_for_1_or_10_entries(client_for, lead, partnership):
    client = client_for(lead)
    counts = []
    for count in (1, 9):
        for index in range(count):
            kind = LandscapeEntry.Kind.values[index % len(LandscapeEntry.Kind.values)]
            LandscapeEntryFactory(partnership=partnership, kind=kind)
        cold_cache()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("landscape")).status_code == 200
        counts.append(len(queries))

    assert len(entries()) == 10
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_the_strategy_page_links_to_the_register(client_for, partner, strategy):
    page = client_for(partner).get(url("strategies-detail", strategy.pk)).content.decode()

    assert f'href="{url("landscape")}"' in page


# --- The strategy document ------------------------------------------------------------------------


def document_html(strategy) -> str:
    # The export worker renders inside the partnership's scope, as this does.
    with scope(partnership=strategy.partnership):
        # No-break spaces bind short words in headings; the stories check words.
        page = html.unescape(documents.strategy_html(strategy=strategy, draft=True))
    return page.replace("\xa0", " ")


@pytest.mark.django_db
def test_the_strategy_document_says_how_it_fits_with_other_local_strategies(strategy, partnership):
    LandscapeEntryFactory(
        partnership=partnership,
        name="Northshire Domestic Abuse Strategy",
        kind="domestic_abuse_board",
        owner="Northshire Domestic Abuse Local Partnership Board",
        alignment="The board leads on domestic abuse; we share its data.",
    )

    page = document_html(strategy)

    section = page.split('<section id="landscape">', 1)[1].split("</section>", 1)[0]
    assert "How this strategy fits with other local strategies" in section
    for text in (
        "Northshire Domestic Abuse Strategy",
        "Domestic abuse local partnership board",
        "Northshire Domestic Abuse Local Partnership Board",
        "The board leads on domestic abuse; we share its data.",
    ):
        assert text in section
    assert 'href="#landscape"' in page


@pytest.mark.django_db
def test_the_strategy_document_leaves_the_section_out_while_the_register_is_empty(strategy):
    page = document_html(strategy)

    assert "How this strategy fits with other local strategies" not in page
    assert 'id="landscape"' not in page


@pytest.mark.django_db
def test_the_printed_strategy_carries_the_section(strategy, partnership):
    LandscapeEntryFactory(
        partnership=partnership,
        name="Northshire Violence Reduction Unit plan",
        kind="vru",
        owner="Office of the Northshire PCC",
    )

    with scope(partnership=partnership):
        rendered = documents.render_document(kind="strategy", source=strategy, draft=True)
    text = words_of(PdfReader(io.BytesIO(rendered.content)))

    assert "How this strategy fits with other local strategies" in text
    assert "Northshire Violence Reduction Unit plan" in text
    assert "Office of the Northshire PCC" in text
