"""Server-rendered SVG charts: no JavaScript, no inline styles, the same markup in the page and
the PDF. Each chart names itself (<title>), describes its data in words (<desc>) for people who
cannot see it, and sits beside a table of the same figures."""

import math
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 24, 72
# GOV.UK colours, as SVG presentation attributes (which the CSP allows, unlike style="").
INK, GRID, LINE = "#0b0c0c", "#b1b4b6", "#1d70b8"
FONT = 'font-family="GDS Transport, arial, sans-serif" font-size="12"'


def format_value(value: Decimal) -> str:
    """1234.50 → "1,234.5"; 12.00 → "12"."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,}"


def _nice_ceiling(value: float) -> tuple[float, float]:
    """A round top for the y axis and the step between its gridlines (1, 2 or 5 × 10ⁿ)."""
    if value <= 0:
        return 1.0, 1.0
    rough = value / 4
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough)
    return round(step * math.ceil(value / step), 6), step


def trend_svg(
    *,
    title: str,
    points: list[tuple[str, Decimal | None]],
    unit: str,
    chart_id: str = "",
    alt: str = "",
) -> SafeString:
    """A line chart of one measure over time. Points are (period label, value or None); None —
    no figure, or one suppressed as a small number — breaks the line and has no marker.

    `alt` replaces the title as the chart's name in <title>: a tagged PDF takes a chart's
    alternative text from <title> alone, so documents give it the chart in words."""
    chart_id = chart_id or f"chart-{slugify(title)}"
    plotted = [(label, value) for label, value in points if value is not None]
    description = _describe(title=title, points=points, plotted=plotted, unit=unit)
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" class="app-chart" '
            'role="img" aria-labelledby="{}-title {}-desc" focusable="false">',
            WIDTH,
            HEIGHT,
            chart_id,
            chart_id,
        ),
        format_html('<title id="{}-title">{}</title>', chart_id, alt or title),
        format_html('<desc id="{}-desc">{}</desc>', chart_id, description),
    ]
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    base = TOP + plot_height

    if not plotted:
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" fill="{}" {}>{}</text>',
                WIDTH // 2,
                HEIGHT // 2,
                INK,
                mark_safe(FONT),  # noqa: S308 - a constant of our own
                _("No figures to show"),
            )
        )
        parts.append(mark_safe("</svg>"))
        return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped

    top, step = _nice_ceiling(float(max(value for _label, value in plotted)))
    font = mark_safe(FONT)  # noqa: S308 - a constant of our own

    def y_for(value: float) -> float:
        return round(base - (value / top) * plot_height, 1)

    count = len(points)

    def x_for(index: int) -> float:
        if count == 1:
            return LEFT + plot_width / 2
        return round(LEFT + index * plot_width / (count - 1), 1)

    # Gridlines and the y axis's scale.
    tick = 0.0
    while tick <= top + step / 2:
        y = y_for(tick)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="end" fill="{}" {}>{}</text>',
                LEFT,
                y,
                WIDTH - RIGHT,
                y,
                GRID,
                LEFT - 8,
                y + 4,
                INK,
                font,
                format_value(Decimal(str(round(tick, 6)))),
            )
        )
        tick += step
    # Axes and their labels.
    parts.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2"/>'
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2"/>'
            '<text x="{}" y="{}" text-anchor="middle" fill="{}" {}>{}</text>'
            '<text x="16" y="{}" text-anchor="middle" fill="{}" transform="rotate(-90 16 {})" '
            "{}>{}</text>",
            LEFT,
            TOP,
            LEFT,
            base,
            INK,
            LEFT,
            base,
            WIDTH - RIGHT,
            base,
            INK,
            LEFT + plot_width / 2,
            HEIGHT - 8,
            INK,
            font,
            _("Period"),
            TOP + plot_height / 2,
            INK,
            TOP + plot_height / 2,
            font,
            unit.capitalize(),
        )
    )
    # Period labels along the x axis: at most about twelve, so they never overlap.
    every = max(1, -(-count // 12))
    for index, (label, _value) in enumerate(points):
        if index % every and index != count - 1:
            continue
        x = x_for(index)
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" fill="{}" transform="rotate(-40 {} {})" '
                "{}>{}</text>",
                x,
                base + 16,
                INK,
                x,
                base + 16,
                font,
                label,
            )
        )
    # The line, broken where a figure is missing or suppressed.
    segments: list[list[str]] = [[]]
    for index, (_label, value) in enumerate(points):
        if value is None:
            segments.append([])
        else:
            segments[-1].append(f"{x_for(index)},{y_for(float(value))}")
    for segment in segments:
        if len(segment) > 1:
            parts.append(
                format_html(
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="3"/>',
                    " ".join(segment),
                    LINE,
                )
            )
    # One marker per plotted figure, each naming its period and value for screen readers.
    parts.append(
        format_html_join(
            "",
            '<circle class="app-chart__marker" cx="{}" cy="{}" r="4" fill="{}">'
            "<title>{}: {}</title></circle>",
            (
                (x_for(index), y_for(float(value)), LINE, label, format_value(value))
                for index, (label, value) in enumerate(points)
                if value is not None
            ),
        )
    )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped


def trend_description(*, title: str, points: list[tuple[str, Decimal | None]], unit: str) -> str:
    """What `trend_svg` says in its <desc>: the chart in words, for alternative text."""
    plotted = [(label, value) for label, value in points if value is not None]
    return _describe(title=title, points=points, plotted=plotted, unit=unit)


def _describe(
    *,
    title: str,
    points: list[tuple[str, Decimal | None]],
    plotted: list[tuple[str, Decimal]],
    unit: str,
) -> str:
    if not plotted:
        return _("%(title)s: no figures to show.") % {"title": title}
    first, last = plotted[0], plotted[-1]
    if len(plotted) == 1:
        return _("%(title)s: %(value)s %(unit)s in %(period)s, the only figure.") % {
            "title": title,
            "value": format_value(first[1]),
            "unit": unit,
            "period": first[0],
        }
    highest = max(plotted, key=lambda point: point[1])
    lowest = min(plotted, key=lambda point: point[1])
    text = _(
        "%(title)s, %(count)s periods from %(start)s to %(end)s: %(first)s %(unit)s at the "
        "start and %(last)s at the end; highest %(high)s in %(high_period)s, lowest %(low)s in "
        "%(low_period)s."
    ) % {
        "title": title,
        "count": len(points),
        "start": points[0][0],
        "end": points[-1][0],
        "first": format_value(first[1]),
        "last": format_value(last[1]),
        "unit": unit,
        "high": format_value(highest[1]),
        "high_period": highest[0],
        "low": format_value(lowest[1]),
        "low_period": lowest[0],
    }
    hidden = len(points) - len(plotted)
    if hidden:
        text += " " + ngettext(
            "%(count)s period has no figure or a suppressed small number.",
            "%(count)s periods have no figure or a suppressed small number.",
            hidden,
        ) % {"count": hidden}
    return text
