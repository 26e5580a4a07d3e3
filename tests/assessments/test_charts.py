"""Trend charts are plain, accessible SVG: named and described for screen readers, one marker
per figure, nothing the CSP would block and nothing that runs."""

import re
from decimal import Decimal
from xml.etree import ElementTree

import pytest

from assessments.charts import format_value, trend_svg

SVG = "{http://www.w3.org/2000/svg}"


def quarters(values) -> list[tuple[str, Decimal | None]]:
    return [
        (f"{2023 + n // 4}-Q{n % 4 + 1}", None if v is None else Decimal(v))
        for n, v in enumerate(values)
    ]


def chart(points, title="Knife and offensive-weapon offences") -> str:
    return str(trend_svg(title=title, points=points, unit="offences"))


def parse_svg(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 - our own output, parsed to check its shape


def markers(svg: str) -> list[ElementTree.Element]:
    return parse_svg(svg).findall(f"{SVG}circle")


@pytest.mark.parametrize(
    "values", [[], ["7"], ["12", "30", "25.5"], ["3", None, "8", None, None, "0", "41"]]
)
def test_a_chart_is_well_formed_accessible_svg(values):
    svg = chart(quarters(values))
    root = parse_svg(svg)

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox") == "0 0 640 320"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Knife and offensive-weapon offences"
    assert desc.text.startswith("Knife and offensive-weapon offences")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


@pytest.mark.parametrize(
    "values", [[], ["7"], ["12", "30", "25.5"], ["3", None, "8", None, None, "0", "41"]]
)
def test_nothing_the_csp_blocks_and_nothing_that_runs(values):
    svg = chart(quarters(values))

    assert "style=" not in svg
    assert "<script" not in svg
    assert not re.search(r"\son[a-z]+=", svg)
    assert "javascript:" not in svg


def test_one_marker_per_figure_naming_its_period_and_value():
    svg = chart(quarters(["12", "1234.50", "30"]))

    found = markers(svg)

    assert len(found) == 3
    assert [m.find(f"{SVG}title").text for m in found] == [
        "2023-Q1: 12",
        "2023-Q2: 1,234.5",
        "2023-Q3: 30",
    ]


def test_missing_and_suppressed_figures_are_not_plotted_and_break_the_line():
    svg = chart(quarters(["12", None, "30", "40"]))
    root = parse_svg(svg)

    assert len(markers(svg)) == 3
    # 12 stands alone before the gap; 30 → 40 is one line.
    assert len(root.findall(f"{SVG}polyline")) == 1
    assert "1 period has no figure or a suppressed small number" in root.find(f"{SVG}desc").text


def test_no_figures_says_so():
    svg = chart([])

    assert markers(svg) == []
    assert "No figures to show" in svg
    assert parse_svg(svg).find(f"{SVG}desc").text.endswith("no figures to show.")


def test_only_suppressed_figures_is_the_same_as_none():
    svg = chart(quarters([None, None]))

    assert markers(svg) == []
    assert "No figures to show" in svg


def test_a_single_figure_is_one_marker_in_the_middle_of_the_plot():
    svg = chart(quarters(["7"]))

    (marker,) = markers(svg)
    assert marker.get("cx") == "340.0"
    assert "7 offences in 2023-Q1, the only figure" in svg


def test_the_description_summarises_the_trend():
    svg = chart(quarters(["12", "30", "5"]))

    assert (
        "3 periods from 2023-Q1 to 2023-Q3: 12 offences at the start and 5 at the end; "
        "highest 30 in 2023-Q2, lowest 5 in 2023-Q3."
    ) in svg


def test_text_is_escaped():
    svg = chart([("<b>Q1</b>", Decimal(1))], title='Fires & "arson" <script>')

    assert "<script>" not in svg
    assert "&lt;b&gt;Q1&lt;/b&gt;" in svg
    parse_svg(svg)


def test_axes_are_labelled_and_long_series_thin_their_labels():
    svg = chart(quarters([str(n) for n in range(40)]))
    root = parse_svg(svg)
    texts = [t.text for t in root.findall(f"{SVG}text")]

    assert "Period" in texts
    assert "Offences" in texts
    assert len(markers(svg)) == 40
    period_labels = [t for t in texts if t and "-Q" in t]
    assert 10 <= len(period_labels) <= 14
    assert "2032-Q4" in period_labels  # the latest period is always labelled


def test_the_y_axis_starts_at_zero_and_rounds_up():
    texts = [t.text for t in parse_svg(chart(quarters(["7", "42"]))).iter(f"{SVG}text")]

    assert "0" in texts
    assert "60" in texts


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("12", "12"),
        ("12.00", "12"),
        ("1234.5", "1,234.5"),
        ("1234567", "1,234,567"),
        ("0.25", "0.25"),
    ],
)
def test_format_value(value, shown):
    assert format_value(Decimal(value)) == shown
