"""The whole loop in the demo: packs from the largest themes, a partner's response and commitments,
published outcomes, and one family's receipt code to see it from their side.

Everything goes through the same services reps and boards use, so the demo shows what the app
really does. Needs applied themes (``ensure_themes`` builds them first when there are none).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum_feedback.analysis.redaction import find_identifiers, redact
from forum_feedback.board import services as board
from forum_feedback.db import Database
from forum_feedback.enums import (
    FeedbackStatus,
    OutcomeProgress,
    PackStatus,
    Rag,
    Rung,
    ThemeStatus,
)
from forum_feedback.evidence import queries
from forum_feedback.evidence import services as evidence
from forum_feedback.evidence.figures import Period
from forum_feedback.outcomes import services as outcomes
from forum_feedback.quoting import Audience, distinct_quotes
from forum_feedback.submissions.models import Feedback
from forum_feedback.submissions.receipts import hash_receipt_code, new_receipt_code
from forum_feedback.themes import services as themes
from forum_feedback.themes.models import FeedbackTheme, Theme

REVIEWED_BEFORE = dt.timedelta(days=14)  # a rep has read everything older than two weeks
DEMO_CONTACTS = ("parent.one@example.org", "parent.two@example.org")


@dataclass(frozen=True)
class LoopDemo:
    packs: int
    commitments: int
    outcomes: int
    receipt_code: str | None  # a family's code, to see the loop from their side


def ensure_themes(database: Database, *, now: dt.datetime, vocabulary: Path | None = None) -> None:
    """Build and apply themes when there are none yet (the loop starts from themes)."""
    with database.write_session() as session:
        if themes.current_run(session) is not None:
            return
        run, _ = themes.request_rebuild(session, requested_by=None, now=now)
        run_id = run.id
    themes.execute_rebuild(database, run_id=run_id, vocabulary=vocabulary)
    with database.write_session() as session:
        themes.apply_run(session, run_id=run_id, now=now)


def _largest_themes(session: Session, count: int) -> list[Theme]:
    found = session.scalars(select(Theme).where(Theme.status == ThemeStatus.ACTIVE).order_by(Theme.size.desc()))
    return list(found)[:count]


def _review(session: Session, theme_ids: list[int], *, before: dt.datetime, now: dt.datetime) -> None:
    """What a rep would have done by now: read and redact the feedback in these themes (suggestions accepted)."""
    rows = session.scalars(
        select(Feedback)
        .join(FeedbackTheme, FeedbackTheme.feedback_id == Feedback.id)
        .where(
            FeedbackTheme.theme_id.in_(theme_ids),
            Feedback.status == FeedbackStatus.NEW,
            Feedback.safeguarding_open.is_(False),
            Feedback.received_at < before,
        )
    )
    for feedback in rows:
        feedback.redacted_story = redact(feedback.story, find_identifiers(feedback.story))
        feedback.redacted_help = redact(feedback.what_would_help, find_identifiers(feedback.what_would_help))
        feedback.status, feedback.reviewed_at = FeedbackStatus.REVIEWED, now
    session.commit()


def _pack(session: Session, theme_list: list[Theme], period: Period, audience: str, labels, now: dt.datetime):
    scope = evidence.Scope(tuple(t.id for t in theme_list), period, audience=audience)
    pack = evidence.create_pack(
        session, title="", scope=scope, partners=["la-send"], labels=labels, actor_id=None, now=now
    )
    picked = distinct_quotes(queries.quote_candidates(session, pack=pack), limit=3)
    evidence.choose_quotes(
        session, pack_id=pack.id, feedback_ids=[q.feedback_id for q in picked], actor_id=None, now=now
    )
    return pack


def _move(session: Session, pack_id: int, steps: list[PackStatus], at: dt.datetime) -> None:
    for status in steps:
        evidence.move_pack(session, pack_id=pack_id, to=status, actor_id=None, now=at)


def load_loop_demo(session: Session, *, today: dt.date, labels, links: outcomes.MailLinks, forum_name: str) -> LoopDemo:
    """Packs, a response, commitments and published outcomes for the current quarter's board."""
    chosen = _largest_themes(session, 4)
    if len(chosen) < 3:
        return LoopDemo(0, 0, 0, None)
    now = dt.datetime.combine(today, dt.time(9), tzinfo=dt.UTC)
    quarter = board.quarter_of(today)
    last = quarter.previous
    period = Period(last.start, last.end)
    shared_at = max(dt.datetime.combine(quarter.start, dt.time(10), tzinfo=dt.UTC), now - dt.timedelta(days=20))
    _review(session, [t.id for t in chosen], before=now - REVIEWED_BEFORE, now=now)
    _name_themes(session, chosen, labels, now)
    code = _demo_family(session, chosen[0], period)
    written = shared_at - dt.timedelta(days=7)

    first = _pack(session, chosen[:2], period, Audience.PARTNERS, labels, written)
    _words(session, first.id, written)
    _move(session, first.id, [PackStatus.READY, PackStatus.SHARED], shared_at)
    evidence.record_response(
        session,
        pack_id=first.id,
        response="We accept that families wait too long and hear too little. We will report progress each quarter.",
        partner_rag=Rag.AMBER,
        partner_rag_reason="A recovery plan is in place.",
        actor_id=None,
        now=shared_at + dt.timedelta(days=3),
    )
    commitments = _commitments(session, first.id, today, now)
    _move(session, first.id, [PackStatus.ACTIONS_AGREED], now)

    second = _pack(session, chosen[2:3], period, Audience.PUBLIC, labels, now)
    evidence.rate_pack(
        session, pack_id=second.id, rag=Rag.GREEN, reason="It has changed.", rung=Rung.CO_DESIGN, actor_id=None, now=now
    )
    _move(session, second.id, [PackStatus.READY, PackStatus.SHARED], shared_at)
    if len(chosen) > 3:
        _pack(session, chosen[3:4], Period(quarter.start, today), Audience.PARTNERS, labels, now)  # a draft

    published = _outcomes(session, [first, second], links=links, forum_name=forum_name, now=now)
    return LoopDemo(3 if len(chosen) > 3 else 2, commitments, published, code)


def _name_themes(session: Session, chosen: list[Theme], labels, now: dt.datetime) -> None:
    """As a rep would: name each theme after the service area its families mention most."""
    from sqlalchemy import func

    from forum_feedback.submissions.models import FeedbackService
    from forum_feedback.themes import corrections

    used: set[str] = set()
    for theme in chosen:
        ranked = session.execute(
            select(FeedbackService.service, func.count())
            .join(FeedbackTheme, FeedbackTheme.feedback_id == FeedbackService.feedback_id)
            .where(FeedbackTheme.theme_id == theme.id)
            .group_by(FeedbackService.service)
            .order_by(func.count().desc(), FeedbackService.service)
        ).all()
        slug = next((slug for slug, _ in ranked if slug not in used), None)
        if slug is None:
            continue
        used.add(slug)
        name = labels.get("service", {}).get(slug, slug)
        corrections.edit_theme(session, theme_id=theme.id, label=name, description="", notes="", actor_id=None, now=now)


def _words(session: Session, pack_id: int, now: dt.datetime) -> None:
    pack = evidence.get_pack(session, pack_id)
    evidence.update_pack(
        session,
        pack_id=pack_id,
        title=pack.title,
        summary=pack.summary,
        asks="Tell every family who their caseworker is, answer within five working days, and say where their "
        "case is up to without them having to chase.",
        partners=["la-send", "icb-health"],
        actor_id=None,
        now=now,
    )
    evidence.rate_pack(
        session,
        pack_id=pack_id,
        rag=Rag.RED,
        reason="Waits are still growing.",
        rung=Rung.CONSULTATION,
        actor_id=None,
        now=now,
    )


def _commitments(session: Session, pack_id: int, today: dt.date, now: dt.datetime) -> int:
    overdue = board.record_commitment(
        session,
        pack_id=pack_id,
        text="We will give every family a named caseworker and a direct phone number.",
        owner="Northshire Council SEND service",
        due_on=today - dt.timedelta(days=10),
        rag=Rag.AMBER,
        rung=Rung.CONSULTATION,
        actor_id=None,
        now=now,
    )
    board.record_progress(
        session,
        commitment_id=overdue.id,
        note="Two new caseworkers started; three posts still open.",
        status="in_progress",
        rag=Rag.AMBER,
        actor_id=None,
        now=now,
    )
    board.record_commitment(
        session,
        pack_id=pack_id,
        text="We will co-design a monthly update letter for families waiting for an assessment.",
        owner="Northshire Council SEND service and the forum",
        due_on=board.quarter_of(today).end,
        rag=Rag.GREEN,
        rung=Rung.CO_DESIGN,
        actor_id=None,
        now=now,
    )
    return 2


def _outcomes(session: Session, packs, *, links: outcomes.MailLinks, forum_name: str, now: dt.datetime) -> int:
    words = [
        outcomes.OutcomeWords(
            title="A named caseworker for every family",
            you_said=_you_said(packs[0]),
            we_did="The council has taken on two new caseworkers and is recruiting three more. Every family waiting "
            "for an assessment will have a named caseworker and a direct number. Families still wait too long: "
            "that has not changed yet, and we are raising it at every board.",
            progress=OutcomeProgress.UNDER_WAY,
            rung=Rung.CONSULTATION,
            service=_main_service(session, packs[0]),
        ),
        outcomes.OutcomeWords(
            title=f"{packs[1].title}: what changed",
            you_said=_you_said(packs[1]),
            we_did="Families and the service redesigned how it works together, and the changes started this term.",
            progress=OutcomeProgress.CHANGED,
            rung=Rung.CO_DESIGN,
            service=_main_service(session, packs[1]),
        ),
    ]
    for pack, word in zip(packs, words, strict=True):
        outcome = outcomes.create_outcome(session, pack_id=pack.id, words=word, actor_id=None, now=now)
        outcomes.publish_outcome(
            session, outcome_id=outcome.id, links=links, forum_name=forum_name, actor_id=None, now=now
        )
    return len(words)


def _you_said(pack) -> str:
    return (
        f"Families told us about {pack.title.lower()}: that they wait too long, chase for answers, and have to "
        "explain their child's needs again to each new person."
    )


def _main_service(session: Session, pack) -> str:
    services = evidence.pack_figures(session, pack, labels={}).by_service
    return next((slug for slug, _ in services if slug), "")


def _demo_family(session: Session, theme: Theme, period: Period) -> str | None:
    """Give two families in the first theme's pack an email address (to be told), and one a receipt code."""
    start = dt.datetime.combine(period.start, dt.time(), tzinfo=dt.UTC)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    rows = list(
        session.scalars(
            select(Feedback)
            .join(FeedbackTheme, FeedbackTheme.feedback_id == Feedback.id)
            .where(
                FeedbackTheme.theme_id == theme.id,
                Feedback.status == FeedbackStatus.REVIEWED,
                Feedback.received_at >= start,
                Feedback.received_at < end,
            )
            .order_by(Feedback.received_at.desc())
            .limit(len(DEMO_CONTACTS))
        )
    )
    for feedback, address in zip(rows, DEMO_CONTACTS, strict=False):
        feedback.contact_consent, feedback.contact_detail, feedback.contact_name = True, address, "Demo parent"
    if not rows:
        return None
    code = new_receipt_code()
    rows[0].receipt_hash = hash_receipt_code(code)
    session.commit()
    return code
