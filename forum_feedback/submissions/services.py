"""Drafts of the online form, sending feedback, and what a receipt code lets a family do later."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from forum_feedback import events
from forum_feedback.analysis.safeguarding import assess_risk
from forum_feedback.analysis.sentiment import score_sentiment
from forum_feedback.audit.services import record_action
from forum_feedback.enums import AuditAction, Channel, Consent, FeedbackStatus
from forum_feedback.submissions.models import Draft, Feedback, FeedbackService
from forum_feedback.submissions.receipts import hash_receipt_code, new_receipt_code

SOMETHING_ELSE = "other"
NOT_SAY = "not-say"  # "Prefer not to say": an answer of its own on the form, no value once stored


class DraftMissing(LookupError):
    """The draft has expired or never existed."""


class AlreadySent(LookupError):
    """The draft was sent already (a second press of send, or the same form sent from two tabs)."""


#: How long a sent draft waits for its confirmation page to show the receipt code, then it expires.
SENT_LIFETIME = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class Receipt:
    """What the family is told once their feedback is safely stored."""

    feedback_id: int
    code: str


PENDING = "_pending"  # a page's answer that did not pass its checks yet, kept to show again with the errors


def _live_draft(session: Session, draft_id: str | None, now: dt.datetime) -> Draft | None:
    draft = session.get(Draft, draft_id) if draft_id else None
    return draft if draft is not None and draft.sent_at is None and draft.expires_at > now else None


def is_sent(session: Session, *, draft_id: str | None, now: dt.datetime) -> bool:
    """Whether this draft has been sent (and its confirmation may still be shown)."""
    draft = session.get(Draft, draft_id) if draft_id else None
    return draft is not None and draft.sent_at is not None and draft.expires_at > now


def load_answers(session: Session, *, draft_id: str | None, now: dt.datetime) -> dict[str, Any] | None:
    """The answers saved in a live draft, or None when there is no such draft or it has expired."""
    draft = _live_draft(session, draft_id, now)
    if draft is None:
        return None
    answers = json.loads(draft.answers)
    answers.pop(PENDING, None)
    return answers


_DROP = object()  # in a change: remove this key from the draft


def _update_draft(
    session: Session, draft_id: str | None, change: dict[str, Any], *, now: dt.datetime, lifetime: dt.timedelta
) -> str:
    draft = _live_draft(session, draft_id, now)
    if draft is None:
        draft = Draft(id=secrets.token_urlsafe(32), answers="{}", created_at=now)
        session.add(draft)
    merged = {**json.loads(draft.answers), **change}
    draft.answers = json.dumps({key: value for key, value in merged.items() if value is not _DROP}, ensure_ascii=False)
    draft.updated_at = now
    draft.expires_at = now + lifetime
    session.commit()
    return draft.id


def save_answers(
    session: Session, *, draft_id: str | None, answers: dict[str, Any], now: dt.datetime, lifetime: dt.timedelta
) -> str:
    """Merge a page's answers into the draft (starting one if needed) and keep it alive; returns the draft id."""
    return _update_draft(session, draft_id, {**answers, PENDING: _DROP}, now=now, lifetime=lifetime)


def save_pending(
    session: Session,
    *,
    draft_id: str | None,
    step: str,
    formdata: dict[str, list[str]],
    now: dt.datetime,
    lifetime: dt.timedelta,
) -> str:
    """Keep what a family typed on a page that did not pass its checks, so the page can be shown again
    (after a redirect) with their words and the errors. Nothing they typed is lost."""
    return _update_draft(session, draft_id, {PENDING: {"step": step, "form": formdata}}, now=now, lifetime=lifetime)


def take_pending(session: Session, *, draft_id: str | None, step: str, now: dt.datetime) -> dict[str, list[str]] | None:
    """What was typed on ``step`` and failed its checks, once (it is forgotten as it is read)."""
    draft = _live_draft(session, draft_id, now)
    if draft is None:
        return None
    answers = json.loads(draft.answers)
    pending = answers.get(PENDING)
    if not pending or pending.get("step") != step:
        return None
    del answers[PENDING]
    draft.answers = json.dumps(answers, ensure_ascii=False)
    session.commit()
    return pending["form"]


def send_draft(session: Session, *, draft_id: str | None, now: dt.datetime, source: str = "online form") -> Receipt:
    """Turn the draft into stored feedback, exactly once, in one transaction.

    The draft is claimed first: one UPDATE turns it from unsent to sent (emptying its answers and
    keeping the receipt code for the confirmation page), and only the transaction whose UPDATE
    matched the row goes on to store the feedback. On PostgreSQL a second, simultaneous send waits
    on the row lock, then matches nothing; on SQLite the write lock taken at BEGIN orders them.

    Raises AlreadySent if the draft was sent already, DraftMissing if it has gone (expired) or has no story.
    """
    answers = load_answers(session, draft_id=draft_id, now=now)
    if answers is None:
        if is_sent(session, draft_id=draft_id, now=now):
            raise AlreadySent(draft_id)
        raise DraftMissing(draft_id)
    if not (answers.get("story") or "").strip():
        raise DraftMissing(draft_id)
    code = new_receipt_code()
    claimed = session.execute(
        update(Draft)
        .where(Draft.id == draft_id, Draft.sent_at.is_(None), Draft.expires_at > now)
        .values(answers="{}", sent_at=now, receipt_code=code, updated_at=now, expires_at=now + SENT_LIFETIME)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        session.rollback()
        raise AlreadySent(draft_id)
    feedback = feedback_from_answers(answers, received_at=now, channel=Channel.ONLINE, source=source)
    feedback.receipt_hash = hash_receipt_code(code)
    session.add(feedback)
    session.commit()
    events.send(events.feedback_received, feedback_ids=[feedback.id])
    return Receipt(feedback_id=feedback.id, code=code)


def take_receipt_code(session: Session, *, draft_id: str | None, now: dt.datetime) -> str | None:
    """The receipt code of a sent draft, once: it is cleared as it is read (None if shown already or gone)."""
    draft = session.get(Draft, draft_id) if draft_id else None
    if draft is None or draft.sent_at is None or not draft.receipt_code or draft.expires_at <= now:
        return None
    code = draft.receipt_code
    taken = session.execute(
        update(Draft)
        .where(Draft.id == draft_id, Draft.receipt_code == code)
        .values(receipt_code=None)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return code if taken.rowcount == 1 else None


def screen_for_risk(feedback: Feedback) -> Feedback:
    """Flag feedback suggesting someone may be at risk (a rep sees it first), and score its sentiment."""
    feedback.risk_level, feedback.safeguarding_open, feedback.sentiment = screen_text(
        feedback.story, feedback.what_would_help
    )
    return feedback


def screen_text(story: str, help_text: str = "") -> tuple[str, bool, float]:
    """Risk level, whether a safeguarding concern is open, and sentiment score, for new feedback."""
    assessment = assess_risk(f"{story}\n{help_text}", net=second_net_on())
    return assessment.level, assessment.at_risk, round(score_sentiment(story), 4)


def second_net_on() -> bool:
    """Whether the safeguarding screen's second net reads text (the ``SAFEGUARDING_SECOND_NET`` setting; on
    outside an app)."""
    return bool(current_app.config.get("SAFEGUARDING_SECOND_NET", True)) if has_app_context() else True


def feedback_from_answers(answers: dict[str, Any], *, received_at: dt.datetime, channel: str, source: str) -> Feedback:
    """Build (but do not add) a Feedback row from the form's answers."""
    services = [slug for slug in answers.get("services") or [] if slug != SOMETHING_ELSE]
    wants_contact = bool(answers.get("contact"))
    return screen_for_risk(
        Feedback(
            received_at=received_at,
            created_at=received_at,
            channel=channel,
            source=source,
            story=answers["story"],
            what_would_help=answers.get("help") or "",
            service_other=(answers.get("service_other") or "").strip(),
            age_band=_chosen(answers.get("age_band")),
            local_area=_chosen(answers.get("local_area")),
            consent=answers.get("consent") or Consent.COUNT,
            contact_consent=wants_contact,
            contact_name=(answers.get("contact_name") or "").strip() if wants_contact else "",
            contact_detail=(answers.get("contact_detail") or "").strip() if wants_contact else "",
            services=[FeedbackService(service=slug) for slug in dict.fromkeys(services)],
        )
    )


def _chosen(answer: str | None) -> str | None:
    """A choice as stored: skipping the question and "prefer not to say" are both no value."""
    return None if not answer or answer == NOT_SAY else answer


def purge_expired_drafts(session: Session, *, now: dt.datetime) -> int:
    """Delete drafts nobody finished in time; returns how many went."""
    result = session.execute(delete(Draft).where(Draft.expires_at <= now))
    session.commit()
    return result.rowcount or 0


def find_by_receipt(session: Session, *, code: str) -> Feedback | None:
    """The feedback a receipt code belongs to, or None."""
    return session.scalars(select(Feedback).where(Feedback.receipt_hash == hash_receipt_code(code))).first()


def withdraw_feedback(session: Session, *, code: str, now: dt.datetime) -> bool:
    """Withdraw feedback: every copy of its words and contact details is erased for good, in one transaction.

    The words as sent and as a rep redacted them, what would help, the contact details, quotes
    chosen for evidence packs and emails not yet sent all go; the item leaves every count not yet
    shared. Only the fact it was withdrawn (and when) stays.
    """
    feedback = find_by_receipt(session, code=code)
    if feedback is None:
        return False
    if feedback.status != FeedbackStatus.WITHDRAWN:
        _erase_copies(session, feedback, now=now)
        feedback.status = FeedbackStatus.WITHDRAWN
        feedback.withdrawn_at = now
        record_action(
            session, actor_id=None, action=AuditAction.FEEDBACK_WITHDRAWN, target_type="feedback", target_id=feedback.id
        )
        session.commit()
    return True


def _erase_copies(session: Session, feedback: Feedback, *, now: dt.datetime) -> None:
    # Imported here: evidence packs and the outbox are built on submissions, not the other way round.
    from forum_feedback.evidence.services import forget_feedback
    from forum_feedback.mail.services import forget_address

    forget_feedback(session, feedback_id=feedback.id, now=now)
    forget_address(session, address=feedback.contact_detail)
    feedback.story = ""
    feedback.what_would_help = ""
    feedback.redacted_story = None
    feedback.redacted_help = None
    feedback.service_other = ""
    feedback.hidden_reason = ""
    feedback.contact_name = ""
    feedback.contact_detail = ""
    feedback.contact_consent = False


def erase_feedback(session: Session, *, feedback_id: int, actor_id: int, now: dt.datetime) -> bool:
    """Erase feedback for a family who asked another way (by phone, letter, in person): exactly what
    withdrawal with the receipt code does, audit-logged with the member of staff who did it.

    Returns False when there is no such feedback; erasing it twice changes nothing more.
    """
    feedback = session.get(Feedback, feedback_id)
    if feedback is None:
        return False
    if feedback.status != FeedbackStatus.WITHDRAWN:
        _erase_copies(session, feedback, now=now)
        feedback.status = FeedbackStatus.WITHDRAWN
        feedback.withdrawn_at = now
        record_action(
            session,
            actor_id=actor_id,
            action=AuditAction.FEEDBACK_ERASED_BY_STAFF,
            target_type="feedback",
            target_id=feedback.id,
            at=now,
        )
        session.commit()
    return True
