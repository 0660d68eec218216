"""Evidence packs, the themes and quotes in them, and what they froze when marked ready."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum_feedback.db import Base, UTCDateTime, utcnow
from forum_feedback.enums import PackStatus


class EvidencePack(Base):
    """A paper for partners built from one or more themes, for a period and optional filters."""

    __tablename__ = "evidence_pack"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")  # "what families told us", written by a rep
    asks: Mapped[str] = mapped_column(Text, default="")  # the families' ask
    audience: Mapped[str] = mapped_column(String(20))  # quoting.Audience: partners or public
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)  # inclusive
    # Optional filters; "" means all.
    service: Mapped[str] = mapped_column(String(60), default="")
    local_area: Mapped[str] = mapped_column(String(120), default="")
    age_band: Mapped[str] = mapped_column(String(40), default="")
    channel: Mapped[str] = mapped_column(String(20), default="")
    partners_json: Mapped[str] = mapped_column(Text, default="[]")  # slugs from the PARTNERS setting
    rag: Mapped[str | None] = mapped_column(String(10))  # the forum's own rating
    rag_reason: Mapped[str] = mapped_column(Text, default="")
    partner_rag: Mapped[str | None] = mapped_column(String(10))  # the partner's rating, from their response
    partner_rag_reason: Mapped[str] = mapped_column(Text, default="")
    rung: Mapped[str | None] = mapped_column(String(20))  # co-production ladder reached so far
    response: Mapped[str] = mapped_column(Text, default="")  # the partner's response, in their words
    status: Mapped[str] = mapped_column(String(30), default=PackStatus.DRAFT, index=True)
    # Set when a family withdrew feedback after the pack was shared: the partner's copy can't be recalled.
    needs_attention: Mapped[bool] = mapped_column(Boolean, default=False)
    attention_note: Mapped[str] = mapped_column(String(500), default="")
    frozen_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The frozen items' counts (evidence.figures.Tally as JSON), counted once when frozen (migration 0015).
    tally_json: Mapped[str | None] = mapped_column(Text)
    shared_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    created_by: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    themes: Mapped[list[PackTheme]] = relationship(
        cascade="all, delete-orphan", order_by="PackTheme.position", passive_deletes=True
    )
    quotes: Mapped[list[PackQuote]] = relationship(
        cascade="all, delete-orphan", order_by="PackQuote.position", passive_deletes=True
    )
    events: Mapped[list[PackEvent]] = relationship(
        cascade="all, delete-orphan", order_by="PackEvent.id", passive_deletes=True
    )

    @property
    def partners(self) -> list[str]:
        return json.loads(self.partners_json)

    @property
    def frozen(self) -> bool:
        """Ready or later: figures and quotes come from the snapshot, not from the live themes."""
        return self.status != PackStatus.DRAFT

    @property
    def theme_ids(self) -> list[int]:
        return [link.theme_id for link in self.themes]


class PackTheme(Base):
    """A theme in a pack, with the name it had when the pack was frozen."""

    __tablename__ = "evidence_pack_theme"

    pack_id: Mapped[int] = mapped_column(ForeignKey("evidence_pack.id", ondelete="CASCADE"), primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    label: Mapped[str | None] = mapped_column(String(200))  # frozen name; None while a draft


class PackQuote(Base):
    """A quote a rep chose for a pack; its words are frozen when the pack is marked ready."""

    __tablename__ = "evidence_pack_quote"

    pack_id: Mapped[int] = mapped_column(ForeignKey("evidence_pack.id", ondelete="CASCADE"), primary_key=True)
    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str | None] = mapped_column(Text)  # None while a draft: the live redacted words are shown


class PackItem(Base):
    """One counted piece of feedback behind a frozen pack's figures (no words, no contact details).

    ``in_period`` False: it is in the previous period of the same length, for the change.
    ``family`` numbers the families within the pack: items that left the same contact details share one.
    """

    __tablename__ = "evidence_pack_item"

    pack_id: Mapped[int] = mapped_column(ForeignKey("evidence_pack.id", ondelete="CASCADE"), primary_key=True)
    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True)
    theme_id: Mapped[int] = mapped_column(Integer)
    in_period: Mapped[bool] = mapped_column(Boolean, default=True)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    local_area: Mapped[str | None] = mapped_column(String(120))
    age_band: Mapped[str | None] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(20))
    services_json: Mapped[str] = mapped_column(Text, default="[]")
    family: Mapped[int] = mapped_column(Integer, default=0)


class PackEvent(Base):
    """A pack moved to a status: when, and who moved it."""

    __tablename__ = "evidence_pack_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[int] = mapped_column(ForeignKey("evidence_pack.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(30))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(Integer)
