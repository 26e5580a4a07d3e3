"""Home Office returns defined as data (issue 18): an administrator's versioned templates, the
return the portal fills in from what it holds, the convener's answers checked by kind, sign-off,
the workbook for the Home Office, and who may reach it."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from openpyxl import load_workbook
from pypdf import PdfReader

from assessments.models import LocalDefinition, SharingAgreement
from documents.models import PublicPage
from documents.pdf import RenderError
from funding.admin import ReturnTemplateAdmin
from funding.documents import return_pdf_run
from funding.models import (
    Allocation,
    Grant,
    GrantLine,
    ReturnAnswer,
    ReturnQuestion,
    ReturnSubmission,
    ReturnTemplate,
    SpendRecord,
)
from funding.services import returns as services
from partnerships.models import Organisation, Sector
from strategies.models import Strategy
from tests.documents.conftest import words_of
from tests.factories import AssessmentFactory, MembershipFactory, StrategyFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("northshire_built_once")]

Kind, Scope, Prefill = ReturnQuestion.Kind, ReturnQuestion.Scope, ReturnQuestion.Prefill
DUE = datetime.date(2026, 10, 31)


def _template(*questions, name="Serious Violence Duty grant return") -> ReturnTemplate:
    """A draft template, as an administrator defines one in the admin."""
    template = ReturnTemplate.objects.create(name=name)
    for order, (key, kind, extra) in enumerate(questions):
        ReturnQuestion.objects.create(
            template=template,
            order=order,
            key=key,
            section=extra.pop("section", "Delivery"),
            label=extra.pop("label", key.replace("-", " ").capitalize()),
            kind=kind,
            **extra,
        )
    return template


EVERY_KIND = (
    ("arrangement", Kind.TEXT, {"prefill": Prefill.ARRANGEMENT, "section": "Governance"}),
    ("definition-agreed", Kind.DATE, {"prefill": Prefill.DEFINITION_AGREED_ON}),
    ("sna-agreed", Kind.DATE, {"prefill": Prefill.SNA_AGREED_ON}),
    ("strategy-published", Kind.DATE, {"prefill": Prefill.STRATEGY_PUBLISHED_ON}),
    ("strategy-address", Kind.TEXT, {"prefill": Prefill.STRATEGY_ADDRESS}),
    ("labour-spend", Kind.MONEY, {"prefill": Prefill.SPEND_LABOUR, "section": "Spend"}),
    ("non-labour-spend", Kind.MONEY, {"prefill": Prefill.SPEND_NON_LABOUR, "section": "Spend"}),
    ("data-sharing", Kind.TEXT, {"prefill": Prefill.DATA_SHARING}),
    ("engagement", Kind.TEXT, {"prefill": Prefill.ENGAGEMENT}),
    ("review-due", Kind.DATE, {"prefill": Prefill.STRATEGY_REVIEW_DUE, "required": False}),
    (
        "interventions",
        Kind.NUMBER,
        {"prefill": Prefill.INTERVENTIONS_FUNDED, "scope": Scope.GRANT},
    ),
    ("young-people-reached", Kind.NUMBER, {}),
    ("on-track", Kind.YES_NO, {"scope": Scope.GRANT}),
    ("rating", Kind.CHOICE, {"choices": ["Green", "Amber", "Red"], "scope": Scope.GRANT}),
    ("notes", Kind.TEXT, {"required": False, "scope": Scope.GRANT}),
)


def _published(*questions) -> ReturnTemplate:
    template = _template(*[(k, kind, dict(extra)) for k, kind, extra in questions])
    return services.return_template_publish(template=template, user=None)


@pytest.fixture
def grant(partnership, council):
    """Northshire's 2026/27 grant: £1,234.55 of labour spend in two quarters, £99.99 of
    non-labour, and spend of another year that does not count."""
    grant = Grant.objects.create(
        title="Serious Violence Duty grant",
        grant_year="2026/27",
        amount=Decimal("100000.00"),
        awarded_on=datetime.date(2026, 3, 1),
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
    )
    grant.partnerships.add(partnership)
    labour = GrantLine.objects.create(grant=grant, kind="labour", amount=Decimal("40000"))
    other = GrantLine.objects.create(grant=grant, kind="non_labour", amount=Decimal("60000"))
    with scopes_disabled():
        for line, spent in ((labour, ["1000.10", "234.45"]), (other, ["99.99"])):
            allocation = Allocation.objects.create(
                partnership=partnership, line=line, amount=Decimal("5000"), purpose="Delivery"
            )
            for quarter, actual in enumerate(spent, start=1):
                SpendRecord.objects.create(
                    partnership=partnership,
                    allocation=allocation,
                    year="2026/27",
                    quarter=quarter,
                    actual=Decimal(actual),
                )
        SpendRecord.objects.create(
            partnership=partnership,
            allocation=allocation,
            year="2025/26",
            quarter=4,
            actual=Decimal("7.00"),
        )
    return grant


@pytest.fixture
def held(partnership, council, police):
    """What Northshire has agreed and published: its definition, SNA, strategy and public page,
    and a data sharing agreement the police are party to."""
    with scopes_disabled():
        LocalDefinition.objects.create(
            partnership=partnership,
            version=1,
            status="agreed",
            summary="Violence causing serious harm",
            agreed_on=datetime.date(2026, 5, 1),
        )
        sna = AssessmentFactory(
            partnership=partnership,
            period="2026/27",
            status="agreed",
            agreed_on=datetime.date(2026, 6, 15),
        )
        strategy = StrategyFactory(
            partnership=partnership,
            assessment=sna,
            start_period="2026/27",
            end_period="2028/29",
            status=Strategy.Status.PUBLISHED,
            published_on=datetime.date(2026, 7, 20),
            next_review_due=datetime.date(2027, 7, 20),
        )
        PublicPage.objects.create(
            partnership=partnership,
            strategy=strategy,
            address="our-strategy",
            published_at=timezone.now(),
        )
        agreement = SharingAgreement.objects.create(
            partnership=partnership,
            title="Northshire data sharing agreement",
            purpose="The SNA",
            data_sets="Offences",
            owner=police,
            status=SharingAgreement.Status.IN_FORCE,
            in_force_from=datetime.date(2026, 1, 1),
        )
        agreement.organisations.add(police)
        specified = Organisation.objects.filter(
            partnership=partnership, sector__authority_type=Sector.AuthorityType.SPECIFIED
        ).count()
    return {"specified": specified}


def _start(grant, template, convener, period="2026/27 Q2"):
    return services.return_start(
        grant=grant, template=template, period=period, due_on=DUE, user=convener
    )


def _answer(submission, key, partnership=None) -> ReturnAnswer:
    return ReturnAnswer.objects.get(
        submission=submission, question__key=key, partnership=partnership
    )


# --- Templates ---


def test_publishing_freezes_a_template_and_a_new_version_copies_its_questions():
    template = _published(*EVERY_KIND)
    assert template.status == ReturnTemplate.Status.PUBLISHED
    assert template.published_at is not None
    with pytest.raises(ValidationError):
        services.return_template_publish(template=template, user=None)

    copy = services.return_template_new_version(template=template, user=None)

    assert (copy.name, copy.version, copy.status) == (template.name, 2, "draft")
    assert list(copy.questions.values_list("key", "kind", "choices", "prefill")) == list(
        template.questions.values_list("key", "kind", "choices", "prefill")
    )
    assert copy.questions.first().history.count() == 1


def test_the_admin_refuses_to_edit_a_published_version(rf):
    admin = ReturnTemplateAdmin(ReturnTemplate, None)
    request = rf.get("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    draft = _template(*[(k, kind, dict(extra)) for k, kind, extra in EVERY_KIND])
    assert admin.has_change_permission(request, draft)
    published = services.return_template_publish(template=draft, user=request.user)
    assert not admin.has_change_permission(request, published)


def test_a_choice_question_needs_its_options_to_publish():
    template = _template(("rating", Kind.CHOICE, {}))
    with pytest.raises(ValidationError, match="List the options"):
        services.return_template_publish(template=template, user=None)


# --- Starting a return, pre-filled ---


def test_a_return_starts_only_from_a_published_template(grant, convener):
    draft = _template(("notes", Kind.TEXT, {}))
    with pytest.raises(ValidationError):
        _start(grant, draft, convener)


def test_starting_a_return_fills_in_what_the_portal_holds(grant, held, convener, partnership):
    submission = _start(grant, _published(*EVERY_KIND), convener)

    def value(key, partnership=partnership):
        return _answer(submission, key, partnership).value

    assert value("definition-agreed") == "2026-05-01"
    assert value("sna-agreed") == "2026-06-15"
    assert value("strategy-published") == "2026-07-20"
    assert value("strategy-address").endswith(
        reverse(
            "published-strategy",
            kwargs={"partnership_slug": "northshire", "address": "our-strategy"},
        )
    )
    assert value("labour-spend") == "1234.55"
    assert value("non-labour-spend") == "99.99"
    assert value("data-sharing").startswith(f"1 of {held['specified']} specified authorities")
    assert value("arrangement").startswith("Community safety partnership")
    assert re.fullmatch(r"\d+ of \d+ Duty checklist lines met", value("engagement"))
    assert value("review-due") == "2027-07-20"
    assert _answer(submission, "interventions").value == "0"
    answer = _answer(submission, "labour-spend", partnership)
    assert (answer.prefilled_value, answer.prefilled_from) == ("1234.55", "spend_labour")
    # Grant-wide questions are one answer each; the unanswered start blank.
    assert _answer(submission, "on-track").value == ""


def test_a_persons_change_survives_filling_again(grant, held, convener, partnership):
    submission = _start(grant, _published(*EVERY_KIND), convener)
    services.return_answer(
        submission=submission,
        question=_answer(submission, "labour-spend", partnership).question,
        partnership=partnership,
        value="£2,000",
        user=convener,
    )
    with scopes_disabled():
        SpendRecord.objects.filter(year="2026/27", quarter=1).update(actual=Decimal("1.00"))

    services.return_prefill(submission=submission, user=convener)

    labour = _answer(submission, "labour-spend", partnership)
    assert (labour.value, labour.prefilled_value) == ("2000.00", "235.45")
    assert labour.is_changed
    assert _answer(submission, "non-labour-spend", partnership).value == "1.00"


# --- Answers checked by kind ---


@pytest.mark.parametrize(
    ("key", "typed", "stored", "message"),
    [
        ("labour-spend", "£1,250.5", "1250.50", None),
        ("labour-spend", "12.345", None, "pounds and pence"),
        ("labour-spend", "-5", None, "£0 or more"),
        ("young-people-reached", "1,204", "1204", None),
        ("young-people-reached", "lots", None, "Enter a number"),
        ("definition-agreed", "31/3/2027", "2027-03-31", None),
        ("definition-agreed", "2027-03-31", "2027-03-31", None),
        ("definition-agreed", "31/2/2027", None, "Enter a real date"),
        ("on-track", "Yes", "yes", None),
        ("on-track", "maybe", None, "Select yes or no"),
        ("rating", "Amber", "Amber", None),
        ("rating", "Purple", None, "Select one of the options"),
        ("arrangement", "  ", None, "Enter an answer"),
        ("notes", "", "", None),
    ],
)
def test_answers_are_checked_by_kind(grant, convener, partnership, key, typed, stored, message):
    submission = _start(grant, _published(*EVERY_KIND), convener)
    question = ReturnQuestion.objects.get(template=submission.template, key=key)
    where = partnership if question.scope == Scope.PARTNERSHIP else None
    if message:
        with pytest.raises(ValidationError, match=message):
            services.return_answer(
                submission=submission,
                question=question,
                partnership=where,
                value=typed,
                user=convener,
            )
        return
    services.return_answer(
        submission=submission, question=question, partnership=where, value=typed, user=convener
    )
    assert _answer(submission, key, where).value == stored


def _answer_everything(submission, convener, partnership):
    for answer in ReturnAnswer.objects.filter(submission=submission, value="").select_related(
        "question"
    ):
        typed = {
            Kind.TEXT: "Written",
            Kind.NUMBER: "3",
            Kind.MONEY: "10",
            Kind.DATE: "1/4/2026",
            Kind.YES_NO: "yes",
            Kind.CHOICE: "Green",
        }[answer.question.kind]
        if answer.question.required:
            services.return_answer(
                submission=submission,
                question=answer.question,
                partnership=answer.partnership,
                value=typed,
                user=convener,
            )


def test_sign_off_needs_every_required_answer_then_the_return_is_locked(
    grant, convener, partnership
):
    submission = _start(grant, _published(*EVERY_KIND), convener)
    with pytest.raises(ValidationError, match="Young people reached"):
        services.return_sign_off(submission=submission, user=convener)

    _answer_everything(submission, convener, partnership)
    submission = services.return_sign_off(submission=submission, user=convener)

    assert (submission.status, submission.signed_off_by) == ("signed_off", convener)
    with pytest.raises(ValidationError, match="signed off"):
        services.return_answer(
            submission=submission,
            question=_answer(submission, "notes").question,
            partnership=None,
            value="Late",
            user=convener,
        )
    submission = services.return_record_submission(
        submission=submission,
        submitted_on=datetime.date(2026, 10, 30),
        reference="HO-42",
        user=convener,
    )
    assert (submission.status, submission.reference) == ("submitted", "HO-42")


def test_sending_for_checking_tells_the_leads(
    grant, convener, lead, partnership, mailoutbox, django_capture_on_commit_callbacks
):
    submission = _start(grant, _published(*EVERY_KIND), convener)
    with django_capture_on_commit_callbacks(execute=True):
        services.return_send_for_checking(submission=submission, user=convener)

    submission.refresh_from_db()
    assert submission.status == ReturnSubmission.Status.CHECKING
    assert [message.to for message in mailoutbox] == [[lead.email]]
    assert "2026/27 Q2" in mailoutbox[0].subject


# --- The workbook ---


def test_the_workbook_holds_the_answers_money_exact_and_formulas_as_text(
    grant, held, convener, partnership, client_for
):
    submission = _start(grant, _published(*EVERY_KIND), convener)
    services.return_answer(
        submission=submission,
        question=_answer(submission, "notes").question,
        partnership=None,
        value='=HYPERLINK("http://evil.example")',
        user=convener,
    )
    url = reverse("funding:return-xlsx", args=[grant.pk, submission.pk])

    response = client_for(convener).get(url)

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Return"]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    assert len(rows) == ReturnAnswer.objects.filter(submission=submission).count()
    labour = rows["labour-spend"][4]
    assert Decimal(str(labour.value)) == Decimal("1234.55")
    assert "£" in labour.number_format
    assert rows["labour-spend"][3].value == partnership.name
    notes = rows["notes"][4]
    assert (notes.value, notes.data_type) == ('=HYPERLINK("http://evil.example")', "s")
    assert rows["definition-agreed"][4].value.date() == datetime.date(2026, 5, 1)


# --- The signed-off return as a PDF ---


@pytest.fixture
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


def _signed_off(grant, convener, partnership, capture, **answers):
    submission = _start(grant, _published(*EVERY_KIND), convener)
    for key, value in answers.items():
        services.return_answer(
            submission=submission,
            question=_answer(submission, key).question,
            partnership=None,
            value=value,
            user=convener,
        )
    _answer_everything(submission, convener, partnership)
    with capture(execute=True):
        return services.return_sign_off(submission=submission, user=convener)


def _pdf_words(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return words_of(PdfReader(io.BytesIO(b"".join(response.streaming_content))))


@pytest.mark.usefixtures("_private_media")
def test_signing_off_makes_a_pdf_that_reconciles_with_the_workbook_to_the_penny(
    grant, held, convener, partnership, client_for, django_capture_on_commit_callbacks
):
    submission = _signed_off(
        grant,
        convener,
        partnership,
        django_capture_on_commit_callbacks,
        notes='<img src="file:///etc/passwd"> =SUM(A1)',
    )
    client = client_for(convener)
    args = [grant.pk, submission.pk]

    page = client.get(reverse("funding:return", args=args)).content.decode()
    pdf = _pdf_words(client.get(reverse("funding:return-pdf", args=args)))

    assert "Download the signed-off return as a PDF" in page
    sheet = load_workbook(io.BytesIO(client.get(reverse("funding:return-xlsx", args=args)).content))
    labour = next(
        row for row in sheet["Return"].iter_rows(min_row=2) if row[1].value == "labour-spend"
    )
    assert Decimal(str(labour[4].value)) == Decimal("1234.55")
    assert "£1,234.55" in pdf and "£99.99" in pdf
    assert partnership.name in pdf and "Signed off" in pdf and convener.full_name in pdf
    # What was typed is printed as text: the renderer is never asked to fetch it.
    assert '<img src="file:///etc/passwd"> =SUM(A1)' in pdf


@pytest.mark.usefixtures("_private_media")
def test_recording_the_submission_makes_the_pdf_again_with_its_reference(
    grant, convener, partnership, client_for, django_capture_on_commit_callbacks
):
    submission = _signed_off(grant, convener, partnership, django_capture_on_commit_callbacks)
    first = ReturnSubmission.objects.get(pk=submission.pk).pdf.name

    with django_capture_on_commit_callbacks(execute=True):
        services.return_record_submission(
            submission=submission,
            submitted_on=datetime.date(2026, 10, 30),
            reference="HO-SVD-0042",
            user=convener,
        )

    submission.refresh_from_db()
    assert submission.pdf_status == "ready" and submission.pdf.name != first
    assert not submission.pdf.storage.exists(first)  # the earlier rendering is not kept
    response = client_for(convener).get(
        reverse("funding:return-pdf", args=[grant.pk, submission.pk])
    )
    assert "HO-SVD-0042" in _pdf_words(response)


@pytest.mark.usefixtures("_private_media")
def test_a_rendering_overtaken_by_a_later_request_is_not_kept(grant, convener, partnership):
    submission = _start(grant, _published(*EVERY_KIND), convener)
    _answer_everything(submission, convener, partnership)
    services.return_sign_off(submission=submission, user=convener)  # asks for revision 1
    services.return_pdf_again(submission=submission, user=convener)  # and now revision 2

    assert return_pdf_run(submission.pk, 1) is False
    submission.refresh_from_db()
    assert (submission.pdf_status, submission.pdf.name) == ("preparing", "")
    assert return_pdf_run(submission.pk, 2) is True
    submission.refresh_from_db()
    assert submission.pdf_status == "ready" and submission.pdf_pages >= 2


@pytest.mark.usefixtures("_private_media")
def test_a_failed_pdf_says_why_and_the_convener_makes_it_again(
    grant, convener, partnership, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(html):
        raise RenderError("The document could not be turned into a PDF. Try again.")

    monkeypatch.setattr("funding.documents.render_pdf", broken)
    submission = _signed_off(grant, convener, partnership, django_capture_on_commit_callbacks)
    client = client_for(convener)
    args = [grant.pk, submission.pk]

    page = client.get(reverse("funding:return", args=args)).content.decode()
    assert "The document could not be turned into a PDF" in page
    assert "Make the PDF again" in page
    assert client.get(reverse("funding:return-pdf", args=args)).status_code == 404

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("funding:return-pdf-again", args=args))
    assert response.status_code == 302
    assert client.get(reverse("funding:return-pdf", args=args)).status_code == 200


def test_there_is_no_pdf_before_sign_off(grant, convener, client_for):
    submission = _start(grant, _published(*EVERY_KIND), convener)
    client = client_for(convener)
    args = [grant.pk, submission.pk]

    assert client.get(reverse("funding:return-pdf", args=args)).status_code == 404
    refused = client.post(reverse("funding:return-pdf-again", args=args))
    assert refused.status_code == 400
    assert "Sign the return off before making its PDF" in refused.content.decode()
    assert (
        "A PDF of the return is made when you sign it off"
        in client.get(reverse("funding:return-pdf-status", args=args)).content.decode()
    )


# --- The pages, and who may reach them ---


def test_the_convener_starts_answers_and_signs_off_through_the_pages(
    grant, convener, partnership, client_for
):
    template = _published(("on-track", Kind.YES_NO, {"scope": Scope.GRANT}))
    client = client_for(convener)
    response = client.post(
        reverse("funding:return-start", args=[grant.pk]),
        {
            "template": template.pk,
            "period": "2026/27 Q2",
            "due_on_day": "31",
            "due_on_month": "10",
            "due_on_year": "2026",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    submission = ReturnSubmission.objects.get()
    assert response.url == reverse("funding:return", args=[grant.pk, submission.pk])
    answer = _answer(submission, "on-track")
    answer_url = reverse("funding:return-answer", args=[grant.pk, submission.pk, answer.pk])

    refused = client.post(answer_url, {"value": "perhaps"})
    assert refused.status_code == 200
    assert "Select yes or no" in refused.content.decode()
    assert "govuk-error-summary" in refused.content.decode()

    too_soon = client.post(reverse("funding:return-sign-off", args=[grant.pk, submission.pk]))
    assert too_soon.status_code == 400
    assert "Answer “On track”" in too_soon.content.decode()

    client.post(answer_url, {"value": "yes"})
    client.post(reverse("funding:return-sign-off", args=[grant.pk, submission.pk]))
    submission.refresh_from_db()
    assert submission.status == "signed_off"
    assert "Record the submission" in client.get(response.url).content.decode()


def test_a_convener_of_only_one_of_the_grants_partnerships_gets_404(
    grant, convener, other_partnership, client_for
):
    submission = _start(grant, _published(*EVERY_KIND), convener)
    grant.partnerships.add(other_partnership)
    args = [grant.pk, submission.pk]
    client = client_for(convener)
    for url in (
        reverse("funding:returns", args=[grant.pk]),
        reverse("funding:return", args=args),
        reverse("funding:return-xlsx", args=args),
        reverse("funding:return-pdf", args=args),
        reverse("funding:return-pdf-status", args=args),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("funding:return-sign-off", args=args)).status_code == 404
    assert client.post(reverse("funding:return-pdf-again", args=args)).status_code == 404


def test_the_lead_gets_404(grant, convener, lead, client_for):
    submission = _start(grant, _published(*EVERY_KIND), convener)
    for name in ("funding:return", "funding:return-pdf", "funding:return-pdf-status"):
        url = reverse(name, args=[grant.pk, submission.pk])
        assert client_for(lead).get(url).status_code == 404


def test_another_grants_return_is_404(grant, convener, partnership, client_for):
    submission = _start(grant, _published(*EVERY_KIND), convener)
    other = Grant.objects.create(
        title="Another",
        grant_year="2026/27",
        amount=Decimal("1"),
        awarded_on=datetime.date(2026, 3, 1),
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
    )
    other.partnerships.add(partnership)
    url = reverse("funding:return", args=[other.pk, submission.pk])
    assert client_for(convener).get(url).status_code == 404


@pytest.mark.parametrize("count", [2, 10])
def test_the_return_page_takes_the_same_queries_however_many_questions(
    grant, convener, partnership, other_partnership, client_for, django_assert_num_queries, count
):
    # Grace convenes Southvale too, so each per-partnership question has two answers.
    southvale_pcc = Organisation.objects.with_scopes_disabled().create(
        partnership=other_partnership,
        name="Southvale PCC",
        sector=Sector.objects.get(slug="local-policing-body"),
    )
    MembershipFactory(user=convener, organisation=southvale_pcc, portal_role="convener")
    grant.partnerships.add(other_partnership)
    template = _published(
        *[(f"question-{n}", Kind.MONEY, {"section": f"Section {n % 3}"}) for n in range(count)]
    )
    submission = _start(grant, template, convener)
    client = client_for(convener)
    url = reverse("funding:return", args=[grant.pk, submission.pk])
    client.get(url)  # the session and the person, read once like any page's first visit

    with django_assert_num_queries(QUERIES):
        response = client.get(url)

    assert response.status_code == 200
    assert response.content.decode().count("Change<span") == count * 2


QUERIES = 7


def test_an_answer_over_5000_characters_is_refused_not_stored(grant, convener):
    submission = _start(grant, _published(*EVERY_KIND), convener)
    answer = _answer(submission, "notes")

    with pytest.raises(ValidationError, match="5,000 characters or fewer"):
        services.return_answer(
            submission=submission,
            question=answer.question,
            partnership=None,
            value="x" * 5001,
            user=convener,
        )
