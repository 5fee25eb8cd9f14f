"""Survey charts: bars laid out here, drawn as inline SVG by templates/chart.svg.j2, with
the figures as text (the chart's description and the table beside it)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: tuple[str, ...]  # the label, wrapped into lines
    value: str  # as printed after the bar, e.g. "73%" or "more than 20%"
    top: int  # y of the label's first line
    bar_top: int
    length: float  # bar length in SVG units


@dataclass(frozen=True)
class Chart:
    """One bar chart of a survey record's figures that share a unit."""

    id: str
    title: str
    description: str
    height: int
    bars: tuple[Bar, ...]


# A narrow drawing (360 units) that grows on wide screens stays legible on phones.
CHART_WIDTH, BAR_SPACE, LABEL_CHARS, LINE, BAR = 360, 270, 52, 15, 12


def bar_charts(record) -> list[Chart]:
    """Horizontal bar charts of the record's figures: percentages on a 0-100 scale, counts
    against the largest count. Labels sit above their bars, so they never collide."""
    charts = []
    for unit in ("percent", "count"):
        figures = [f for f in getattr(record, "figures", []) if f.unit == unit]
        if not figures:
            continue
        scale = 100 if unit == "percent" else max(f.value for f in figures) or 1
        bars, y = [], 4
        for f in figures:
            label = tuple(textwrap.wrap(f.label, LABEL_CHARS)) or ("",)
            value = f"{f.qualifier + ' ' if f.qualifier else ''}{f.value:g}{'%' if unit == 'percent' else ''}"
            bars.append(
                Bar(label, value, y + 11, y + len(label) * LINE + 1, round(BAR_SPACE * f.value / scale, 1))
            )
            y += len(label) * LINE + BAR + 10
        what = "percentages" if unit == "percent" else "counts"
        charts.append(
            Chart(
                id=f"chart-{record.id}-{unit}",
                title=f"{record.title} ({what})",
                description="; ".join(f"{' '.join(b.label)}: {b.value}" for b in bars),
                height=y,
                bars=tuple(bars),
            )
        )
    return charts
