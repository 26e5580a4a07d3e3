"""Consultation on the draft strategy, done in the portal: Priya opens it until a closing date,
Paul (probation) comments on two sections and submits his organisation's response, the s.8(4)
record shows probation responded, Priya answers each comment and Paul is told, and the
strategy page and document summarise who said what and what changed, naming no one."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from documents import content
from notifications.models import Notification
from partnerships.access import actor_for
from partnerships.models import AuditEntry
from strategies import services
from strategies.models import (
    Consultation,
    ConsultationComment,
    ConsultationResponse,
    Strategy,
)
from tests.factories import PriorityFactory
from tests.query_counts import cold_cache

pytestmark = pytest.mark.usefixtures("northshire_built_once")


def url(name: str, *args) -> str:
    return reverse(f"tenant:{name}", args=["northshire", *args])


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def date_fields(name: str, on: datetime.date) -> dict:
    return {f"{name}_day": on.day, f"{name}_month": on.month, f"{name}_year": on.year}


def open_consultation(lead, strategy, *, closes_on=None):
    with scope(partnership=strategy.partnership):
        return services.consultation_period_open(
            strategy=strategy,
            closes_on=closes_on or in_days(14),
            actor=actor_for(lead, strategy.partnership),
        )


def comment(client, strategy, section: str, text: str):
    return client.post(
        url("consultation-comment", strategy.pk), {"section": section, f"{section}-text": text}
    )


@pytest.fixture
def priority(strategy):
    return PriorityFactory(strategy=strategy, title="Knife crime in the town centre")


@pytest.fixture
def submitted(client_for, lead, partner, strategy, priority, django_capture_on_commit_callbacks):
    """Paul's response for probation: comments on the summary and the priority, submitted."""
    open_consultation(lead, strategy)
    client = client_for(partner)
    comment(client, strategy, "summary", "Say more about young adults.")
    comment(client, strategy, f"priority-{priority.pk}", "Probation can lead the mentoring.")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("consultation-submit", strategy.pk), {"overall": "We support the draft."})
    with scopes_disabled():
        return ConsultationResponse.objects.get(strategy=strategy)


def _comments(response) -> list[ConsultationComment]:
    with scopes_disabled():
        return list(ConsultationComment.objects.filter(response=response).order_by("pk"))


@pytest.mark.django_db
def test_the_lead_opens_the_consultation_with_a_closing_date(client_for, lead, strategy):
    response = client_for(lead).post(
        url("consultation-open", strategy.pk), date_fields("closes_on", in_days(21))
    )

    assert response.status_code == 302
    assert response.url == url("consultation", strategy.pk)
    strategy.refresh_from_db()
    assert strategy.status == Strategy.Status.CONSULTATION
    assert strategy.consultation_period.closes_on == in_days(21)
    with scopes_disabled():
        entry = AuditEntry.objects.filter(summary__startswith="Consultation opened").get()
    assert entry.actor == lead


@pytest.mark.django_db
def test_only_the_lead_opens_it(client_for, partner, strategy):
    response = client_for(partner).post(
        url("consultation-open", strategy.pk), date_fields("closes_on", in_days(21))
    )

    assert response.status_code == 403


@pytest.mark.django_db
def test_a_closing_date_in_the_past_is_refused_with_what_was_typed(client_for, lead, strategy):
    response = client_for(lead).post(
        url("consultation-open", strategy.pk), date_fields("closes_on", in_days(-1))
    )

    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "The closing date must be today or in the future" in page


@pytest.mark.django_db
def test_a_partner_comments_on_two_sections_and_submits(
    client_for, lead, partner, probation, strategy, priority, submitted
):
    assert submitted.organisation == probation
    assert submitted.submitted_by == partner
    assert submitted.overall == "We support the draft."
    assert [(c.section_key, c.text) for c in _comments(submitted)] == [
        ("summary", "Say more about young adults."),
        (f"priority-{priority.pk}", "Probation can lead the mentoring."),
    ]
    assert _comments(submitted)[1].section_title == "Priority 1: Knife crime in the town centre"
    with scopes_disabled():
        assert AuditEntry.objects.filter(summary="Consultation response submitted").exists()
        # The lead hears of it.
        assert Notification.objects.filter(recipient=lead, key__startswith="consultation-response")


@pytest.mark.django_db
def test_submitting_keeps_the_consultation_record_the_checklist_counts(
    lead, probation, strategy, submitted
):
    with scopes_disabled():
        consultation = Consultation.objects.get(strategy=strategy, organisation=probation)
    assert consultation.responded_on == timezone.localdate()
    assert consultation.invited_on == strategy.consultation_period.opened_on
    assert "We support the draft." in consultation.response
    assert "Comments on: Executive summary; Priority 1" in consultation.response


@pytest.mark.django_db
def test_a_record_the_lead_already_kept_is_updated_not_duplicated(
    client_for, lead, partner, probation, strategy
):
    with scopes_disabled():
        Consultation.objects.create(
            partnership=strategy.partnership,
            strategy=strategy,
            organisation=probation,
            invited_on=in_days(-10),
            taken_into_account="Discussed at the board.",
        )
    open_consultation(lead, strategy)
    client = client_for(partner)
    comment(client, strategy, "summary", "Fine.")
    client.post(url("consultation-submit", strategy.pk), {"overall": ""})

    with scopes_disabled():
        [consultation] = Consultation.objects.filter(strategy=strategy, organisation=probation)
    assert consultation.invited_on == in_days(-10)
    assert consultation.responded_on == timezone.localdate()
    assert consultation.taken_into_account == "Discussed at the board."


@pytest.mark.django_db
def test_comments_stay_a_draft_the_form_keeps_and_a_long_one_is_refused(
    client_for, lead, partner, strategy
):
    open_consultation(lead, strategy)
    client = client_for(partner)
    comment(client, strategy, "summary", "First thoughts.")

    page = client.get(url("consultation", strategy.pk)).content.decode()
    assert "First thoughts." in page
    response = comment(client, strategy, "summary", "x" * 5001)
    assert response.status_code == 400
    assert "Enter 5,000 characters or fewer" in response.content.decode()
    with scopes_disabled():
        assert not ConsultationResponse.objects.filter(submitted_at__isnull=False).exists()


@pytest.mark.django_db
def test_htmx_saves_one_section_and_swaps_it(client_for, lead, partner, strategy):
    open_consultation(lead, strategy)

    response = client_for(partner).post(
        url("consultation-comment", strategy.pk),
        {"section": "summary", "summary-text": "Short."},
        headers={"HX-Request": "true"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith("<section")
    assert "Your draft comment has been saved" in page


@pytest.mark.django_db
def test_no_comment_after_the_closing_date(client_for, lead, partner, strategy):
    period = open_consultation(lead, strategy)
    with scopes_disabled():
        period.opened_on, period.closes_on = in_days(-20), in_days(-1)
        period.save()

    response = comment(client_for(partner), strategy, "summary", "Too late.")

    assert response.status_code == 400
    assert "The consultation on this strategy is not open" in response.content.decode()
    with scopes_disabled():
        assert not ConsultationComment.objects.exists()


@pytest.mark.django_db
def test_no_comment_once_the_strategy_is_no_longer_a_draft(client_for, lead, partner, strategy):
    open_consultation(lead, strategy)
    with scopes_disabled():
        Strategy.objects.filter(pk=strategy.pk).update(status=Strategy.Status.AGREED)

    client = client_for(partner)
    response = comment(client, strategy, "summary", "Too late.")

    assert response.status_code == 400
    assert (
        'name="summary-text"' not in client.get(url("consultation", strategy.pk)).content.decode()
    )


@pytest.mark.django_db
def test_no_one_sees_another_organisations_draft(client_for, lead, partner, data_lead, strategy):
    open_consultation(lead, strategy)
    comment(client_for(data_lead), strategy, "summary", "Police draft thought.")
    with scopes_disabled():
        police_draft = ConsultationResponse.objects.get()

    client = client_for(partner)
    assert (
        "Police draft thought." not in client.get(url("consultation", strategy.pk)).content.decode()
    )
    assert client.get(url("consultation-response", police_draft.pk)).status_code == 404
    # Not even the lead, until it is submitted.
    assert client_for(lead).get(url("consultation-response", police_draft.pk)).status_code == 404
    assert (
        client_for(data_lead).get(url("consultation-response", police_draft.pk)).status_code == 200
    )


@pytest.mark.django_db
def test_an_observer_responds_but_an_outsider_gets_404(
    client_for, lead, observer, outsider, strategy
):
    open_consultation(lead, strategy)

    assert client_for(observer).get(url("consultation", strategy.pk)).status_code == 200
    assert client_for(outsider).get(url("consultation", strategy.pk)).status_code == 404


@pytest.mark.django_db
def test_the_lead_answers_each_comment_and_the_respondent_is_told(
    client_for, lead, partner, strategy, submitted, django_capture_on_commit_callbacks
):
    first, second = _comments(submitted)
    client = client_for(lead)
    page = client.get(url("consultation-answers", strategy.pk)).content.decode()
    assert "Say more about young adults." in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("consultation-answer", first.pk),
            {
                f"comment-{first.pk}-answer": "Agreed.",
                f"comment-{first.pk}-changed": "changed",
                f"comment-{first.pk}-what_changed": "The summary now covers 18 to 25 year olds.",
            },
        )
    refused = client.post(
        url("consultation-answer", second.pk),
        {f"comment-{second.pk}-answer": "Thanks.", f"comment-{second.pk}-changed": "changed"},
    )
    assert refused.status_code == 400
    assert "Say what changed in the draft" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("consultation-answer", second.pk),
            {f"comment-{second.pk}-answer": "Thanks.", f"comment-{second.pk}-changed": "no_change"},
        )

    first, second = _comments(submitted)
    assert (first.changed, first.answered_by) == ("changed", lead)
    assert (second.changed, second.answer) == ("no_change", "Thanks.")
    with scopes_disabled():
        told = Notification.objects.filter(recipient=partner, key__startswith="consultation-answer")
        assert told.count() == 2
        assert AuditEntry.objects.filter(summary="Consultation comment answered").count() == 2
    assert client_for(partner).get(url("consultation-response", submitted.pk)).status_code == 200


@pytest.mark.django_db
def test_a_partner_cannot_answer(client_for, partner, submitted):
    [first, _second] = _comments(submitted)

    response = client_for(partner).post(
        url("consultation-answer", first.pk),
        {f"comment-{first.pk}-answer": "Mine.", f"comment-{first.pk}-changed": "no_change"},
    )

    assert response.status_code == 403


def _answer_all(lead, response):
    with scope(partnership=response.partnership):
        actor = actor_for(lead, response.partnership)
        for item in _comments(response):
            services.consultation_comment_answer(
                comment=item,
                data={"answer": "Yes.", "changed": "changed", "what_changed": "Added a line."},
                actor=actor,
            )


@pytest.mark.django_db
def test_the_summary_shows_on_the_strategy_page_naming_the_organisation(
    client_for, lead, partner, strategy, submitted
):
    _answer_all(lead, submitted)

    page = client_for(lead).get(url("strategies-detail", strategy.pk)).content.decode()

    assert 'id="consultation"' in page
    assert "Northshire Probation Delivery Unit" in page
    assert "Executive summary: Added a line." in page


@pytest.mark.django_db
def test_the_strategy_document_prints_the_summary_and_no_staff_names(lead, strategy, submitted):
    _answer_all(lead, submitted)

    with scope(partnership=strategy.partnership):
        html = content.strategy_html(strategy=strategy, draft=True)

    assert 'id="consultation-responses"' in html
    assert "Northshire Probation Delivery Unit" in html
    assert "Added a line." in html
    assert "Paul Reid" not in html
    assert "Priya Shah" not in html


@pytest.mark.django_db
def test_the_pages_ask_the_same_number_of_queries_for_2_or_10_comments(
    client_for, lead, partner, strategy
):
    open_consultation(lead, strategy)
    priorities = [PriorityFactory(strategy=strategy, title=f"Priority {n}") for n in range(10)]
    counts = {}
    for number in (2, 10):
        client = client_for(partner)
        for priority in priorities[:number]:
            comment(client, strategy, f"priority-{priority.pk}", f"Comment {priority.pk}")
        for name in ("consultation", "strategies-detail"):
            cold_cache()
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url(name, strategy.pk)).status_code == 200
            counts[(name, number)] = len(queries)
        if number == 2:
            with scopes_disabled():
                ConsultationComment.objects.all().delete()
    client = client_for(partner)
    client.post(url("consultation-submit", strategy.pk), {"overall": ""})
    client = client_for(lead)
    cold_cache()
    with CaptureQueriesContext(connection) as ten:
        client.get(url("consultation-answers", strategy.pk))

    assert counts[("consultation", 2)] == counts[("consultation", 10)]
    assert counts[("strategies-detail", 2)] == counts[("strategies-detail", 10)]
    assert len(ten) < 40


@pytest.mark.django_db
def test_a_consultee_responds_for_their_school_and_the_checklist_counts_it(
    client_for, lead, consultee, partnership, strategy
):
    from oversight.selectors import compliance_for

    open_consultation(lead, strategy)
    client = client_for(consultee)
    assert client.get(url("consultation", strategy.pk)).status_code == 200
    comment(client, strategy, "summary", "Schools should be named.")
    client.post(url("consultation-submit", strategy.pk), {"overall": ""})

    with scopes_disabled():
        response = ConsultationResponse.objects.select_related("outside_body").get()
        consultation = Consultation.objects.get(strategy=strategy)
    assert response.outside_body.name == "St Aidan's Academy"
    assert response.organisation is None
    assert consultation.outside_body == response.outside_body
    assert consultation.responded_on == timezone.localdate()
    checklist = compliance_for(partnerships=[partnership], today=timezone.localdate())
    line = next(line for line in checklist[partnership.pk].lines if line.key == "consulted")
    assert "St Aidan's Academy" not in line.missing
