"""The Duty reference catalogue holds everything the guidance says, table by table."""

import re
from collections import Counter

import pytest

from partnerships.catalogue import CATALOGUE_DIR
from partnerships.models import (
    DutyElement,
    DutyRole,
    ElementAction,
    Level,
    ReflectiveQuestion,
    Sector,
    WayToEngage,
)

GUIDANCE = CATALOGUE_DIR / "source" / "engaging-as-a-partner-in-the-duty.txt"
SECTOR_GUIDANCE = [
    "fire-and-rescue",
    "police",
    "health",
    "prisons-and-secure-estate",
    "youth-justice",
    "probation",
    "local-authority",
    "education",
]


def bullets_per_table() -> Counter:
    """Counts the bullet marks under each table caption of the guidance text, independently of
    the data file. "Table 16" is printed twice (health, then prisons), as the data records it."""
    counts: Counter = Counter()
    current = None
    seen_16 = 0
    for line in GUIDANCE.read_text(encoding="utf-8").splitlines():
        caption = re.match(r"Table (\d+):", line)
        if caption:
            current = f"Table {caption.group(1)}"
            if current == "Table 16":
                seen_16 += 1
                current += " (health)" if seen_16 == 1 else " (prisons)"
            continue
        if current and current != "Table 1":
            counts[current] += line.count("●") + line.count("•")
    return counts


GUIDANCE_BULLETS = bullets_per_table()


def test_the_guidance_text_has_the_tables_we_expect():
    assert sorted(GUIDANCE_BULLETS, key=lambda t: int(t.split()[1])) == [
        f"Table {n}" for n in range(2, 16)
    ] + ["Table 16 (health)", "Table 16 (prisons)"] + [f"Table {n}" for n in range(17, 26)]


@pytest.mark.django_db
@pytest.mark.parametrize("table", [f"Table {n}" for n in range(2, 11)])
def test_every_action_in_the_element_tables_is_in_the_catalogue(table):
    stored = ElementAction.objects.filter(kind=ElementAction.Kind.ACTION, source=table).count()

    assert stored == GUIDANCE_BULLETS[table] > 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "table",
    [t for t in GUIDANCE_BULLETS if int(t.split()[1]) >= 11],
)
def test_every_way_to_engage_in_the_sector_tables_is_in_the_catalogue(table):
    assert WayToEngage.objects.filter(source=table).count() == GUIDANCE_BULLETS[table] > 0


@pytest.mark.django_db
def test_there_are_three_core_and_six_additional_elements_in_table_1_order():
    elements = list(DutyElement.objects.values_list("kind", flat=True))

    assert elements == ["core"] * 3 + ["additional"] * 6


@pytest.mark.django_db
def test_every_element_has_enablers_and_actions_at_both_levels():
    for element in DutyElement.objects.prefetch_related("enablers", "actions"):
        assert element.enablers.exists(), element
        for kind in ElementAction.Kind.values:
            levels = {a.level for a in element.actions.all() if a.kind == kind}
            assert levels == set(Level.values), (element, kind)


@pytest.mark.django_db
def test_table_1_summary_labels_are_kept_for_each_element():
    sna = DutyElement.objects.get(slug="strategic-needs-assessment")
    summary = sna.actions.filter(kind=ElementAction.Kind.SUMMARY, level=Level.ENGAGED)

    assert list(summary.values_list("label", flat=True)) == [
        "Refine definition",
        "Share organisational data",
    ]
    assert set(summary.values_list("source", flat=True)) == {"Table 1"}


@pytest.mark.django_db
def test_the_four_duty_roles_are_defined():
    roles = DutyRole.objects.all()

    assert [r.slug for r in roles] == ["accountable", "responsible", "data-lead", "frontline"]
    assert all(len(r.definition) > 50 for r in roles)


@pytest.mark.django_db
def test_the_eight_sectors_of_part_2_the_convener_and_the_wider_stakeholders():
    types = dict(Sector.objects.values_list("slug", "authority_type"))

    assert [s for s in types if types[s] in {"specified", "relevant"}] == SECTOR_GUIDANCE
    assert {s for s, t in types.items() if t == "relevant"} == {
        "prisons-and-secure-estate",
        "education",
    }
    assert types["local-policing-body"] == "convener"
    assert types["voluntary-and-community-sector"] == "wider"
    assert types["other-invited"] == "wider"


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SECTOR_GUIDANCE)
def test_each_sector_has_recommended_posts_benefits_and_an_example(slug):
    sector = Sector.objects.get(slug=slug)

    assert sector.recommended_posts.exists()
    assert all(post.roles.exists() for post in sector.recommended_posts.all())
    assert sector.benefits.exists()
    assert sector.example_title and sector.example_text


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SECTOR_GUIDANCE)
def test_each_sector_has_ways_to_engage_for_every_element_the_guidance_covers(slug):
    covered = set(
        WayToEngage.objects.filter(sector__slug=slug).values_list("element__slug", flat=True)
    )
    # The guidance's prisons table (Table 17) has no row for strategic alignment.
    expected = set(DutyElement.objects.values_list("slug", flat=True))
    if slug == "prisons-and-secure-estate":
        expected.discard("strategic-alignment")

    assert covered == expected


@pytest.mark.django_db
def test_the_police_recommend_an_acc_or_chief_superintendent_as_accountable():
    post = Sector.objects.get(slug="police").recommended_posts.get(roles__slug="accountable")

    assert "Assistant Chief Constable" in post.post


@pytest.mark.django_db
def test_the_seven_reflective_questions_for_choosing_a_duty_partner():
    themes = list(
        ReflectiveQuestion.objects.filter(purpose="nomination")
        .order_by("order")
        .values_list("theme", flat=True)
    )

    assert themes == [
        "Organisational knowledge",
        "Organisational links",
        "Authority",
        "Strategic oversight",
        "Operational understanding",
        "Data sharing",
        "Motivation",
    ]
