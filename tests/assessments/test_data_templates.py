"""A call's data return template: a partner answering a call downloads a CSV or Excel file with
the headings the upload expects and a row for each figure the call asks for, fills in the
values, and uploads it without changing anything else."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from assessments.models import Call, Contribution, DataPoint
from partnerships.models import DutyElement
from tests.assessments.data_stories import KNIFE, upload_url
from tests.factories import ContributionFactory, measure

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

INJURY = "violence-with-injury"
EXPECTED_ROWS = [
    # Measures by name (Knife..., Violence...), then the partnership's areas in its own order.
    [KNIFE, "2026/27", "Northshire", "", "", ""],
    [KNIFE, "2026/27", "Eastborough", "", "", ""],
    [INJURY, "2026/27", "Northshire", "", "", ""],
    [INJURY, "2026/27", "Eastborough", "", "", ""],
]


def make_call(partnership, *, measures=(KNIFE, INJURY), organisations=()) -> Call:
    with scopes_disabled():
        call = Call.objects.create(
            partnership=partnership,
            title="Knife crime figures for the SNA",
            questions="Figures for each area, please.",
            period="2026/27",
            due_on=timezone.localdate() + datetime.timedelta(days=14),
            audience=Call.Audience.ORGANISATIONS,
        )
        call.organisations.set(organisations)
        call.elements.set([DutyElement.objects.get(slug="strategic-needs-assessment")])
        call.measures.set([measure(slug) for slug in measures])
    return call


def template_url(call, file_format: str) -> str:
    return reverse(
        f"tenant:calls-data-template-{file_format}", args=[call.partnership.slug, call.pk]
    )


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def xlsx_rows(response) -> list[list[str]]:
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response))).worksheets[0]
    return [["" if cell is None else cell for cell in row] for row in sheet.values]


@pytest.fixture
def call(partnership, probation, areas):
    """A call asking probation for two measures in 2026/27, in Northshire and Eastborough."""
    return make_call(partnership, organisations=[probation])


@pytest.fixture
def answer(call, probation):
    """Paul's organisation's draft data return answering the call."""
    return ContributionFactory(
        organisation=probation,
        call=call,
        kind=Contribution.Kind.DATA_RETURN,
        title="Probation figures for the SNA",
        period="2026/27",
    )


# --- Where the template is offered ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_call_page_offers_the_template_in_both_formats(client_for, partner, call):
    page = client_for(partner).get(reverse("tenant:calls-detail", args=["northshire", call.pk]))

    assert template_url(call, "xlsx") in page.content.decode()
    assert template_url(call, "csv") in page.content.decode()


@pytest.mark.django_db
def test_a_call_asking_for_no_measures_offers_no_template(client_for, partner, partnership):
    call = make_call(partnership, measures=())

    page = client_for(partner).get(reverse("tenant:calls-detail", args=["northshire", call.pk]))

    assert 'id="data-return-templates"' not in page.content.decode()


@pytest.mark.django_db
def test_the_upload_page_of_an_answer_offers_its_calls_template(client_for, partner, answer):
    page = client_for(partner).get(upload_url(answer)).content.decode()

    assert template_url(answer.call, "xlsx") in page
    assert template_url(answer.call, "csv") in page


@pytest.mark.django_db
def test_the_upload_page_of_a_return_answering_no_call_offers_its_own_template(
    client_for, partner, data_return
):
    page = client_for(partner).get(upload_url(data_return)).content.decode()

    assert return_template_url(data_return, "xlsx") in page
    assert return_template_url(data_return, "csv") in page


# --- A return that answers no call ---------------------------------------------------------------

PROBATION_MEASURE = "probation-violent-index-offence"


def return_template_url(contribution, file_format: str) -> str:
    return reverse(
        f"tenant:data-template-{file_format}", args=[contribution.partnership.slug, contribution.pk]
    )


@pytest.mark.django_db
def test_a_return_answering_no_call_lists_the_measures_its_sector_holds_in_each_area(
    client_for, partner, data_return
):
    rows = csv_rows(client_for(partner).get(return_template_url(data_return, "csv")))

    assert rows[1:] == [
        [PROBATION_MEASURE, "2026/27", "Northshire", "", "", ""],
        [PROBATION_MEASURE, "2026/27", "Eastborough", "", "", ""],
    ]


@pytest.mark.django_db
def test_a_partner_fills_in_their_returns_template_and_uploads_it_as_it_is(
    client_for, partner, data_return
):
    client = client_for(partner)
    template = client.get(return_template_url(data_return, "xlsx"))

    response = client.post(
        upload_url(data_return),
        {"file": filled_xlsx(template), "aggregate_only": "on"},
        follow=True,
    )

    assert "2 figures have been saved" in response.content.decode()


@pytest.mark.django_db
def test_an_insight_has_no_data_return_template(client_for, partner, probation):
    insight = ContributionFactory(organisation=probation, kind=Contribution.Kind.INSIGHT)

    response = client_for(partner).get(return_template_url(insight, "csv"))

    assert response.status_code == 404


@pytest.mark.django_db
def test_another_partnerships_member_gets_404_for_a_returns_template(
    client_for, outsider, data_return
):
    response = client_for(outsider).get(return_template_url(data_return, "csv"))

    assert response.status_code == 404


# --- Who may download it -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["lead", "partner", "data_lead", "convener"])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_whoever_may_contribute_downloads_it(client_for, request, call, persona, file_format):
    response = client_for(request.getfixturevalue(persona)).get(template_url(call, file_format))

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_observer_may_not_download_it(client_for, observer, call, file_format):
    assert client_for(observer).get(template_url(call, file_format)).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_member_of_another_partnership_gets_404(client_for, outsider, call, file_format):
    assert client_for(outsider).get(template_url(call, file_format)).status_code == 404


@pytest.mark.django_db
def test_another_partnerships_call_is_404_from_here(
    client_for, partner, other_partnership, partnership
):
    theirs = make_call(other_partnership)
    url = reverse("tenant:calls-data-template-csv", args=[partnership.slug, theirs.pk])

    assert client_for(partner).get(url).status_code == 404


# --- What it holds --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_csv_has_the_upload_headings_and_a_row_for_each_measure_and_area(
    client_for, partner, call
):
    response = client_for(partner).get(template_url(call, "csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_rows(response) == [
        ["measure", "period", "area", "value", "age_band", "sex"],
        *EXPECTED_ROWS,
    ]


@pytest.mark.django_db
def test_the_workbook_has_the_upload_headings_and_a_row_for_each_measure_and_area(
    client_for, partner, call
):
    response = client_for(partner).get(template_url(call, "xlsx"))

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert xlsx_rows(response) == [
        ["measure", "period", "area", "value", "age_band", "sex"],
        *EXPECTED_ROWS,
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_it_is_a_private_attachment_named_after_the_call(client_for, partner, call, file_format):
    response = client_for(partner).get(template_url(call, file_format))

    assert response["Content-Disposition"] == (
        "attachment; "
        f'filename="northshire-knife-crime-figures-for-the-sna-2026-27-data-return.{file_format}"'
    )
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_partnership_without_areas_gets_a_row_for_the_whole_partnership(
    client_for, partner, partnership
):
    partnership.areas = []
    partnership.save()
    call = make_call(partnership, measures=[KNIFE])

    rows = csv_rows(client_for(partner).get(template_url(call, "csv")))

    assert rows[1:] == [[KNIFE, "2026/27", "Northshire Serious Violence Partnership", "", "", ""]]


@pytest.mark.django_db
def test_an_area_that_looks_like_a_formula_is_never_run(client_for, partner, partnership):
    partnership.areas = ['=HYPERLINK("http://evil.example","Click")']
    partnership.save()
    call = make_call(partnership, measures=[KNIFE])
    client = client_for(partner)

    in_csv = csv_rows(client.get(template_url(call, "csv")))[1][2]
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(template_url(call, "xlsx")).content))
    in_xlsx = workbook.worksheets[0]["C2"]

    assert in_csv.startswith("'=")
    assert in_xlsx.data_type == "s"
    assert in_xlsx.value == partnership.areas[0]


@pytest.mark.django_db
def test_the_download_takes_the_same_queries_for_one_measure_or_three(
    client_for, partner, partnership, areas
):
    one = make_call(partnership, measures=[KNIFE])
    three = make_call(partnership, measures=[KNIFE, INJURY, "deliberate-fires"])
    client = client_for(partner)
    counts = []
    for call in (one, three):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(template_url(call, "xlsx")).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


# --- The story: download, fill in, upload ---------------------------------------------------------


def filled_csv(response) -> SimpleUploadedFile:
    rows = csv_rows(response)
    for number, row in enumerate(rows[1:], start=1):
        row[3] = str(number * 10)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile("figures.csv", buffer.getvalue().encode(), "text/csv")


def filled_xlsx(response) -> SimpleUploadedFile:
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response)))
    sheet = workbook.worksheets[0]
    for number in range(2, sheet.max_row + 1):
        sheet.cell(row=number, column=4).value = (number - 1) * 10
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("figures.xlsx", buffer.getvalue())


@pytest.mark.django_db
@pytest.mark.parametrize(("file_format", "fill"), [("csv", filled_csv), ("xlsx", filled_xlsx)])
def test_a_partner_fills_in_the_template_and_uploads_it_as_it_is(
    client_for, partner, answer, file_format, fill
):
    client = client_for(partner)
    template = client.get(template_url(answer.call, file_format))

    response = client.post(
        upload_url(answer), {"file": fill(template), "aggregate_only": "on"}, follow=True
    )

    assert "4 figures have been saved" in response.content.decode()
    with scopes_disabled():
        saved = list(
            DataPoint.objects.filter(contribution=answer)
            .order_by("value")
            .values_list("measure__slug", "period_label", "area", "value")
        )
    assert saved == [
        (KNIFE, "2026/27", "Northshire", Decimal("10.00")),
        (KNIFE, "2026/27", "Eastborough", Decimal("20.00")),
        (INJURY, "2026/27", "Northshire", Decimal("30.00")),
        (INJURY, "2026/27", "Eastborough", Decimal("40.00")),
    ]


@pytest.mark.django_db
def test_a_template_uploaded_before_it_is_filled_in_asks_for_each_value(
    client_for, partner, answer
):
    client = client_for(partner)
    template = client.get(template_url(answer.call, "csv"))
    blank = SimpleUploadedFile("figures.csv", b"".join(template), "text/csv")

    response = client.post(upload_url(answer), {"file": blank, "aggregate_only": "on"})

    assert [(p.row, p.column) for p in response.context["form"].row_errors] == [
        (2, "value"),
        (3, "value"),
        (4, "value"),
        (5, "value"),
    ]
