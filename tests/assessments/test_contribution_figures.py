"""A data return's figures: Tom uploads the police's figures into its data return, everyone
who sees it reads them, and new figures for an accepted return go back for review."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from assessments import services
from assessments.models import Contribution
from partnerships.access import actor_for
from tests.assessments.contribution_stories import fresh, url
from tests.factories import ContributionFactory

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")


# --- A data return's figures ----------------------------------------------------------------------

KNIFE = "knife-offensive-weapon-offences"


def _figure_rows(*lines: str):
    from assessments.uploads import parse_upload

    result = parse_upload(
        name="figures.csv",
        data="\n".join(["measure,period,area,value", *lines]).encode(),
        measure_slugs={KNIFE},
        known_areas=set(),
    )
    assert not result.errors, result.errors
    return result.rows


def _quarters(count: int) -> list[str]:
    return [f"{KNIFE},{2000 + n // 4}-Q{n % 4 + 1},Northshire,{n + 100}" for n in range(count)]


@pytest.fixture
def police_return(everyone, police, data_lead):
    """Tom's draft data return for the police, with no figures yet."""
    return ContributionFactory(
        organisation=police,
        created_by=data_lead,
        kind=Contribution.Kind.DATA_RETURN,
        title="Knife crime figures",
    )


def _save_figures(contribution, acting_user, *lines):
    with scopes_disabled():
        return services.data_return_save(
            contribution=contribution,
            rows=_figure_rows(*lines),
            actor=actor_for(acting_user, contribution.partnership),
        )


@pytest.mark.django_db
def test_a_data_returns_page_links_its_organisation_to_the_upload(
    client_for, data_lead, police_return
):
    upload = url("data-upload", police_return)

    empty = client_for(data_lead).get(url("contributions-detail", police_return)).content.decode()
    _save_figures(police_return, data_lead, f"{KNIFE},2025-Q1,Northshire,1200")
    filled = client_for(data_lead).get(url("contributions-detail", police_return)).content.decode()

    assert upload in empty
    assert "Upload figures" in empty
    assert "No figures uploaded yet" in empty
    assert "Replace figures" in filled
    assert "Knife and offensive-weapon offences" in filled
    assert "2025-Q1" in filled
    assert "1,200" in filled


@pytest.mark.django_db
def test_only_its_organisation_is_offered_the_upload(
    client_for, lead, partner, data_lead, police_return
):
    _save_figures(police_return, data_lead, f"{KNIFE},2025-Q1,Northshire,12")
    with scopes_disabled():
        services.contribution_submit(contribution=police_return, acting_user=data_lead)
    upload = url("data-upload", police_return)

    partners_view = client_for(partner).get(url("contributions-detail", police_return))
    under_review = client_for(data_lead).get(url("contributions-detail", police_return))

    # Everyone who sees it sees its figures; nobody may change them while it is under review.
    assert "2025-Q1" in partners_view.content.decode()
    assert upload not in partners_view.content.decode()
    assert upload not in under_review.content.decode()


@pytest.mark.django_db
def test_other_kinds_show_no_figures(client_for, partner, paul_draft):
    page = client_for(partner).get(url("contributions-detail", paul_draft)).content.decode()

    assert 'id="figures"' not in page
    assert "Upload figures" not in page


@pytest.mark.django_db
def test_a_data_returns_page_takes_the_same_number_of_queries_for_5_or_50_figures(
    client_for, data_lead, police_return
):
    client = client_for(data_lead)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("contributions-detail", police_return)).status_code == 200
        return len(captured)

    _save_figures(police_return, data_lead, *_quarters(5))
    few = queries()
    _save_figures(police_return, data_lead, *_quarters(50))
    many = queries()
    page = client.get(url("contributions-detail", police_return)).content.decode()

    assert few == many
    assert "The first 20 of 50 figures" in page


@pytest.mark.django_db
def test_new_figures_for_an_accepted_return_are_a_new_revision_needing_review(
    lead, data_lead, police_return, django_capture_on_commit_callbacks
):
    _save_figures(police_return, data_lead, f"{KNIFE},2025-Q1,Northshire,12")
    with scopes_disabled():
        services.contribution_submit(contribution=police_return, acting_user=data_lead)
        services.contribution_accept(
            contribution=police_return, actor=actor_for(lead, police_return.partnership)
        )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _save_figures(police_return, data_lead, f"{KNIFE},2025-Q1,Northshire,15")

    contribution = fresh(police_return)
    assert contribution.status == Contribution.Status.SUBMITTED
    assert contribution.revision == 2
    assert contribution.accepted_revision == 1
    assert contribution.changed_since_accepted
    assert police_return.status == Contribution.Status.SUBMITTED
    with scopes_disabled():
        assert list(contribution.data_points.values_list("value", flat=True)) == [15]
        reason = contribution.history.first().history_change_reason
    assert reason == "1 figure uploaded after acceptance: revision 2 submitted for review"
    # Tom is the police's own data lead: the lead reviews the police's figures, not him.
    assert sorted(m.to[0] for m in mail.outbox) == ["priya@example.org"]


@pytest.mark.django_db
def test_a_partner_uploads_new_figures_to_an_accepted_return_through_the_page(
    client_for, lead, data_lead, police_return, partnership
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    partnership.areas = ["Northshire"]
    partnership.save()
    _save_figures(police_return, data_lead, f"{KNIFE},2025-Q1,Northshire,12")
    with scopes_disabled():
        services.contribution_submit(contribution=police_return, acting_user=data_lead)
        services.contribution_accept(
            contribution=police_return, actor=actor_for(lead, police_return.partnership)
        )
    client = client_for(data_lead)

    detail = client.get(url("contributions-detail", police_return)).content.decode()
    form = client.get(url("data-upload", police_return)).content.decode()
    response = client.post(
        url("data-upload", police_return),
        {
            "file": SimpleUploadedFile(
                "new.csv", f"measure,period,area,value\n{KNIFE},2025-Q1,Northshire,15\n".encode()
            ),
            "aggregate_only": "on",
        },
        follow=True,
    )

    assert "Replace figures" in detail
    assert "Uploading new figures makes a new revision" in form
    assert "Revision 2 has been sent for review again" in response.content.decode()
    contribution = fresh(police_return)
    assert (contribution.status, contribution.revision) == (Contribution.Status.SUBMITTED, 2)
