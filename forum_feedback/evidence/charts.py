"""Charts of a pack's disclosed figures: one geometry, drawn as SVG on the page and as PNG in the exports.

A hidden count (fewer than 5) is drawn as a dashed outline up to 5, labelled "fewer than 5", so the
chart never shows more than the table beside it does. Every chart has a one-line summary for
screen readers, and the numbers are always in a table too.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from forum_feedback.disclosure import SMALL_TEXT, THRESHOLD
from forum_feedback.evidence.figures import Row

WIDTH = 640
COLUMNS_HEIGHT, TOP, BOTTOM = 220, 24, 40
BAR_ROW, BAR_HEIGHT, LABEL_GAP = 44, 16, 18
BRAND = (91, 45, 134)
TEXT = (11, 12, 12)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    text: str  # the value as shown: "12" or "fewer than 5"
    suppressed: bool
    label_x: float
    label_y: float
    value_x: float
    value_y: float


@dataclass(frozen=True)
class Chart:
    kind: str  # "columns" (a trend) or "bars" (a breakdown)
    title: str
    width: int
    height: int
    baseline: float
    bars: list[Bar]
    summary: str


def _value(row: Row) -> int:
    return THRESHOLD if row.cell.value is None else row.cell.value


def columns(rows: Sequence[Row], *, title: str, ticks: Sequence[str]) -> Chart:
    """A column for each row (months of a trend); ``ticks`` are the short labels under the axis."""
    peak = max([_value(row) for row in rows] + [1])
    slot = WIDTH / max(1, len(rows))
    usable = COLUMNS_HEIGHT - TOP - BOTTOM
    bars = []
    for index, row in enumerate(rows):
        height = usable * _value(row) / peak
        x = index * slot + slot * 0.15
        y = TOP + usable - height
        centre = x + slot * 0.35
        bars.append(
            Bar(
                x,
                y,
                slot * 0.7,
                height,
                ticks[index],
                row.cell.text,
                row.cell.suppressed,
                centre,
                TOP + usable + 20,
                centre,
                y - 6,
            )
        )
    return Chart("columns", title, WIDTH, COLUMNS_HEIGHT, TOP + usable, bars, _summary(title, rows))


def bars(rows: Sequence[Row], *, title: str) -> Chart:
    """A horizontal bar for each row of a breakdown, its label above it (labels can be long)."""
    shown = [row for row in rows if row.cell.value != 0]
    peak = max([_value(row) for row in shown] + [1])
    usable = WIDTH - 120
    found = []
    for index, row in enumerate(shown):
        top = index * BAR_ROW + LABEL_GAP + 4
        width = max(2.0, usable * _value(row) / peak)
        found.append(
            Bar(
                0,
                top,
                width,
                BAR_HEIGHT,
                row.label,
                row.cell.text,
                row.cell.suppressed,
                0,
                top - 6,
                width + 8,
                top + BAR_HEIGHT - 3,
            )
        )
    height = max(1, len(shown)) * BAR_ROW + 8
    return Chart("bars", title, WIDTH, height, 0, found, _summary(title, rows))


def _summary(title: str, rows: Sequence[Row]) -> str:
    listed = [f"{row.label}: {row.cell.text}" for row in rows if row.cell.value != 0]
    return f"{title}. " + ("; ".join(listed) + "." if listed else "None.")


# --- PNG, for the Word document and the PDF ---------------------------------------------------------

SCALE = 2


def font_path() -> Path | None:
    """A Unicode TrueType font from the system, if there is one (DejaVu or Liberation)."""
    for candidate in (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/Library/Fonts/Arial.ttf",
        "C:/Windows/Fonts/arial.ttf",
    ):
        if Path(candidate).is_file():
            return Path(candidate)
    return None


def bold_font_path() -> Path | None:
    """The bold face beside ``font_path()``, if the system has it."""
    regular = font_path()
    if regular is None:
        return None
    for name in (regular.name.replace(".ttf", "-Bold.ttf"), regular.name.replace("-Regular", "-Bold")):
        candidate = regular.with_name(name)
        if candidate != regular and candidate.is_file():
            return candidate
    return None


def _font(size: int):
    from PIL import ImageFont

    path = font_path()
    return ImageFont.truetype(str(path), size * SCALE) if path else ImageFont.load_default(size * SCALE)


def png(chart: Chart) -> bytes:
    """The chart as a PNG image at twice its size (sharp when printed)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (chart.width * SCALE, (chart.height + 28) * SCALE), "white")
    draw = ImageDraw.Draw(image)
    small, title = _font(12), _font(14)
    draw.text((0, 0), chart.title, fill=TEXT, font=title)
    offset = 28
    for bar in chart.bars:
        box = [bar.x, bar.y + offset, bar.x + bar.width, bar.y + bar.height + offset]
        scaled = [value * SCALE for value in box]
        if bar.suppressed:
            _dashed_box(draw, scaled)
        else:
            draw.rectangle(scaled, fill=BRAND)
        anchor = "ma" if chart.kind == "columns" else "ls"
        draw.text(
            ((bar.label_x) * SCALE, (bar.label_y + offset) * SCALE), bar.label, fill=TEXT, font=small, anchor=anchor
        )
        value_anchor = "ms" if chart.kind == "columns" else "ls"
        draw.text(
            ((bar.value_x) * SCALE, (bar.value_y + offset) * SCALE),
            bar.text,
            fill=TEXT,
            font=small,
            anchor=value_anchor,
        )
    if chart.kind == "columns":
        y = (chart.baseline + offset) * SCALE
        draw.line([0, y, chart.width * SCALE, y], fill=TEXT, width=SCALE)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _dashed_box(draw, box: list[float], dash: int = 8) -> None:
    left, top, right, bottom = box
    for x in range(int(left), int(right), dash * 2):
        draw.line([x, top, min(x + dash, right), top], fill=BRAND, width=SCALE)
        draw.line([x, bottom, min(x + dash, right), bottom], fill=BRAND, width=SCALE)
    for y in range(int(top), int(bottom), dash * 2):
        draw.line([left, y, left, min(y + dash, bottom)], fill=BRAND, width=SCALE)
        draw.line([right, y, right, min(y + dash, bottom)], fill=BRAND, width=SCALE)


SMALL_NOTE = f"Counts from 1 to 4 are shown as “{SMALL_TEXT}”, and some others are hidden so they can’t be worked out."
