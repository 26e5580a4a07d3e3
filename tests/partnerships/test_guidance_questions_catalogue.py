"""Every reflective question of the guidance is in the catalogue, word for word, each with its
purpose; the nomination record still asks only the seven for choosing a Duty partner; the notes
on the guidance's faults are shown where the content they concern appears; and the hybrid
partnership model is offered wherever a model is chosen."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from partnerships import selectors
from partnerships.catalogue import CATALOGUE_DIR
from partnerships.models import EditorialNote, Partnership, ReflectiveQuestion

GUIDANCE = CATALOGUE_DIR / "source" / "engaging-as-a-partner-in-the-duty.txt"
# The running header the PDF-to-text conversion repeats on every page, inside lists too.
PAGE_HEADER = "Engaging as a partner in the Duty"


def questions_in_the_guidance() -> list[str]:
    """The numbered or bulleted lines after each lead-in to reflective questions, read from the
    guidance text independently of the data file. "Theme: question" lines give the question."""
    lines = GUIDANCE.read_text(encoding="utf-8").splitlines()
    found = []
    for n, line in enumerate(lines):
        if not (
            line.endswith("Two reflective questions to ask are:") or line == "Reflective questions:"
        ):
            continue
        for item in lines[n + 1 :]:
            if not item.strip() or item.strip() == PAGE_HEADER:
                continue
            marked = re.match(r"^(?:\d+\.|-)\s+(.*)$", item)
            if not marked:
                break
            text = marked.group(1)
            themed = re.match(r"^([A-Z][\w ]+): (.*)$", text)
            found.append(themed.group(2) if themed else text)
    return found


def test_the_guidance_asks_thirteen_reflective_questions():
    assert len(questions_in_the_guidance()) == 13


@pytest.mark.django_db
def test_every_reflective_question_of_the_guidance_is_in_the_catalogue_verbatim():
    stored = list(ReflectiveQuestion.objects.values_list("question", flat=True))

    assert len(stored) == 13
    assert sorted(stored) == sorted(questions_in_the_guidance())


@pytest.mark.django_db
def test_each_question_has_its_purpose_numbered_from_one():
    by_purpose = {
        purpose: list(
            ReflectiveQuestion.objects.filter(purpose=purpose)
            .order_by("order")
            .values_list("order", flat=True)
        )
        for purpose in ReflectiveQuestion.Purpose.values
    }

    assert by_purpose == {
        "nomination": [1, 2, 3, 4, 5, 6, 7],
        "self_assessment": [1, 2, 3, 4],
        "arrangement": [1, 2],
    }
    assert all(ReflectiveQuestion.objects.values_list("theme", flat=True))


@pytest.mark.django_db
def test_the_nomination_questions_are_still_the_seven_for_choosing_a_duty_partner():
    questions = list(selectors.reflective_questions())

    assert [q.order for q in questions] == [1, 2, 3, 4, 5, 6, 7]
    assert questions[0].theme == "Organisational knowledge"


@pytest.mark.django_db
def test_the_roles_guidance_page_lists_only_the_nomination_questions(signed_in_client):
    page = signed_in_client.get(reverse("guidance:roles")).content.decode()

    assert "Organisational knowledge" in page
    assert "Ownership and leadership" not in page


@pytest.mark.django_db
def test_the_new_questions_and_notes_have_their_welsh():
    for question in ReflectiveQuestion.objects.exclude(purpose="nomination"):
        assert question.question_cy and question.theme_cy, question
    for note in EditorialNote.objects.all():
        assert note.text_cy, note


@pytest.mark.django_db
def test_the_guidance_has_five_editorial_notes_each_on_a_page():
    notes = list(selectors.editorial_notes())

    assert [note.source for note in notes] == [
        "Section 2.1",
        "Table 16",
        "Section 2.3",
        "Table 8",
        "Section 2.7",
    ]
    assert all(note.sectors.all() or note.elements.all() for note in notes)


@pytest.mark.django_db
def test_the_truncated_table_8_action_is_noted_on_its_element_page(signed_in_client):
    page = signed_in_client.get(
        reverse("guidance:element", args=["organisational-commitment"])
    ).content.decode()

    assert "Notes on the guidance's text" in page
    assert "stops mid-sentence" in page


@pytest.mark.django_db
def test_the_local_authority_page_leaves_out_the_youth_justice_introduction(signed_in_client):
    page = signed_in_client.get(reverse("guidance:sector", args=["local-authority"])).content
    page = page.decode()
    youth_justice = signed_in_client.get(reverse("guidance:sector", args=["youth-justice"]))

    sentence = "This section describes the benefits to both the partnership and to youth justice"
    assert sentence in youth_justice.content.decode()
    # Quoted in the note, never as the page's own introduction.
    assert f'<p class="govuk-body">{sentence}' not in page
    assert "Section 2.7: the guidance introduces the benefits" in page


@pytest.mark.django_db
def test_the_guidance_index_lists_every_editorial_note(signed_in_client):
    page = signed_in_client.get(reverse("guidance:index")).content.decode()

    for note in EditorialNote.objects.all():
        assert escape(note.text) in page


@pytest.mark.django_db
def test_the_hybrid_model_is_offered_and_the_command_accepts_it(priya):
    assert ("hybrid", Partnership.Model.HYBRID.label) in Partnership.Model.choices

    call_command(
        "create_partnership",
        "--name",
        "Eastmarsh Partnership",
        "--slug",
        "eastmarsh",
        "--nation",
        "england",
        "--model",
        "hybrid",
        "--area-type",
        "police_force",
        "--area",
        "Eastmarsh",
        "--lead-email",
        priya.email,
        "--lead-organisation",
        "Eastmarsh Council",
        "--lead-sector",
        "local-authority",
    )

    assert Partnership.objects.get(slug="eastmarsh").model == "hybrid"
