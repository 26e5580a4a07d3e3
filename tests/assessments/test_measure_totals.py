"""The data pages' kept totals (MeasureTotal): after every kind of write that changes which
figures count — a return accepted, new figures for an accepted one, an accepted one edited or
its files changed — they equal a fresh count of the accepted figures, and the pages show it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.urls import reverse
from django_scopes import scopes_disabled

from assessments import selectors, services
from assessments.models import Contribution, MeasureTotal
from partnerships.access import actor_for
from tests.assessments.contribution_stories import fresh
from tests.factories import ContributionFactory

pytestmark = pytest.mark.usefixtures("northshire_built_once")

KNIFE = "knife-offensive-weapon-offences"
INJURY = "violence-with-injury"


def _rows(*lines: str):
    from assessments.uploads import parse_upload

    result = parse_upload(
        name="figures.csv",
        data="\n".join(["measure,period,area,value", *lines]).encode(),
        measure_slugs={KNIFE, INJURY},
        known_areas=set(),
    )
    assert not result.errors, result.errors
    return result.rows


def kept(partnership) -> set[tuple]:
    with scopes_disabled():
        return set(
            MeasureTotal.objects.filter(partnership=partnership).values_list(
                "measure__slug", "period_label", "area", "total"
            )
        )


def recounted(partnership) -> set[tuple]:
    """A fresh count straight from the accepted figures: what the pages used to compute."""
    with scopes_disabled():
        return set(
            selectors.accepted_data_points(partnership_id=partnership.pk)
            .values_list("measure__slug", "period_label", "area")
            .annotate(total=Sum("value"))
        )


@pytest.fixture
def police_return(everyone, police, data_lead):
    return ContributionFactory(
        organisation=police, created_by=data_lead, kind=Contribution.Kind.DATA_RETURN
    )


def save(contribution, person, *lines):
    with scopes_disabled():
        services.data_return_save(
            contribution=contribution,
            rows=_rows(*lines),
            actor=actor_for(person, contribution.partnership),
        )


def accept(contribution, submitter, reviewer):
    with scopes_disabled():
        services.contribution_submit(contribution=contribution, acting_user=submitter)
        services.contribution_accept(
            contribution=contribution, actor=actor_for(reviewer, contribution.partnership)
        )


def accepted_with(contribution, data_lead, lead, *lines):
    save(contribution, data_lead, *lines)
    accept(contribution, data_lead, lead)
    assert kept(contribution.partnership) == recounted(contribution.partnership)
    return contribution


@pytest.mark.django_db
def test_figures_count_only_once_their_return_is_accepted(lead, data_lead, police_return):
    partnership = police_return.partnership
    save(police_return, data_lead, f"{KNIFE},2025-Q1,North,12", f"{INJURY},2025-Q1,North,3")
    with scopes_disabled():
        services.contribution_submit(contribution=police_return, acting_user=data_lead)
    assert kept(partnership) == recounted(partnership) == set()

    with scopes_disabled():
        services.contribution_accept(contribution=police_return, actor=actor_for(lead, partnership))

    assert kept(partnership) == recounted(partnership)
    assert len(kept(partnership)) == 2


@pytest.mark.django_db
def test_returns_add_up_and_a_return_sent_back_leaves_the_totals(
    lead, data_lead, partner, police_return, probation
):
    partnership = police_return.partnership
    accepted_with(police_return, data_lead, lead, f"{KNIFE},2025-Q1,North,12")
    probation_return = ContributionFactory(
        organisation=probation, created_by=partner, kind=Contribution.Kind.DATA_RETURN
    )
    accepted_with(probation_return, partner, lead, f"{KNIFE},2025-Q1,North,5")
    assert {row[3] for row in kept(partnership)} == {17}

    # New figures for an accepted return: a new revision, whose figures wait for review.
    save(police_return, data_lead, f"{KNIFE},2025-Q2,South,40", f"{INJURY},2025-Q2,South,1")

    assert fresh(police_return).status == Contribution.Status.SUBMITTED
    assert kept(partnership) == recounted(partnership)
    assert {row[3] for row in kept(partnership)} == {5}


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["edit", "attach", "detach"])
def test_an_accepted_return_changed_otherwise_leaves_the_totals_too(
    lead, data_lead, police_return, change
):
    partnership = police_return.partnership
    if change == "detach":
        with scopes_disabled():
            services.attachment_add(
                contribution=police_return,
                file=SimpleUploadedFile("notes.csv", b"a,b\n1,2\n", content_type="text/csv"),
                acting_user=data_lead,
            )
    accepted_with(police_return, data_lead, lead, f"{KNIFE},2025-Q1,North,12")
    contribution = fresh(police_return)

    with scopes_disabled():
        if change == "edit":
            services.contribution_edit(
                contribution=contribution,
                element=contribution.element,
                level=contribution.level,
                kind=contribution.kind,
                title="Knife crime, corrected",
                body=contribution.body,
                period=contribution.period,
                acting_user=data_lead,
            )
        elif change == "attach":
            services.attachment_add(
                contribution=contribution,
                file=SimpleUploadedFile("more.csv", b"a,b\n1,2\n", content_type="text/csv"),
                acting_user=data_lead,
            )
        else:
            services.attachment_remove(
                attachment=contribution.attachments.get(), acting_user=data_lead
            )

    assert fresh(police_return).status == Contribution.Status.SUBMITTED
    assert kept(partnership) == recounted(partnership) == set()


@pytest.mark.django_db
def test_a_returned_answer_and_its_correction_keep_the_totals_equal_to_a_recount(
    lead, data_lead, police_return
):
    partnership = police_return.partnership
    save(police_return, data_lead, f"{KNIFE},2025-Q1,North,12")
    with scopes_disabled():
        services.contribution_submit(contribution=police_return, acting_user=data_lead)
        services.contribution_return(
            contribution=police_return, comment="Wrong area", actor=actor_for(lead, partnership)
        )
    assert kept(partnership) == recounted(partnership) == set()

    save(police_return, data_lead, f"{KNIFE},2025-Q1,South,12")
    accept(police_return, data_lead, lead)

    assert kept(partnership) == recounted(partnership) == {(KNIFE, "2025-Q1", "South", 12)}


@pytest.mark.django_db
def test_the_pages_show_a_write_at_once(client_for, lead, data_lead, police_return):
    partnership = police_return.partnership
    client = client_for(lead)
    trend = reverse("tenant:data-measure", args=[partnership.slug, KNIFE])
    assert client.get(trend).context["rows"] == []

    accepted_with(police_return, data_lead, lead, f"{KNIFE},2025-Q1,North,12")
    assert client.get(trend).context["rows"] == [("2025-Q1", "12")]

    save(police_return, data_lead, f"{KNIFE},2025-Q1,North,30")
    assert client.get(trend).context["rows"] == []


@pytest.mark.django_db
def test_a_recount_only_touches_its_own_partnership_and_measures(
    lead, data_lead, police_return, outsider
):
    partnership = police_return.partnership
    accepted_with(police_return, data_lead, lead, f"{KNIFE},2025-Q1,North,12")
    before = kept(partnership)
    with scopes_disabled():
        other = outsider.memberships.get().partnership
        services.measure_totals_refresh(partnership_id=other.pk)
        services.measure_totals_refresh(partnership_id=partnership.pk, measure_ids=[])

    assert kept(partnership) == before
