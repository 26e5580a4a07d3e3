"""A partnership in Wales works in Welsh (issue 16). In Southvale, Gwen, for its probation
service, switches the portal to Cymraeg from the header, answers the lead's call in Welsh and
submits it, and the portal stays in Welsh from page to page. Oscar, Southvale's lead, exports the
published strategy as a Welsh PDF: the file is tagged Welsh and numbers its pages in Welsh. With
JavaScript on and off, and axe-core checking the pages on the way."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_scopes import scopes_disabled
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import User
from assessments import services
from assessments.models import Call, Contribution
from partnerships.models import DutyElement, Membership
from tests.browser.test_lead_journey import sign_in
from tests.browser.test_strategy_journey import _new_page
from tests.documents.conftest import publish
from tests.factories import (
    AssessmentFactory,
    MembershipFactory,
    OrganisationFactory,
    StrategyFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SNA = "strategic-needs-assessment"
CALL_TITLE = "Ffigurau prawf ar gyfer AAS 2026"
ANSWER = "Mewnwelediad y gwasanaeth prawf"
TITLE = "Strategaeth Trais Difrifol Southvale"
GWEN = "gwen@example.org"
OSCAR = "oscar@example.org"


def welsh(english: str) -> str:
    """The Welsh a Welsh reader sees for one of the portal's own strings, from its catalogue:
    the test follows the translators' wording, and cannot pass on an untranslated string."""
    with translation.override("cy"):
        text = gettext(english)
    assert text != english, f"no Welsh for {english!r} in locale/cy"
    return text


def expect_language(page, code: str):
    expect(page.locator("html")).to_have_attribute("lang", code)


@pytest.fixture
def southvale(other_partnership):
    """Southvale is in Wales, and opens its pages in English until a member chooses Welsh: so
    the switch, not the partnership, puts Gwen's pages in Welsh."""
    other_partnership.nation = other_partnership.Nation.WALES
    other_partnership.default_language = "en-gb"
    other_partnership.save(update_fields=["nation", "default_language"])
    return other_partnership


@pytest.fixture
def southvale_lead(outsider, southvale):
    """Oscar leads Southvale (the outsider persona, seen from his own partnership)."""
    with scopes_disabled():
        membership = Membership.objects.get(user=outsider, partnership=southvale)
    assert membership.portal_role == "lead"
    return outsider


@pytest.fixture
def southvale_council(southvale_lead, southvale):
    """Oscar's organisation, Southvale Council."""
    with scopes_disabled():
        return Membership.objects.get(user=southvale_lead, partnership=southvale).organisation


@pytest.fixture
def southvale_probation(southvale):
    return OrganisationFactory(
        partnership=southvale, name="Southvale Probation Delivery Unit", sector_slug="probation"
    )


@pytest.fixture
def southvale_partner(southvale_probation):
    """Gwen answers for Southvale's probation service."""
    user = UserFactory(email=GWEN, full_name="Gwen Morgan")
    MembershipFactory(
        user=user, organisation=southvale_probation, portal_role="partner", responsible=True
    )
    return user


@pytest.fixture
def gwen_page(browser, live_server, catalogue, javascript):
    context, page = _new_page(browser, live_server, javascript)
    yield page
    context.close()


@pytest.fixture
def oscar_page(browser, live_server, catalogue, javascript):
    context, page = _new_page(browser, live_server, javascript)
    yield page
    context.close()


@pytest.fixture
def probation_call(southvale, southvale_lead, southvale_probation):
    """Oscar's open call to Southvale's probation service for insight for the SNA."""
    with scopes_disabled():
        return services.call_issue(
            partnership=southvale,
            title=CALL_TITLE,
            questions="Beth mae'r gwasanaeth prawf yn ei weld?",
            elements=[DutyElement.objects.get(slug=SNA)],
            measures=[],
            period="2026/27",
            due_on=timezone.localdate() + datetime.timedelta(days=21),
            audience=Call.Audience.ORGANISATIONS,
            organisations=[southvale_probation],
            duty_role="",
            acting_user=southvale_lead,
        )


@pytest.fixture
def published(southvale, southvale_lead, southvale_council):
    """Southvale's strategy, resting on an agreed SNA and published as version 1."""
    sna = AssessmentFactory(partnership=southvale, period="2026/27", status="agreed")
    strategy = StrategyFactory(
        partnership=southvale,
        assessment=sna,
        title=TITLE,
        start_period="2026/27",
        end_period="2028/29",
    )
    return publish(strategy, southvale_lead, southvale_council)


def test_a_partner_switches_to_welsh_and_answers_a_call_in_it(
    gwen_page, axe, assert_accessible, probation_call, southvale_partner, southvale
):
    page = gwen_page
    sign_in(page, GWEN)
    expect(page.get_by_role("heading", name=southvale.name, level=1)).to_be_visible()
    expect_language(page, "en-GB")

    # The header offers Cymraeg, named in Welsh; it brings her back to her dashboard in it.
    page.locator("form:has(input[name='language'][value='cy'])").get_by_role("button").click()
    expect_language(page, "cy")
    expect(page.get_by_role("heading", name=southvale.name, level=1)).to_be_visible()
    expect(
        page.get_by_role("heading", name=welsh("What is asked of you (%(count)s)") % {"count": 1})
    ).to_be_visible()
    expect(page.locator(".app-language-select__current")).to_have_text("Cymraeg")
    assert_accessible(page, axe)

    asked = page.locator("section[aria-labelledby='asked-of-you'] .govuk-task-list")
    asked.get_by_role("link", name=CALL_TITLE).click()
    expect(page.get_by_role("heading", name=CALL_TITLE, level=1)).to_be_visible()
    expect_language(page, "cy")
    assert_accessible(page, axe)

    # She answers it with her service's insight; the form already names the call and element.
    page.get_by_role("button", name=welsh("Answer this call")).click()
    expect(page.get_by_role("heading", name=welsh("Add a contribution"), level=1)).to_be_visible()
    expect(page.locator("select[name='call']")).to_have_value(str(probation_call.pk))
    page.locator("input[name='level'][value='engaged']").check()
    page.locator("select[name='kind']").select_option(Contribution.Kind.INSIGHT)
    page.locator("input[name='title']").fill(ANSWER)
    page.locator("textarea[name='body']").fill("Mae llawer o'r bobl ifanc yn ddi-waith.")
    assert_accessible(page, axe)
    page.get_by_role("button", name=welsh("Continue")).click()

    expect(
        page.get_by_role("heading", name=welsh("Check your answers before submitting"), level=1)
    ).to_be_visible()
    expect(page.locator("#answers")).to_contain_text(ANSWER)
    expect(page.locator("#answers")).to_contain_text(welsh("Engaged"))
    assert_accessible(page, axe)
    page.get_by_role("button", name=welsh("Submit for review")).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        welsh("“%(title)s” has been submitted for review") % {"title": ANSWER}
    )
    expect(page.locator("main .govuk-tag").first).to_have_text(welsh("Submitted"))
    expect_language(page, "cy")
    assert_accessible(page, axe)

    # The next page she opens is still in Welsh: the choice is on her account, not in the form.
    page.get_by_role("link", name=welsh("To do"), exact=True).click()
    expect(page.get_by_role("heading", name=welsh("Your to-do list"), level=1)).to_be_visible()
    expect_language(page, "cy")
    assert_accessible(page, axe)
    assert User.objects.get(email=GWEN).language == "cy"
    with scopes_disabled():
        answer = Contribution.objects.get(title=ANSWER)
    assert answer.status == Contribution.Status.SUBMITTED
    assert answer.call_id == probation_call.pk
    assert answer.partnership_id == southvale.pk


def test_the_lead_exports_the_strategy_as_a_welsh_pdf(
    oscar_page, axe, assert_accessible, southvale_lead, southvale, published
):
    # Oscar reads the portal in English: the PDF is Welsh because he asks for it on the export
    # form, not because the page he asked from was Welsh.
    page = oscar_page
    sign_in(page, OSCAR)
    expect(page.get_by_role("heading", name=southvale.name, level=1)).to_be_visible()
    page.goto(reverse("tenant:strategies-detail", args=[southvale.slug, published.pk]))
    page.get_by_role("link", name="Export a PDF, or download an earlier one").click()
    expect(page.get_by_role("heading", name="Export PDF", level=1)).to_be_visible()
    english = page.locator("input[type='radio'][name='language'][value='en-gb']")
    cymraeg = page.locator("input[type='radio'][name='language'][value='cy']")
    # A partnership in Wales is offered both, starting from the language it asks for.
    expect(english).to_be_checked()
    assert_accessible(page, axe)

    cymraeg.check()
    page.get_by_role("button", name="Export PDF").click()
    download_link = page.get_by_role("link", name="Download the PDF")
    expect(download_link).to_be_visible()
    assert_accessible(page, axe)

    with page.expect_download() as download_info:
        download_link.click()
    with open(download_info.value.path(), "rb") as file:
        pdf = PdfReader(io.BytesIO(file.read()))

    assert pdf.trailer["/Root"]["/Lang"] == "cy"
    first = " ".join(pdf.pages[0].extract_text().split())
    assert re.search(r"Tudalen 1 o \d", first), first
    assert "Page 1 of" not in first
    assert TITLE in first
