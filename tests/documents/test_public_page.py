"""A published strategy's public page: the lead publishes it at an address they choose; anyone
reads it without signing in, in English and (for a partnership in Wales) in Welsh, with a
plain-language summary and the public PDF; it shows only what may travel; withdrawn, it is gone;
nothing of one partnership is ever found under another's address."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from documents import publication
from documents.models import ExportJob, PublicPage
from partnerships.access import actor_for
from strategies.models import Strategy, StrategyVersion
from tests.documents.conftest import publish
from tests.factories import StrategyFactory

pytestmark = pytest.mark.usefixtures("northshire_built_once", "_private_media")

ADDRESS = "serious-violence-strategy"


@pytest.fixture
def visitor():
    """Someone who has never signed in (the `client` fixture is the one client_for signs in)."""
    return Client()


def manage_url(strategy) -> str:
    return reverse("tenant:strategies-public-page", args=[strategy.partnership.slug, strategy.pk])


def public_url(partnership, address=ADDRESS, name="published-strategy", language="") -> str:
    kwargs = {"partnership_slug": partnership.slug, "address": address}
    if language:
        return reverse(f"{name}-in", kwargs={**kwargs, "language": language})
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def published_plan(plan, lead, police):
    return publish(plan, lead, police)


@pytest.fixture
def live(published_plan, lead, client_for, django_capture_on_commit_callbacks, renders):
    """The lead has published the public page, with a summary; its PDFs are rendered."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(lead).post(
            manage_url(published_plan),
            {
                "address": ADDRESS,
                "plain_summary": "We will keep young people *safe* at night.",
                "contact_email": "safer@northshire.example",
            },
        )
    assert response.status_code == 302
    return published_plan


def in_wales(partnership) -> None:
    partnership.nation = partnership.Nation.WALES
    partnership.save(update_fields=["nation"])


@pytest.mark.django_db
def test_anyone_reads_the_published_strategy_without_signing_in(visitor, live, partnership):
    response = visitor.get(public_url(partnership))

    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en-GB"' in body
    assert "Make the town centre safe at night" in body
    assert "Put youth workers in the night-time economy" in body
    assert "led by Northshire Police" in body


@pytest.mark.django_db
def test_the_public_page_leaves_out_what_is_restricted_and_names_nobody(
    visitor, live, partnership, lead, partner, data_lead
):
    body = visitor.get(public_url(partnership)).content.decode()

    assert "Covert patrols on the ring road" not in body
    for person in (lead, partner, data_lead):
        assert person.full_name not in body
        assert person.email not in body


@pytest.mark.django_db
def test_the_plain_language_summary_has_its_own_page(visitor, live, partnership):
    strategy_page = visitor.get(public_url(partnership)).content.decode()
    summary = visitor.get(public_url(partnership, name="published-strategy-summary"))

    assert public_url(partnership, name="published-strategy-summary") in strategy_page
    assert "We will keep young people <em>safe</em> at night." in summary.content.decode()


@pytest.mark.django_db
def test_the_public_pdf_is_the_public_version_and_downloads_without_signing_in(
    visitor, live, partnership
):
    with scopes_disabled():
        jobs = list(ExportJob.objects.filter(strategy=live))
    assert [(job.variant, job.draft, job.status) for job in jobs] == [("public", False, "ready")]

    response = visitor.get(public_url(partnership, name="published-strategy-pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_a_full_version_pdf_is_never_served_on_the_public_page(
    visitor, published_plan, partnership, lead
):
    with scopes_disabled():
        full = ExportJob.objects.create(
            partnership=partnership,
            kind="strategy",
            strategy=published_plan,
            source_version=1,
            variant="full",
            status="ready",
        )
        full.file.save("full.pdf", ContentFile(b"%PDF-1.7 full"))
        PublicPage.objects.create(
            partnership=partnership,
            strategy=published_plan,
            address=ADDRESS,
            published_at=timezone.now(),
        )

    response = visitor.get(public_url(partnership, name="published-strategy-pdf"))

    assert response.status_code == 404


@pytest.mark.django_db
def test_a_partnership_in_wales_has_a_welsh_page_too(visitor, live, partnership):
    in_wales(partnership)

    welsh = visitor.get(public_url(partnership, language="cy")).content.decode()
    english = visitor.get(public_url(partnership)).content.decode()

    assert '<html lang="cy"' in welsh
    assert "Blaenoriaethau" in welsh
    assert f'href="{public_url(partnership, language="cy")}"' in english
    assert f'href="{public_url(partnership)}"' in welsh


@pytest.mark.django_db
def test_an_english_partnership_has_no_welsh_page(visitor, live, partnership):
    assert visitor.get(public_url(partnership, language="cy")).status_code == 404


@pytest.mark.django_db
def test_a_withdrawn_page_is_gone_from_every_address(visitor, live, partnership, lead, client_for):
    client_for(lead).post(
        reverse("tenant:strategies-public-page-withdraw", args=[partnership.slug, live.pk])
    )

    for name in ("published-strategy", "published-strategy-summary", "published-strategy-pdf"):
        assert visitor.get(public_url(partnership, name=name)).status_code == 404


@pytest.mark.django_db
def test_another_partnerships_slug_finds_nothing_at_the_same_address(
    visitor, live, other_partnership
):
    assert visitor.get(public_url(other_partnership)).status_code == 404
    assert (
        visitor.get(public_url(other_partnership, name="published-strategy-pdf")).status_code == 404
    )


@pytest.mark.django_db
def test_only_a_published_strategy_has_a_public_page(client_for, lead, strategy):
    response = client_for(lead).post(manage_url(strategy), {"address": ADDRESS})

    assert "Only a published strategy has a public page" in response.content.decode()
    with scopes_disabled():
        assert not PublicPage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("", "Enter the address of the public page"),
        ("Our Strategy!", "only lowercase letters, numbers and single hyphens"),
        ("summary", "that one is reserved"),
    ],
)
def test_a_bad_address_is_refused_and_what_was_typed_is_kept(
    client_for, lead, published_plan, address, problem
):
    response = client_for(lead).post(
        manage_url(published_plan), {"address": address, "plain_summary": "Kept words"}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert problem in body
    assert "govuk-error-summary" in body
    assert "Kept words" in body


@pytest.mark.django_db
def test_two_pages_of_a_partnership_may_not_share_an_address(live, lead, partnership):
    later = StrategyFactory(
        partnership=partnership,
        assessment=live.assessment,
        start_period="2029/30",
        end_period="2031/32",
        status=Strategy.Status.PUBLISHED,
    )
    with scopes_disabled():
        StrategyVersion.objects.create(
            partnership=partnership,
            strategy=later,
            number=1,
            published_on=datetime.date(2029, 4, 1),
            snapshot={"title": "Later", "priorities": [], "measures": []},
        )
    actor = actor_for(lead, partnership)

    with scopes_disabled(), pytest.raises(ValidationError, match="has that address"):
        publication.public_page_publish(
            strategy=later,
            address=ADDRESS,
            plain_summary="",
            plain_summary_welsh="",
            actor=actor,
        )


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["partner", "data_lead", "convener", "observer"])
def test_only_the_lead_publishes_or_withdraws(request, client_for, published_plan, persona):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(manage_url(published_plan)).status_code == 403
    assert client.post(manage_url(published_plan), {"address": ADDRESS}).status_code == 403


@pytest.mark.django_db
def test_a_member_of_another_partnership_gets_404(client_for, outsider, published_plan):
    assert client_for(outsider).get(manage_url(published_plan)).status_code == 404


@pytest.mark.django_db
def test_publishing_and_withdrawing_are_on_the_timeline(live, partnership):
    with scopes_disabled():
        page = PublicPage.objects.get(strategy=live)
        reasons = list(page.history.values_list("history_change_reason", flat=True))

    assert "Public page published" in reasons


@pytest.mark.django_db
def test_the_summary_gives_each_priority_in_a_sentence_and_who_to_contact(
    visitor, live, partnership
):
    body = visitor.get(public_url(partnership, name="published-strategy-summary")).content.decode()

    assert "<li>Make the town centre safe at night.</li>" in body
    assert 'href="mailto:safer@northshire.example"' in body


@pytest.mark.django_db
def test_a_contact_that_is_not_an_email_address_is_refused_and_kept(
    client_for, lead, published_plan
):
    response = client_for(lead).post(
        manage_url(published_plan), {"address": ADDRESS, "contact_email": "Priya Shah"}
    )

    body = response.content.decode()
    assert "Enter an email address in the correct format" in body
    assert 'value="Priya Shah"' in body


@pytest.mark.django_db
def test_shared_caches_may_keep_the_page_for_visitors_but_not_for_someone_signed_in(
    visitor, client_for, live, partnership, lead
):
    anonymous = visitor.get(public_url(partnership))
    member = client_for(lead).get(public_url(partnership))

    assert "public" in anonymous["Cache-Control"] and "max-age=300" in anonymous["Cache-Control"]
    assert "private" in member["Cache-Control"] and "no-store" in member["Cache-Control"]
