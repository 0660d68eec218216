"""Every model of every feature, imported in one place so migrations and tests see the whole schema."""

from __future__ import annotations

from forum_feedback.audit.models import AuditEntry
from forum_feedback.auth.models import PasswordLink, RecoveryCode, SignInFailure, StaffSession, User
from forum_feedback.board.models import Commitment, CommitmentNote
from forum_feedback.db import Base
from forum_feedback.evidence.models import EvidencePack, PackEvent, PackItem, PackQuote, PackTheme
from forum_feedback.figures import InboxCount, ThemeDayCount, ThemeServiceCount
from forum_feedback.mail.models import OutboxMessage
from forum_feedback.outcomes.models import Outcome
from forum_feedback.submissions.models import Draft, Feedback, FeedbackService, SafeguardingAction
from forum_feedback.themes.models import FeedbackTheme, RunAssignment, Theme, ThemeCorrection, ThemeRun

metadata = Base.metadata

__all__ = [
    "AuditEntry",
    "Commitment",
    "CommitmentNote",
    "Draft",
    "EvidencePack",
    "Feedback",
    "FeedbackService",
    "FeedbackTheme",
    "InboxCount",
    "OutboxMessage",
    "Outcome",
    "PackEvent",
    "PackItem",
    "PackQuote",
    "PackTheme",
    "PasswordLink",
    "RecoveryCode",
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
