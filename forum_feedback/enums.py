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
    TWO_FACTOR_SET_UP = "two-factor sign-in set up"
    TWO_FACTOR_REFUSED = "two-factor code refused"
    RECOVERY_CODE_USED = "recovery code used"
    TWO_FACTOR_RESET = "two-factor sign-in reset"
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
    FEEDBACK_WITHDRAWN = "feedback withdrawn by its family"
    PACK_CREATED = "evidence pack created"
    PACK_EDITED = "evidence pack edited"
    PACK_QUOTES_CHOSEN = "evidence pack quotes chosen"
    PACK_STATUS_CHANGED = "evidence pack status changed"
    PACK_ATTENTION_CLEARED = "evidence pack attention cleared"
    PACK_RESPONSE_RECORDED = "partner response recorded"
    COMMITMENT_RECORDED = "commitment recorded"
    COMMITMENT_UPDATED = "commitment progress recorded"
    OUTCOME_SAVED = "outcome saved"
    OUTCOME_PUBLISHED = "outcome published"
    OUTCOME_UNPUBLISHED = "outcome unpublished"
    MAIL_UNSUBSCRIBED = "family unsubscribed from emails"
    # Data protection: every time staff see a family's words as sent, export, or delete, and the schedule.
    ORIGINAL_VIEWED = "feedback opened with the family's own words"
    PACK_EXPORTED = "evidence pack exported"
    SUBJECT_ACCESS_EXPORTED = "everything held about feedback exported"
    SUBJECT_ACCESS_BY_FAMILY = "family looked at everything held about their feedback"
    FEEDBACK_ERASED_BY_STAFF = "feedback erased by staff for the family"
    RETENTION_APPLIED = "retention schedule applied"


class PackStatus(StrEnum):
    """Where an evidence pack is, from the rep's draft to closed. Each step is dated and audit-logged."""

    DRAFT = "draft"
    READY = "ready"  # figures and quotes frozen (snapshot)
    SHARED = "shared"  # with the partner(s): from here the board sees it
    RESPONSE_RECEIVED = "response_received"
    ACTIONS_AGREED = "actions_agreed"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return _PACK_STATUS_LABELS[self]

    @property
    def rank(self) -> int:
        return list(PackStatus).index(self)

    @property
    def next(self) -> PackStatus | None:
        """The step after this one, or None when closed."""
        steps = list(PackStatus)
        return steps[self.rank + 1] if self.rank + 1 < len(steps) else None


_PACK_STATUS_LABELS = {
    PackStatus.DRAFT: "Draft",
    PackStatus.READY: "Ready",
    PackStatus.SHARED: "Shared with partner",
    PackStatus.RESPONSE_RECEIVED: "Response received",
    PackStatus.ACTIONS_AGREED: "Actions agreed",
    PackStatus.CLOSED: "Closed",
}

#: A pack the board may read: shared with partners, or later.
PACK_SHARED: tuple[PackStatus, ...] = (
    PackStatus.SHARED,
    PackStatus.RESPONSE_RECEIVED,
    PackStatus.ACTIONS_AGREED,
    PackStatus.CLOSED,
)


class Rag(StrEnum):
    """A red, amber or green rating, as SEND strategies track progress."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Rung(StrEnum):
    """The ladder of co-production (Think Local Act Personal), lowest to highest."""

    COERCION = "coercion"
    EDUCATING = "educating"
    INFORMING = "informing"
    CONSULTATION = "consultation"
    ENGAGEMENT = "engagement"
    CO_DESIGN = "co_design"
    CO_PRODUCTION = "co_production"

    @property
    def label(self) -> str:
        return self.value.replace("_", "-").capitalize()

    @property
    def step(self) -> int:
        """1 for coercion up to 7 for co-production."""
        return list(Rung).index(self) + 1


class CommitmentStatus(StrEnum):
    """Where a partner's "we will" has got to."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


#: A commitment in one of these can no longer be overdue.
COMMITMENT_FINISHED: tuple[CommitmentStatus, ...] = (CommitmentStatus.DONE, CommitmentStatus.DROPPED)


class OutcomeProgress(StrEnum):
    """What has changed, as a "You said, we did" page says it."""

    CHANGED = "changed"
    UNDER_WAY = "under_way"
    NOT_YET = "not_yet"

    @property
    def label(self) -> str:
        return {"changed": "Changed", "under_way": "Under way", "not_yet": "Not changed yet"}[self.value]


class MailStatus(StrEnum):
    """An email in the outbox."""

    WAITING = "waiting"  # not sent yet, or a try failed and it will be tried again
    SENT = "sent"
    FAILED = "failed"  # gave up after the last try
    CANCELLED = "cancelled"  # the family withdrew or unsubscribed before it went


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
    PackStatus,
    Rag,
    Rung,
    CommitmentStatus,
    OutcomeProgress,
    MailStatus,
)
