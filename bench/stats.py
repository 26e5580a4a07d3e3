"""The numbers `make bench` prints: medians, 95th percentiles, ratios and the table."""

import math
import statistics
from dataclasses import dataclass


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def p95(samples: list[float]) -> float:
    """The nearest-rank 95th percentile: the smallest sample at or above 95% of them.

    With 20 samples it is the 19th slowest, so one stray slow request does not move it; with
    fewer than 20 it is the slowest.
    """
    ordered = sorted(samples)
    return ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)]


@dataclass(frozen=True)
class Row:
    """One page's timings (seconds), with the trivial page's timings from the same rounds."""

    name: str
    persona: str
    path: str
    samples: list[float]
    trivial: list[float]
    queries: int | None = None

    @property
    def median_ms(self) -> float:
        return median(self.samples) * 1000

    @property
    def p95_ms(self) -> float:
        return p95(self.samples) * 1000

    @property
    def median_ratio(self) -> float:
        return median(self.samples) / median(self.trivial)

    @property
    def p95_ratio(self) -> float:
        return p95(self.samples) / p95(self.trivial)


HEADERS = ("page", "persona", "median ms", "p95 ms", "× median", "× p95", "queries", "path")


def format_table(rows: list[Row]) -> str:
    """A plain-text table, numbers right-aligned, one line per page."""
    lines = [
        (
            row.name,
            row.persona,
            f"{row.median_ms:.1f}",
            f"{row.p95_ms:.1f}",
            f"{row.median_ratio:.2f}",
            f"{row.p95_ratio:.2f}",
            "?" if row.queries is None else str(row.queries),
            row.path,
        )
        for row in rows
    ]
    widths = [max(len(cell) for cell in column) for column in zip(HEADERS, *lines, strict=True)]
    # Names, personas and paths read left to right; numbers line up on the right.
    left = {0, 1, 7}

    def line(cells) -> str:
        return "  ".join(
            cell.ljust(width) if index in left else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(HEADERS), line("-" * width for width in widths), *map(line, lines)])
