"""Safeguarding concerns: raising one the screen missed, recording what a rep did, "not a concern", reopening.

A concern is never just data: while one is open the feedback stays at the top of the inbox with
the forum's escalation steps. Every change is one transaction with its audit entry, and every
step is kept (``SafeguardingAction`` rows are never deleted), so closing a concern by mistake can
be undone by reopening it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from string import Formatter

from sqlalchemy.orm import Session

from forum_feedback.enums import AuditAction, SafeguardingStep
from forum_feedback.moderation.services import _record, get_feedback
from forum_feedback.submissions.models import Feedback, SafeguardingAction

logger = logging.getLogger(__name__)

OTHER_REASON = "other"
#: Why a rep judges that flagged words are not a concern: (value, label). A forum may reword these.
NOT_A_CONCERN_REASONS: tuple[tuple[str, str], ...] = (
    ("service-name", "The words name a service (for example, the crisis team or an at-risk register)"),
    ("other-meaning", "The words mean something else here (for example, at risk of exclusion, an attendance fine)"),
    ("past-dealt-with", "It happened in the past and has already been dealt with"),
    ("praise", "It is praise, or a story with a good outcome"),
    (OTHER_REASON, "Another reason"),
)
_REASON_LABELS = dict(NOT_A_CONCERN_REASONS)
NOTE_MAX_CHARS = 2_000


def reason_label(reason: str | None) -> str:
    """The words for a "not a concern" reason."""
    return _REASON_LABELS.get(reason or "", reason or "")


def escalation_steps(steps: Sequence[str], contacts: Mapping[str, str]) -> list[str]:
    """The forum's safeguarding steps with its contacts filled in; an unknown {name} is left as typed."""
    known = {name for _, name, _, _ in (part for step in steps for part in Formatter().parse(step)) if name}
    values = {name: contacts.get(name, "{" + name + "}") for name in known}
    return [step.format_map(values) for step in steps]


def raise_concern(session: Session, *, feedback_id: int, rep_id: int, now: dt.datetime) -> Feedback:
    """Open a safeguarding concern the screen missed; it stays at the top of the inbox until closed."""
    feedback = get_feedback(session, feedback_id=feedback_id)
    if not feedback.safeguarding_open:
        feedback.safeguarding_open = True
        _record(
            session, rep_id=rep_id, action=AuditAction.SAFEGUARDING_RAISED, feedback_id=feedback_id, detail="", now=now
        )
        session.commit()
        logger.info("safeguarding concern raised on feedback %s by user %s", feedback_id, rep_id)
    return feedback


def record_safeguarding_action(
    session: Session,
    *,
    feedback_id: int,
    action: str,
    acted_at: dt.datetime,
    closed: bool,
    rep_id: int,
    now: dt.datetime,
) -> SafeguardingAction:
    """Record what a rep did about a concern; the concern stays open unless they say it is now closed.

    Raises FeedbackNotFound, or ValueError for an empty action or a time in the future.
    """
    if not action.strip():
        raise ValueError("say what you did")
    if acted_at > now:
        raise ValueError("the time is in the future")
    feedback = get_feedback(session, feedback_id=feedback_id)
    row = SafeguardingAction(
        feedback_id=feedback_id, recorded_at=now, acted_at=acted_at, rep_id=rep_id, action=action, closed=closed
    )
    session.add(row)
    feedback.safeguarding_open = not closed
    detail = "concern closed" if closed else "concern still open"
    _record(
        session,
        rep_id=rep_id,
        action=AuditAction.SAFEGUARDING_ACTION_RECORDED,
        feedback_id=feedback_id,
        detail=detail,
        now=now,
    )
    session.commit()
    logger.info("safeguarding action recorded on feedback %s by user %s (%s)", feedback_id, rep_id, detail)
    return row


def mark_not_a_concern(
    session: Session, *, feedback_id: int, reason: str, note: str, rep_id: int, now: dt.datetime
) -> SafeguardingAction:
    """Close a flagged concern as not a safeguarding concern, with the reason; reopening undoes it.

    Raises FeedbackNotFound, or ValueError for an unknown reason or "another reason" with no note.
    """
    if reason not in _REASON_LABELS:
        raise ValueError(f"unknown reason {reason!r}")
    if reason == OTHER_REASON and not note.strip():
        raise ValueError("say why")
    feedback = get_feedback(session, feedback_id=feedback_id)
    row = SafeguardingAction(
        feedback_id=feedback_id,
        recorded_at=now,
        acted_at=now,
        rep_id=rep_id,
        action=note.strip()[:NOTE_MAX_CHARS],
        closed=True,
        kind=SafeguardingStep.NOT_A_CONCERN,
        reason=reason,
    )
    session.add(row)
    feedback.safeguarding_open = False
    # Only the kind of reason goes in the log: a rep's note may quote the feedback.
    _record(
        session,
        rep_id=rep_id,
        action=AuditAction.SAFEGUARDING_NOT_A_CONCERN,
        feedback_id=feedback_id,
        detail=f"reason: {reason}",
        now=now,
    )
    session.commit()
    logger.info("feedback %s marked not a safeguarding concern by user %s (%s)", feedback_id, rep_id, reason)
    return row


def reopen_concern(session: Session, *, feedback_id: int, rep_id: int, now: dt.datetime) -> Feedback:
    """Open again a concern that was closed (as dealt with, or as not a concern): it goes back to the top."""
    feedback = get_feedback(session, feedback_id=feedback_id)
    if feedback.safeguarding_open:
        return feedback
    session.add(
        SafeguardingAction(
            feedback_id=feedback_id,
            recorded_at=now,
            acted_at=now,
            rep_id=rep_id,
            action="",
            closed=False,
            kind=SafeguardingStep.REOPENED,
        )
    )
    feedback.safeguarding_open = True
    _record(
        session, rep_id=rep_id, action=AuditAction.SAFEGUARDING_REOPENED, feedback_id=feedback_id, detail="", now=now
    )
    session.commit()
    logger.info("safeguarding concern reopened on feedback %s by user %s", feedback_id, rep_id)
    return feedback
