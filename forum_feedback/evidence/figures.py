"""A pack's numbers, from the items behind it: computed the same way for a live draft and a frozen pack.

``compute`` counts (plain values in, plain values out); ``disclose`` turns the counts into what may
leave the workspace, through the one small-number rule (``forum_feedback.disclosure``). Every
output (the page, the Word document, the PDF, the CSV, the board) renders ``Disclosed``, so they
never disagree.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass

from forum_feedback import disclosure
from forum_feedback.disclosure import Cell, Change

NOT_ANSWERED = "Not answered"


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous(self) -> Period:
        """The period of the same length just before this one."""
        return Period(self.start - dt.timedelta(days=self.days), self.start - dt.timedelta(days=1))

    def months(self) -> list[dt.date]:
        """The first day of each calendar month the period touches, oldest first."""
        found, month = [], self.start.replace(day=1)
        while month <= self.end:
            found.append(month)
            month = (month + dt.timedelta(days=32)).replace(day=1)
        return found


@dataclass(frozen=True)
class Item:
    """One counted piece of feedback behind a pack: its answers, never its words."""

    feedback_id: int
    theme_id: int
    in_period: bool  # False: in the previous period
    received_at: dt.datetime
    local_area: str | None
    age_band: str | None
    channel: str
    services: tuple[str, ...]
    family: int  # items from one family share this number


@dataclass(frozen=True)
class Figures:
    """The raw counts: only for the workspace, and for ``disclose``."""

    items: int
    previous: int
    families: int
    by_theme: list[tuple[int, int, int]]  # theme id, this period, previous period
    by_service: list[tuple[str | None, int]]  # a family may name several services; None: none named
    by_local_area: list[tuple[str | None, int]]
    by_age_band: list[tuple[str | None, int]]
    trend: list[tuple[dt.date, int]]  # each month of the period


@dataclass(frozen=True)
class Tally:
    """The counts before the forum's own order of answers is applied: what a frozen pack keeps.

    A frozen pack's items never change (except a withdrawal before sharing, which counts them again),
    so its tally is counted once when it is frozen and read back on every view (``to_json``).
    """

    items: int
    previous: int
    families: int
    by_theme: list[tuple[int, int, int]]
    by_service: list[tuple[str | None, int]]
    local_areas: list[tuple[str | None, int]]
    age_bands: list[tuple[str | None, int]]
    trend: list[tuple[dt.date, int]]

    def to_json(self) -> str:
        values = asdict(self)
        values["trend"] = [(month.isoformat(), count) for month, count in self.trend]
        return json.dumps(values)

    @classmethod
    def from_json(cls, text: str) -> Tally:
        values = json.loads(text)
        pairs = {key: [tuple(pair) for pair in values[key]] for key in ("by_service", "local_areas", "age_bands")}
        return cls(
            items=values["items"],
            previous=values["previous"],
            families=values["families"],
            by_theme=[tuple(row) for row in values["by_theme"]],
            trend=[(dt.date.fromisoformat(month), count) for month, count in values["trend"]],
            **pairs,
        )


def tally(items: Iterable[Item], *, period: Period, theme_ids: Sequence[int]) -> Tally:
    """Count the items (in no particular order of answers)."""
    items = list(items)
    now = [item for item in items if item.in_period]
    before = [item for item in items if not item.in_period]
    themes_now, themes_before = Counter(i.theme_id for i in now), Counter(i.theme_id for i in before)
    months = Counter(i.received_at.date().replace(day=1) for i in now)
    services = Counter(service for i in now for service in (i.services or (None,)))
    return Tally(
        items=len(now),
        previous=len(before),
        families=len({i.family for i in now}),
        by_theme=[(tid, themes_now[tid], themes_before[tid]) for tid in theme_ids],
        by_service=sorted(services.items(), key=lambda pair: (pair[0] is None, -pair[1], pair[0] or "")),
        local_areas=list(Counter(i.local_area for i in now).items()),
        age_bands=list(Counter(i.age_band for i in now).items()),
        trend=[(month, months[month]) for month in period.months()],
    )


def arrange(counts: Tally, *, answer_order: Mapping[str, Sequence[str]]) -> Figures:
    """The figures, local areas and age bands in the forum's own order."""
    return Figures(
        items=counts.items,
        previous=counts.previous,
        families=counts.families,
        by_theme=counts.by_theme,
        by_service=counts.by_service,
        by_local_area=_in_order(Counter(dict(counts.local_areas)), answer_order.get("local_area", ())),
        by_age_band=_in_order(Counter(dict(counts.age_bands)), answer_order.get("age_band", ())),
        trend=counts.trend,
    )


def compute(
    items: Iterable[Item], *, period: Period, theme_ids: Sequence[int], answer_order: Mapping[str, Sequence[str]]
) -> Figures:
    """Count the items. ``answer_order`` gives the local areas and age bands in the forum's own order."""
    return arrange(tally(items, period=period, theme_ids=theme_ids), answer_order=answer_order)


def _in_order(counts: Counter, order: Sequence[str]) -> list[tuple[str | None, int]]:
    """Every value of the forum's list (zeros too), then any other value seen, then "not answered"."""
    others = sorted(value for value in counts if value is not None and value not in order)
    rows: list[tuple[str | None, int]] = [(value, counts[value]) for value in (*order, *others)]
    rows.append((None, counts[None]))
    return rows


@dataclass(frozen=True)
class Row:
    """One line of a breakdown as it may be shown."""

    label: str
    cell: Cell


@dataclass(frozen=True)
class ThemeRow:
    theme_id: int
    label: str
    now: Cell
    before: Cell
    change: Change


@dataclass(frozen=True)
class Disclosed:
    """Every number of a pack as it may leave the workspace."""

    items: Cell
    previous: Cell
    change: Change
    families: Cell
    themes: list[ThemeRow]
    services: list[Row]
    local_areas: list[Row]
    age_bands: list[Row]
    trend: list[Row]  # label "March 2026"
    trend_months: list[dt.date]

    def breakdowns(self) -> list[tuple[str, list[Row]]]:
        """The breakdowns with their headings, in the order every output shows them."""
        return [("Service area", self.services), ("Local area", self.local_areas), ("Age", self.age_bands)]


def disclose(
    figures: Figures, *, theme_labels: Mapping[int, str], labels: Mapping[str, Mapping[str, str]]
) -> Disclosed:
    """The figures through the small-number rule: each breakdown that covers everything is checked
    against its total, so no subtraction gives a small number back."""
    items, previous = disclosure.count(figures.items), disclosure.count(figures.previous)
    now_cells = disclosure.suppress([now for _, now, _ in figures.by_theme], total=figures.items)
    before_cells = disclosure.suppress([before for _, _, before in figures.by_theme], total=figures.previous)
    themes = [
        ThemeRow(tid, theme_labels.get(tid, f"Theme {tid}"), now, before, disclosure.change(now, before))
        for (tid, _, _), now, before in zip(figures.by_theme, now_cells, before_cells, strict=True)
    ]
    return Disclosed(
        items=items,
        previous=previous,
        change=disclosure.change(items, previous),
        families=disclosure.count(figures.families),
        themes=themes,
        services=_rows(figures.by_service, labels.get("service", {}), figures.items),
        local_areas=_rows(figures.by_local_area, labels.get("local_area", {}), figures.items),
        age_bands=_rows(figures.by_age_band, labels.get("age_band", {}), figures.items),
        trend=_rows([(month.strftime("%B %Y"), n) for month, n in figures.trend], {}, figures.items),
        trend_months=[month for month, _ in figures.trend],
    )


def _rows(pairs: Sequence[tuple[str | None, int]], names: Mapping[str, str], total: int) -> list[Row]:
    counts = [n for _, n in pairs]
    # A breakdown whose cells add up to the total can be subtracted from it; one where a family may be
    # in several cells (services) cannot, unless it happens to add up exactly.
    cells = disclosure.suppress(counts, total=total if sum(counts) == total else None)
    return [
        Row(names.get(value, value) if value is not None else NOT_ANSWERED, cell)
        for (value, _), cell in zip(pairs, cells, strict=True)
    ]
