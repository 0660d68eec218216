"""A monthly trend as a small SVG bar chart drawn on the server: no script, readable without colour."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

WIDTH, HEIGHT, TOP, BOTTOM = 640, 200, 16, 40


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    label: str  # "Jan 2026"
    tick: str  # shown under some bars: "Jan 26"


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline: float
    bars: list[Bar]
    peak: int
    summary: str  # what a screen reader hears


def trend_chart(trend: list[tuple[dt.date, int]]) -> Chart:
    """Bars for each month; every third month labelled under the axis; the numbers are in a table too."""
    peak = max((count for _, count in trend), default=0)
    slot = WIDTH / max(1, len(trend))
    usable = HEIGHT - TOP - BOTTOM
    bars = []
    for index, (month, count) in enumerate(trend):
        height = usable * count / peak if peak else 0
        tick = month.strftime("%b %y") if index % 3 == 0 else ""
        bars.append(
            Bar(
                index * slot + slot * 0.15,
                TOP + usable - height,
                slot * 0.7,
                height,
                count,
                month.strftime("%B %Y"),
                tick,
            )
        )
    return Chart(WIDTH, HEIGHT, TOP + usable, bars, peak, _summary(trend, peak))


def _summary(trend: list[tuple[dt.date, int]], peak: int) -> str:
    if not trend:
        return "No feedback in this period."
    first, last = trend[0][0].strftime("%B %Y"), trend[-1][0].strftime("%B %Y")
    busiest = max(trend, key=lambda item: item[1])[0].strftime("%B %Y")
    total = sum(count for _, count in trend)
    return f"{total:,} pieces of feedback from {first} to {last}; the most in one month was {peak:,}, in {busiest}."
