"""Read-only figures for the theme board and theme pages: counts, changes, trends and breakdowns.

Every count leaves out hidden (spam, abuse) and withdrawn feedback. Filters narrow what is
counted; the 30- and 90-day changes always compare the latest period with the one before.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Select, and_, case, extract, false, func, select
from sqlalchemy.orm import Session

from forum_feedback.enums import NOT_COUNTED, ThemeStatus
from forum_feedback.figures import ANSWER_FACETS, ThemeAnswerCount, ThemeDayCount, ThemeMonthCount, ThemeServiceCount
from forum_feedback.submissions.filters import PERIODS, FeedbackFilters, start_of
from forum_feedback.submissions.models import Feedback, FeedbackService
from forum_feedback.themes.models import FeedbackTheme, Theme
from forum_feedback.web.pages import Page, paginate

NEGATIVE_BELOW = -0.1


@dataclass
class ThemeRow:
    """One line of the theme board."""

    theme_id: int | None  # None: the "not yet themed" group
    label: str
    size: int = 0
    last_30: int = 0
    prior_30: int = 0
    last_90: int = 0
    prior_90: int = 0
    negative: int = 0
    pinned: bool = False
    top_services: list[tuple[str, int]] = field(default_factory=list)

    @property
    def change_30(self) -> int:
        return self.last_30 - self.prior_30

    @property
    def change_90(self) -> int:
        return self.last_90 - self.prior_90

    @property
    def negative_share(self) -> float:
        return self.negative / self.size if self.size else 0.0


def counted(query: Select) -> Select:
    return query.where(Feedback.status.not_in(NOT_COUNTED))


def _window(end: dt.datetime, from_days: int, to_days: int):
    """How many were received from ``from_days`` to ``to_days`` days before ``end``."""
    start, stop = end - dt.timedelta(days=from_days), end - dt.timedelta(days=to_days)
    return func.sum(case((and_(Feedback.received_at >= start, Feedback.received_at < stop), 1), else_=0))


def uses_kept_figures(filters: FeedbackFilters) -> bool:
    """The kept figures (forum_feedback.figures) answer for all feedback or a period; other filters count live."""
    return not any(value for name, value in filters.as_args().items() if name != "period")


def _kept_window(today: dt.date, from_days: int, to_days: int):
    """Kept daily counts from ``from_days`` to ``to_days`` days before the end of today."""
    start, stop = today + dt.timedelta(days=1 - from_days), today + dt.timedelta(days=1 - to_days)
    return func.sum(case((and_(ThemeDayCount.day >= start, ThemeDayCount.day < stop), ThemeDayCount.total), else_=0))


def _kept_board(session: Session, *, filters: FeedbackFilters, today: dt.date) -> dict[int | None, Sequence[int]]:
    """(size, last 30, prior 30, last 90, prior 90, negative) per theme, from the kept figures.

    The windows read the last 180 days of daily rows; the size and negatives read one row per theme
    per month (all feedback) or the period's days, so the board reads a few thousand rows however
    many years of feedback a forum holds.
    """
    days = PERIODS.get(filters.period)
    oldest = today - dt.timedelta(days=min(179, days) if days else 179)
    windows = (
        select(
            ThemeDayCount.theme_id,
            _kept_window(today, 30, 0),
            _kept_window(today, 60, 30),
            _kept_window(today, 90, 0),
            _kept_window(today, 180, 90),
        )
        .where(ThemeDayCount.day >= oldest)
        .group_by(ThemeDayCount.theme_id)
    )
    if days:
        sizes = select(ThemeDayCount.theme_id, func.sum(ThemeDayCount.total), func.sum(ThemeDayCount.negative))
        sizes = sizes.where(ThemeDayCount.day >= today - dt.timedelta(days=days)).group_by(ThemeDayCount.theme_id)
    else:
        sizes = select(
            ThemeMonthCount.theme_id, func.sum(ThemeMonthCount.total), func.sum(ThemeMonthCount.negative)
        ).group_by(ThemeMonthCount.theme_id)
    recent = {theme_id: row for theme_id, *row in session.execute(windows)}
    return {
        (theme_id or None): (size, *recent.get(theme_id, (0, 0, 0, 0)), negative)
        for theme_id, size, negative in session.execute(sizes)
    }


def _kept_top_services(session: Session) -> dict[int | None, list[tuple[str, int]]]:
    by_theme: dict[int | None, list[tuple[str, int]]] = defaultdict(list)
    query = select(ThemeServiceCount.theme_id, ThemeServiceCount.service, ThemeServiceCount.total).where(
        ThemeServiceCount.total > 0
    )
    for theme_id, service, total in session.execute(query):
        by_theme[theme_id or None].append((service, total))
    return by_theme


def theme_board(session: Session, *, filters: FeedbackFilters, today: dt.date, sort: str = "size") -> list[ThemeRow]:
    """Every active theme (and "not yet themed") with its figures under ``filters``.

    All feedback, or a period: read from the kept daily figures (a few thousand rows, however much
    feedback there is). Narrower filters: counted from the feedback itself.
    """
    kept = uses_kept_figures(filters)
    figures = _kept_board(session, filters=filters, today=today) if kept else _live_board(session, filters, today)
    rows = [
        _row(theme.id, theme.display_label, theme.pinned, figures.get(theme.id)) for theme in active_themes(session)
    ]
    rows.append(_row(None, "Not yet themed", False, figures.get(None)))
    if kept and filters.period == "all":
        services = _kept_top_services(session)
        for row in rows:
            row.top_services = sorted(services.get(row.theme_id, []), key=lambda item: (-item[1], item[0]))[:3]
    else:
        _add_top_services(session, rows, filters=filters, today=today)
    return sort_rows(rows, sort)


def _live_board(session: Session, filters: FeedbackFilters, today: dt.date) -> dict[int | None, Sequence[int]]:
    end = start_of(today + dt.timedelta(days=1))  # periods end with today
    query = counted(
        select(
            FeedbackTheme.theme_id,
            func.count(Feedback.id),
            _window(end, 30, 0),
            _window(end, 60, 30),
            _window(end, 90, 0),
            _window(end, 180, 90),
            func.sum(case((Feedback.sentiment < NEGATIVE_BELOW, 1), else_=0)),
        )
        .select_from(Feedback)
        .outerjoin(FeedbackTheme, FeedbackTheme.feedback_id == Feedback.id)
    ).group_by(FeedbackTheme.theme_id)
    return {row[0]: row[1:] for row in session.execute(filters.apply(query, today=today))}


def _row(theme_id: int | None, label: str, pinned: bool, figures: Sequence[int] | None) -> ThemeRow:
    values = [int(value or 0) for value in (figures or (0,) * 6)]
    return ThemeRow(theme_id, label, *values, pinned=pinned)


def active_themes(session: Session) -> list[Theme]:
    return list(session.scalars(select(Theme).where(Theme.status == ThemeStatus.ACTIVE).order_by(Theme.id)))


def _add_top_services(session: Session, rows: list[ThemeRow], *, filters: FeedbackFilters, today: dt.date) -> None:
    query = counted(
        select(FeedbackTheme.theme_id, FeedbackService.service, func.count())
        .select_from(Feedback)
        .join(FeedbackService, FeedbackService.feedback_id == Feedback.id)
        .outerjoin(FeedbackTheme, FeedbackTheme.feedback_id == Feedback.id)
    ).group_by(FeedbackTheme.theme_id, FeedbackService.service)
    by_theme: dict[int | None, list[tuple[str, int]]] = defaultdict(list)
    for theme_id, service, count in session.execute(filters.apply(query, today=today)):
        by_theme[theme_id].append((service, count))
    for row in rows:
        row.top_services = sorted(by_theme.get(row.theme_id, []), key=lambda item: (-item[1], item[0]))[:3]


SORTS = {
    "size": lambda row: (-row.size, row.label),
    "label": lambda row: row.label.casefold(),
    "change_30": lambda row: (-row.change_30, row.label),
    "change_90": lambda row: (-row.change_90, row.label),
    "negative": lambda row: (-row.negative_share, row.label),
}


def sort_rows(rows: list[ThemeRow], sort: str) -> list[ThemeRow]:
    """Themes in the chosen order; "not yet themed" always last, so it is easy to find."""
    themed = sorted((row for row in rows if row.theme_id is not None), key=SORTS.get(sort, SORTS["size"]))
    return themed + [row for row in rows if row.theme_id is None]


def _in_theme(query: Select, theme_id: int | None) -> Select:
    """Counted feedback in a theme, or in no theme ("not yet themed": no place, or a place in no theme).

    "Not yet themed" reads the kept ``in_theme`` flag, whose partial index holds only those feedback
    in date order, instead of walking all feedback to find the few that are in no theme.
    """
    if theme_id is None:
        return counted(query.where(Feedback.in_theme == false()))
    return counted(query.join(FeedbackTheme, FeedbackTheme.feedback_id == Feedback.id)).where(
        FeedbackTheme.theme_id == theme_id
    )


def monthly_trend(
    session: Session, *, theme_id: int | None, filters: FeedbackFilters, today: dt.date, months: int = 24
) -> list[tuple[dt.date, int]]:
    """Feedback per calendar month for the last ``months`` months (oldest first), zeros included."""
    first = _month_start(today, months - 1)
    if uses_kept_figures(filters):
        counts = _kept_months(session, theme_id=theme_id, filters=filters, first=first, today=today)
    else:
        year, month = extract("year", Feedback.received_at), extract("month", Feedback.received_at)
        query = _in_theme(select(year, month, func.count()).select_from(Feedback), theme_id)
        query = filters.apply(query.where(Feedback.received_at >= start_of(first)), today=today).group_by(year, month)
        counts = {(int(y), int(m)): n for y, m, n in session.execute(query)}
    return [
        (day, counts.get((day.year, day.month), 0))
        for day in (_month_start(today, k) for k in range(months - 1, -1, -1))
    ]


def _kept_months(
    session: Session, *, theme_id: int | None, filters: FeedbackFilters, first: dt.date, today: dt.date
) -> dict[tuple[int, int], int]:
    year, month = extract("year", ThemeDayCount.day), extract("month", ThemeDayCount.day)
    query = select(year, month, func.sum(ThemeDayCount.total)).where(
        ThemeDayCount.theme_id == (theme_id or 0), ThemeDayCount.day >= first
    )
    days = PERIODS.get(filters.period)
    if days:
        query = query.where(ThemeDayCount.day >= today - dt.timedelta(days=days))
    return {(int(y), int(m)): int(n or 0) for y, m, n in session.execute(query.group_by(year, month))}


def _month_start(today: dt.date, back: int) -> dt.date:
    index = today.year * 12 + today.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def _whole(filters: FeedbackFilters) -> bool:
    """Nothing narrows the view (all feedback, no period): the kept per-theme figures answer it."""
    return uses_kept_figures(filters) and PERIODS.get(filters.period) is None


def breakdown(
    session: Session, *, theme_id: int | None, column: str, filters: FeedbackFilters, today: dt.date
) -> list[tuple[str | None, int]]:
    """Counts by one answer (service, local area, age band or channel), largest first."""
    if _whole(filters) and (column == "service" or column in ANSWER_FACETS):
        rows = [(value or None, count) for value, count in _kept_breakdown(session, theme_id=theme_id, column=column)]
    else:
        rows = _live_breakdown(session, theme_id=theme_id, column=column, filters=filters, today=today)
    return sorted((row for row in rows if row[1]), key=lambda item: -item[1])


def _live_breakdown(
    session: Session, *, theme_id: int | None, column: str, filters: FeedbackFilters, today: dt.date
) -> list[tuple[str | None, int]]:
    if column == "service":
        query = (
            select(FeedbackService.service, func.count())
            .select_from(Feedback)
            .join(FeedbackService, FeedbackService.feedback_id == Feedback.id)
        )
        group = FeedbackService.service
    else:
        group = getattr(Feedback, column)
        query = select(group, func.count()).select_from(Feedback)
    query = filters.apply(_in_theme(query, theme_id), today=today).group_by(group)
    return [(value, count) for value, count in session.execute(query)]


def _kept_breakdown(session: Session, *, theme_id: int | None, column: str) -> Sequence[tuple[str, int]]:
    if column == "service":
        query = select(ThemeServiceCount.service, ThemeServiceCount.total).where(
            ThemeServiceCount.theme_id == (theme_id or 0)
        )
    else:
        query = select(ThemeAnswerCount.value, ThemeAnswerCount.total).where(
            ThemeAnswerCount.theme_id == (theme_id or 0), ThemeAnswerCount.facet == column
        )
    return [(value, int(total)) for value, total in session.execute(query)]


def kept_size(session: Session, theme_id: int | None) -> int:
    """How much counted feedback a theme (0 / None: "not yet themed") holds, from the kept figures."""
    total = session.scalar(select(func.sum(ThemeDayCount.total)).where(ThemeDayCount.theme_id == (theme_id or 0)))
    return int(total or 0)


FEEDBACK_ORDER = (Feedback.received_at.desc(), Feedback.id.desc())


def feedback_in_theme(
    session: Session, *, theme_id: int | None, filters: FeedbackFilters, today: dt.date, page: int, per_page: int = 20
) -> Page[Feedback]:
    """One page of the feedback in a theme (search included in ``filters``), newest first."""
    base = filters.apply(_in_theme(select(Feedback).select_from(Feedback), theme_id), today=today)
    total = kept_size(session, theme_id) if _whole(filters) else None
    return paginate(session, base, page=page, per_page=per_page, order_by=FEEDBACK_ORDER, total=total)


def search_feedback(
    session: Session, *, filters: FeedbackFilters, today: dt.date, page: int, per_page: int = 20
) -> Page[Feedback]:
    """Feedback whose words (as sent, or as redacted) contain the search, newest first."""
    base = filters.apply(counted(select(Feedback)), today=today)
    return paginate(session, base, page=page, per_page=per_page, order_by=FEEDBACK_ORDER)


def themes_of(session: Session, feedback_ids: Sequence[int]) -> dict[int, Theme | None]:
    """Each feedback's current theme (None: not yet themed)."""
    rows = session.execute(
        select(FeedbackTheme.feedback_id, Theme)
        .outerjoin(Theme, FeedbackTheme.theme_id == Theme.id)
        .where(FeedbackTheme.feedback_id.in_(feedback_ids))
    )
    found = {feedback_id: theme for feedback_id, theme in rows}
    return {feedback_id: found.get(feedback_id) for feedback_id in feedback_ids}
