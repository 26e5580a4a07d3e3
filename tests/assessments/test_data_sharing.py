"""The register of data sharing agreements: Tom, the police's data lead, registers the ISA the
partnership's knife crime figures rely on; a data return shows the agreement its figures were
shared under; and the partnership chooses whether a return no in-date agreement covers is
warned about or refused."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from assessments import services
from assessments.models import (
    AgreementVersion,
    Contribution,
    Measure,
    SharingAgreement,
    SharingPolicy,
    Standing,
)
from assessments.services import sharing
from assessments.uploads import parse_upload
from partnerships.access import actor_for
from partnerships.models import AuditEntry
from tests.factories import ContributionFactory
from tests.query_counts import cold_cache

pytestmark = pytest.mark.usefixtures("northshire_built_once")

KNIFE = "knife-offensive-weapon-offences"
TODAY = datetime.date(2026, 12, 5)


def _url(name, partnership, *args):
    return reverse(f"tenant:{name}", args=[partnership.slug, *args])


def _agreement_data(police, probation, **overrides):
    data = {
        "kind": SharingAgreement.Kind.ISA,
        "title": "Northshire serious violence ISA",
        "reference": "ISA-2026-01",
        "purpose": "Aggregate figures for the strategic needs assessment.",
        "legal_bases": ["pcsc_s16", "gdpr_6_1_e"],
        "legal_basis_notes": "",
        "data_sets": "Quarterly counts of knife crime by area.",
        "measures": list(Measure.objects.filter(slug=KNIFE)),
        "organisations": [police, probation],
        "outside_bodies": [],
        "owner": police,
        "protective_marking": "official_sensitive",
        "in_force_from": datetime.date(2026, 10, 1),
        "signed_copy": None,
    }
    return data | overrides


def _register(user, partnership, data) -> SharingAgreement:
    with scope(partnership=partnership):
        return sharing.agreement_register(actor=actor_for(user, partnership), data=data)


@pytest.fixture
def isa(partnership, data_lead, police, probation):
    """The ISA Tom registered: in force since 1 October 2026, police and probation party to it,
    covering knife crime."""
    with time_machine.travel(TODAY):
        return _register(data_lead, partnership, _agreement_data(police, probation))


@pytest.fixture
def probation_return(probation, partner):
    return ContributionFactory(
        organisation=probation,
        created_by=partner,
        kind=Contribution.Kind.DATA_RETURN,
        title="Probation knife crime figures",
    )


def _rows():
    result = parse_upload(
        name="figures.csv",
        data=f"measure,period,area,value\n{KNIFE},2026-Q1,Northshire,12\n".encode(),
        measure_slugs={KNIFE},
        known_areas=set(),
    )
    assert not result.errors
    return result.rows


def _upload(contribution, user):
    with scopes_disabled():
        return services.data_return_save(
            contribution=contribution, rows=_rows(), actor=actor_for(user, contribution.partnership)
        )


def _refuse_without_agreement(lead, partnership):
    with scope(partnership=partnership):
        sharing.sharing_policy_set(
            actor=actor_for(lead, partnership),
            without_agreement=SharingPolicy.WithoutAgreement.REFUSE,
        )


# --- Registering an agreement ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_data_lead_registers_an_isa_in_force_with_its_first_review_after_six_months(isa):
    assert isa.status == SharingAgreement.Status.IN_FORCE
    assert isa.version == 1
    assert isa.review_due_on == datetime.date(2027, 4, 1)
    assert isa.standing(TODAY) == Standing.IN_DATE


@pytest.mark.django_db
def test_registering_an_agreement_is_on_the_activity_timeline(isa, partnership):
    with scopes_disabled():
        entries = AuditEntry.objects.filter(partnership=partnership, subject_id=isa.pk)
        assert entries.filter(action=AuditEntry.Action.CREATED).exists()


@pytest.mark.django_db
def test_the_data_lead_registers_an_isa_through_the_page_with_its_signed_copy(
    client_for, data_lead, partnership, police, probation
):
    knife = Measure.objects.get(slug=KNIFE)
    response = client_for(data_lead).post(
        _url("sharing-new", partnership),
        {
            "kind": "isa",
            "title": "Northshire ISA",
            "purpose": "Figures for the SNA.",
            "legal_bases": ["pcsc_s16"],
            "data_sets": "Counts by area.",
            "measures": [knife.pk],
            "organisations": [police.pk, probation.pk],
            "owner": police.pk,
            "protective_marking": "official_sensitive",
            "in_force_from_day": "1",
            "in_force_from_month": "10",
            "in_force_from_year": "2026",
            "signed_copy": SimpleUploadedFile(
                "signed.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"
            ),
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    with scopes_disabled():
        agreement = SharingAgreement.objects.get(title="Northshire ISA")
        version = agreement.versions.get()
    assert version.signed_copy_name == "signed.pdf"
    assert "signed.pdf" not in version.signed_copy.name  # a random key, never the name given


@pytest.mark.django_db
def test_a_form_with_mistakes_keeps_what_was_typed_and_says_what_to_fix(
    client_for, data_lead, partnership
):
    response = client_for(data_lead).post(
        _url("sharing-new", partnership),
        {"kind": "isa", "title": "T" * 201, "purpose": "Figures for the SNA."},
    )
    page = response.content.decode()

    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Title must be 200 characters or fewer" in page
    assert "Select at least one legal basis" in page
    assert "Figures for the SNA." in page


@pytest.mark.django_db
def test_the_owning_organisation_must_be_a_party(data_lead, partnership, police, probation):
    with pytest.raises(Exception, match="must be one of the parties"):
        _register(
            data_lead, partnership, _agreement_data(police, probation, organisations=[probation])
        )


@pytest.mark.django_db
def test_a_partner_reads_the_register_but_cannot_register(client_for, partner, partnership, isa):
    client = client_for(partner)

    assert isa.title in client.get(_url("sharing", partnership)).content.decode()
    assert client.get(_url("sharing-new", partnership)).status_code == 403


@pytest.mark.django_db
def test_the_register_shows_each_organisation_and_measure_standing(
    client_for, lead, partnership, isa
):
    page = client_for(lead).get(_url("sharing", partnership)).content.decode()

    assert "Northshire Police" in page
    assert "No agreement" in page  # the council is party to none
    assert "In date" in page


@pytest.mark.django_db
def test_the_register_takes_the_same_number_of_queries_for_2_or_10_agreements(
    client_for, lead, partnership, data_lead, police, probation
):
    client = client_for(lead)

    def queries() -> int:
        cold_cache()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url("sharing", partnership)).status_code == 200
        return len(captured)

    for n in range(2):
        _register(data_lead, partnership, _agreement_data(police, probation, title=f"ISA {n}"))
    few = queries()
    for n in range(2, 10):
        _register(data_lead, partnership, _agreement_data(police, probation, title=f"ISA {n}"))
    many = queries()

    assert few == many


# --- Reviews and versions -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_review_moves_the_next_review_a_year_on(isa, data_lead, partnership):
    with scope(partnership=partnership):
        sharing.agreement_review(
            agreement=isa,
            actor=actor_for(data_lead, partnership),
            data={"reviewed_on": datetime.date(2026, 12, 1), "outcome": "No changes"},
        )

    assert isa.review_due_on == datetime.date(2027, 12, 1)


@pytest.mark.django_db
def test_a_new_signed_version_is_in_force_from_its_date_and_reviewed_a_year_later(
    isa, data_lead, partnership
):
    with scope(partnership=partnership):
        sharing.agreement_new_version(
            agreement=isa,
            actor=actor_for(data_lead, partnership),
            data={"in_force_from": datetime.date(2027, 1, 1), "changes": "Adds fire data."},
        )
        numbers = list(isa.versions.values_list("number", flat=True))

    assert isa.version == 2
    assert numbers == [2, 1]
    assert isa.review_due_on == datetime.date(2028, 1, 1)


@pytest.mark.django_db
def test_an_agreement_past_its_review_date_is_not_in_date(isa):
    assert isa.standing(datetime.date(2027, 4, 2)) == Standing.REVIEW_OVERDUE
    assert isa.standing(datetime.date(2027, 3, 10)) == Standing.REVIEW_DUE


@pytest.mark.django_db
def test_a_signed_copy_is_downloaded_by_a_member_and_noted_on_the_timeline(
    client_for, partner, partnership, isa, data_lead
):
    with scope(partnership=partnership):
        version = sharing.agreement_new_version(
            agreement=isa,
            actor=actor_for(data_lead, partnership),
            data={
                "in_force_from": datetime.date(2027, 1, 1),
                "changes": "Signed again.",
                "signed_copy": SimpleUploadedFile("isa.pdf", b"%PDF-1.4\n%%EOF\n"),
            },
        )

    response = client_for(partner).get(_url("sharing-signed-copy", partnership, version.pk))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    with scopes_disabled():
        assert AuditEntry.objects.filter(
            partnership=partnership, action=AuditEntry.Action.DOWNLOADED
        ).exists()


# --- Data returns and the agreement they rely on --------------------------------------------------


@pytest.mark.django_db
def test_a_data_return_records_the_agreement_its_figures_were_shared_under(
    client_for, partner, isa, probation_return
):
    _upload(probation_return, partner)

    page = (
        client_for(partner)
        .get(
            reverse(
                "tenant:contributions-detail",
                args=[probation_return.partnership.slug, probation_return.pk],
            )
        )
        .content.decode()
    )

    with scopes_disabled():
        assert list(probation_return.agreements.all()) == [isa]
    assert "Shared under" in page
    assert isa.title in page


@pytest.mark.django_db
def test_a_return_no_agreement_covers_is_saved_with_a_warning_by_default(
    client_for, partner, probation_return
):
    _upload(probation_return, partner)

    page = (
        client_for(partner)
        .get(
            reverse(
                "tenant:data-upload", args=[probation_return.partnership.slug, probation_return.pk]
            )
        )
        .content.decode()
    )

    assert "No in-date data sharing agreement covers Northshire Probation" in page


@pytest.mark.django_db
def test_a_partnership_that_refuses_them_refuses_a_return_no_agreement_covers(
    lead, partner, partnership, probation_return
):
    _refuse_without_agreement(lead, partnership)

    with pytest.raises(Exception, match="No in-date data sharing agreement covers"):
        _upload(probation_return, partner)
    with scopes_disabled():
        assert not probation_return.data_points.exists()


@pytest.mark.django_db
def test_an_agreement_whose_review_is_overdue_no_longer_covers_a_return(
    lead, partner, partnership, isa, probation_return
):
    _refuse_without_agreement(lead, partnership)

    with time_machine.travel(datetime.date(2027, 5, 1)), pytest.raises(Exception, match="covers"):
        _upload(probation_return, partner)


@pytest.mark.django_db
def test_an_ended_agreement_stays_on_the_returns_that_relied_on_it(
    partner, data_lead, partnership, isa, probation_return
):
    _upload(probation_return, partner)
    with scope(partnership=partnership):
        sharing.agreement_end(
            agreement=isa,
            actor=actor_for(data_lead, partnership),
            data={"ended_on": TODAY, "reason": "Replaced"},
        )

    with scopes_disabled():
        assert list(probation_return.agreements.all()) == [isa]
        assert AgreementVersion.objects.filter(agreement=isa).count() == 1


@pytest.mark.django_db
def test_only_the_lead_sets_the_rule(client_for, data_lead, partnership):
    assert client_for(data_lead).get(_url("sharing-policy", partnership)).status_code == 403
