"""Every model of every feature, imported in one place so migrations and tests see the whole schema."""

from __future__ import annotations

from forum_feedback.db import Base
from forum_feedback.submissions.models import Draft, Feedback, FeedbackService

metadata = Base.metadata

__all__ = ["Draft", "Feedback", "FeedbackService", "metadata"]
