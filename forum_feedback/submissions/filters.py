"""Narrowing a list of feedback: one set of filters for the inbox, the theme board, theme pages and packs.

``FeedbackFilters`` is plain data (what a rep chose); ``apply`` adds its conditions to any query
that selects from ``Feedback``. Empty values mean "all".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select, true
from sqlalchemy.orm import Session

from forum_feedback.enums import RiskLevel
from forum_feedback.submissions.models import Feedback, FeedbackService

PERIODS: dict[str, int | None] = {"all": None, "30": 30, "90": 90, "365": 365}
RISK_CONCERN = "concern"  # an open safeguarding concern, whatever the screen said
RISKS = (RISK_CONCERN, RiskLevel.HIGH, RiskLevel.POSSIBLE, RiskLevel.NONE)
SEARCH_MAX_CHARS = 200


def start_of(day: dt.date) -> dt.datetime:
    """Midnight UTC at the start of ``day``."""
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def like_pattern(text: str) -> str:
    """``text`` as a case-insensitive "contains" pattern, with LIKE's wildcards taken literally."""
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True)
class FeedbackFilters:
    """What a rep narrowed a list to; empty values mean "all"."""

    period: str = "all"
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    service: str = ""
    local_area: str = ""
    age_band: str = ""
    channel: str = ""
    risk: str = ""
    q: str = ""

    def conditions(self, *, today: dt.date) -> list[ColumnElement[bool]]:
        """Each chosen filter as a condition on ``Feedback``."""
        found = self._dates(today) + self._answers()
        if self.risk:
            found.append(self._risk())
        if self.q.strip():
            pattern = like_pattern(self.q[:SEARCH_MAX_CHARS])
            found.append(
                or_(
                    Feedback.story.ilike(pattern, escape="\\"),
                    Feedback.what_would_help.ilike(pattern, escape="\\"),
                    Feedback.redacted_story.ilike(pattern, escape="\\"),
                )
            )
        return found

    def apply(self, query: Select[Any], *, today: dt.date) -> Select[Any]:
        """Add this filter's conditions to a query that selects from Feedback."""
        return query.where(*self.conditions(today=today))

    def _dates(self, today: dt.date) -> list[ColumnElement[bool]]:
        found = []
        days = PERIODS.get(self.period)
        if days:
            found.append(Feedback.received_at >= start_of(today - dt.timedelta(days=days)))
        if self.date_from:
            found.append(Feedback.received_at >= start_of(self.date_from))
        if self.date_to:
            found.append(Feedback.received_at < start_of(self.date_to + dt.timedelta(days=1)))
        return found

    def _answers(self) -> list[ColumnElement[bool]]:
        found = []
        if self.service:
            found.append(Feedback.services.any(FeedbackService.service == self.service))
        for column, value in (
            (Feedback.local_area, self.local_area),
            (Feedback.age_band, self.age_band),
            (Feedback.channel, self.channel),
        ):
            if value:
                found.append(column == value)
        return found

    def _risk(self) -> ColumnElement[bool]:
        if self.risk == RISK_CONCERN:
            return Feedback.safeguarding_open == true()
        return Feedback.risk_level == self.risk

    def without(self, name: str) -> FeedbackFilters:
        """The same filters with one of them cleared (to count what choosing another value would show)."""
        return dataclasses.replace(self, **{name: FeedbackFilters.__dataclass_fields__[name].default})

    def as_args(self) -> dict[str, str]:
        """The chosen filters as query-string arguments (only those that are set)."""
        args = {}
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            if value not in (None, "", item.default):
                args[item.name] = value.isoformat() if isinstance(value, dt.date) else str(value)
        return args

    @property
    def active(self) -> bool:
        return bool(self.as_args())


#: The facets whose values can be counted: filter name -> the column grouped by.
FACETS: Mapping[str, Any] = {
    "service": FeedbackService.service,
    "local_area": Feedback.local_area,
    "age_band": Feedback.age_band,
    "channel": Feedback.channel,
    "risk": Feedback.risk_level,
}


def facet_counts(
    session: Session, *, where: list[ColumnElement[bool]], filters: FeedbackFilters, facet: str, today: dt.date
) -> dict[str | None, int]:
    """How many items each value of ``facet`` would show, with every other filter kept."""
    column = FACETS[facet]
    others = filters.without(facet).conditions(today=today)
    query = select(column, func.count(func.distinct(Feedback.id))).select_from(Feedback)
    if facet == "service":
        query = query.join(FeedbackService, FeedbackService.feedback_id == Feedback.id)
    counts = dict(session.execute(query.where(*where, *others).group_by(column)).tuples().all())
    if facet == "risk":
        counts[RISK_CONCERN] = (
            session.scalar(select(func.count(Feedback.id)).where(*where, *others, Feedback.safeguarding_open == true()))
            or 0
        )
    return counts
