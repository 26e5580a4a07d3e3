"""The nomination record: a lead writes down why they nominated someone for an accountable Duty
role, against the guidance's reflective questions, and everyone who may see the member reads it."""

import pytest
from django_scopes import scopes_disabled

from partnerships import services
from partnerships.models import ReflectiveQuestion
from tests.partnerships.member_stories import member_url, membership_of

# The personas appear in every story here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")


@pytest.mark.django_db
def test_the_nomination_form_asks_every_reflective_question(client_for, lead, paul):
    body = client_for(lead).get(member_url("members-nomination", paul)).content.decode()

    for question in ReflectiveQuestion.objects.filter(purpose="nomination"):
        assert question.theme in body
    assert body.count("<textarea") == 7


@pytest.mark.django_db
def test_nomination_answers_show_on_the_members_page(client_for, lead, paul):
    client = client_for(lead)

    response = client.post(
        member_url("members-nomination", paul),
        {"question_1": "Runs the probation delivery unit", "question_3": ""},
    )

    assert response.url == member_url("members-detail", paul)
    body = client.get(response.url).content.decode()
    assert "Runs the probation delivery unit" in body
    assert "Recorded by Priya Shah on" in body
    assert "Not answered" in body


@pytest.mark.django_db
def test_the_nomination_form_is_prefilled_from_the_record(client_for, lead, paul):
    services.membership_record_nomination(
        membership=paul, answers={"2": "Sits on the reducing reoffending board"}, acting_user=lead
    )

    body = client_for(lead).get(member_url("members-nomination", paul)).content.decode()

    assert "Sits on the reducing reoffending board</textarea>" in body


@pytest.mark.django_db
def test_a_too_long_nomination_answer_is_refused_and_kept(client_for, lead, paul):
    response = client_for(lead).post(
        member_url("members-nomination", paul), {"question_1": "x" * 3001}
    )

    body = response.content.decode()
    assert "must be 3,000 characters or fewer" in body
    assert "x" * 3001 in body
    assert not membership_of(paul.user, paul.partnership).nomination


@pytest.mark.django_db
def test_the_members_page_offers_a_nomination_record_for_an_accountable_person(
    client_for, lead, paul
):
    body = client_for(lead).get(member_url("members-detail", paul)).content.decode()

    assert "Record why you nominated them" in body


@pytest.mark.django_db
def test_the_members_page_shows_the_recommended_post_for_their_duty_roles(client_for, lead, paul):
    body = client_for(lead).get(member_url("members-detail", paul)).content.decode()

    with scopes_disabled():
        posts = paul.organisation.sector.recommended_posts.filter(roles__slug="responsible")
    assert posts
    for post in posts:
        assert post.post in body
