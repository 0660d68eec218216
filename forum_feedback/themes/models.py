"""Themes, the runs of the theme engine that propose them, and which theme each piece of feedback is in."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum_feedback.db import Base, UTCDateTime, utcnow
from forum_feedback.enums import RunStatus, ThemeSource, ThemeStatus


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Theme(Base):
    """A theme with a stable identity (``key``) that survives rebuilds, with a rep's name, notes and pin."""

    __tablename__ = "theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    auto_label: Mapped[str] = mapped_column(String(200))
    label: Mapped[str | None] = mapped_column(String(200))  # a rep's name for it; sticks across rebuilds
    description: Mapped[str] = mapped_column(Text, default="")  # a rep's description
    auto_description: Mapped[str] = mapped_column(Text, default="")  # the engine's line: "Families describe ..."
    notes: Mapped[str] = mapped_column(Text, default="")
    terms_json: Mapped[str] = mapped_column(Text, default="[]")
    quote_ids_json: Mapped[str] = mapped_column(Text, default="[]")
    sentiment_json: Mapped[str] = mapped_column(Text, default="{}")
    size: Mapped[int] = mapped_column(Integer, default=0)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default=ThemeStatus.ACTIVE, index=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def display_label(self) -> str:
        return self.label or self.auto_label

    @property
    def terms(self) -> list[str]:
        return json.loads(self.terms_json)

    @property
    def quote_ids(self) -> list[int]:
        return json.loads(self.quote_ids_json)

    @property
    def sentiment(self) -> dict[str, Any]:
        return json.loads(self.sentiment_json)


class ThemeRun(Base):
    """One rebuild of the themes: queued, running, ready for review, then applied (or discarded)."""

    __tablename__ = "theme_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default=RunStatus.QUEUED, index=True)
    requested_by: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # the worker's last sign of life
    applied_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str] = mapped_column(String(500), default="")
    n_docs: Mapped[int] = mapped_column(Integer, default=0)
    n_themes: Mapped[int] = mapped_column(Integer, default=0)
    n_unthemed: Mapped[int] = mapped_column(Integer, default=0)
    fit_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    proposal_json: Mapped[str] = mapped_column(Text, default="{}")  # themes and changes, for review
    # ThemeState.to_json(): plain JSON, never pickle. Megabytes: read only when a process first needs it
    # (themes.services.load_state), not with every page that looks at the run.
    state_json: Mapped[str] = mapped_column(Text, default="", deferred=True)

    # At most one run queued or running, enforced by the database (see migration 0006).
    __table_args__ = (
        Index(
            "uq_theme_run_one_busy",
            text("(status IN ('queued', 'running'))"),
            unique=True,
            sqlite_where=text("status IN ('queued', 'running')"),
            postgresql_where=text("status IN ('queued', 'running')"),
        ),
    )

    assignments: Mapped[list[RunAssignment]] = relationship(cascade="all, delete-orphan", passive_deletes=True)

    @property
    def proposal(self) -> dict[str, Any]:
        return json.loads(self.proposal_json)


class RunAssignment(Base):
    """The theme a run proposes for one piece of feedback."""

    __tablename__ = "theme_run_assignment"

    run_id: Mapped[int] = mapped_column(ForeignKey("theme_run.id", ondelete="CASCADE"), primary_key=True)
    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True)
    theme_key: Mapped[str | None] = mapped_column(String(32))
    confidence: Mapped[float] = mapped_column(Float, default=0.0)


class FeedbackTheme(Base):
    """The theme a piece of feedback is in now (theme None: "not yet themed"), and who put it there."""

    __tablename__ = "feedback_theme"
    # A theme's quotes are its members closest to the centre: read backwards along this index, stopping
    # at a few dozen, instead of sorting every member.
    __table_args__ = (Index("ix_feedback_theme_quote_order", "theme_id", "confidence", "feedback_id"),)

    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id"), index=True)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    source: Mapped[str] = mapped_column(String(20), default=ThemeSource.BUILD)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    theme: Mapped[Theme | None] = relationship()


class ThemeCorrection(Base):
    """A rep's merge or split, with what it changed (JSON), so it can be undone."""

    __tablename__ = "theme_correction"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    # The theme whose page offers the undo: the theme merged into, or the theme that was split.
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    detail: Mapped[str] = mapped_column(String(500), default="")
    # {"themes": [state before], "placements": [[feedback id, theme id, source, confidence]], "after": {...}}
    payload_json: Mapped[str] = mapped_column(Text, default="{}")
    undone_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    undone_by: Mapped[int | None] = mapped_column(Integer)
