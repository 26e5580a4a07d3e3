"""The strategy's measures: each draws its latest value and trend from accepted data returns,
is judged against its baseline by its direction of good, and carries commentary per period."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from assessments.models import Contribution, DataPoint, Measure
from strategies import selectors, services
from strategies.models import MeasureCommentary, Strategy, StrategyMeasure
from tests.factories import (
    ContributionFactory,
    OrganisationFactory,
    PriorityFactory,
    StrategyFactory,
    StrategyMeasureFactory,
    measure,
)

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

KNIFE = "knife-offensive-weapon-offences"

GOOD = {
    "name": "Knife offences in the town centre",
    "kind": "outcome",
    "baseline": "120",
    "baseline_period": "2025/26",
    "target": "90",
    "target_period": "2028/29",
    "direction": "down",
    "frequency": "quarterly",
}


def quarter(n: int) -> tuple[str, datetime.date]:
    """The n-th quarter from 2025-Q1: its label and first day."""
    year, index = 2025 + n // 4, n % 4
    return f"{year}-Q{index + 1}", datetime.date(year, 1 + 3 * index, 1)


def data_return(organisation, figures, *, slug=KNIFE, status=Contribution.Status.ACCEPTED):
    """A data return of `status` holding (quarter number, area, value) figures for a measure."""
    contribution = ContributionFactory(
        organisation=organisation,
        kind=Contribution.Kind.DATA_RETURN,
        status=status,
        accepted_revision=1 if status == Contribution.Status.ACCEPTED else None,
    )
    with scopes_disabled():
        DataPoint.objects.bulk_create(
            DataPoint(
                partnership=organisation.partnership,
                contribution=contribution,
                measure=measure(slug),
                period_start=quarter(n)[1],
                period_label=quarter(n)[0],
                area=area,
                value=Decimal(value),
            )
            for n, area, value in figures
        )
    return contribution


def url(name, partnership, *args):
    return reverse(f"tenant:{name}", args=[partnership.slug, *args])


def knife_measure(strategy, **fields) -> StrategyMeasure:
    return StrategyMeasureFactory(
        strategy=strategy,
        name="Knife offences",
        data_measure=measure(KNIFE),
        baseline=Decimal(100),
        target=Decimal(80),
        **fields,
    )


def progress_of(strategy) -> list[selectors.MeasureProgress]:
    with scope(partnership=strategy.partnership):
        return selectors.measure_list(strategy=strategy)


def published(strategy) -> Strategy:
    with scopes_disabled():
        Strategy.objects.filter(pk=strategy.pk).update(status=Strategy.Status.PUBLISHED)
        strategy.refresh_from_db()
    return strategy


# --- Latest value and trend from accepted data ----------------------------------------------------


@pytest.mark.django_db
def test_the_latest_value_is_the_accepted_figures_of_the_latest_period_summed_over_areas(
    strategy, police
):
    knife_measure(strategy)
    data_return(
        police, [(0, "Northshire", "70"), (0, "Eastborough", "30"), (1, "Northshire", "60")]
    )
    data_return(police, [(1, "Eastborough", "25")])

    [progress] = progress_of(strategy)

    assert progress.trend == [("2025-Q1", Decimal(100)), ("2025-Q2", Decimal(85))]
    assert (progress.latest_label, progress.latest_value) == ("2025-Q2", Decimal(85))
    assert progress.change == Decimal(-15)


@pytest.mark.django_db
def test_figures_submitted_but_not_accepted_do_not_count(strategy, police, probation):
    knife_measure(strategy)
    data_return(police, [(0, "Northshire", "90")])
    data_return(probation, [(1, "Northshire", "500")], status=Contribution.Status.SUBMITTED)
    data_return(probation, [(0, "Northshire", "7")], status=Contribution.Status.RETURNED)

    [progress] = progress_of(strategy)

    assert progress.trend == [("2025-Q1", Decimal(90))]


@pytest.mark.django_db
def test_another_partnerships_accepted_figures_do_not_count(strategy, police, other_partnership):
    knife_measure(strategy)
    elsewhere = OrganisationFactory(partnership=other_partnership, sector_slug="police")
    data_return(elsewhere, [(0, "Southvale", "400")])

    [progress] = progress_of(strategy)

    assert (progress.latest_value, progress.progress) == (None, "no_data")


@pytest.mark.django_db
def test_the_measures_page_shows_the_latest_accepted_value_and_its_period(
    client_for, lead, strategy, police, probation
):
    knife_measure(strategy)
    data_return(police, [(0, "Northshire", "1204"), (1, "Northshire", "95")])
    data_return(probation, [(2, "Northshire", "61")], status=Contribution.Status.SUBMITTED)

    html = client_for(lead).get(url("strategy-measures", strategy.partnership, strategy.pk))
    html = html.content.decode()

    assert "2025-Q2" in html
    assert "95" in html
    assert "2025-Q3" not in html
    assert "−5 since the baseline" in html
    assert "Improving" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("direction", "latest", "expected", "words"),
    [
        ("down", "70", "improving", "Improving"),
        ("down", "130", "worse", "Getting worse"),
        ("up", "130", "improving", "Improving"),
        ("up", "70", "worse", "Getting worse"),
        ("up", "100", "unchanged", "No change"),
    ],
)
def test_a_measure_is_judged_against_its_baseline_by_its_direction_of_good(
    client_for, lead, strategy, police, direction, latest, expected, words
):
    knife_measure(strategy, direction=direction)
    data_return(police, [(0, "Northshire", latest)])

    [progress] = progress_of(strategy)
    html = client_for(lead).get(url("strategy-measures", strategy.partnership, strategy.pk))

    assert progress.progress == expected
    assert words in html.content.decode()


@pytest.mark.django_db
def test_a_measure_with_no_figures_yet_says_so(client_for, lead, strategy):
    knife_measure(strategy)
    StrategyMeasureFactory(strategy=strategy, name="Mentoring places filled", data_measure=None)

    html = client_for(lead).get(url("strategy-measures", strategy.partnership, strategy.pk))

    assert [p.progress for p in progress_of(strategy)] == ["no_data", "no_data"]
    assert html.content.decode().count("No data yet") == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("direction", "latest", "met"),
    [("down", "80", True), ("down", "81", False), ("up", "80", False), ("up", "120", True)],
)
def test_the_target_is_met_once_the_latest_value_reaches_it(
    strategy, police, direction, latest, met
):
    knife_measure(strategy, direction=direction)
    if direction == "up":
        with scopes_disabled():
            StrategyMeasure.objects.update(baseline=60, target=100)
    data_return(police, [(0, "Northshire", latest)])

    [progress] = progress_of(strategy)

    assert progress.target_met is met


@pytest.mark.django_db
def test_the_detail_page_shows_the_trend_chart_table_baseline_and_target(
    client_for, partner, strategy, police
):
    knife = knife_measure(strategy, baseline_period="2024/25", target_period="2028/29")
    data_return(police, [(0, "Northshire", "1204.5"), (1, "Northshire", "96")])

    response = client_for(partner).get(
        url("strategy-measures-detail", strategy.partnership, knife.pk)
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="chart-measure-{knife.pk}-title"' in html
    assert "<caption" in html and "Figures: Knife offences" in html
    assert "1,204.5" in html and "+1,104.5" in html
    assert "100 in 2024/25" in html
    assert "80 by 2028/29" in html


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["strategy-measures", "strategy-measures-detail"])
def test_a_small_latest_figure_is_suppressed_with_the_change_that_would_give_it_away(
    client_for, partner, strategy, police, page
):
    knife = knife_measure(strategy)
    data_return(police, [(0, "Northshire", "96"), (1, "Northshire", "3")])
    arg = strategy.pk if page == "strategy-measures" else knife.pk

    html = client_for(partner).get(url(page, strategy.partnership, arg)).content.decode()

    assert "&lt;5" in html
    assert "−97" not in html  # 3 less the baseline of 100
    assert ">3<" not in html


# --- Adding and changing measures ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_lead_adds_a_measure_linked_to_a_priority_and_a_data_measure(
    client_for, lead, strategy
):
    priority = PriorityFactory(strategy=strategy, title="Knife crime")
    knife = measure(KNIFE)

    response = client_for(lead).post(
        url("strategy-measures-new", strategy.partnership, strategy.pk),
        GOOD | {"priority": priority.pk, "data_measure": knife.pk, "restricted": "on"},
        follow=True,
    )

    assert "“Knife offences in the town centre” has been added" in response.content.decode()
    with scopes_disabled():
        added = StrategyMeasure.objects.get()
    assert (added.priority, added.data_measure, added.baseline, added.target) == (
        priority,
        knife,
        Decimal(120),
        Decimal(90),
    )
    assert (added.direction, added.restricted, added.partnership_id) == (
        "down",
        True,
        strategy.partnership_id,
    )


@pytest.mark.django_db
def test_missing_and_wrong_answers_are_explained_and_what_was_typed_is_kept(
    client_for, lead, strategy
):
    response = client_for(lead).post(
        url("strategy-measures-new", strategy.partnership, strategy.pk),
        GOOD | {"baseline": "", "target": "lots", "direction": ""},
    )

    html = response.content.decode()
    assert "Enter the baseline" in html
    assert "The target must be a number, like 100 or 4.5" in html
    assert "Select whether lower or higher is better" in html
    assert 'value="Knife offences in the town centre"' in html
    assert 'value="lots"' in html
    with scopes_disabled():
        assert not StrategyMeasure.objects.exists()


@pytest.mark.django_db
def test_a_priority_of_another_strategy_is_refused_on_the_page(client_for, lead, strategy):
    other = StrategyFactory(partnership=strategy.partnership, start_period="2029/30")
    elsewhere = PriorityFactory(strategy=other)

    response = client_for(lead).post(
        url("strategy-measures-new", strategy.partnership, strategy.pk),
        GOOD | {"priority": elsewhere.pk},
    )

    assert "Choose a priority of this strategy" in response.content.decode()
    with scopes_disabled():
        assert not StrategyMeasure.objects.exists()


@pytest.mark.django_db
def test_a_priority_of_another_strategy_is_refused_by_the_service(lead, strategy):
    other = StrategyFactory(partnership=strategy.partnership, start_period="2029/30")
    elsewhere = PriorityFactory(strategy=other)
    data = GOOD | {"baseline": Decimal(120), "target": Decimal(90), "priority": elsewhere}

    with scope(partnership=strategy.partnership), pytest.raises(ValidationError) as refused:
        services.measure_add(strategy=strategy, data=data, acting_user=lead)

    assert refused.value.message_dict == {"priority": ["Choose a priority of this strategy"]}


@pytest.mark.django_db
def test_the_lead_changes_a_measure(client_for, lead, strategy):
    knife = knife_measure(strategy)

    response = client_for(lead).post(
        url("strategy-measures-edit", strategy.partnership, knife.pk),
        GOOD | {"name": "Knife offences, all areas", "target": "75"},
        follow=True,
    )

    assert "“Knife offences, all areas” has been updated" in response.content.decode()
    with scopes_disabled():
        knife.refresh_from_db()
    assert (knife.name, knife.target, knife.data_measure) == (
        "Knife offences, all areas",
        Decimal(75),
        None,
    )


@pytest.mark.django_db
def test_measures_of_a_published_strategy_cannot_be_added_or_changed(client_for, lead, strategy):
    knife = knife_measure(published(strategy))
    client = client_for(lead)

    added = client.post(url("strategy-measures-new", strategy.partnership, strategy.pk), GOOD)
    changed = client.post(
        url("strategy-measures-edit", strategy.partnership, knife.pk),
        GOOD | {"name": "Changed"},
        follow=True,
    )

    assert added.status_code == 302
    assert "can change only while the strategy is a draft" in changed.content.decode()
    with scopes_disabled():
        assert list(StrategyMeasure.objects.values_list("name", flat=True)) == ["Knife offences"]


@pytest.mark.django_db
def test_the_service_refuses_to_change_a_measure_of_a_published_strategy(lead, strategy):
    knife = knife_measure(published(strategy))
    data = GOOD | {"baseline": Decimal(1), "target": Decimal(0)}

    with scope(partnership=strategy.partnership), pytest.raises(ValidationError) as refused:
        services.measure_edit(measure=knife, data=data, acting_user=lead)

    assert "can change only while the strategy is a draft" in refused.value.messages[0]


# --- Commentary per period ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_partner_adds_commentary_on_a_period(client_for, partner, strategy, police):
    knife = knife_measure(published(strategy))
    data_return(police, [(0, "Northshire", "90")])

    client = client_for(partner)
    form = client.get(url("strategy-measures-commentary", strategy.partnership, knife.pk))
    response = client.post(
        url("strategy-measures-commentary", strategy.partnership, knife.pk),
        {"period_label": "2025-Q1", "commentary": "Fewer offences after the summer operation."},
        follow=True,
    )

    assert 'value="2025-Q1"' in form.content.decode()
    html = response.content.decode()
    assert "Your commentary on 2025-Q1 has been added" in html
    assert "Fewer offences after the summer operation." in html
    with scopes_disabled():
        entry = MeasureCommentary.objects.get()
    assert (entry.author, entry.partnership_id) == (partner, strategy.partnership_id)


@pytest.mark.django_db
def test_a_second_commentary_on_the_same_period_is_refused_with_a_message(
    client_for, lead, strategy
):
    knife = knife_measure(strategy)
    with scope(partnership=strategy.partnership):
        services.commentary_add(
            measure=knife, period_label="2025-Q1", commentary="First.", acting_user=lead
        )

    response = client_for(lead).post(
        url("strategy-measures-commentary", strategy.partnership, knife.pk),
        {"period_label": "2025-q1", "commentary": "Second thoughts."},
    )

    html = response.content.decode()
    assert "There is already commentary on 2025-q1 for this measure: each period has one" in html
    assert "Second thoughts." in html
    with scopes_disabled():
        assert MeasureCommentary.objects.count() == 1


@pytest.mark.django_db
def test_commentary_needs_a_period_and_some_words(client_for, lead, strategy):
    knife = knife_measure(strategy)

    response = client_for(lead).post(
        url("strategy-measures-commentary", strategy.partnership, knife.pk),
        {"period_label": " ", "commentary": ""},
    )

    html = response.content.decode()
    assert "Enter the period the commentary is about" in html
    assert "Enter the commentary" in html


@pytest.mark.django_db
def test_a_superseded_strategys_measures_take_no_commentary(lead, strategy):
    knife = knife_measure(strategy)
    with scopes_disabled():
        Strategy.objects.filter(pk=strategy.pk).update(status=Strategy.Status.SUPERSEDED)
        knife.refresh_from_db()

    with scope(partnership=strategy.partnership), pytest.raises(ValidationError):
        services.commentary_add(
            measure=knife, period_label="2025-Q1", commentary="Late.", acting_user=lead
        )


# --- Who may do what ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["lead", "partner", "data_lead", "convener"])
def test_members_who_see_the_strategy_read_its_measures(request, client_for, strategy, persona):
    knife = knife_measure(strategy)
    client = client_for(request.getfixturevalue(persona))

    listing = client.get(url("strategy-measures", strategy.partnership, strategy.pk))
    detail = client.get(url("strategy-measures-detail", strategy.partnership, knife.pk))

    assert (listing.status_code, detail.status_code) == (200, 200)


@pytest.mark.django_db
def test_a_partner_may_not_add_or_change_measures(client_for, partner, strategy):
    knife = knife_measure(strategy)
    client = client_for(partner)

    listing = client.get(url("strategy-measures", strategy.partnership, strategy.pk))
    add = client.get(url("strategy-measures-new", strategy.partnership, strategy.pk))
    post = client.post(url("strategy-measures-new", strategy.partnership, strategy.pk), GOOD)
    change = client.post(url("strategy-measures-edit", strategy.partnership, knife.pk), GOOD)

    assert "Add a measure" not in listing.content.decode()
    assert (add.status_code, post.status_code, change.status_code) == (403, 403, 403)
    with scopes_disabled():
        assert StrategyMeasure.objects.count() == 1


@pytest.mark.django_db
def test_an_observer_sees_no_measures_and_adds_no_commentary(client_for, observer, strategy):
    knife = knife_measure(strategy)
    client = client_for(observer)

    listing = client.get(url("strategy-measures", strategy.partnership, strategy.pk))
    detail = client.get(url("strategy-measures-detail", strategy.partnership, knife.pk))
    comment = client.post(
        url("strategy-measures-commentary", strategy.partnership, knife.pk),
        {"period_label": "2025-Q1", "commentary": "Hello."},
    )

    assert (listing.status_code, detail.status_code, comment.status_code) == (403, 403, 403)


# --- Queries --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_measures_page_uses_the_same_queries_for_3_and_12_measures_with_figures(
    client_for, lead, strategy, police
):
    data_measures = list(Measure.objects.order_by("slug"))
    for data_measure in data_measures:
        data_return(
            police,
            [(n, "Northshire", str(10 + n)) for n in range(6)],
            slug=data_measure.slug,
        )
    client = client_for(lead)
    counts = []
    made = 0
    for total in (3, 12):
        while made < total:
            StrategyMeasureFactory(
                strategy=strategy,
                data_measure=data_measures[made % len(data_measures)],
                priority=PriorityFactory(strategy=strategy),
            )
            made += 1
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("strategy-measures", strategy.partnership, strategy.pk))
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
