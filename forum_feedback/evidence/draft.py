"""A plain-English first draft of "what families told us", from the themes' names, terms and figures.

It is only a start: the rep edits it. It uses the disclosed figures, so a small number is already
"fewer than 5" in the words the rep starts from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from forum_feedback.evidence.figures import Disclosed, Period
from forum_feedback.web.template_filters import staff_date

TERMS_USED = 4


@dataclass(frozen=True)
class ThemeWords:
    label: str
    terms: tuple[str, ...]
    description: str


def draft_summary(themes: Sequence[ThemeWords], figures: Disclosed, period: Period) -> str:
    """Two or three short paragraphs a rep can edit."""
    if not themes:
        return ""
    names = _and([theme.label for theme in themes])
    opening = (
        f"From {staff_date(period.start)} to {staff_date(period.end)}, families sent us "
        f"{figures.items.text} pieces of feedback about {names}."
    )
    paragraphs = [opening + _change(figures)]
    for theme in themes:
        if theme.description:
            paragraphs.append(theme.description.strip())
        elif theme.terms:
            said = _and([f"‘{term}’" for term in theme.terms[:TERMS_USED]])
            paragraphs.append(f"On ‘{theme.label}’, the words families used most were {said}.")
    top = next((row for row in figures.services if not row.cell.suppressed and row.label), None)
    if top is not None:
        paragraphs.append(f"The service area they mentioned most was ‘{top.label}’ ({top.cell.text}).")
    return "\n\n".join(paragraphs)


def _change(figures: Disclosed) -> str:
    change = figures.change
    if change.suppressed:
        return ""
    if change.value == 0:
        return " That is as many as in the period before."
    more = "more" if (change.value or 0) > 0 else "fewer"
    return f" That is {abs(change.value or 0):,} {more} than in the period of the same length before."


def _and(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
