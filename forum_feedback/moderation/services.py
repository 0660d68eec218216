"""The moderation inbox: reading new feedback, saving its redacted text, safeguarding, hiding and restoring.

Every function takes a SQLAlchemy session and none imports Flask. Functions that change data commit
once, with their audit entry in the same transaction. Audit entries name the feedback by id and never
hold what a family (or a rep about a family) wrote.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from string import Formatter
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, true
from sqlalchemy.orm import Session, load_only, selectinload

from forum_feedback.analysis.redaction import PLACEHOLDERS, Span, find_identifiers, redact
from forum_feedback.analysis.safeguarding import RiskAssessment, assess_risk
from forum_feedback.audit import services as audit
from forum_feedback.auth.models import User
from forum_feedback.enums import AuditAction, FeedbackStatus
from forum_feedback.submissions.models import Feedback, SafeguardingAction

logger = logging.getLogger(__name__)

PER_PAGE = 25
EXCERPT_CHARS = 160
# Redact a little more than is shown, so a name cut in half at the edge of the excerpt is still found.
_EXCERPT_SOURCE_CHARS = EXCERPT_CHARS + 80

HIDE_OTHER = "other"
#: Why a rep hides feedback: (value, label).
HIDE_REASONS: tuple[tuple[str, str], ...] = (
    ("spam", "Spam"),
    ("abusive", "Abusive or offensive"),
    ("duplicate", "A copy of other feedback"),
    (HIDE_OTHER, "Another reason"),
)
_HIDE_LABELS = dict(HIDE_REASONS)


class FeedbackNotFound(LookupError):
    """There is no feedback with this id."""


class WrongStatus(ValueError):
    """The feedback is not in a state where this can be done (for example, withdrawn by the family)."""


# --- the inbox -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxRow:
    """One piece of feedback as the inbox lists it: the answers in brief and a redacted excerpt."""

    id: int
    received_at: dt.datetime
    channel: str
    services: tuple[str, ...]
    service_other: str
    age_band: str | None
    local_area: str | None
    consent: str
    contact_consent: bool
    status: str
    risk_level: str
    safeguarding_open: bool
    excerpt: str


@dataclass(frozen=True)
class InboxPage:
    """One page of the inbox: open safeguarding concerns first, then new feedback in arrival order."""

    concerns: list[InboxRow]
    new: list[InboxRow]
    page: int
    pages: int
    per_page: int
    total: int
    open_concerns: int
    new_feedback: int

    @property
    def first(self) -> int:
        return 0 if self.total == 0 else (self.page - 1) * self.per_page + 1

    @property
    def last(self) -> int:
        return self.first + len(self.concerns) + len(self.new) - 1 if self.total else 0


_LISTED_COLUMNS = (
    Feedback.id,
    Feedback.received_at,
    Feedback.channel,
    Feedback.service_other,
    Feedback.age_band,
    Feedback.local_area,
    Feedback.consent,
    Feedback.contact_consent,
    Feedback.status,
    Feedback.risk_level,
    Feedback.safeguarding_open,
)


def _listing(where: Sequence[ColumnElement[bool]], *, offset: int, limit: int) -> Select[Any]:
    # Page through ids alone first: with the filters on indexed columns, SQLite skips the OFFSET rows
    # inside the index without reading them. Then read only this page's rows, and of each story only
    # the first few hundred characters.
    page_ids = (
        select(Feedback.id).where(*where).order_by(Feedback.received_at, Feedback.id).offset(offset).limit(limit)
    ).scalar_subquery()
    source = func.coalesce(Feedback.redacted_story, Feedback.story)
    return (
        select(Feedback, func.substr(source, 1, _EXCERPT_SOURCE_CHARS))
        .where(Feedback.id.in_(page_ids))
        .options(load_only(*_LISTED_COLUMNS), selectinload(Feedback.services))
        .order_by(Feedback.received_at, Feedback.id)
    )


def excerpt(text: str, *, length: int = EXCERPT_CHARS) -> str:
    """The start of ``text`` with suggested redactions made, cut at a word and on one line."""
    redacted = " ".join(redact(text, find_identifiers(text)).split())
    if len(redacted) <= length:
        return redacted
    cut = redacted[:length].rsplit(" ", 1)[0] if " " in redacted[:length] else redacted[:length]
    return cut.rstrip(" ,.;:-") + "…"


def _row(feedback: Feedback, words: str | None) -> InboxRow:
    return InboxRow(
        id=feedback.id,
        received_at=feedback.received_at,
        channel=feedback.channel,
        services=tuple(feedback.service_slugs),
        service_other=feedback.service_other,
        age_band=feedback.age_band,
        local_area=feedback.local_area,
        consent=feedback.consent,
        contact_consent=feedback.contact_consent,
        status=feedback.status,
        risk_level=feedback.risk_level,
        safeguarding_open=feedback.safeguarding_open,
        excerpt=excerpt(words or ""),
    )


def _rows(session: Session, where: Sequence[ColumnElement[bool]], *, offset: int, limit: int) -> list[InboxRow]:
    if limit <= 0:
        return []
    return [_row(feedback, words) for feedback, words in session.execute(_listing(where, offset=offset, limit=limit))]


def _count(session: Session, *where: ColumnElement[bool]) -> int:
    return session.scalar(select(func.count(Feedback.id)).where(*where)) or 0


def _page_number(page: int, total: int, per_page: int) -> tuple[int, int]:
    pages = max(1, math.ceil(total / per_page))
    return min(max(1, page), pages), pages


_OPEN = (Feedback.safeguarding_open == true(),)
# "Not an open concern" is written with ids, so the new feedback is paged through on the index on
# (status, received_at) alone: concerns are few, and reading every row to check its flag is slow.
_NEW_NOT_OPEN = (Feedback.status == FeedbackStatus.NEW, Feedback.id.not_in(select(Feedback.id).where(*_OPEN)))


def inbox_page(session: Session, *, page: int, per_page: int = PER_PAGE) -> InboxPage:
    """One page of the inbox: every open safeguarding concern (whatever its status), then new feedback.

    The two lists are paged as if they were one: page 1 starts with the concerns, and new feedback
    fills the rest. Each list is read with LIMIT/OFFSET on its own indexed columns.
    """
    open_count = _count(session, *_OPEN)
    new_count = _count(session, Feedback.status == FeedbackStatus.NEW)
    waiting = new_count - _count(session, Feedback.status == FeedbackStatus.NEW, *_OPEN)
    page, pages = _page_number(page, open_count + waiting, per_page)
    offset = (page - 1) * per_page
    concerns = _rows(session, _OPEN, offset=offset, limit=min(per_page, open_count - offset))
    new = _rows(session, _NEW_NOT_OPEN, offset=max(0, offset - open_count), limit=per_page - len(concerns))
    return InboxPage(
        concerns=concerns,
        new=new,
        page=page,
        pages=pages,
        per_page=per_page,
        total=open_count + waiting,
        open_concerns=open_count,
        new_feedback=new_count,
    )


def hidden_page(session: Session, *, page: int, per_page: int = PER_PAGE) -> InboxPage:
    """One page of feedback hidden as spam or abuse, oldest first, so a rep can restore any of it."""
    where = (Feedback.status == FeedbackStatus.HIDDEN,)
    total = _count(session, *where)
    page, pages = _page_number(page, total, per_page)
    rows = _rows(session, where, offset=(page - 1) * per_page, limit=per_page)
    return InboxPage(
        concerns=[], new=rows, page=page, pages=pages, per_page=per_page, total=total, open_concerns=0, new_feedback=0
    )


# --- one item ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A piece of text to show; ``kind`` is set when it is a suggested redaction ("name", "phone number")."""

    text: str
    kind: str | None = None


@dataclass(frozen=True)
class ActionRow:
    """A safeguarding action as the item page lists it."""

    acted_at: dt.datetime
    recorded_at: dt.datetime
    rep: str
    action: str
    closed: bool


@dataclass(frozen=True)
class Item:
    """Everything the item page shows about one piece of feedback."""

    feedback: Feedback
    story: tuple[Segment, ...]
    help: tuple[Segment, ...]
    suggested_story: str
    suggested_help: str
    suggestions: int
    risk: RiskAssessment
    reviewed_by: str | None
    actions: tuple[ActionRow, ...]

    @property
    def redacted_story(self) -> str:
        """What the redaction box starts with: the saved text once a rep has saved it, else the suggestion."""
        saved = self.feedback.redacted_story
        return self.suggested_story if saved is None else saved

    @property
    def redacted_help(self) -> str:
        saved = self.feedback.redacted_help
        return self.suggested_help if saved is None else saved


def kind_label(kind: str) -> str:
    """The words for a kind of identifier: "name", "phone number"..."""
    return PLACEHOLDERS.get(kind, "[removed]").strip("[]")


def highlight(text: str, spans: Sequence[Span]) -> tuple[Segment, ...]:
    """Cut ``text`` into plain pieces and suggested redactions, for the page to mark up (and escape)."""
    segments: list[Segment] = []
    position = 0
    for span in spans:
        if span.start < position:
            continue
        if span.start > position:
            segments.append(Segment(text[position : span.start]))
        segments.append(Segment(text[span.start : span.end], kind_label(span.kind)))
        position = span.end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return tuple(segments)


def _user_emails(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {user_id for user_id in ids if user_id is not None}
    if not wanted:
        return {}
    return dict(session.execute(select(User.id, User.email).where(User.id.in_(wanted))).tuples().all())


def _actions(session: Session, feedback_id: int) -> list[SafeguardingAction]:
    query = select(SafeguardingAction).where(SafeguardingAction.feedback_id == feedback_id)
    return list(session.scalars(query.order_by(SafeguardingAction.acted_at, SafeguardingAction.id)))


def get_item(session: Session, *, feedback_id: int) -> Item:
    """One piece of feedback with its suggested redactions, risk screen and safeguarding history.

    Raises FeedbackNotFound.
    """
    feedback = session.get(Feedback, feedback_id, options=[selectinload(Feedback.services)])
    if feedback is None:
        raise FeedbackNotFound(feedback_id)
    story_spans = find_identifiers(feedback.story)
    help_spans = find_identifiers(feedback.what_would_help)
    actions = _actions(session, feedback_id)
    emails = _user_emails(session, {feedback.reviewed_by, *(action.rep_id for action in actions)})
    return Item(
        feedback=feedback,
        story=highlight(feedback.story, story_spans),
        help=highlight(feedback.what_would_help, help_spans),
        suggested_story=redact(feedback.story, story_spans),
        suggested_help=redact(feedback.what_would_help, help_spans),
        suggestions=len(story_spans) + len(help_spans),
        risk=assess_risk(f"{feedback.story}\n{feedback.what_would_help}"),
        reviewed_by=emails.get(feedback.reviewed_by or 0),
        actions=tuple(
            ActionRow(
                acted_at=a.acted_at,
                recorded_at=a.recorded_at,
                rep=emails.get(a.rep_id or 0, "Removed user"),
                action=a.action,
                closed=a.closed,
            )
            for a in actions
        ),
    )


def escalation_steps(steps: Sequence[str], contacts: Mapping[str, str]) -> list[str]:
    """The forum's safeguarding steps with its contacts filled in; an unknown {name} is left as typed."""
    known = {name for _, name, _, _ in (part for step in steps for part in Formatter().parse(step)) if name}
    values = {name: contacts.get(name, "{" + name + "}") for name in known}
    return [step.format_map(values) for step in steps]


# --- changes -------------------------------------------------------------------------------------


def get_feedback(session: Session, *, feedback_id: int) -> Feedback:
    """The feedback with this id. Raises FeedbackNotFound."""
    feedback = session.get(Feedback, feedback_id)
    if feedback is None:
        raise FeedbackNotFound(feedback_id)
    return feedback


def _record(session: Session, *, rep_id: int | None, action: str, feedback_id: int, detail: str, now: dt.datetime):
    audit.record_action(
        session, actor_id=rep_id, action=action, target_type="feedback", target_id=feedback_id, detail=detail, at=now
    )


def save_redaction(
    session: Session, *, feedback_id: int, redacted_story: str, redacted_help: str, rep_id: int, now: dt.datetime
) -> Feedback:
    """Save the text others will see in place of the family's words, and mark the feedback reviewed.

    Raises FeedbackNotFound, or WrongStatus for hidden or withdrawn feedback.
    """
    feedback = get_feedback(session, feedback_id=feedback_id)
    if feedback.status not in (FeedbackStatus.NEW, FeedbackStatus.REVIEWED):
        raise WrongStatus(feedback.status)
    redacted_help = redacted_help if feedback.what_would_help else ""
    as_suggested = (redacted_story, redacted_help) == (
        redact(feedback.story, find_identifiers(feedback.story)),
        redact(feedback.what_would_help, find_identifiers(feedback.what_would_help)),
    )
    feedback.redacted_story, feedback.redacted_help = redacted_story, redacted_help
    feedback.status, feedback.reviewed_at, feedback.reviewed_by = FeedbackStatus.REVIEWED, now, rep_id
    detail = "suggested redactions accepted" if as_suggested else "redactions edited by the rep"
    _record(
        session, rep_id=rep_id, action=AuditAction.FEEDBACK_REDACTED, feedback_id=feedback_id, detail=detail, now=now
    )
    session.commit()
    logger.info("feedback %s redacted by user %s", feedback_id, rep_id)
    return feedback


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


def hidden_reason(reason: str, other: str = "") -> str:
    """The reason as stored on the feedback: the label, or the rep's own words for "Another reason"."""
    if reason not in _HIDE_LABELS:
        raise ValueError(f"unknown reason {reason!r}")
    if reason == HIDE_OTHER:
        if not other.strip():
            raise ValueError("give the reason")
        return other.strip()[:500]
    return _HIDE_LABELS[reason]


def hide_feedback(
    session: Session, *, feedback_id: int, reason: str, other: str = "", rep_id: int, now: dt.datetime
) -> Feedback:
    """Hide feedback as spam or abuse: it is kept (for the audit) but left out of the inbox, themes and counts.

    Raises FeedbackNotFound, WrongStatus if it is already hidden or was withdrawn, or ValueError for a
    reason that is not one of HIDE_REASONS (or "other" with no words).
    """
    stored = hidden_reason(reason, other)
    feedback = get_feedback(session, feedback_id=feedback_id)
    if feedback.status in (FeedbackStatus.HIDDEN, FeedbackStatus.WITHDRAWN):
        raise WrongStatus(feedback.status)
    feedback.status, feedback.hidden_reason = FeedbackStatus.HIDDEN, stored
    # Only the kind of reason goes in the log: a rep's own words may quote the feedback.
    _record(
        session,
        rep_id=rep_id,
        action=AuditAction.FEEDBACK_HIDDEN,
        feedback_id=feedback_id,
        detail=f"reason: {reason}",
        now=now,
    )
    session.commit()
    logger.info("feedback %s hidden by user %s (%s)", feedback_id, rep_id, reason)
    return feedback


def restore_feedback(session: Session, *, feedback_id: int, rep_id: int, now: dt.datetime) -> Feedback:
    """Put hidden feedback back in the inbox as new. Raises FeedbackNotFound, or WrongStatus if it is not hidden."""
    feedback = get_feedback(session, feedback_id=feedback_id)
    if feedback.status != FeedbackStatus.HIDDEN:
        raise WrongStatus(feedback.status)
    feedback.status, feedback.hidden_reason = FeedbackStatus.NEW, ""
    _record(session, rep_id=rep_id, action=AuditAction.FEEDBACK_RESTORED, feedback_id=feedback_id, detail="", now=now)
    session.commit()
    logger.info("feedback %s restored by user %s", feedback_id, rep_id)
    return feedback
