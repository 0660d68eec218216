"""Figures for the staff home page."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forum_feedback.submissions.models import STATUS_NEW, Feedback


def count_new_feedback(session: Session) -> int:
    """How many pieces of feedback nobody has dealt with yet."""
    return session.scalar(select(func.count(Feedback.id)).where(Feedback.status == STATUS_NEW)) or 0
