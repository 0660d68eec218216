"""Small numbers never leave the workspace: the one rule every pack, export, board and public page uses.

A count from 1 to 4 could point at one family, so it is shown as "fewer than 5" (primary
suppression). Hiding one cell is not enough when the reader also sees the total: the total minus
the cells shown gives the hidden one back. So when cells add up to a published total, more cells
are hidden (secondary suppression, smallest first) until at least two are hidden and together
they hold at least 5: then no subtraction gives a small number back. Zero is shown as it is:
"nobody" points at nobody.

A change between two counts ("+12 on the previous quarter") is itself a subtraction: it is shown
only when neither count is hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 5
SMALL_TEXT = f"fewer than {THRESHOLD}"


def is_small(value: int) -> bool:
    """Whether a count must not be shown: from 1 to THRESHOLD - 1."""
    return 0 < value < THRESHOLD


@dataclass(frozen=True)
class Cell:
    """A count as it may be shown outside the workspace: its value, or None when it is hidden."""

    value: int | None

    @property
    def suppressed(self) -> bool:
        return self.value is None

    @property
    def text(self) -> str:
        """ "1,234", or "fewer than 5"."""
        return SMALL_TEXT if self.value is None else f"{self.value:,}"

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Change:
    """The difference between two counts, hidden when either count is."""

    value: int | None

    @property
    def suppressed(self) -> bool:
        return self.value is None

    @property
    def text(self) -> str:
        """ "+12", "-3", "no change", or "not shown" when a count behind it is small."""
        if self.value is None:
            return "not shown (small numbers)"
        if self.value == 0:
            return "no change"
        return f"{self.value:+,}"

    def __str__(self) -> str:
        return self.text


def suppress(counts: Sequence[int], *, total: int | None = None) -> list[Cell]:
    """The counts as they may be shown. Pass ``total`` when the counts add up to a total the reader
    also sees (a breakdown that covers everything, "not answered" included): then enough further
    cells are hidden that no subtraction gives a small number back."""
    hidden = {index for index, value in enumerate(counts) if is_small(value)}
    if total is not None and not is_small(total):
        while hidden and (len(hidden) == 1 or sum(counts[index] for index in hidden) < THRESHOLD):
            shown = [index for index, value in enumerate(counts) if value > 0 and index not in hidden]
            if not shown:
                break
            hidden.add(min(shown, key=lambda index: (counts[index], index)))
    return [Cell(None if index in hidden else value) for index, value in enumerate(counts)]


def count(value: int) -> Cell:
    """One count on its own."""
    return suppress([value])[0]


def change(now: Cell | int, before: Cell | int) -> Change:
    """``now - before``, hidden when either count is hidden (the difference and the other count would
    give it back). Pass the cells as ``suppress`` showed them, so a cell hidden to stop a subtraction
    stays hidden here too; a plain int is suppressed on its own first."""
    now_cell, before_cell = (value if isinstance(value, Cell) else count(value) for value in (now, before))
    if now_cell.value is None or before_cell.value is None:
        return Change(None)
    return Change(now_cell.value - before_cell.value)
