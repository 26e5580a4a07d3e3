"""Drafts continued rather than duplicated (issue 14): an organisation that has begun answering
a call is offered its draft to continue, everywhere the call is offered, and never a second one."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from assessments import services
from assessments.models import Contribution
from partnerships.models import DutyElement
from tests.assessments.contribution_stories import form_data, url
from tests.assessments.test_calls import make_call
from tests.factories import ContributionFactory, measure

pytestmark = pytest.mark.usefixtures("northshire_built_once")


def page(client, address: str) -> str:
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


def call_url(call) -> str:
    return reverse("tenant:calls-detail", args=["northshire", call.pk])


def edit_url(contribution) -> str:
    return url("contributions-edit", contribution)


@pytest.mark.django_db
def test_a_call_with_no_draft_answer_offers_to_answer_it(
    client_for, partnership, probation, partner
):
    call = make_call(partnership, [probation])

    shown = page(client_for(partner), call_url(call))

    assert "Answer this call" in shown
    assert "Continue your draft answer" not in shown


@pytest.mark.django_db
def test_a_call_paul_has_begun_answering_offers_his_draft_to_continue(
    client_for, partnership, probation, partner
):
    call = make_call(partnership, [probation])
    draft = ContributionFactory(organisation=probation, call=call, title="Half-written answer")

    shown = page(client_for(partner), call_url(call))

    assert "Continue your draft answer" in shown
    assert edit_url(draft) in shown
    assert "Answer this call" not in shown


@pytest.mark.django_db
def test_another_organisations_draft_does_not_stop_paul_answering(
    client_for, partnership, police, probation, partner
):
    call = make_call(partnership, [police, probation])
    ContributionFactory(organisation=police, call=call, title="The police's draft")

    shown = page(client_for(partner), call_url(call))

    assert "Answer this call" in shown
    assert "Continue your draft answer" not in shown


@pytest.mark.django_db
def test_the_todo_list_offers_the_draft_to_continue(client_for, partnership, probation, partner):
    call = make_call(partnership, [probation], title="Probation caseload figures")
    draft = ContributionFactory(organisation=probation, call=call)

    shown = page(client_for(partner), reverse("tenant:todo", args=["northshire"]))

    assert "Continue your draft answer" in shown
    assert edit_url(draft) in shown
    assert f"?call={call.pk}" not in shown


@pytest.mark.django_db
def test_what_is_asked_of_you_offers_the_draft_to_continue(
    client_for, partnership, probation, partner
):
    call = make_call(partnership, [probation], title="Probation caseload figures")
    draft = ContributionFactory(organisation=probation, call=call)

    shown = page(client_for(partner), reverse("tenant:dashboard", args=["northshire"]))

    assert "Continue your draft answer" in shown
    assert edit_url(draft) in shown


@pytest.mark.django_db
def test_answering_a_call_again_opens_the_draft_instead_of_a_new_form(
    client_for, partnership, probation, partner
):
    call = make_call(partnership, [probation])
    draft = ContributionFactory(organisation=probation, call=call)

    response = client_for(partner).get(url("contributions-new") + f"?call={call.pk}")

    assert response.status_code == 302
    assert response["Location"] == edit_url(draft)


@pytest.mark.django_db
def test_a_new_answer_starts_with_what_the_call_fixes(client_for, partnership, probation, partner):
    call = make_call(partnership, [probation])
    with scopes_disabled():
        call.period = "2025/26"
        call.save()
        call.elements.set([DutyElement.objects.get(slug="collaboration")])
        call.measures.set([measure()])

    response = client_for(partner).get(url("contributions-new") + f"?call={call.pk}")

    form = response.context["form"]
    assert form["call"].value() == call.pk
    assert form["element"].value() == "collaboration"
    assert form["period"].value() == "2025/26"
    assert form["kind"].value() == Contribution.Kind.DATA_RETURN


@pytest.mark.django_db
def test_the_service_refuses_a_second_draft_answer_to_the_same_call(
    partnership, probation, partner
):
    call = make_call(partnership, [probation])
    first = ContributionFactory(organisation=probation, call=call)

    with scopes_disabled(), pytest.raises(ValidationError) as refused:
        services.contribution_create(
            partnership=partnership,
            organisation=probation,
            element=first.element,
            level="engaged",
            kind=Contribution.Kind.INSIGHT,
            title="A second go",
            body="",
            period="2026/27",
            call=call,
            acting_user=partner,
        )

    assert refused.value.draft == first
    with scopes_disabled():
        assert Contribution.objects.filter(call=call).count() == 1


@pytest.mark.django_db
def test_a_second_draft_posted_anyway_points_to_the_first(
    client_for, partnership, probation, partner
):
    call = make_call(partnership, [probation])
    first = ContributionFactory(organisation=probation, call=call)

    response = client_for(partner).post(
        url("contributions-new"), form_data(call=call.pk, title="A second go")
    )

    shown = response.content.decode()
    assert response.status_code == 200
    assert "already has a draft answer to this call" in shown
    assert edit_url(first) in shown
    with scopes_disabled():
        assert Contribution.objects.filter(call=call).count() == 1


@pytest.mark.django_db
def test_a_submitted_answer_does_not_stop_a_new_draft(partnership, probation, partner):
    call = make_call(partnership, [probation])
    ContributionFactory(organisation=probation, call=call, status=Contribution.Status.SUBMITTED)

    with scopes_disabled():
        second = services.contribution_create(
            partnership=partnership,
            organisation=probation,
            element=DutyElement.objects.get(slug="strategic-needs-assessment"),
            level="engaged",
            kind=Contribution.Kind.INSIGHT,
            title="More evidence",
            body="",
            period="2026/27",
            call=call,
            acting_user=partner,
        )

    assert second.pk
