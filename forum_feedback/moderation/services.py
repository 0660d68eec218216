"""The moderation inbox: reading new feedback, saving its redacted text, safeguarding, hiding and restoring.

Every function takes a SQLAlchemy session and none imports Flask. Functions that change data commit
once, with their audit entry in the same transaction. Audit entries name the feedback by id and never
hold what a family (or a rep about a family) wrote.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, true
from sqlalchemy.orm import Session, load_only, selectinload

from forum_feedback.analysis.redaction import PLACEHOLDERS, Span, find_identifiers, redact
from forum_feedback.analysis.safeguarding import RiskAssessment, RiskMatch, assess_risk
from forum_feedback.audit import services as audit
from forum_feedback.auth.models import User
from forum_feedback.enums import AuditAction, FeedbackStatus, RiskLevel, SafeguardingStep
from forum_feedback.figures import InboxCount
from forum_feedback.submissions.filters import FeedbackFilters, facet_counts
from forum_feedback.submissions.models import Feedback, SafeguardingAction
from forum_feedback.submissions.services import second_net_on
from forum_feedback.web.pages import Page, clamp_page

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
    listing: Page[InboxRow]  # both lists as one page, for "showing 1 to 25 of 90" and pagination
    open_concerns: int  # under the filters
    new_feedback: int  # under the filters


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


@functools.lru_cache(maxsize=4096)
def excerpt(text: str, *, length: int = EXCERPT_CHARS) -> str:
    """The start of ``text`` with suggested redactions made, cut at a word and on one line.

    Kept in this process's memory (by text), so a rep paging back and forth through the inbox does
    not run the redaction check on the same words again.
    """
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


_OPEN = (Feedback.safeguarding_open == true(),)
# "Not an open concern" is written with ids, so the new feedback is paged through on the index on
# (status, received_at) alone: concerns are few, and reading every row to check its flag is slow.
_NEW_NOT_OPEN = (Feedback.status == FeedbackStatus.NEW, Feedback.id.not_in(select(Feedback.id).where(*_OPEN)))
#: Everything the inbox lists: open concerns, and new feedback.
INBOX = (or_(Feedback.safeguarding_open == true(), Feedback.status == FeedbackStatus.NEW),)


def inbox_page(
    session: Session, *, page: int, filters: FeedbackFilters, today: dt.date, per_page: int = PER_PAGE
) -> InboxPage:
    """One page of the inbox under ``filters``: every open safeguarding concern (whatever its status), then new
    feedback.

    The two lists are paged as if they were one: page 1 starts with the concerns, and new feedback
    fills the rest. Each list is read with LIMIT/OFFSET on its own indexed columns.
    """
    chosen = filters.conditions(today=today)
    if filters.active:
        open_count, waiting = _count(session, *_OPEN, *chosen), _count(session, *_NEW_NOT_OPEN, *chosen)
        new_count = _count(session, Feedback.status == FeedbackStatus.NEW, *chosen)
    else:  # the whole inbox: the figures the database keeps
        kept = _kept(session)
        open_count, waiting, new_count = (
            kept["open"].get("", 0),
            kept["all"].get("", 0) - kept["open"].get("", 0),
            kept["new"].get("", 0),
        )
    number, pages = clamp_page(page, open_count + waiting, per_page)
    offset = (number - 1) * per_page
    concerns = _rows(session, (*_OPEN, *chosen), offset=offset, limit=min(per_page, open_count - offset))
    new = _rows(session, (*_NEW_NOT_OPEN, *chosen), offset=max(0, offset - open_count), limit=per_page - len(concerns))
    return InboxPage(
        concerns=concerns,
        new=new,
        listing=Page([*concerns, *new], number, pages, open_count + waiting, per_page),
        open_concerns=open_count,
        new_feedback=new_count,
    )


def _kept(session: Session) -> dict[str, dict[str, int]]:
    """The inbox's kept figures: facet -> value -> items (see forum_feedback.figures)."""
    kept: dict[str, dict[str, int]] = defaultdict(dict)
    for facet, value, total in session.execute(select(InboxCount.facet, InboxCount.value, InboxCount.total)):
        kept[facet][value] = total
    return kept


def inbox_facets(session: Session, *, filters: FeedbackFilters, today: dt.date) -> dict[str, dict[str | None, int]]:
    """For each filter of the inbox, how many items each of its choices would list.

    With no filter chosen these are the figures the database keeps; otherwise they are counted.
    """
    names = ("risk", "service", "local_area", "channel")
    if not filters.active:
        kept = _kept(session)
        facets = {name: dict(kept.get(name, {})) for name in names}
        facets["risk"]["concern"] = kept["open"].get("", 0)
        return facets
    return {name: facet_counts(session, where=list(INBOX), filters=filters, facet=name, today=today) for name in names}


def _after(feedback: Feedback) -> ColumnElement[bool]:
    return or_(
        Feedback.received_at > feedback.received_at,
        and_(Feedback.received_at == feedback.received_at, Feedback.id > feedback.id),
    )


def _first_id(session: Session, *where: ColumnElement[bool]) -> int | None:
    return session.scalar(select(Feedback.id).where(*where).order_by(Feedback.received_at, Feedback.id).limit(1))


def next_in_inbox(session: Session, *, feedback_id: int, filters: FeedbackFilters, today: dt.date) -> int | None:
    """The item after this one in the inbox as filtered (concerns, then new feedback), or None at the end.

    Call it before changing the item: "after" means after where the item is listed now.
    """
    current = get_feedback(session, feedback_id=feedback_id)
    chosen = filters.conditions(today=today)
    if current.safeguarding_open:
        found = _first_id(session, *_OPEN, *chosen, _after(current))
        return found if found is not None else _first_id(session, *_NEW_NOT_OPEN, *chosen)
    if current.status != FeedbackStatus.NEW:
        return _first_id(session, *_OPEN, *chosen) or _first_id(session, *_NEW_NOT_OPEN, *chosen)
    return _first_id(session, *_NEW_NOT_OPEN, *chosen, _after(current))


def hidden_page(session: Session, *, page: int, per_page: int = PER_PAGE) -> Page[InboxRow]:
    """One page of feedback hidden as spam or abuse, oldest first, so a rep can restore any of it."""
    where = (Feedback.status == FeedbackStatus.HIDDEN,)
    total = _count(session, *where)
    number, pages = clamp_page(page, total, per_page)
    rows = _rows(session, where, offset=(number - 1) * per_page, limit=per_page)
    return Page(rows, number, pages, total, per_page)


# --- one item ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A piece of text to show: ``kind`` is set when it is a suggested redaction ("name", "phone number"),
    ``risk`` when it is words the safeguarding screen flagged ("self-harm")."""

    text: str
    kind: str | None = None
    risk: str | None = None


@dataclass(frozen=True)
class ActionRow:
    """A safeguarding action as the item page lists it."""

    acted_at: dt.datetime
    recorded_at: dt.datetime
    rep: str
    action: str
    closed: bool
    kind: str = SafeguardingStep.ACTION
    reason: str | None = None


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


def highlight(text: str, spans: Sequence[Span], risks: Sequence[RiskMatch] = ()) -> tuple[Segment, ...]:
    """Cut ``text`` into plain pieces, suggested redactions and flagged risk words, for the page to mark up.

    Overlapping redactions are taken first to last (a later one inside an earlier one is skipped);
    risk words may overlap a redaction, so each piece knows both.
    """
    redactions = _non_overlapping([(span.start, span.end, kind_label(span.kind)) for span in spans])
    flagged = _non_overlapping([(match.start, match.end, match.reason) for match in risks])
    cuts = sorted({0, len(text), *(p for a, b, _ in redactions + flagged for p in (a, b) if 0 <= p <= len(text))})
    segments = []
    for start, end in itertools.pairwise(cuts):
        if start < end:
            segments.append(Segment(text[start:end], _covering(redactions, start), _covering(flagged, start)))
    return tuple(_joined(segments))


def _non_overlapping(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    kept: list[tuple[int, int, str]] = []
    for start, end, label in sorted(spans):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, label))
    return kept


def _covering(spans: list[tuple[int, int, str]], position: int) -> str | None:
    return next((label for start, end, label in spans if start <= position < end), None)


def _joined(segments: list[Segment]) -> list[Segment]:
    """Neighbouring pieces of the same kind as one (so one name is one highlight)."""
    joined: list[Segment] = []
    for segment in segments:
        if joined and (joined[-1].kind, joined[-1].risk) == (segment.kind, segment.risk):
            joined[-1] = Segment(joined[-1].text + segment.text, segment.kind, segment.risk)
        else:
            joined.append(segment)
    return joined


def split_risks(story: str, risk: RiskAssessment) -> tuple[list[RiskMatch], list[RiskMatch]]:
    """The flagged words of a screen of ``story + "\n" + help``, as spans in the story and in the help."""
    in_story = [m for m in risk.matches if m.start < len(story)]
    offset = len(story) + 1
    in_help = [
        dataclasses.replace(m, start=m.start - offset, end=m.end - offset) for m in risk.matches if m.start >= offset
    ]
    return in_story, in_help


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
    risk = assess_risk(f"{feedback.story}\n{feedback.what_would_help}", net=second_net_on())
    story_risks, help_risks = split_risks(feedback.story, risk)
    actions = _actions(session, feedback_id)
    emails = _user_emails(session, {feedback.reviewed_by, *(action.rep_id for action in actions)})
    return Item(
        feedback=feedback,
        story=highlight(feedback.story, story_spans, story_risks),
        help=highlight(feedback.what_would_help, help_spans, help_risks),
        suggested_story=redact(feedback.story, story_spans),
        suggested_help=redact(feedback.what_would_help, help_spans),
        suggestions=len(story_spans) + len(help_spans),
        risk=risk,
        reviewed_by=emails.get(feedback.reviewed_by or 0),
        actions=tuple(
            ActionRow(
                acted_at=a.acted_at,
                recorded_at=a.recorded_at,
                rep=emails.get(a.rep_id or 0, "Removed user"),
                action=a.action,
                closed=a.closed,
                kind=a.kind,
                reason=a.reason,
            )
            for a in actions
        ),
    )


# --- changes -------------------------------------------------------------------------------------


def shows_words_as_sent(feedback: Feedback) -> bool:
    """Whether the item's page shows the family's words as sent (not withdrawn, not yet past retention)."""
    return feedback.status != FeedbackStatus.WITHDRAWN and feedback.originals_deleted_at is None


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


# --- plain feedback, reviewed in bulk ------------------------------------------------------------

BULK_LIMIT = 20
_BULK_SCAN = 200  # candidates read to find BULK_LIMIT plain ones


@dataclass(frozen=True)
class PlainItem:
    """New feedback with no suggested redaction and no risk words: safe to mark reviewed as it is."""

    id: int
    received_at: dt.datetime
    story: str
    help: str


def is_plain(feedback: Feedback) -> bool:
    """New, no concern open, no risk words, and nothing the redaction check would suggest removing."""
    return (
        feedback.status == FeedbackStatus.NEW
        and not feedback.safeguarding_open
        and feedback.risk_level == RiskLevel.NONE
        and not find_identifiers(feedback.story)
        and not find_identifiers(feedback.what_would_help)
    )


def plain_feedback(
    session: Session, *, filters: FeedbackFilters, today: dt.date, limit: int = BULK_LIMIT
) -> list[PlainItem]:
    """Up to ``limit`` plain items from the inbox as filtered, oldest first, to preview before marking them."""
    query = (
        select(Feedback)
        .where(*_NEW_NOT_OPEN, Feedback.risk_level == RiskLevel.NONE, *filters.conditions(today=today))
        .order_by(Feedback.received_at, Feedback.id)
        .limit(_BULK_SCAN)
    )
    found = [f for f in session.scalars(query) if is_plain(f)][:limit]
    return [PlainItem(f.id, f.received_at, f.story, f.what_would_help) for f in found]


def mark_plain_reviewed(session: Session, *, feedback_ids: Sequence[int], rep_id: int, now: dt.datetime) -> int:
    """Mark the chosen plain items reviewed, their words kept as written; returns how many.

    Each is checked again here: anything that is no longer plain (someone changed it, or it never
    was) is left for a rep to read on its own.
    """
    wanted = list(dict.fromkeys(feedback_ids))[:BULK_LIMIT]
    marked = 0
    for feedback in session.scalars(select(Feedback).where(Feedback.id.in_(wanted)).with_for_update()):
        if not is_plain(feedback):
            continue
        feedback.redacted_story, feedback.redacted_help = feedback.story, feedback.what_would_help
        feedback.status, feedback.reviewed_at, feedback.reviewed_by = FeedbackStatus.REVIEWED, now, rep_id
        _record(
            session, rep_id=rep_id, action=AuditAction.FEEDBACKS_REVIEWED, feedback_id=feedback.id, detail="", now=now
        )
        marked += 1
    session.commit()
    logger.info("%s plain feedback item(s) marked reviewed by user %s", marked, rep_id)
    return marked
