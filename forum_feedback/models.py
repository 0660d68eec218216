"""Every model of every feature, imported in one place so migrations and tests see the whole schema."""

from __future__ import annotations

from forum_feedback.db import Base
from forum_feedback.submissions.models import Draft, Feedback, FeedbackService, SafeguardingAction
from forum_feedback.themes.models import FeedbackTheme, RunAssignment, Theme, ThemeRun

metadata = Base.metadata

__all__ = [
    "Draft",
    "Feedback",
    "FeedbackService",
    "FeedbackTheme",
    "SafeguardingAction",
    "RunAssignment",
    "Theme",
    "ThemeRun",
    "metadata",
]
