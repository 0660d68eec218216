"""Outcomes: what families said and what partners did, published on the public "You said, we did" page."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from forum_feedback.db import Base, UTCDateTime, utcnow
from forum_feedback.enums import OutcomeProgress


class Outcome(Base):
    """One "You said, we did": written by a rep from a pack, public only once published."""

    __tablename__ = "outcome"

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[int] = mapped_column(ForeignKey("evidence_pack.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    you_said: Mapped[str] = mapped_column(Text)  # the theme, in words a rep approved
    we_did: Mapped[str] = mapped_column(Text)  # what partners did or will do
    progress: Mapped[str] = mapped_column(String(20), default=OutcomeProgress.UNDER_WAY)
    rung: Mapped[str | None] = mapped_column(String(20))
    service: Mapped[str] = mapped_column(String(60), default="", index=True)  # for the public filter
    families: Mapped[int] = mapped_column(Integer, default=0)  # items behind it when published
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    created_by: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
