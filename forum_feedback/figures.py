"""Figures the database keeps up to date (migration 0009's triggers), and the recount that checks them.

``theme_day_count`` (theme, day -> comments, negative ones), ``theme_service_count`` (theme, service
-> comments), ``theme_answer_count`` (theme, answer, value -> comments: channel, local area, age band;
migration 0013) and ``inbox_count`` (facet, value -> items in the inbox) let the theme board, theme
pages, trends and the inbox read a few hundred small rows instead of every piece of feedback. They
cover the unfiltered views (and the theme board's periods); narrower filters are counted live.

``recount`` rebuilds them all from the feedback itself, and ``drift`` says where the kept figures
differ from a recount: the nightly job runs both, so even a write that bypassed the triggers (a
restored backup of an older release, a manual fix) is repaired within a day, and tests compare the
two after every kind of change.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import Date, Index, Integer, String, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from forum_feedback.db import Base

logger = logging.getLogger(__name__)

TABLES = ("theme_day_count", "theme_month_count", "theme_service_count", "theme_answer_count", "inbox_count")
#: The answers theme_answer_count keeps per theme ('' when not given).
ANSWER_FACETS = ("channel", "local_area", "age_band")
_COUNTED = "f.status NOT IN ('hidden', 'withdrawn')"
_INBOX = "(f.status = 'new' OR f.safeguarding_open)"


class ThemeDayCount(Base):
    __tablename__ = "theme_day_count"
    # The theme board's 30- and 90-day windows read the last 180 days only (migration 0014).
    __table_args__ = (Index("ix_theme_day_count_day", "day"),)

    theme_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # 0: not yet themed
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    total: Mapped[int] = mapped_column(Integer)
    negative: Mapped[int] = mapped_column(Integer)


class ThemeMonthCount(Base):
    """theme_day_count by month (migration 0014): the theme board's all-time figures in a few rows a theme."""

    __tablename__ = "theme_month_count"

    theme_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # 0: not yet themed
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)  # its first day
    total: Mapped[int] = mapped_column(Integer)
    negative: Mapped[int] = mapped_column(Integer)


class ThemeServiceCount(Base):
    __tablename__ = "theme_service_count"

    theme_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service: Mapped[str] = mapped_column(String(60), primary_key=True)
    total: Mapped[int] = mapped_column(Integer)


class ThemeAnswerCount(Base):
    __tablename__ = "theme_answer_count"

    theme_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # 0: not yet themed
    facet: Mapped[str] = mapped_column(String(20), primary_key=True)  # channel, local_area, age_band
    value: Mapped[str] = mapped_column(String(120), primary_key=True)  # '': not given
    total: Mapped[int] = mapped_column(Integer)


class InboxCount(Base):
    __tablename__ = "inbox_count"

    facet: Mapped[str] = mapped_column(
        String(20), primary_key=True
    )  # all, new, open, channel, local_area, risk, service
    value: Mapped[str] = mapped_column(String(120), primary_key=True)
    total: Mapped[int] = mapped_column(Integer)


def _day(dialect: str) -> str:
    return "date(f.received_at)" if dialect == "sqlite" else "((f.received_at) AT TIME ZONE 'UTC')::date"


def _month(dialect: str) -> str:
    if dialect == "sqlite":
        return "date(f.received_at, 'start of month')"
    return "date_trunc('month', (f.received_at) AT TIME ZONE 'UTC')::date"


def _flag(condition: str, dialect: str) -> str:
    return f"({condition})" if dialect == "sqlite" else f"({condition})::int"


def count_queries(dialect: str) -> dict[str, str]:
    """For each table, the SELECT that counts it from the feedback itself (same columns as the table)."""
    theme = "COALESCE(ft.theme_id, 0)"
    joined = "FROM feedback f LEFT JOIN feedback_theme ft ON ft.feedback_id = f.id"
    inbox_parts = [
        f"SELECT 'all', '', count(*) FROM feedback f WHERE {_INBOX}",
        "SELECT 'new', '', count(*) FROM feedback f WHERE f.status = 'new'",
        "SELECT 'open', '', count(*) FROM feedback f WHERE f.safeguarding_open",
        f"SELECT 'channel', f.channel, count(*) FROM feedback f WHERE {_INBOX} GROUP BY f.channel",
        f"SELECT 'local_area', COALESCE(f.local_area, ''), count(*) FROM feedback f WHERE {_INBOX} "
        "GROUP BY COALESCE(f.local_area, '')",
        f"SELECT 'risk', f.risk_level, count(*) FROM feedback f WHERE {_INBOX} GROUP BY f.risk_level",
        f"SELECT 'service', fs.service, count(*) FROM feedback f JOIN feedback_service fs ON fs.feedback_id = f.id "
        f"WHERE {_INBOX} GROUP BY fs.service",
    ]
    return {
        "theme_day_count": f"SELECT {theme}, {_day(dialect)}, count(*), sum({_flag('f.sentiment < -0.1', dialect)}) "
        f"{joined} WHERE {_COUNTED} GROUP BY {theme}, {_day(dialect)}",
        "theme_month_count": f"SELECT {theme}, {_month(dialect)}, count(*), "
        f"sum({_flag('f.sentiment < -0.1', dialect)}) {joined} WHERE {_COUNTED} GROUP BY {theme}, {_month(dialect)}",
        "theme_service_count": f"SELECT {theme}, fs.service, count(*) {joined} "
        f"JOIN feedback_service fs ON fs.feedback_id = f.id WHERE {_COUNTED} GROUP BY {theme}, fs.service",
        "theme_answer_count": " UNION ALL ".join(
            f"SELECT {theme}, '{facet}', COALESCE(f.{facet}, ''), count(*) {joined} WHERE {_COUNTED} "
            f"GROUP BY {theme}, COALESCE(f.{facet}, '')"
            for facet in ANSWER_FACETS
        ),
        "inbox_count": " UNION ALL ".join(inbox_parts),
    }


_COLUMNS = {
    "theme_day_count": "theme_id, day, total, negative",
    "theme_month_count": "theme_id, month, total, negative",
    "theme_service_count": "theme_id, service, total",
    "theme_answer_count": "theme_id, facet, value, total",
    "inbox_count": "facet, value, total",
}


def recount_statements(dialect: str, tables: tuple[str, ...] = TABLES) -> list[str]:
    """SQL that empties the kept tables (all, or those named) and fills them again from the feedback."""
    statements = []
    for table, query in count_queries(dialect).items():
        if table not in tables:
            continue
        statements.append(f"DELETE FROM {table}")
        statements.append(f"INSERT INTO {table} ({_COLUMNS[table]}) {query}")
    return statements


#: Where each table's total is among its columns (rows whose total is 0 are as good as absent).
_TOTAL = {
    "theme_day_count": 2,
    "theme_month_count": 2,
    "theme_service_count": 2,
    "theme_answer_count": 3,
    "inbox_count": 2,
}


def _rows(session: Session, query: str, table: str) -> set[tuple]:
    """Rows as comparable tuples (dates as text), leaving out rows whose total is 0."""
    rows = session.execute(text(query)).tuples()
    return {tuple(v if isinstance(v, int) else str(v) for v in row) for row in rows if row[_TOTAL[table]]}


#: feedback.in_theme (migration 0014) as it should be: the feedback has a place in a theme.
_IN_THEME = "EXISTS (SELECT 1 FROM feedback_theme ft WHERE ft.feedback_id = feedback.id AND ft.theme_id IS NOT NULL)"
_WRONG_FLAG = f"feedback.in_theme <> {_IN_THEME}"


def drift(session: Session) -> dict[str, int]:
    """For each table, how many rows differ between the kept figures and a fresh count (0 when all agree).

    ``feedback.in_theme`` is how many feedback rows have the flag wrong.
    """
    dialect = session.get_bind().dialect.name
    differences = {}
    for table, query in count_queries(dialect).items():
        kept = _rows(session, f"SELECT {_COLUMNS[table]} FROM {table}", table)
        fresh = _rows(session, query, table)
        differences[table] = len(kept ^ fresh)
    differences["feedback.in_theme"] = int(session.scalar(text(f"SELECT count(*) FROM feedback WHERE {_WRONG_FLAG}")))
    return differences


def recount(session: Session) -> dict[str, int]:
    """Repair the kept figures if they drifted; returns the drift found before repairing."""
    found = drift(session)
    if any(found.values()):
        logger.warning("kept figures had drifted (%s): recounted", found)
        for statement in recount_statements(session.get_bind().dialect.name):
            session.execute(text(statement))
        session.execute(text(f"UPDATE feedback SET in_theme = {_IN_THEME} WHERE {_WRONG_FLAG}"))
    session.commit()
    return found
