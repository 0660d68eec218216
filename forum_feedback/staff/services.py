"""Figures for the staff home page."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum_feedback.figures import InboxCount


def _kept(session: Session, facet: str) -> int:
    query = select(InboxCount.total).where(InboxCount.facet == facet, InboxCount.value == "")
    return session.scalar(query) or 0


def count_new_feedback(session: Session) -> int:
    """How many pieces of feedback nobody has dealt with yet (a figure the database keeps)."""
    return _kept(session, "new")


def count_open_concerns(session: Session) -> int:
    """How many safeguarding concerns are open, whatever the feedback's status (a figure the database keeps)."""
    return _kept(session, "open")
