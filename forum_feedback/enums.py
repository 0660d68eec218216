"""The words the whole app shares, defined once: statuses, consent levels, roles, run states, audit actions.

Each is a ``StrEnum``, so a value is stored in the database and compared in templates as the plain
string it always was ("new", "quote_public"...), but code names it (``FeedbackStatus.NEW``) and a
typo is an error instead of a silent mismatch. Templates get every enum as a global of the same name.
"""

from __future__ import annotations

from enum import StrEnum


class FeedbackStatus(StrEnum):
    """Where a piece of feedback is in the forum's hands."""

    NEW = "new"  # waiting for a rep to read it
    REVIEWED = "reviewed"  # a rep has read and redacted it
    HIDDEN = "hidden"  # spam or abuse: kept for audit, left out of themes and counts
    WITHDRAWN = "withdrawn"  # the family withdrew it: words erased


#: Statuses left out of themes, counts and every output.
NOT_COUNTED: tuple[FeedbackStatus, ...] = (FeedbackStatus.HIDDEN, FeedbackStatus.WITHDRAWN)


class Consent(StrEnum):
    """How the family lets the forum use their words, least to most open."""

    COUNT = "count"
    QUOTE_PARTNERS = "quote_partners"
    QUOTE_PUBLIC = "quote_public"

    @property
    def rank(self) -> int:
        """0 for count only, 1 for quoting to partners, 2 for quoting in public."""
        return list(Consent).index(self)


class RiskLevel(StrEnum):
    """What the automatic safeguarding screen found."""

    NONE = "none"
    POSSIBLE = "possible"
    HIGH = "high"


class SafeguardingStep(StrEnum):
    """What a rep recorded about a safeguarding concern."""

    ACTION = "action"  # what a rep did (told the lead, made a referral...)
    NOT_A_CONCERN = "not_a_concern"  # a rep judged the flagged words were not a concern, with a reason
    REOPENED = "reopened"  # a rep opened a closed concern again


class Channel(StrEnum):
    """How a piece of feedback reached the forum."""

    ONLINE = "online"
    IMPORT = "import"
    REP = "rep"
    DEMO = "demo"


class Role(StrEnum):
    """What a staff member may do."""

    ADMIN = "admin"
    REP = "rep"
    BOARD = "board"


class RunStatus(StrEnum):
    """A rebuild of the themes: queued, running, ready for review, then applied (or discarded)."""

    QUEUED = "queued"
    RUNNING = "running"
    READY = "ready"  # finished, waiting for a rep to review and apply it
    APPLIED = "applied"
    SUPERSEDED = "superseded"  # was applied; a later run replaced it
    DISCARDED = "discarded"
    FAILED = "failed"


RUN_BUSY: tuple[RunStatus, ...] = (RunStatus.QUEUED, RunStatus.RUNNING)


class ThemeStatus(StrEnum):
    ACTIVE = "active"
    RETIRED = "retired"
    MERGED = "merged"


class ThemeSource(StrEnum):
    """Where a feedback's theme came from. A rep's choices are kept by every later rebuild."""

    BUILD = "build"  # the last applied rebuild put it there
    ARRIVAL = "arrival"  # assigned as it arrived, using the last applied rebuild's state
    REP = "rep"  # a rep moved it here
    EXCLUDED = "excluded"  # a rep marked it "doesn't fit": never themed automatically


class CorrectionKind(StrEnum):
    """A rep's change to themes that can be undone."""

    MERGE = "merge"
    SPLIT = "split"


REP_SOURCES: tuple[ThemeSource, ...] = (ThemeSource.REP, ThemeSource.EXCLUDED)


class AuditAction(StrEnum):
    """Every kind of audit log entry, written as a person would read it in the log."""

    SIGNED_IN = "signed in"
    SIGNED_OUT = "signed out"
    SIGN_IN_FAILED = "sign-in failed"
    SIGN_IN_BLOCKED = "sign-in blocked after too many tries"
    USER_CREATED = "user created"
    PASSWORD_LINK_CREATED = "set-password link created"
    PASSWORD_SET = "password set"
    ROLE_CHANGED = "role changed"
    USER_DISABLED = "user disabled"
    USER_ENABLED = "user enabled"
    FEEDBACK_REDACTED = "feedback redacted"
    FEEDBACKS_REVIEWED = "feedback marked reviewed in bulk"
    SAFEGUARDING_RAISED = "safeguarding concern raised"
    SAFEGUARDING_ACTION_RECORDED = "safeguarding action recorded"
    SAFEGUARDING_NOT_A_CONCERN = "safeguarding marked not a concern"
    SAFEGUARDING_REOPENED = "safeguarding concern reopened"
    FEEDBACK_HIDDEN = "feedback hidden"
    FEEDBACK_RESTORED = "feedback restored"
    THEME_EDITED = "theme edited"
    THEME_PINNED = "theme pinned"
    THEME_UNPINNED = "theme unpinned"
    FEEDBACK_MOVED = "feedback moved"
    FEEDBACK_DOES_NOT_FIT = "feedback marked doesn't fit"
    THEMES_MERGED = "themes merged"
    THEME_SPLIT = "theme split"
    THEME_CHANGE_UNDONE = "theme change undone"
    REBUILD_APPLIED = "theme rebuild applied"
    REBUILD_DISCARDED = "theme rebuild discarded"


#: Every enum, by name, for templates.
ALL: tuple[type[StrEnum], ...] = (
    FeedbackStatus,
    Consent,
    RiskLevel,
    SafeguardingStep,
    Channel,
    Role,
    RunStatus,
    ThemeStatus,
    ThemeSource,
    CorrectionKind,
    AuditAction,
)
