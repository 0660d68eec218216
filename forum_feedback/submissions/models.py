"""Feedback from families, and the half-finished drafts of the online form."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum_feedback.db import Base, UTCDateTime, utcnow
from forum_feedback.enums import FeedbackStatus, RiskLevel, SafeguardingStep


class Feedback(Base):
    """One thing a family told the forum, however it arrived (online form, survey import, a rep's note)."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    channel: Mapped[str] = mapped_column(String(20), index=True)
    source: Mapped[str] = mapped_column(String(255), default="")
    story: Mapped[str] = mapped_column(Text)
    what_would_help: Mapped[str] = mapped_column(Text, default="")
    service_other: Mapped[str] = mapped_column(String(500), default="")
    age_band: Mapped[str | None] = mapped_column(String(40), index=True)
    local_area: Mapped[str | None] = mapped_column(String(120), index=True)
    consent: Mapped[str] = mapped_column(String(20))
    contact_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_detail: Mapped[str] = mapped_column(String(320), default="")
    status: Mapped[str] = mapped_column(String(20), default=FeedbackStatus.NEW, index=True)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # When the retention schedule replaced the words as sent by their redacted text (forum_feedback.retention).
    originals_deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Moderation: what everyone but reps sees is the redacted text, once a rep has checked it.
    redacted_story: Mapped[str | None] = mapped_column(Text)
    redacted_help: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    reviewed_by: Mapped[int | None] = mapped_column(Integer)
    hidden_reason: Mapped[str] = mapped_column(String(500), default="")
    # Safeguarding screen on arrival ("none", "possible", "high"), and whether a rep has acted on it.
    risk_level: Mapped[str] = mapped_column(String(20), default=RiskLevel.NONE, index=True)
    # Offline lexicon score in [-1, 1] (negative below -0.1), for "share of negative feedback".
    sentiment: Mapped[float] = mapped_column(Float, default=0.0)
    safeguarding_open: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    # SHA-256 of the receipt code: the code itself is shown to the family once and never stored.
    receipt_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Identity of an imported row, so importing the same file twice adds nothing.
    import_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    # In a theme now (a feedback_theme row with a theme): kept by migration 0014's triggers, never
    # written by the app. "Not yet themed" reads the partial index of those that are not.
    in_theme: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    # Covers every filter of the theme board and the inbox's order, so counting 50,000 items reads
    # this small index instead of every story.
    __table_args__ = (
        Index("ix_feedback_board", "status", "received_at", "sentiment", "channel", "local_area", "age_band"),
        Index(
            "ix_feedback_not_in_theme",
            "received_at",
            "id",
            sqlite_where=text("in_theme = 0"),
            postgresql_where=text("in_theme = false"),
        ),
    )

    services: Mapped[list[FeedbackService]] = relationship(
        back_populates="feedback", cascade="all, delete-orphan", order_by="FeedbackService.service"
    )

    @property
    def service_slugs(self) -> list[str]:
        return [link.service for link in self.services]


class FeedbackService(Base):
    """A service area the feedback is about (a family may tick several)."""

    __tablename__ = "feedback_service"

    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True)
    service: Mapped[str] = mapped_column(String(60), primary_key=True)

    feedback: Mapped[Feedback] = relationship(back_populates="services")

    __table_args__ = (Index("ix_feedback_service_service", "service"),)


class Draft(Base):
    """Answers to the online form kept on the server until the family presses send, then deleted.

    The browser holds only the draft's random id in its session cookie, so a long story is never
    squeezed into a cookie. Drafts nobody finishes expire.

    Sending marks the draft sent (in the same transaction that stores the feedback, and only if it
    was not sent already) and empties its answers: a second press of send finds it sent and shows
    the same confirmation instead of storing the story twice. The receipt code waits here, never in
    the cookie, until the confirmation page has shown it once; the sent draft expires minutes later.
    """

    __tablename__ = "draft"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    answers: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    receipt_code: Mapped[str | None] = mapped_column(String(20))


class SafeguardingAction(Base):
    """What a rep did about a safeguarding concern, and when. Never deleted."""

    __tablename__ = "safeguarding_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"), index=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    acted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    rep_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(Text)
    closed: Mapped[bool] = mapped_column(Boolean, default=True)
    kind: Mapped[str] = mapped_column(String(20), default=SafeguardingStep.ACTION)  # reason: for NOT_A_CONCERN
    reason: Mapped[str | None] = mapped_column(String(40))
