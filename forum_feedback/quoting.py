"""What may be quoted, where: the one rule every page and export that shows a family's words goes through.

A piece of feedback may be quoted to an audience only if:

- it is counted and safe to show: never withdrawn, hidden, or with a safeguarding concern open;
- the family's consent reaches that audience: "count only" is never quoted; "quote to the people
  who run services" reaches reps and partners; "quote in public too" reaches everyone;
- for anyone beyond the forum's reps, a rep has checked the words: partners and the public see
  only the redacted text a rep saved, never the family's words as sent.

Reps (``WORKSPACE``) see the redacted text where a rep has saved one, and otherwise the words as
sent, marked as not yet checked.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, false, select
from sqlalchemy.orm import Session

from forum_feedback.enums import NOT_COUNTED, Consent, FeedbackStatus
from forum_feedback.submissions.models import Feedback

#: Two quotes sharing this share of their words (Jaccard) say the same thing: show only one.
NEAR_DUPLICATE = 0.5


class Audience(StrEnum):
    WORKSPACE = "workspace"  # forum reps
    PARTNERS = "partners"  # an evidence pack shared with services and boards
    PUBLIC = "public"  # public pages and public packs


_CONSENTS: dict[Audience, tuple[Consent, ...]] = {
    Audience.WORKSPACE: (Consent.QUOTE_PARTNERS, Consent.QUOTE_PUBLIC),
    Audience.PARTNERS: (Consent.QUOTE_PARTNERS, Consent.QUOTE_PUBLIC),
    Audience.PUBLIC: (Consent.QUOTE_PUBLIC,),
}


@dataclass(frozen=True)
class Quote:
    """Words that may be shown to the audience asked for."""

    feedback_id: int
    text: str
    checked: bool  # a rep has saved the redacted text
    received_at: dt.datetime
    consent: str


def quotable_condition(audience: Audience) -> ColumnElement[bool]:
    """The rule as a condition on ``Feedback``, for queries that pick quotes."""
    condition = and_(
        Feedback.status.not_in(NOT_COUNTED),
        Feedback.safeguarding_open == false(),
        Feedback.consent.in_(_CONSENTS[audience]),
    )
    if audience != Audience.WORKSPACE:
        condition = and_(condition, Feedback.status == FeedbackStatus.REVIEWED, Feedback.redacted_story.is_not(None))
    return condition


def quote_text(feedback: Feedback, audience: Audience) -> str | None:
    """The words this audience may see of ``feedback`` (assumed to pass the rule), or None."""
    if feedback.redacted_story is not None:
        return feedback.redacted_story
    return feedback.story if audience == Audience.WORKSPACE else None


def quotable(session: Session, ids: Iterable[int], *, audience: Audience) -> dict[int, Quote]:
    """Of ``ids``, those that may be quoted to ``audience``, with the words it may see."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return {}
    rows = session.scalars(select(Feedback).where(Feedback.id.in_(wanted), quotable_condition(audience)))
    found = {}
    for feedback in rows:
        text = quote_text(feedback, audience)
        if text and text.strip():
            found[feedback.id] = Quote(
                feedback.id, text, feedback.redacted_story is not None, feedback.received_at, feedback.consent
            )
    return found


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9']+", text.lower()))


def distinct_quotes(quotes: Sequence[Quote], *, limit: int) -> list[Quote]:
    """The first ``limit`` quotes, in order, skipping any that says nearly what an earlier one says."""
    chosen: list[tuple[Quote, frozenset[str]]] = []
    for quote in quotes:
        words = _words(quote.text)
        if any(_jaccard(words, other) >= NEAR_DUPLICATE for _, other in chosen):
            continue
        chosen.append((quote, words))
        if len(chosen) == limit:
            break
    return [quote for quote, _ in chosen]


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0
