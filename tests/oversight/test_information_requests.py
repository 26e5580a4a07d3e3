"""The convener's power to require information (s.17 of the Act): Grace, the PCC's convener,
requires the police to supply knife crime referrals; Tom, the police data lead, answers with a
file and Grace is told; refusals name the Act's ground; only those who answer for the
organisation asked may answer; a body outside the partnership's reply is recorded by Grace."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from assessments.models import OutsideBody
from notifications.models import Notification
from oversight.models import InformationRequest, InformationRequestReminder
from oversight.services import information_requests as services
from partnerships.access import actor_for
from partnerships.models import AuditEntry
from tests.query_counts import cold_cache

pytestmark = pytest.mark.usefixtures("northshire_built_once")

TODAY = datetime.date(2026, 11, 2)
DUE = datetime.date(2026, 11, 30)
PDF = b"%PDF-1.4\n%%EOF\n"


def _url(name, partnership, *args):
    return reverse(f"tenant:information-requests{name}", args=[partnership.slug, *args])


def _require(convener, partnership, *, organisation=None, body=None, **overrides):
    data = {
        "organisation": organisation,
        "outside_body": body,
        "subject": "Knife crime referrals",
        "asked": "Referrals to youth diversion for knife possession, by month, 2025 to 2026.",
        "purpose": InformationRequest.Purpose.STRATEGY,
        "due_on": DUE,
    } | overrides
    with time_machine.travel(TODAY), scope(partnership=partnership):
        return services.information_request_make(actor=actor_for(convener, partnership), data=data)


@pytest.fixture
def asked_of_police(convener, partnership, police, django_capture_on_commit_callbacks):
    """Grace requires the police to supply knife crime referrals by 30 November 2026 (and Tom,
    the police data lead, is told)."""
    with django_capture_on_commit_callbacks(execute=True):
        return _require(convener, partnership, organisation=police)


@pytest.fixture
def academy(partnership):
    with scopes_disabled():
        return OutsideBody.objects.create(
            partnership=partnership, name="Northshire Academy", kind="educational"
        )


def _answer(client, partnership, information_request, **fields):
    return client.post(
        _url("-respond", partnership, information_request.pk),
        {"outcome": "answer", "response": "Figures attached."} | fields,
    )


# --- Making a request --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_convener_requires_the_police_to_supply_information_through_the_page(
    client_for, convener, partnership, police
):
    response = client_for(convener).post(
        _url("-new", partnership),
        {
            "addressee": f"organisation-{police.pk}",
            "subject": "Knife crime referrals",
            "asked": "Referrals by month.",
            "purpose": "strategy",
            "due_on_day": "30",
            "due_on_month": "11",
            "due_on_year": str(datetime.date.today().year + 1),
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    with scopes_disabled():
        information_request = InformationRequest.objects.get()
    assert information_request.organisation == police
    assert information_request.status == InformationRequest.Status.OPEN


@pytest.mark.django_db
def test_the_police_data_lead_is_told_of_a_request(asked_of_police, tom):
    with scopes_disabled():
        assert Notification.objects.filter(
            recipient=tom, key__startswith="information-request-made"
        )
    assert any("Information required" in message.subject for message in mail.outbox)


@pytest.mark.django_db
def test_a_form_with_mistakes_keeps_what_was_typed_and_says_what_to_fix(
    client_for, convener, partnership
):
    response = client_for(convener).post(
        _url("-new", partnership), {"subject": "Knife crime referrals", "asked": "A" * 5001}
    )
    page = response.content.decode()

    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Select the authority you are asking" in page
    assert "Information required must be 5,000 characters or fewer" in page
    assert "Knife crime referrals" in page
    assert 'data-module="govuk-character-count"' in page


@pytest.mark.django_db
def test_only_the_convener_may_require_information(client_for, lead, partnership):
    assert client_for(lead).get(_url("-new", partnership)).status_code == 403


# --- Answering ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_tom_answers_with_a_file_and_the_convener_is_told(
    client_for,
    data_lead,
    convener,
    partnership,
    asked_of_police,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _answer(
            client_for(data_lead),
            partnership,
            asked_of_police,
            attachments=[SimpleUploadedFile("referrals.pdf", PDF, content_type="application/pdf")],
        )

    assert response.status_code == 302, response.context["form"].errors
    with scopes_disabled():
        asked_of_police.refresh_from_db()
        attachment = asked_of_police.attachments.get()
        assert Notification.objects.filter(
            recipient=convener, key__startswith="information-request-answered"
        )
    assert asked_of_police.status == InformationRequest.Status.ANSWERED
    assert asked_of_police.responded_by == data_lead
    assert attachment.name == "referrals.pdf"
    assert "referrals.pdf" not in attachment.file.name  # a random key, never the name given


@pytest.mark.django_db
def test_a_refusal_needs_a_ground(client_for, data_lead, partnership, asked_of_police):
    response = client_for(data_lead).post(
        _url("-respond", partnership, asked_of_police.pk),
        {"outcome": "refuse", "refusal_explanation": "We cannot share it."},
    )

    assert response.status_code == 200
    assert "Select the ground for refusing" in response.content.decode()
    with scopes_disabled():
        asked_of_police.refresh_from_db()
    assert asked_of_police.status == InformationRequest.Status.OPEN


@pytest.mark.django_db
def test_a_refusal_on_a_ground_the_act_allows_is_recorded(
    client_for, data_lead, partnership, asked_of_police
):
    response = client_for(data_lead).post(
        _url("-respond", partnership, asked_of_police.pk),
        {
            "outcome": "refuse",
            "refusal_ground": "data_protection",
            "refusal_explanation": "Numbers this small identify children.",
        },
    )

    assert response.status_code == 302
    with scopes_disabled():
        asked_of_police.refresh_from_db()
    assert asked_of_police.status == InformationRequest.Status.REFUSED
    assert asked_of_police.refusal_ground == "data_protection"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["partner", "observer", "lead", "convener"])
def test_only_those_who_answer_for_the_police_may_respond(
    client_for, request, who, partnership, asked_of_police
):
    client = client_for(request.getfixturevalue(who))

    assert _answer(client, partnership, asked_of_police).status_code == 403


@pytest.mark.django_db
def test_a_partner_from_another_organisation_cannot_see_the_request(
    client_for, partner, partnership, asked_of_police
):
    client = client_for(partner)

    assert client.get(_url("-detail", partnership, asked_of_police.pk)).status_code == 403
    assert client.get(_url("", partnership)).status_code == 403


@pytest.mark.django_db
def test_an_outsider_gets_404(client_for, outsider, partnership, asked_of_police):
    client = client_for(outsider)

    assert client.get(_url("-detail", partnership, asked_of_police.pk)).status_code == 404
    assert _answer(client, partnership, asked_of_police).status_code == 404


# --- Withdrawing, and bodies outside the partnership -------------------------------------------


@pytest.mark.django_db
def test_the_convener_withdraws_an_open_request_and_the_police_are_told(
    client_for, convener, tom, partnership, asked_of_police, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(convener).post(_url("-withdraw", partnership, asked_of_police.pk))

    assert response.status_code == 302
    with scopes_disabled():
        asked_of_police.refresh_from_db()
        assert Notification.objects.filter(
            recipient=tom, key__startswith="information-request-withdrawn"
        )
    assert asked_of_police.status == InformationRequest.Status.WITHDRAWN


@pytest.mark.django_db
def test_the_data_lead_cannot_withdraw_it(client_for, data_lead, partnership, asked_of_police):
    response = client_for(data_lead).post(_url("-withdraw", partnership, asked_of_police.pk))

    assert response.status_code == 403


@pytest.mark.django_db
def test_the_convener_records_an_outside_bodys_reply_on_its_behalf(
    client_for, convener, partnership, academy
):
    information_request = _require(convener, partnership, body=academy)
    client = client_for(convener)

    page = client.get(_url("-detail", partnership, information_request.pk)).content.decode()
    response = _answer(
        client,
        partnership,
        information_request,
        attachments=[SimpleUploadedFile("exclusions.pdf", PDF, content_type="application/pdf")],
    )

    assert "nobody in the portal answers for it" in page
    assert response.status_code == 302
    with scopes_disabled():
        information_request.refresh_from_db()
        assert information_request.attachments.count() == 1
    assert information_request.status == InformationRequest.Status.ANSWERED


@pytest.mark.django_db
def test_a_request_asks_exactly_one_authority(convener, partnership, police, academy):
    with pytest.raises(Exception, match="Select the authority you are asking"):
        _require(convener, partnership, organisation=police, body=academy)


# --- Reminders ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reminders_go_once_at_each_threshold(asked_of_police):
    sent = []
    for day in (
        datetime.date(2026, 11, 22),  # too early
        datetime.date(2026, 11, 23),  # 7 days before
        datetime.date(2026, 11, 24),
        datetime.date(2026, 11, 29),  # 1 day before
        datetime.date(2026, 11, 30),
        datetime.date(2026, 12, 1),  # overdue
        datetime.date(2026, 12, 9),
    ):
        with time_machine.travel(day):
            sent.append(services.information_request_send_reminders(today=day))

    assert sent == [0, 1, 0, 1, 0, 1, 0]
    with scopes_disabled():
        thresholds = set(InformationRequestReminder.objects.values_list("threshold", flat=True))
    assert thresholds == {"7_days_before", "1_day_before", "overdue"}


@pytest.mark.django_db
def test_an_answered_request_is_not_reminded(client_for, data_lead, partnership, asked_of_police):
    _answer(client_for(data_lead), partnership, asked_of_police)

    assert services.information_request_send_reminders(today=datetime.date(2026, 12, 1)) == 0


# --- The timeline and the files ----------------------------------------------------------------


@pytest.mark.django_db
def test_each_change_is_on_the_activity_timeline(
    client_for, data_lead, partnership, asked_of_police
):
    _answer(client_for(data_lead), partnership, asked_of_police)

    with scopes_disabled():
        summaries = list(
            AuditEntry.objects.filter(
                partnership=partnership, subject_id=asked_of_police.pk
            ).values_list("summary", flat=True)
        )
    assert any(s.startswith("Information required of Northshire Police") for s in summaries)
    assert "Request answered" in summaries


@pytest.fixture
def answered_with_a_file(client_for, data_lead, partnership, asked_of_police):
    _answer(
        client_for(data_lead),
        partnership,
        asked_of_police,
        attachments=[SimpleUploadedFile("referrals.pdf", PDF, content_type="application/pdf")],
    )
    with scopes_disabled():
        return asked_of_police, asked_of_police.attachments.get()


@pytest.mark.django_db
def test_the_convener_downloads_the_file_and_it_is_noted_on_the_timeline(
    client_for, convener, partnership, answered_with_a_file
):
    information_request, attachment = answered_with_a_file

    response = client_for(convener).get(
        _url("-attachment", partnership, information_request.pk, attachment.pk)
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    with scopes_disabled():
        assert AuditEntry.objects.filter(
            partnership=partnership, action=AuditEntry.Action.DOWNLOADED, summary="referrals.pdf"
        ).exists()


@pytest.mark.django_db
def test_a_partner_from_another_organisation_cannot_download_the_file(
    client_for, partner, partnership, answered_with_a_file
):
    information_request, attachment = answered_with_a_file

    response = client_for(partner).get(
        _url("-attachment", partnership, information_request.pk, attachment.pk)
    )

    assert response.status_code == 403


# --- Lists -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_takes_the_same_number_of_queries_for_2_or_10_requests(
    client_for, convener, partnership, police
):
    client = client_for(convener)

    def queries() -> int:
        cold_cache()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url("", partnership)).status_code == 200
        return len(captured)

    for n in range(2):
        _require(convener, partnership, organisation=police, subject=f"Request {n}")
    few = queries()
    for n in range(2, 10):
        _require(convener, partnership, organisation=police, subject=f"Request {n}")
    many = queries()

    assert few == many


@pytest.mark.django_db
def test_tom_sees_the_request_asked_of_him_on_his_dashboard(
    client_for, data_lead, partnership, asked_of_police
):
    page = client_for(data_lead).get(reverse("tenant:dashboard", args=[partnership.slug]))

    assert "Information required of your organisation" in page.content.decode()
    assert "Knife crime referrals" in page.content.decode()


@pytest.mark.django_db
def test_the_convener_overview_counts_open_and_overdue_requests(
    client_for, convener, partnership, police
):
    _require(convener, partnership, organisation=police)
    _require(convener, partnership, organisation=police, due_on=datetime.date(2026, 11, 5))

    with time_machine.travel(datetime.date(2026, 11, 10)):
        response = client_for(convener).get(reverse("convener-overview"))
    rows = response.context["information_requests"]

    assert [(row.partnership, row.open, row.overdue) for row in rows] == [(partnership, 2, 1)]
    assert "Information requests" in response.content.decode()
