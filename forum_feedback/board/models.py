"""Partners' commitments ("we will") and their progress notes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum_feedback.db import Base, UTCDateTime, utcnow
from forum_feedback.enums import CommitmentStatus


class Commitment(Base):
    """What a partner will do in answer to a pack, by when, and how the decision was made."""

    __tablename__ = "commitment"

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[int] = mapped_column(ForeignKey("evidence_pack.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)  # "We will ..."
    owner: Mapped[str] = mapped_column(String(200))  # the organisation that owns it
    due_on: Mapped[dt.date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default=CommitmentStatus.NOT_STARTED)
    rag: Mapped[str | None] = mapped_column(String(10))
    rung: Mapped[str | None] = mapped_column(String(20))  # how far up the ladder the decision got
    created_by: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    notes: Mapped[list[CommitmentNote]] = relationship(
        cascade="all, delete-orphan", order_by="CommitmentNote.id", passive_deletes=True
    )


class CommitmentNote(Base):
    """A dated note of progress, with the status and RAG it left the commitment in."""

    __tablename__ = "commitment_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    author_id: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20))
    rag: Mapped[str | None] = mapped_column(String(10))
