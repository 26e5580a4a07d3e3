"""Uploading figures: a partner uploads a file into their own organisation's data return,
which is saved whole or not at all."""

import html
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from django_scopes import scopes_disabled

from assessments import services
from assessments.models import Contribution, DataPoint
from assessments.uploads import parse_upload
from partnerships.access import actor_for
from partnerships.models import AuditEntry
from tests.assessments.data_stories import HEADER, KNIFE, list_url, upload_url
from tests.factories import ContributionFactory

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")


def csv_upload(*lines: str, name: str = "return.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode(), "text/csv")


def problem_table(page: str) -> list[list[str]]:
    """The cells of each row of the upload page's table of problems, as the person reads them."""
    table = page.split('id="upload-errors"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody", 1)[1]
    return [
        [
            html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td[^>]*>.*?</td>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def points_of(contribution) -> list[tuple]:
    with scopes_disabled():
        return list(
            DataPoint.objects.filter(contribution=contribution)
            .order_by("period_start", "area")
            .values_list("measure__slug", "period_label", "area", "value")
        )


GOOD_FILE = (
    HEADER,
    f"{KNIFE},2025-Q1,Northshire,12",
    f"{KNIFE},2025-Q1,Eastborough,3",
    f'{KNIFE},2025-Q2,Northshire,"1,204"',
)


# --- Uploading figures ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_partner_opens_their_own_organisations_data_return(client_for, partner, data_return):
    response = client_for(partner).get(upload_url(data_return))

    assert response.status_code == 200
    assert "Upload figures" in response.content.decode()
    assert 'enctype="multipart/form-data"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("partner", 200),  # Paul, probation: their own organisation's draft
        ("lead", 404),  # another organisation's draft is not the lead's to see
        ("data_lead", 404),
        ("convener", 404),
        ("observer", 403),  # may not contribute at all
    ],
)
def test_who_may_open_a_draft_data_return(
    request, client_for, everyone, data_return, persona, status, method
):
    client = client_for(request.getfixturevalue(persona))

    response = getattr(client, method)(
        upload_url(data_return), {"file": csv_upload(*GOOD_FILE), "aggregate_only": "on"}
    )

    assert response.status_code in ({status, 302} if status == 200 else {status})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"),
    [("partner", 200), ("lead", 200), ("data_lead", 403), ("convener", 403), ("observer", 403)],
)
def test_who_may_upload_to_a_returned_data_return(
    request, client_for, everyone, data_return, persona, status
):
    data_return.status = Contribution.Status.RETURNED
    with scopes_disabled():
        data_return.save()

    response = client_for(request.getfixturevalue(persona)).get(upload_url(data_return))

    assert response.status_code == status


@pytest.mark.django_db
def test_a_partner_may_not_upload_to_another_organisations_data_return(
    client_for, partner, police, areas
):
    theirs = ContributionFactory(
        organisation=police, kind=Contribution.Kind.DATA_RETURN, status=Contribution.Status.RETURNED
    )
    client = client_for(partner)

    assert client.get(upload_url(theirs)).status_code == 403
    response = client.post(
        upload_url(theirs), {"file": csv_upload(*GOOD_FILE), "aggregate_only": "on"}
    )
    assert response.status_code == 403
    assert points_of(theirs) == []


@pytest.mark.django_db
def test_only_data_returns_take_figures(client_for, partner, probation):
    insight = ContributionFactory(organisation=probation, kind=Contribution.Kind.INSIGHT)

    assert client_for(partner).get(upload_url(insight)).status_code == 404


@pytest.mark.django_db
def test_a_bad_file_shows_every_row_problem_and_saves_nothing(client_for, partner, data_return):
    client = client_for(partner)

    response = client.post(
        upload_url(data_return),
        {
            "file": csv_upload(
                HEADER,
                f"{KNIFE},2025-Q1,Northshire,12",
                f"{KNIFE},2025-Q2,Northshire,-4",
                f"{KNIFE},March,Westshire,=SUM(A1)",
                f"{KNIFE},2025-Q3,Lowtown,5",
            ),
            "aggregate_only": "on",
        },
    )
    page = response.content.decode()

    assert response.status_code == 200
    assert "There is a problem" in page
    assert "There are 5 problems in the file’s rows, listed below" in page
    assert [
        (problem.row, problem.column, problem.message[:40])
        for problem in response.context["form"].row_errors
    ] == [
        (3, "value", "The value cannot be negative: enter a fi"),
        (4, "period", "‘March’ has no year: write it like March"),
        (4, "area", "‘Westshire’ is not one of the partnershi"),
        (4, "value", "‘value’ looks like a spreadsheet formula"),
        (5, "area", "‘Lowtown’ is not one of the partnership'"),
    ]
    assert 'id="upload-errors"' in page
    assert "Nothing from return.csv has been saved" in page
    assert "We do not keep a rejected file" in page
    assert points_of(data_return) == []


@pytest.mark.django_db
def test_a_row_with_three_problems_shows_all_three_each_in_its_column(
    client_for, partner, data_return
):
    response = client_for(partner).post(
        upload_url(data_return),
        {
            "file": csv_upload(HEADER, "knife-crimes,2026/28,Northshire,lots"),
            "aggregate_only": "on",
        },
    )
    page = response.content.decode()

    assert "There are 3 problems in the file’s rows, listed below" in page
    assert [(p.row, p.column) for p in response.context["form"].row_errors] == [
        (2, "measure"),
        (2, "period"),
        (2, "value"),
    ]
    assert [[*row[:2], row[2][:30]] for row in problem_table(page)] == [
        ["2", "measure", "‘knife-crimes’ is not a measur"],
        ["2", "period", "‘2026/28’ is not a financial y"],
        ["2", "value", "‘lots’ is not a number: enter "],
    ]
    assert points_of(data_return) == []


@pytest.mark.django_db
def test_a_corrected_file_saves_every_row(client_for, partner, data_return):
    client = client_for(partner)
    client.post(
        upload_url(data_return),
        {"file": csv_upload(HEADER, f"{KNIFE},2025-Q1,Nowhere,1"), "aggregate_only": "on"},
    )

    response = client.post(
        upload_url(data_return),
        {"file": csv_upload(*GOOD_FILE), "aggregate_only": "on"},
        follow=True,
    )
    page = response.content.decode()

    assert response.redirect_chain == [(upload_url(data_return), 302)]
    assert "3 figures have been saved" in page
    assert "This data return holds 3 figures" in page
    assert "Eastborough" in page
    assert points_of(data_return) == [
        (KNIFE, "2025-Q1", "Eastborough", Decimal("3.00")),
        (KNIFE, "2025-Q1", "Northshire", Decimal("12.00")),
        (KNIFE, "2025-Q2", "Northshire", Decimal("1204.00")),
    ]


@pytest.mark.django_db
def test_a_new_file_replaces_the_figures_and_a_bad_one_leaves_them(
    client_for, partner, data_return
):
    client = client_for(partner)
    client.post(upload_url(data_return), {"file": csv_upload(*GOOD_FILE), "aggregate_only": "on"})

    client.post(
        upload_url(data_return),
        {"file": csv_upload(HEADER, f"{KNIFE},2026-Q1,Northshire,x"), "aggregate_only": "on"},
    )
    assert len(points_of(data_return)) == 3

    client.post(
        upload_url(data_return),
        {"file": csv_upload(HEADER, f"{KNIFE},2026-Q1,Northshire,8"), "aggregate_only": "on"},
    )
    assert points_of(data_return) == [(KNIFE, "2026-Q1", "Northshire", Decimal("8.00"))]


@pytest.mark.django_db
def test_a_workbook_uploads_too(client_for, partner, data_return):
    workbook = openpyxl.Workbook()
    workbook.active.append(["measure", "period", "area", "value", "sex"])
    workbook.active.append([KNIFE, "2025/26", "Northshire", 40, "F"])
    workbook.active.append([KNIFE, "2025/26", "Northshire", 2, "M"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("return.xlsx", buffer.getvalue())

    response = client_for(partner).post(
        upload_url(data_return), {"file": upload, "aggregate_only": "on"}
    )

    assert response.status_code == 302
    assert [p[1:] for p in points_of(data_return)] == [
        ("2025/26", "Northshire", Decimal("40.00")),
        ("2025/26", "Northshire", Decimal("2.00")),
    ]


@pytest.mark.django_db
def test_a_file_with_personal_data_is_refused_with_the_reason(client_for, partner, data_return):
    response = client_for(partner).post(
        upload_url(data_return),
        {
            "file": csv_upload(f"{HEADER},NHS number", f"{KNIFE},2025-Q1,Northshire,1,4857773456"),
            "aggregate_only": "on",
        },
    )
    page = response.content.decode()

    assert "This file has a ‘NHS number’ column" in page
    assert "section 16 of the Act" in page
    assert points_of(data_return) == []


@pytest.mark.django_db
def test_the_partner_confirms_the_figures_are_aggregate(client_for, partner, data_return):
    response = client_for(partner).post(upload_url(data_return), {"file": csv_upload(*GOOD_FILE)})

    assert "Confirm that the file holds aggregate figures only" in response.content.decode()
    assert points_of(data_return) == []


@pytest.mark.django_db
def test_no_file_is_an_error(client_for, partner, data_return):
    response = client_for(partner).post(upload_url(data_return), {"aggregate_only": "on"})

    assert "Select a CSV or Excel file of figures" in response.content.decode()


@pytest.mark.django_db
def test_a_submitted_data_return_takes_no_figures(client_for, partner, data_return):
    data_return.status = Contribution.Status.SUBMITTED
    with scopes_disabled():
        data_return.save()
    client = client_for(partner)

    page = client.get(upload_url(data_return)).content.decode()
    response = client.post(
        upload_url(data_return), {"file": csv_upload(*GOOD_FILE), "aggregate_only": "on"}
    )

    assert "This data return is submitted" in page
    assert 'type="file"' not in page
    assert response.status_code == 200
    assert points_of(data_return) == []


@pytest.mark.django_db
def test_the_data_list_links_to_the_partners_own_returns(
    client_for, partner, police, data_return, partnership
):
    ContributionFactory(
        organisation=police, kind=Contribution.Kind.DATA_RETURN, title="Police figures"
    )

    page = client_for(partner).get(list_url(partnership)).content.decode()

    assert upload_url(data_return) in page
    assert "Police figures" not in page


# --- The service ----------------------------------------------------------------------------------


def _rows(*lines):
    result = parse_upload(
        name="r.csv",
        data="\n".join([HEADER, *lines]).encode(),
        measure_slugs={KNIFE},
        known_areas=set(),
    )
    assert not result.errors
    return result.rows


@pytest.mark.django_db
def test_saving_is_audited(partner, data_return):
    services.data_return_save(
        contribution=data_return,
        rows=_rows(f"{KNIFE},2025-Q1,A,1", f"{KNIFE},2025-Q1,B,2"),
        actor=actor_for(partner, data_return.partnership),
    )

    with scopes_disabled():
        entry = AuditEntry.objects.filter(
            subject_type="contribution", subject_id=data_return.pk
        ).latest("occurred_at")
    assert entry.actor == partner
    assert entry.summary == "2 figures uploaded"


@pytest.mark.django_db
def test_saving_is_all_or_nothing(partner, data_return):
    services.data_return_save(
        contribution=data_return,
        rows=_rows(f"{KNIFE},2025-Q1,A,1"),
        actor=actor_for(partner, data_return.partnership),
    )
    clash = _rows(f"{KNIFE},2025-Q2,A,1") * 2  # the database refuses the second of a pair

    with pytest.raises(IntegrityError):
        services.data_return_save(
            contribution=data_return, rows=clash, actor=actor_for(partner, data_return.partnership)
        )

    assert points_of(data_return) == [(KNIFE, "2025-Q1", "A", Decimal("1.00"))]


@pytest.mark.django_db
def test_only_its_organisation_changes_a_data_return(data_lead, data_return):
    with pytest.raises(ValidationError, match="Only Northshire Probation Delivery Unit"):
        services.data_return_save(
            contribution=data_return,
            rows=_rows(f"{KNIFE},2025-Q1,A,1"),
            actor=actor_for(data_lead, data_return.partnership),
        )


@pytest.mark.django_db
def test_a_lead_may_upload_on_an_organisations_behalf(lead, data_return):
    services.data_return_save(
        contribution=data_return,
        rows=_rows(f"{KNIFE},2025-Q1,A,1"),
        actor=actor_for(lead, data_return.partnership),
    )

    assert len(points_of(data_return)) == 1


@pytest.mark.django_db
# An accepted return takes new figures as a new revision (see test_contribution_figures.py).
@pytest.mark.parametrize("status", ["submitted"])
def test_figures_change_only_while_the_return_is_a_draft_or_returned(partner, data_return, status):
    data_return.status = status
    with scopes_disabled():
        data_return.save()

    with pytest.raises(ValidationError, match="Figures can be uploaded while it is a draft"):
        services.data_return_save(
            contribution=data_return,
            rows=_rows(f"{KNIFE},2025-Q1,A,1"),
            actor=actor_for(partner, data_return.partnership),
        )


@pytest.mark.django_db
def test_only_a_data_return_holds_figures(partner, probation):
    insight = ContributionFactory(organisation=probation, kind=Contribution.Kind.INSIGHT)

    with pytest.raises(ValidationError, match="Only a data return holds figures"):
        services.data_return_save(
            contribution=insight,
            rows=_rows(f"{KNIFE},2025-Q1,A,1"),
            actor=actor_for(partner, insight.partnership),
        )


@pytest.mark.django_db
def test_another_organisations_draft_return_is_not_offered_for_upload(
    client_for, lead, data_lead, partnership, police
):
    from tests.factories import ContributionFactory

    ContributionFactory(organisation=police, kind="data_return", title="Police draft figures")
    page = reverse("tenant:data", args=[partnership.slug])

    assert "Police draft figures" not in client_for(lead).get(page).content.decode()
    assert "Police draft figures" in client_for(data_lead).get(page).content.decode()
