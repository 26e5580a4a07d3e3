"""An organisation's self-assessment against the guidance's Part 1 reflective questions, kept per
financial year: its own members and the lead write this year's; everyone who sees the
organisations reads every year's; last year's stays as it was written."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from partnerships.models import AuditEntry, SelfAssessment
from tests.query_counts import cold_cache

pytestmark = pytest.mark.usefixtures("northshire_built_once")


def list_url(organisation) -> str:
    return reverse(
        "tenant:organisations-self-assessment",
        args=[organisation.partnership.slug, organisation.pk],
    )


def edit_url(organisation) -> str:
    return reverse(
        "tenant:organisations-self-assessment-edit",
        args=[organisation.partnership.slug, organisation.pk],
    )


def answers(**changes) -> dict:
    return {
        "question_1": "Two days a month of the head of service's time.",
        "question_2": "",
        "question_3": "We could chair the data group.",
        "question_4": "",
        "level": "engaged",
        **changes,
    }


def this_years(organisation) -> SelfAssessment:
    with scopes_disabled():
        return SelfAssessment.objects.get(organisation=organisation)


def last_year(organisation, **values) -> SelfAssessment:
    with scopes_disabled():
        return SelfAssessment.objects.create(
            partnership=organisation.partnership,
            organisation=organisation,
            year=values.pop("year", "2020/21"),
            answers=values.pop("answers", {"1": "Half a post."}),
            level="engaged",
            **values,
        )


@pytest.mark.django_db
def test_the_organisations_partner_writes_this_years_self_assessment(
    client_for, partner, probation
):
    client = client_for(partner)

    response = client.post(edit_url(probation), answers())

    assert response.status_code == 302
    assert response.url == list_url(probation)
    saved = this_years(probation)
    assert saved.answers == {
        "1": "Two days a month of the head of service's time.",
        "3": "We could chair the data group.",
    }
    assert (saved.level, saved.recorded_by) == ("engaged", partner)
    page = client.get(list_url(probation)).content.decode()
    assert "We could chair the data group." in page
    with scopes_disabled():
        assert AuditEntry.objects.filter(subject_type="selfassessment").exists()


@pytest.mark.django_db
def test_the_partner_edits_this_years_rather_than_adding_another(client_for, partner, probation):
    client = client_for(partner)
    client.post(edit_url(probation), answers())

    form = client.get(edit_url(probation)).content.decode()
    client.post(edit_url(probation), answers(level="actively_participating", question_3=""))

    assert "We could chair the data group." in form
    with scopes_disabled():
        assert SelfAssessment.objects.filter(organisation=probation).count() == 1
    assert this_years(probation).level == "actively_participating"
    assert "3" not in this_years(probation).answers


@pytest.mark.django_db
def test_the_lead_may_write_any_organisations(client_for, lead, probation):
    assert client_for(lead).post(edit_url(probation), answers()).status_code == 302


@pytest.mark.django_db
def test_a_partner_of_another_organisation_reads_but_may_not_write(
    client_for, data_lead, probation
):
    client = client_for(data_lead)

    assert client.get(list_url(probation)).status_code == 200
    assert client.get(edit_url(probation)).status_code == 403
    assert client.post(edit_url(probation), answers()).status_code == 403
    with scopes_disabled():
        assert not SelfAssessment.objects.filter(organisation=probation).exists()


@pytest.mark.django_db
def test_an_outsider_finds_nothing(client_for, outsider, probation):
    client = client_for(outsider)

    assert client.get(list_url(probation)).status_code == 404
    assert client.post(edit_url(probation), answers()).status_code == 404


@pytest.mark.django_db
def test_an_overlong_answer_is_refused_and_what_was_typed_kept(client_for, partner, probation):
    response = client_for(partner).post(
        edit_url(probation), answers(question_1="x" * 3001, question_3="Kept this")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Resources must be 3,000 characters or fewer" in page
    assert "Kept this" in page


@pytest.mark.django_db
def test_last_years_stays_readable_and_unchanged(client_for, partner, probation):
    earlier = last_year(probation, year="2020/21", recorded_by=partner)
    client = client_for(partner)

    client.post(edit_url(probation), answers())

    with scopes_disabled():
        kept = SelfAssessment.objects.get(pk=earlier.pk)
        assert SelfAssessment.objects.filter(organisation=probation).count() == 2
    assert kept.answers == {"1": "Half a post."}
    page = client.get(list_url(probation)).content.decode()
    assert "Half a post." in page
    # Newest year first.
    assert page.index(this_years_label()) < page.index("2020/21")


def this_years_label() -> str:
    from common.periods import financial_year

    return financial_year(timezone.localdate())


@pytest.mark.django_db
def test_the_organisations_list_links_to_each_self_assessment(client_for, observer, probation):
    page = (
        client_for(observer)
        .get(reverse("tenant:organisations", args=[probation.partnership.slug]))
        .content.decode()
    )

    assert list_url(probation) in page


@pytest.mark.django_db
def test_the_list_page_takes_the_same_queries_for_one_year_or_five(
    client_for, partner, probation, django_assert_max_num_queries, django_assert_num_queries
):
    client = client_for(partner)
    last_year(probation, year="2020/21")
    cold_cache()
    with django_assert_max_num_queries(100) as one:
        client.get(list_url(probation))
    for start in range(2016, 2020):
        last_year(probation, year=f"{start}/{(start + 1) % 100:02d}")

    cold_cache()
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(list_url(probation))


def test_a_financial_year_runs_from_april():
    from common.periods import financial_year

    assert financial_year(datetime.date(2026, 3, 31)) == "2025/26"
    assert financial_year(datetime.date(2026, 4, 1)) == "2026/27"
