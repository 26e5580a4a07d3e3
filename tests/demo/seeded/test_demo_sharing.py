"""The demo's information governance: Northshire's ISA, due for its first review within the month
and with probation not yet party to it; its data returns shared under it; Southvale's bodies
outside the partnership, recorded while its strategy is out for consultation."""

from django.utils import timezone
from django_scopes import scopes_disabled

from assessments.models import Contribution, OutsideBody, SharingAgreement, Standing
from oversight import selectors as oversight_selectors
from partnerships.models import Partnership

ISA = "Northshire serious violence information sharing agreement"


def _agreement(title) -> SharingAgreement:
    with scopes_disabled():
        return SharingAgreement.objects.get(title=title)


def test_northshires_isa_is_in_force_and_due_for_its_first_review(seeded):
    today = timezone.localdate()
    isa = _agreement(ISA)

    assert isa.status == SharingAgreement.Status.IN_FORCE
    assert isa.standing(today) == Standing.REVIEW_DUE
    assert isa.created_by.email == "partner@example.org"  # Tom, the police data lead


def test_northshires_dpia_is_a_draft(seeded):
    dpia = _agreement("DPIA: the partnership's SNA evidence in SVD Portal")

    assert dpia.status == SharingAgreement.Status.DRAFT


def test_northshires_data_returns_were_shared_under_the_isa(seeded):
    with scopes_disabled():
        returns = Contribution.objects.filter(
            partnership__slug="northshire",
            kind=Contribution.Kind.DATA_RETURN,
            data_points__isnull=False,
        ).distinct()
        cited = {c.title: [a.title for a in c.agreements.all()] for c in returns}

    assert cited
    assert all(titles == [ISA] for titles in cited.values())


def test_probation_is_the_gap_on_northshires_checklist(seeded):
    partnership = Partnership.objects.get(slug="northshire")
    with scopes_disabled():
        compliance = oversight_selectors.compliance(
            partnership=partnership, today=timezone.localdate()
        )
    line = next(line for line in compliance.lines if line.key == "data_sharing")

    assert line.status == "not_met"
    assert line.missing == ["Northshire Probation Delivery Unit"]


def test_southvales_schools_and_secure_home_are_not_yet_consulted(seeded):
    partnership = Partnership.objects.get(slug="southvale")
    with scopes_disabled():
        bodies = set(
            OutsideBody.objects.filter(partnership=partnership).values_list("name", flat=True)
        )
        compliance = oversight_selectors.compliance(
            partnership=partnership, today=timezone.localdate()
        )
    line = next(line for line in compliance.lines if line.key == "consulted")

    assert bodies == {"Southvale Primary Schools Cluster", "Southvale Secure Children's Home"}
    assert line.status == "not_met"
    assert "Southvale Primary Schools Cluster" in line.missing


def test_southvales_schools_cluster_has_a_consultee_with_a_comment_in_draft(seeded):
    from assessments.selectors.contacts import consultee_body
    from partnerships.models import Membership
    from strategies.models import ConsultationComment, ConsultationPeriod

    with scopes_disabled():
        cerys = Membership.objects.select_related("user", "partnership").get(
            user__email="cerys.lloyd@example.org"
        )
        body = consultee_body(partnership_id=cerys.partnership_id, user_id=cerys.user_id)
        period = ConsultationPeriod.objects.get(strategy__partnership=cerys.partnership)
        comment = ConsultationComment.objects.get(response__strategy=period.strategy)

    assert cerys.partnership.slug == "southvale"
    assert cerys.portal_role == "consultee" and cerys.organisation is None
    assert body.name == "Southvale Primary Schools Cluster"
    assert period.is_open_on(timezone.localdate())
    assert comment.section_key == "summary" and not comment.response.is_submitted
