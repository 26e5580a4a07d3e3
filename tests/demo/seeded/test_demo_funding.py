"""The demo's Duty grant: each policing body's award for this grant year, split into its lines
and allocated to its partnership to the penny, the decision that agreed it, and a published
Home Office return template to start a return from."""

from decimal import Decimal

from django.utils import timezone
from django_scopes import scopes_disabled

from common.periods import financial_year
from funding.models import Allocation, Grant, ReturnTemplate


def test_each_partnership_is_funded_by_this_years_grant(seeded):
    grants = {g.title: g for g in Grant.objects.prefetch_related("partnerships", "lines")}

    northshire = grants["Serious Violence Duty grant: Northshire"]
    assert northshire.grant_year == financial_year(timezone.localdate())
    assert [p.slug for p in northshire.partnerships.all()] == ["northshire"]
    assert sum(line.amount for line in northshire.lines.all()) == northshire.amount
    assert northshire.created_by.email == "convener@example.org"
    assert northshire.decisions.get().reference == "PCC-DEC-031"


def test_northshires_allocations_leave_part_of_the_non_labour_line_to_allocate(seeded):
    with scopes_disabled():
        allocated = {
            a.line.kind: a.amount
            for a in Allocation.objects.filter(partnership__slug="northshire", parent=None)
        }

    assert allocated == {"labour": Decimal("180000.00"), "non_labour": Decimal("400000.00")}


def test_the_return_template_is_published_with_questions_filled_from_the_portal(seeded):
    template = ReturnTemplate.objects.get(name="Serious Violence Duty grant return")

    assert template.status == ReturnTemplate.Status.PUBLISHED
    assert template.questions.filter(prefill="spend_labour").exists()
    assert template.questions.count() == 13


def test_northshires_partners_recorded_spend_for_each_quarter_that_has_ended(seeded):
    from datetime import timedelta

    from demo.data.funding import GRANT_DEMOS
    from demo.seeders.funding import _quarter_end
    from funding.models import SpendRecord

    demo = GRANT_DEMOS[0]
    grant = Grant.objects.get(title=demo.title)
    today = timezone.localdate()
    ended = [
        s for s in demo.spend if _quarter_end(grant.starts_on, s.quarter) + timedelta(10) <= today
    ]
    with scopes_disabled():
        recorded = SpendRecord.objects.filter(allocation__line__grant=grant)
        parts = Allocation.objects.filter(line__grant=grant, parent__isnull=False)

        assert recorded.count() == len(ended)
        assert sorted(p.amount for p in parts) == [Decimal("90000.00"), Decimal("120000.00")]
        assert sum(r.actual for r in recorded) == sum(Decimal(s.actual) for s in ended)
