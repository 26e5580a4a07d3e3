"""`make bench` measures pages that exist and open for the persona it signs in as, and its
numbers are the median and 95th percentile it says they are."""

from datetime import date

import pytest
from django.urls import resolve
from django.utils import timezone
from django_scopes import scopes_disabled

from assessments.models import Contribution, DataPoint
from bench.pages import PERSONAS, TRIVIAL, Page, page_list
from bench.stats import Row, format_table, median, p95
from tests.factories import ContributionFactory, measure


@pytest.fixture
def data_return(police):
    """An accepted data return with one figure: what the contribution and trend pages show."""
    contribution = ContributionFactory(organisation=police, kind=Contribution.Kind.DATA_RETURN)
    with scopes_disabled():
        contribution.status = Contribution.Status.ACCEPTED
        contribution.submitted_at = timezone.now()
        contribution.save()
        DataPoint.objects.create(
            partnership=contribution.partnership,
            contribution=contribution,
            measure=measure(),
            period_start=date(2025, 4, 1),
            period_label="2025-Q2",
            area="Northshire",
            value=41,
        )
    return contribution


@pytest.mark.django_db
def test_every_page_the_bench_measures_opens_for_its_persona(
    client_for, partnership, lead, partner, data_lead, convener, strategy, data_return
):
    people = {"lead": lead, "partner": partner, "data_lead": data_lead, "convener": convener}
    pages, missing = page_list(partnership)

    assert missing == []
    assert {page.persona for page in pages} <= set(PERSONAS)
    by_name = {page.name: page for page in pages}
    assert by_name["contribution"].path.endswith(f"/contributions/{data_return.pk}/")
    assert by_name["measure-trend"].path.endswith(f"/data/{measure().slug}/")
    for page in [*pages, *(Page("trivial", persona, TRIVIAL) for persona in people)]:
        resolve(page.path.split("?")[0])
        response = client_for(people[page.persona]).get(page.path)
        assert response.status_code == 200, page


@pytest.mark.django_db
def test_pages_that_need_data_are_left_out_with_a_note(partnership):
    pages, missing = page_list(partnership)

    names = {page.name for page in pages}
    assert {"contribution", "measure-trend", "sna", "strategy"}.isdisjoint(names)
    assert len(missing) == 4


def test_the_median_and_95th_percentile():
    samples = [float(n) for n in range(1, 21)]  # 1 to 20

    assert median(samples) == 10.5
    assert p95(samples) == 19.0  # nearest rank: the 19th of 20
    assert p95([3.0, 1.0, 2.0]) == 3.0  # fewer than 20: the slowest
    assert p95([5.0]) == 5.0


def test_the_ratios_compare_with_the_trivial_page_of_the_same_rounds():
    row = Row(
        "members",
        "lead",
        "/p/northshire/members/",
        samples=[0.030] * 19 + [0.100],
        trivial=[0.010] * 19 + [0.020],
        queries=17,
    )

    assert row.median_ms == pytest.approx(30.0)
    assert row.p95_ms == pytest.approx(30.0)
    assert row.median_ratio == pytest.approx(3.0)
    assert row.p95_ratio == pytest.approx(3.0)
    table = format_table([row]).splitlines()
    assert table[0].split() == [
        "page",
        "persona",
        "median",
        "ms",
        "p95",
        "ms",
        "×",
        "median",
        "×",
        "p95",
        "queries",
        "path",
    ]
    assert table[2].split() == [
        "members",
        "lead",
        "30.0",
        "30.0",
        "3.00",
        "3.00",
        "17",
        "/p/northshire/members/",
    ]


def test_after_a_change_each_page_is_timed_right_after_the_records_move(monkeypatch):
    # --after-change: the page (not the trivial one) is the first request after the change.
    from bench import pages as bench_pages
    from bench import server

    requests = []
    monkeypatch.setattr(server, "sign_in", lambda base, email, password: email)
    monkeypatch.setattr(
        server, "timed_get", lambda session, url: (requests.append(url) or 0.01, 200)
    )
    target = bench_pages.DEMO
    pages = [Page("members", "lead", "/p/x/members/"), Page("data", "lead", "/p/x/data/")]

    bench_pages.measure(
        "http://h", target, pages, rounds=2, changed=lambda: requests.append("changed")
    )

    timed = requests[3:]  # after the warm-up of the trivial page and each page
    assert (
        timed
        == [
            "http://h" + TRIVIAL,
            "changed",
            "http://h/p/x/members/",
            "http://h" + TRIVIAL,
            "changed",
            "http://h/p/x/data/",
        ]
        * 2
    )
