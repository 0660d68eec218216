"""Every model of every feature, imported in one place so migrations and tests see the whole schema."""

from __future__ import annotations

from forum_feedback.audit.models import AuditEntry
from forum_feedback.auth.models import PasswordLink, SignInFailure, StaffSession, User
from forum_feedback.db import Base
from forum_feedback.figures import InboxCount, ThemeDayCount, ThemeServiceCount
from forum_feedback.submissions.models import Draft, Feedback, FeedbackService, SafeguardingAction
from forum_feedback.themes.models import FeedbackTheme, RunAssignment, Theme, ThemeCorrection, ThemeRun

metadata = Base.metadata

__all__ = [
    "AuditEntry",
    "Draft",
    "Feedback",
    "FeedbackService",
    "FeedbackTheme",
    "InboxCount",
    "PasswordLink",
    "RunAssignment",
    "SafeguardingAction",
    "SignInFailure",
    "StaffSession",
    "Theme",
    "ThemeCorrection",
    "ThemeDayCount",
    "ThemeRun",
    "ThemeServiceCount",
    "User",
    "metadata",
]
