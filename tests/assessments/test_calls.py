"""Calls for contributions: a lead or data lead issues one, addressees are emailed, and the call
shows who has answered — expected, submitted, accepted, on time, overdue."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from assessments import selectors
from assessments.models import Call, Contribution
from partnerships.models import DutyElement
from tests.factories import ContributionFactory, MembershipFactory, OrganisationFactory, measure
from tests.query_counts import cold_cache

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

VIEWERS = ["lead", "partner", "data_lead", "convener"]
ISSUERS = ["lead", "data_lead"]
NOT_ISSUERS = ["partner", "convener", "observer"]


def today() -> datetime.date:
    return timezone.localdate()


def make_call(partnership, organisations=(), *, due_on=None, **fields) -> Call:
    with scopes_disabled():
        call = Call.objects.create(
            partnership=partnership,
            title=fields.pop("title", "Knife crime figures for the SNA"),
            questions="Quarterly **figures**, please.",
            period="2026/27",
            due_on=due_on or today() + datetime.timedelta(days=14),
            audience=fields.pop("audience", Call.Audience.ORGANISATIONS),
            **fields,
        )
        call.organisations.set(organisations)
        call.elements.set([DutyElement.objects.get(slug="strategic-needs-assessment")])
    return call


def url(name: str, partnership, *args) -> str:
    return reverse(f"tenant:{name}", args=[partnership.slug, *args])


def call_post(chosen=(), **overrides) -> dict:
    due = today() + datetime.timedelta(days=30)
    with scopes_disabled():
        element = DutyElement.objects.get(slug="strategic-needs-assessment")
    data = {
        "title": "Violence with injury, 2026/27",
        "questions": "Figures by quarter and ward.",
        "elements": [element.pk],
        "measures": [measure().pk],
        "period": "2026/27",
        "due_on_day": str(due.day),
        "due_on_month": str(due.month),
        "due_on_year": str(due.year),
        "audience": "organisations",
        "organisations": [o.pk for o in chosen],
        "duty_role": "",
    }
    return data | overrides


# --- Who may do what ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", VIEWERS)
def test_members_who_see_the_sna_see_calls(
    request, client_for, partnership, police, everyone, persona
):
    call = make_call(partnership, [police])
    client = client_for(request.getfixturevalue(persona))

    listing = client.get(url("calls", partnership))
    detail = client.get(url("calls-detail", partnership, call.pk))

    assert listing.status_code == 200
    assert call.title in listing.content.decode()
    assert detail.status_code == 200
    assert "<strong>figures</strong>" in detail.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["calls", "calls-detail"])
def test_an_observer_may_not_see_calls(client_for, partnership, police, observer, page):
    call = make_call(partnership, [police])
    args = [call.pk] if page == "calls-detail" else []

    assert client_for(observer).get(url(page, partnership, *args)).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ISSUERS)
def test_leads_and_data_leads_open_the_issue_and_close_pages(
    request, client_for, partnership, police, everyone, persona
):
    call = make_call(partnership, [police])
    client = client_for(request.getfixturevalue(persona))

    assert client.get(url("calls-new", partnership)).status_code == 200
    assert client.get(url("calls-close", partnership, call.pk)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("persona", NOT_ISSUERS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_others_may_not_issue_or_close_calls(
    request, client_for, partnership, police, everyone, persona, method
):
    call = make_call(partnership, [police])
    client = client_for(request.getfixturevalue(persona))
    send = getattr(client, method)

    assert send(url("calls-new", partnership), call_post([police])).status_code == 403
    assert send(url("calls-close", partnership, call.pk)).status_code == 403
    with scopes_disabled():
        assert Call.objects.count() == 1
        assert Call.objects.get().status == Call.Status.OPEN


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["calls", "calls-new", "calls-detail", "calls-close", "todo"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_member_of_another_partnership_gets_404(
    client_for, partnership, police, outsider, page, method
):
    call = make_call(partnership, [police])
    args = [call.pk] if page in {"calls-detail", "calls-close"} else []

    response = getattr(client_for(outsider), method)(url(page, partnership, *args))

    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["calls", "calls-new", "calls-detail", "calls-close", "todo"])
def test_a_signed_out_visitor_is_sent_to_sign_in(client, partnership, police, page):
    call = make_call(partnership, [police])
    args = [call.pk] if page in {"calls-detail", "calls-close"} else []

    response = client.get(url(page, partnership, *args))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


@pytest.mark.django_db
def test_viewers_see_no_issue_or_close_controls(client_for, partnership, police, partner):
    call = make_call(partnership, [police])
    client = client_for(partner)

    page = client.get(url("calls", partnership)).content.decode()
    page += client.get(url("calls-detail", partnership, call.pk)).content.decode()

    assert url("calls-new", partnership) not in page
    assert url("calls-close", partnership, call.pk) not in page


# --- Issuing a call -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_lead_issues_a_call_to_chosen_organisations(
    client_for, partnership, police, probation, vcs, everyone, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(partnership_lead := everyone_lead(partnership)).post(
            url("calls-new", partnership), call_post([police, probation, vcs])
        )

    with scopes_disabled():
        call = Call.objects.get()
        assert list(call.measures.all()) == [measure()]
        assert set(call.organisations.all()) == {police, probation, vcs}
    assert call.issued_by == partnership_lead
    assert call.due_on == today() + datetime.timedelta(days=30)
    assert response.status_code == 302
    assert response.url == url("calls-detail", partnership, call.pk)
    # Tom (police) and Paul (probation) contribute; Olive (youth trust) observes, so isn't asked.
    assert sorted(m.to[0] for m in mail.outbox) == ["paul@example.org", "tom@example.org"]
    assert call.title in mail.outbox[0].subject
    assert url("calls-detail", partnership, call.pk) in mail.outbox[0].body


def everyone_lead(partnership):
    from partnerships.models import Membership

    with scopes_disabled():
        return Membership.objects.get(partnership=partnership, portal_role="lead").user


@pytest.mark.django_db
def test_a_call_to_a_duty_role_reaches_everyone_holding_it(
    client_for, partnership, police, probation, everyone, django_capture_on_commit_callbacks
):
    other_data_lead = MembershipFactory(organisation=probation, data_lead=True).user

    with django_capture_on_commit_callbacks(execute=True):
        client_for(everyone_lead(partnership)).post(
            url("calls-new", partnership),
            call_post(audience="duty_role", duty_role="data_lead"),
        )

    with scopes_disabled():
        call = Call.objects.get()
        completeness = selectors.calls_completeness(calls=[call], today=today())[call.pk]
    assert call.duty_role == "data_lead"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["tom@example.org", other_data_lead.email]
    )
    assert {row.organisation for row in completeness.rows} == {police, probation}


@pytest.mark.django_db
def test_a_call_to_a_duty_role_nobody_holds_is_refused(client_for, partnership, everyone):
    response = client_for(everyone_lead(partnership)).post(
        url("calls-new", partnership), call_post(audience="duty_role", duty_role="frontline")
    )

    assert response.status_code == 200
    assert "Nobody in the partnership holds that Duty role" in response.content.decode()
    with scopes_disabled():
        assert not Call.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"elements": []}, "Select at least one Duty element"),
        ({"title": ""}, "Enter a title"),
        ({"period": "2026/28"}, "so it is written like 2026/27"),
        ({"due_on_day": "", "due_on_month": "", "due_on_year": ""}, "Enter the due date"),
        ({"due_on_day": "31", "due_on_month": "2"}, "Due date must be a real date"),
        ({"due_on_month": ""}, "Due date must include a month"),
        ({"due_on_year": "2020"}, "The due date must be in the future"),
        ({"organisations": []}, "Select at least one organisation"),
        ({"audience": "duty_role"}, "Select a Duty role"),
        ({"audience": ""}, "Select who the call is for"),
    ],
)
def test_a_call_with_a_mistake_is_refused_keeping_what_was_typed(
    client_for, partnership, police, data_lead, overrides, message
):
    response = client_for(data_lead).post(
        url("calls-new", partnership), call_post([police], **overrides)
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "govuk-error-summary" in page
    assert 'value="2026/27"' in page or overrides.get("period") in page
    if overrides.get("title") != "":
        assert "Violence with injury, 2026/27" in page
    with scopes_disabled():
        assert not Call.objects.exists()


@pytest.mark.django_db
def test_the_issue_form_uses_the_govuk_date_input(client_for, partnership, lead):
    page = client_for(lead).get(url("calls-new", partnership)).content.decode()

    assert 'class="govuk-date-input"' in page
    assert 'name="due_on_day"' in page and 'name="due_on_year"' in page
    assert 'name="duty_role"' in page and 'name="organisations"' in page


# --- Closing --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_data_lead_closes_a_call_after_confirming(client_for, partnership, police, data_lead):
    call = make_call(partnership, [police])
    client = client_for(data_lead)

    confirm = client.get(url("calls-close", partnership, call.pk))
    response = client.post(url("calls-close", partnership, call.pk))

    assert "Close this call?" in confirm.content.decode()
    assert response.url == url("calls-detail", partnership, call.pk)
    call.refresh_from_db()
    assert call.status == Call.Status.CLOSED
    listing = client.get(url("calls", partnership)).content.decode()
    assert "Closed calls" in listing


# --- Completeness ---------------------------------------------------------------------------------


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.mark.django_db
def test_completeness_counts_each_expected_organisation(
    client_for, partnership, council, police, probation, opcc, vcs, lead
):
    due = today() - datetime.timedelta(days=3)
    call = make_call(partnership, [council, police, probation, opcc, vcs], due_on=due)
    S = Contribution.Status
    # Police: in on the due date's last evening and accepted. Probation: late, returned.
    ContributionFactory(organisation=police, call=call, status=S.ACCEPTED, submitted_at=at(due, 23))
    ContributionFactory(
        organisation=probation,
        call=call,
        status=S.RETURNED,
        submitted_at=at(due + datetime.timedelta(days=1), 9),
    )
    # The PCC's office: late but accepted. The council only has a draft; the trust nothing.
    ContributionFactory(
        organisation=opcc,
        call=call,
        status=S.ACCEPTED,
        submitted_at=at(due + datetime.timedelta(days=2), 9),
    )
    ContributionFactory(organisation=council, call=call, status=S.DRAFT)
    # Evidence that answers no call, or another call, doesn't count.
    ContributionFactory(organisation=council, status=S.ACCEPTED, submitted_at=at(due, 9))
    ContributionFactory(
        organisation=vcs,
        call=make_call(partnership, [vcs]),
        status=S.SUBMITTED,
        submitted_at=at(due, 9),
    )

    with scopes_disabled():
        call = Call.objects.prefetch_related("organisations").get(pk=call.pk)
        completeness = selectors.calls_completeness(calls=[call], today=today())[call.pk]
    rows = {row.organisation: row for row in completeness.rows}

    assert (completeness.expected, completeness.submitted, completeness.accepted) == (5, 3, 2)
    assert (completeness.on_time, completeness.overdue) == (1, 2)
    assert rows[police].on_time and rows[police].accepted
    assert (
        rows[probation].submitted and not rows[probation].on_time and not rows[probation].accepted
    )
    assert rows[council].overdue and rows[vcs].overdue
    assert not rows[opcc].overdue
    page = client_for(lead).get(url("calls-detail", partnership, call.pk)).content.decode()
    for total, value in [
        ("expected", 5),
        ("submitted", 3),
        ("accepted", 2),
        ("on_time", 1),
        ("overdue", 2),
    ]:
        assert f'data-total="{total}">{value}<' in page
    assert page.count("govuk-tag--red") == 2


def status_cells(page: str) -> dict[str, str]:
    """Each organisation's Status cell on the call page, in words."""
    table = page[page.index('id="organisations"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r'<th scope="row"[^>]*>(.*?)</th>(.*?)</tr>', table, re.DOTALL)
    return {
        name.strip(): re.sub(
            r"<[^>]+>", "", re.findall(r"<td[^>]*>(.*?)</td>", cells, re.DOTALL)[-1]
        ).strip()
        for name, cells in rows
    }


@pytest.mark.django_db
def test_the_call_page_shows_each_answer_as_it_stands_now(
    client_for, partnership, council, police, probation, opcc, lead
):
    """A returned answer was sent, so it counts as submitted, but its status says returned."""
    call = make_call(partnership, [council, police, probation, opcc])
    S = Contribution.Status
    ContributionFactory(
        organisation=police, call=call, status=S.ACCEPTED, submitted_at=timezone.now()
    )
    ContributionFactory(
        organisation=probation, call=call, status=S.RETURNED, submitted_at=timezone.now()
    )
    ContributionFactory(
        organisation=opcc, call=call, status=S.SUBMITTED, submitted_at=timezone.now()
    )

    page = client_for(lead).get(url("calls-detail", partnership, call.pk)).content.decode()

    assert status_cells(page) == {
        council.name: "Waiting",
        police.name: "Accepted",
        probation.name: "Returned",
        opcc.name: "Submitted",
    }
    assert 'data-total="submitted">3<' in page


@pytest.mark.django_db
def test_a_returned_answer_sent_again_is_submitted_once_more(
    client_for, partnership, probation, partner, lead
):
    call = make_call(partnership, [probation])
    answer = ContributionFactory(
        organisation=probation,
        call=call,
        status=Contribution.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    client = client_for(lead)
    client.post(
        reverse("tenant:contributions-return", args=[partnership.slug, answer.pk]),
        {"comment": "Add the source"},
    )

    returned = client.get(url("calls-detail", partnership, call.pk)).content.decode()
    client_for(partner).post(
        reverse("tenant:contributions-submit", args=[partnership.slug, answer.pk])
    )
    again = client_for(lead).get(url("calls-detail", partnership, call.pk)).content.decode()

    assert status_cells(returned) == {probation.name: "Returned"}
    assert status_cells(again) == {probation.name: "Submitted"}


@pytest.mark.django_db
def test_nothing_is_overdue_before_the_due_date(partnership, police):
    call = make_call(partnership, [police], due_on=today())

    with scopes_disabled():
        completeness = selectors.call_list(partnership=partnership, today=today())[0]

    assert completeness.call == call
    assert completeness.overdue == 0


@pytest.mark.django_db
def test_a_retired_organisation_is_no_longer_expected(partnership, police, probation):
    call = make_call(partnership, [police, probation])
    with scopes_disabled():
        probation.retired_at = timezone.now()
        probation.save()
        completeness = selectors.call_list(partnership=partnership, today=today())[0]

    assert completeness.call == call
    assert [row.organisation for row in completeness.rows] == [police]


def _partnership_of(organisations: int, partnership):
    created = [OrganisationFactory(partnership=partnership) for _ in range(organisations)]
    call = make_call(partnership, created)
    for organisation in created:
        ContributionFactory(
            organisation=organisation,
            call=call,
            status=Contribution.Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
    return call


@pytest.mark.django_db
def test_the_call_page_and_list_take_the_same_queries_for_3_or_12_organisations(
    client_for, partnership, other_partnership, lead
):
    few = _partnership_of(3, partnership)
    many = _partnership_of(12, partnership)
    client = client_for(lead)
    counts = []
    for call in (few, many):
        cold_cache()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("calls-detail", partnership, call.pk))
        assert response.status_code == 200
        counts.append(len(queries))
    cold_cache()
    with CaptureQueriesContext(connection) as listing:
        client.get(url("calls", partnership))
    make_call(partnership, [])
    cold_cache()
    with CaptureQueriesContext(connection) as longer_listing:
        client.get(url("calls", partnership))

    assert counts[0] == counts[1]
    assert len(listing) == len(longer_listing)
