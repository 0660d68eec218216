"""Figures for the staff home page."""

from __future__ import annotations

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from forum_feedback.enums import FeedbackStatus
from forum_feedback.submissions.models import Feedback


def count_new_feedback(session: Session) -> int:
    """How many pieces of feedback nobody has dealt with yet."""
    return session.scalar(select(func.count(Feedback.id)).where(Feedback.status == FeedbackStatus.NEW)) or 0


def count_open_concerns(session: Session) -> int:
    """How many safeguarding concerns are open (whatever the feedback's status)."""
    return session.scalar(select(func.count(Feedback.id)).where(Feedback.safeguarding_open == true())) or 0
