"""Northshire's published strategy is being revised and its annual review is overdue. Paul, for
probation, posts a progress update on his organisation's action — first forgetting the note,
then adding it — and the timeline shows it. Priya, the lead, records the police's sign-off of the
revision, which can then be agreed, and records and completes the annual review; the dashboard's
Duty checklist turns the review line from not met to met. With JavaScript on and off, and
axe-core checking every page on the way."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.formats import date_format
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from assessments.models import Assessment, Finding, financial_year
from partnerships.access import actor_for
from partnerships.models import DutyElement, Membership
from strategies import services
from strategies.models import REVIEW_INTERVAL, Strategy, StrategyVersion
from tests.browser.test_lead_journey import sign_in
from tests.factories import AssessmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The lead journey's switch: JavaScript on and off.

TITLE = "Northshire Serious Violence Strategy"
FINDING = "Knife crime in the town centre at night"
PRIORITY = "Make the town centre safe at night"
ACTION = "Offer knife-crime awareness sessions to everyone on probation under 25"
NOTE = "Two of the four sessions ran; the venue for the others fell through."
REVIEW_LINE = "Strategy reviewed within the last 12 months"


def _day(value: datetime.date) -> str:
    return date_format(value, "j F Y")


def _new_page(browser, live_server, javascript):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


@pytest.fixture
def paul_page(browser, live_server, catalogue, javascript):
    context, page = _new_page(browser, live_server, javascript)
    yield page
    context.close()


@pytest.fixture
def priya_page(browser, live_server, catalogue, javascript):
    context, page = _new_page(browser, live_server, javascript)
    yield page
    context.close()


def _approved(body: str, decided_on: datetime.date, minute: str) -> dict:
    return {
        "decision": "approved",
        "body": body,
        "decided_on": decided_on,
        "minute_reference": minute,
    }


@pytest.fixture
def strategy(partnership, lead, partner, council, police, probation):
    """The strategy for this financial year, resting on an agreed SNA: a priority citing a
    finding and an action led by probation. Every specified authority signed off version 1,
    which was published 13 months ago and never reviewed; version 2, a revision, is signed off
    by the council and probation but not yet by the police."""
    today = timezone.localdate()
    period = financial_year(today)
    with scopes_disabled():
        sna = AssessmentFactory(
            partnership=partnership, period=period, status=Assessment.Status.AGREED
        )
        finding = Finding.objects.create(
            partnership=partnership,
            assessment=sna,
            kind=Finding.Kind.PLACE,
            title=FINDING,
            description="Two thirds of knife offences happen there.",
        )
        strategy = services.strategy_start(
            partnership=partnership,
            title=TITLE,
            start_period=period,
            end_period=period,
            assessment=sna,
            acting_user=lead,
        )
        priority = services.priority_add(
            strategy=strategy,
            data={"title": PRIORITY, "rationale": "The SNA found it.", "findings": [finding]},
            acting_user=lead,
        )
        services.action_add(
            strategy=strategy,
            data={
                "priority": priority,
                "title": ACTION,
                "lead_organisation": probation,
                "lead_person": Membership.objects.get(user=partner, partnership=partnership),
                "element": DutyElement.objects.get(slug="response-strategy"),
                "due_on": today + datetime.timedelta(days=180),
            },
            acting_user=lead,
        )
        decided_on = today - relativedelta(months=14)
        for organisation, body in [
            (council, "Cabinet"),
            (police, "Chief Officer Group"),
            (probation, "Regional Probation Board"),
        ]:
            services.sign_off_record(
                strategy=strategy,
                organisation=organisation,
                data=_approved(body, decided_on, "V1/01"),
                actor=actor_for(lead, strategy.partnership),
            )
        for status in [Strategy.Status.AGREED, Strategy.Status.PUBLISHED]:
            services.strategy_transition(strategy=strategy, status=status, acting_user=lead)
        services.strategy_transition(
            strategy=strategy, status=Strategy.Status.UNDER_REVIEW, acting_user=lead
        )
        for organisation, body in [(council, "Cabinet"), (probation, "Regional Probation Board")]:
            services.sign_off_record(
                strategy=strategy,
                organisation=organisation,
                data=_approved(body, today - datetime.timedelta(days=7), "V2/01"),
                actor=actor_for(lead, strategy.partnership),
            )
        # Publication happened today; move it 13 months back (with the review it set), so the
        # first annual review is overdue. No service back-dates a publication.
        published_on = today - relativedelta(months=13)
        Strategy.objects.filter(pk=strategy.pk).update(
            published_on=published_on, next_review_due=published_on + REVIEW_INTERVAL
        )
        StrategyVersion.objects.filter(strategy=strategy).update(published_on=published_on)
        strategy.refresh_from_db()
    return strategy


def _banner(page):
    return page.locator(".govuk-notification-banner")


def _fill_date(page, legend: str, value: datetime.date):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(value.day))
    group.get_by_label("Month").fill(str(value.month))
    group.get_by_label("Year").fill(str(value.year))


def _review_line(page):
    return page.locator(".govuk-task-list__item").filter(has_text=REVIEW_LINE)


def test_a_partner_reports_progress_and_the_lead_signs_off_and_reviews_the_strategy(
    paul_page, priya_page, axe, assert_accessible, strategy, partnership, police
):
    today = timezone.localdate()
    update_on = today - datetime.timedelta(days=2)
    paul, priya = paul_page, priya_page

    # Paul, for probation, finds his organisation's action from the navigation.
    sign_in(paul, "paul@example.org")
    expect(paul.get_by_role("heading", name=partnership.name, level=1)).to_be_visible()
    paul.get_by_role("navigation", name="Partnership sections").get_by_role(
        "link", name="Actions", exact=True
    ).click()
    expect(paul.get_by_role("heading", name="Actions", level=1)).to_be_visible()
    row = paul.get_by_role("row").filter(has_text=ACTION)
    expect(row).to_contain_text("Northshire Probation Delivery Unit")
    expect(row).to_contain_text("Not started")
    assert_accessible(paul, axe)
    row.get_by_role("link", name=ACTION).click()
    expect(paul.get_by_role("heading", name=ACTION, level=1)).to_be_visible()
    expect(paul.get_by_text("No progress updates yet.")).to_be_visible()
    assert_accessible(paul, axe)

    # He fills in the update on the action's page but forgets to say what happened.
    paul.get_by_role("button", name="Post a progress update").click()
    form = paul.locator("#post-update")
    _fill_date(form, "Date of the update", update_on)
    form.get_by_label("At risk").check()
    form.get_by_label("Progress (%)").fill("40")
    form.get_by_role("button", name="Post update").click()
    expect(paul.get_by_role("heading", name="Post a progress update", level=1)).to_be_visible()
    expect(paul.locator(".govuk-error-summary")).to_contain_text("Enter what has happened")
    # Everything he typed is still there.
    date = paul.get_by_role("group", name="Date of the update")
    expect(date.get_by_label("Day")).to_have_value(str(update_on.day))
    expect(date.get_by_label("Month")).to_have_value(str(update_on.month))
    expect(date.get_by_label("Year")).to_have_value(str(update_on.year))
    expect(paul.get_by_label("At risk")).to_be_checked()
    expect(paul.get_by_label("Progress (%)")).to_have_value("40")
    assert_accessible(paul, axe)

    # With the note added, the update heads the action's timeline, its status in words.
    paul.get_by_label("What has happened").fill(NOTE)
    paul.get_by_role("button", name="Post update").click()
    expect(_banner(paul)).to_contain_text("Your progress update has been added to the timeline")
    expect(paul.get_by_role("heading", name=ACTION, level=1)).to_be_visible()
    latest = paul.locator(".moj-timeline__item").first
    expect(latest.locator(".govuk-tag")).to_have_text("At risk")
    expect(latest).to_contain_text("40% complete")
    expect(latest).to_contain_text("by Paul Reid, Northshire Probation Delivery Unit")
    expect(latest).to_contain_text(_day(update_on))
    expect(latest).to_contain_text(NOTE)
    expect(paul.locator("main .govuk-tag").first).to_have_text("At risk")
    assert_accessible(paul, axe)

    # Priya, the lead, sees on the dashboard that the annual review is overdue.
    sign_in(priya, "priya@example.org")
    expect(priya.get_by_role("heading", name=partnership.name, level=1)).to_be_visible()
    review_line = _review_line(priya)
    expect(review_line.locator(".govuk-task-list__status")).to_have_text("Not met")
    expect(review_line).to_contain_text(
        f"Not reviewed since publication on {_day(strategy.published_on)}"
    )
    expect(review_line).to_contain_text(
        f"the next review was due by {_day(strategy.next_review_due)} and is overdue"
    )
    assert_accessible(priya, axe)

    # The revision cannot be agreed yet: the police have not signed it off.
    priya.get_by_role("link", name="Response strategy published").click()
    expect(priya.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    priya.get_by_role("navigation", name="This strategy").get_by_role(
        "link", name="Sign-off and consultation"
    ).click()
    expect(priya.get_by_role("heading", name="Sign-off and consultation", level=1)).to_be_visible()
    expect(priya.get_by_role("heading", name="Sign-off of version 2")).to_be_visible()
    expect(priya.locator("#agreement-status")).to_contain_text(
        "The strategy cannot be agreed yet: 1 specified authority has not signed off."
    )
    expect(priya.locator("#outstanding")).to_have_text("Northshire Police")
    assert_accessible(priya, axe)

    # She records the decision of the police's Chief Officer Group.
    priya.get_by_role("link", name="Record sign-off for Northshire Police").click()
    expect(priya.get_by_role("heading", name="Record a sign-off", level=1)).to_be_visible()
    expect(priya.get_by_label("Organisation", exact=True)).to_have_value(str(police.pk))
    priya.get_by_label("Approved", exact=True).check()
    priya.get_by_label("Governance body").fill("Chief Officer Group")
    decided_on = today - datetime.timedelta(days=1)
    _fill_date(priya, "Date of the decision", decided_on)
    priya.get_by_label("Minute reference (optional)").fill("COG/2026/118")
    assert_accessible(priya, axe)
    priya.get_by_role("button", name="Record sign-off").click()
    expect(_banner(priya)).to_contain_text("Northshire Police’s decision has been recorded")
    police_row = priya.locator("#sign-offs").get_by_role("row").filter(has_text="Northshire Police")
    for text in ["Approved", "Chief Officer Group", _day(decided_on), "COG/2026/118"]:
        expect(police_row).to_contain_text(text)
    expect(priya.locator("#agreement-status")).to_contain_text("The strategy can be agreed.")
    expect(priya.locator("#outstanding")).to_have_count(0)
    assert_accessible(priya, axe)

    # She records the annual review the partnership held today…
    priya.get_by_role("navigation", name="This strategy").get_by_role(
        "link", name="Reviews"
    ).click()
    expect(priya.get_by_role("heading", name="Annual reviews", level=1)).to_be_visible()
    expect(priya.get_by_text("The annual review was due by")).to_contain_text("is overdue")
    assert_accessible(priya, axe)
    priya.get_by_role("button", name="Start a review").click()
    expect(priya.get_by_role("heading", name="Start a review", level=1)).to_be_visible()
    _fill_date(priya, "Date of the review", today)
    for name in [
        "Northshire County Council",
        "Northshire Police",
        "Northshire Probation Delivery Unit",
    ]:
        priya.get_by_label(name, exact=True).check()
    priya.get_by_label("What is working (optional)").fill("Town-centre patrols at weekends.")
    priya.get_by_label("What is not working (optional)").fill("Sessions keep losing venues.")
    priya.get_by_label("Evaluation evidence (optional)").fill("The probation service's report.")
    assert_accessible(priya, axe)
    priya.get_by_role("button", name="Record the review").click()
    expect(_banner(priya)).to_contain_text("The review has been recorded")
    expect(priya.get_by_role("heading", name=f"Review of {_day(today)}", level=1)).to_be_visible()
    expect(priya.locator("main .govuk-tag").first).to_have_text("In progress")
    assert_accessible(priya, axe)

    # …and completes it with its decision.
    priya.get_by_role("button", name="Complete the review").click()
    expect(priya.get_by_role("heading", name="Complete the review", level=1)).to_be_visible()
    priya.get_by_label("Revise the strategy").check()
    priya.get_by_label("Changes agreed").fill("Probation finds two more venues by March.")
    assert_accessible(priya, axe)
    priya.get_by_role("button", name="Complete the review").click()
    next_due = today + REVIEW_INTERVAL
    expect(_banner(priya)).to_contain_text(
        f"The review is complete. The next review is due by {_day(next_due)}."
    )
    expect(priya.locator("main .govuk-tag").first).to_have_text("Complete")
    for text in ["Sessions keep losing venues.", "Revise the strategy", "two more venues"]:
        expect(priya.locator("main .govuk-summary-list")).to_contain_text(text)
    assert_accessible(priya, axe)

    # The dashboard's checklist now shows the review met, with its date.
    priya.get_by_role("link", name="Dashboard", exact=True).click()
    review_line = _review_line(priya)
    expect(review_line.locator(".govuk-task-list__status")).to_have_text("Met")
    expect(review_line).to_contain_text(
        f"Last reviewed on {_day(today)}; next review due by {_day(next_due)}"
    )
    assert_accessible(priya, axe)
