"""Outcomes ("You said, we did"): written by a rep from a shared pack, published for everyone to read.

Publishing also tells the families who asked to hear back: one short email each, written to the
outbox in the same transaction as the publication and sent later by a job, so a mail server that
is down never blocks publishing. The email holds no feedback text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from forum_feedback import events
from forum_feedback.audit.services import record_action
from forum_feedback.disclosure import Cell, count
from forum_feedback.enums import NOT_COUNTED, PACK_SHARED, AuditAction, OutcomeProgress, Rung
from forum_feedback.evidence import services as evidence
from forum_feedback.evidence.models import EvidencePack, PackItem, PackTheme
from forum_feedback.mail.services import queue_message
from forum_feedback.outcomes.models import Outcome
from forum_feedback.quoting import Audience, Quote
from forum_feedback.submissions.models import Feedback
from forum_feedback.themes.models import FeedbackTheme

PUBLIC_QUOTES = 2
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class OutcomeError(ValueError):
    """A change to an outcome that cannot be made, with a message for the rep."""


@dataclass(frozen=True)
class OutcomeWords:
    title: str
    you_said: str
    we_did: str
    progress: str
    rung: str | None
    service: str


@dataclass(frozen=True)
class MailLinks:
    """Absolute links for the email, built by the caller (the service knows no web addresses)."""

    outcome: Callable[[int], str]
    unsubscribe: Callable[[int], str]
    check_feedback: str


def _check(words: OutcomeWords) -> None:
    if not (words.title.strip() and words.you_said.strip() and words.we_did.strip()):
        raise OutcomeError("Enter the title, what families said and what partners did.")
    if words.progress not in list(OutcomeProgress):
        raise OutcomeError("Choose what has changed.")
    if words.rung is not None and words.rung not in list(Rung):
        raise OutcomeError("Choose a rung of the ladder.")


def _audit(session: Session, actor_id: int | None, action: AuditAction, outcome_id: int, now: dt.datetime) -> None:
    record_action(session, actor_id=actor_id, action=action, target_type="outcome", target_id=outcome_id, at=now)


def _apply(outcome: Outcome, words: OutcomeWords) -> None:
    outcome.title, outcome.you_said, outcome.we_did = words.title.strip()[:200], words.you_said, words.we_did
    outcome.progress, outcome.rung, outcome.service = words.progress, words.rung, words.service


def create_outcome(
    session: Session, *, pack_id: int, words: OutcomeWords, actor_id: int | None, now: dt.datetime
) -> Outcome:
    """A new, unpublished outcome for a pack that has been shared with partners."""
    pack = session.get(EvidencePack, pack_id)
    if pack is None or pack.status not in PACK_SHARED:
        raise OutcomeError("Write an outcome once the pack has been shared with partners.")
    _check(words)
    outcome = Outcome(pack_id=pack.id, created_by=actor_id, created_at=now, updated_at=now)
    _apply(outcome, words)
    session.add(outcome)
    session.flush()
    _audit(session, actor_id, AuditAction.OUTCOME_SAVED, outcome.id, now)
    session.commit()
    return outcome


def get_outcome(session: Session, *, outcome_id: int) -> Outcome:
    outcome = session.get(Outcome, outcome_id)
    if outcome is None:
        raise OutcomeError("That outcome no longer exists.")
    return outcome


def update_outcome(
    session: Session, *, outcome_id: int, words: OutcomeWords, actor_id: int | None, now: dt.datetime
) -> Outcome:
    """Change an outcome's words (a published one changes on the public page at once)."""
    outcome = get_outcome(session, outcome_id=outcome_id)
    _check(words)
    _apply(outcome, words)
    outcome.updated_at = now
    _audit(session, actor_id, AuditAction.OUTCOME_SAVED, outcome.id, now)
    session.commit()
    return outcome


def publish_outcome(
    session: Session, *, outcome_id: int, links: MailLinks, forum_name: str, actor_id: int | None, now: dt.datetime
) -> Outcome:
    """Publish it on "You said, we did", and queue one email to each family in its themes who left an
    email address and agreed to be contacted (the first time it is published only)."""
    outcome = get_outcome(session, outcome_id=outcome_id)
    if outcome.published_at is not None:
        raise OutcomeError("That outcome is already published.")
    first_time = not _was_published(session, outcome.id)
    pack = session.get(EvidencePack, outcome.pack_id)
    outcome.published_at, outcome.updated_at = now, now
    outcome.families = evidence.pack_figures(session, pack, labels={}).families
    messages = []
    if first_time:
        for name, address in families_to_tell(session, pack=pack):
            message = queue_message(session, to=address, subject="", body="", outcome_id=outcome.id, now=now)
            session.flush()
            message.subject, message.body = outcome_email(name, outcome, message.id, links, forum_name)
            messages.append(message.id)
    _audit(session, actor_id, AuditAction.OUTCOME_PUBLISHED, outcome.id, now)
    session.commit()
    events.send(events.mail_queued, message_ids=messages)
    return outcome


def _was_published(session: Session, outcome_id: int) -> bool:
    from forum_feedback.mail.models import OutboxMessage

    return session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.outcome_id == outcome_id)) > 0


def unpublish_outcome(session: Session, *, outcome_id: int, actor_id: int | None, now: dt.datetime) -> Outcome:
    """Take it off the public page (families already told are not told again if it is published again)."""
    outcome = get_outcome(session, outcome_id=outcome_id)
    outcome.published_at, outcome.updated_at = None, now
    _audit(session, actor_id, AuditAction.OUTCOME_UNPUBLISHED, outcome.id, now)
    session.commit()
    return outcome


def families_to_tell(session: Session, *, pack: EvidencePack) -> list[tuple[str, str]]:
    """(name, email) of each family whose feedback is in the pack or its themes, who left an email
    address and agreed to be contacted; one each, however many times they wrote."""
    in_pack = select(PackItem.feedback_id).where(PackItem.pack_id == pack.id)
    themes = select(PackTheme.theme_id).where(PackTheme.pack_id == pack.id)
    in_themes = select(FeedbackTheme.feedback_id).where(FeedbackTheme.theme_id.in_(themes))
    rows = session.execute(
        select(Feedback.contact_name, Feedback.contact_detail)
        .where(
            or_(Feedback.id.in_(in_pack), Feedback.id.in_(in_themes)),
            Feedback.contact_consent.is_(True),
            Feedback.status.not_in(NOT_COUNTED),
        )
        .order_by(Feedback.id)
    )
    found: dict[str, tuple[str, str]] = {}
    for name, detail in rows:
        address = (detail or "").strip()
        if EMAIL.match(address):
            found.setdefault(address.lower(), (name.strip(), address))
    return list(found.values())


def outcome_email(name: str, outcome: Outcome, message_id: int, links: MailLinks, forum_name: str) -> tuple[str, str]:
    """The subject and body: short and kind, a link to the outcome, no feedback text."""
    hello = f"Hello {name}," if name else "Hello,"
    body = "\n".join(
        [
            hello,
            "",
            f"You told {forum_name} about your family’s experience and asked us to let you know what happened.",
            "",
            f"We have published what came of it: {outcome.title}",
            links.outcome(outcome.id),
            "",
            f"You can check on your feedback at any time with your receipt code: {links.check_feedback}",
            "",
            "Thank you for telling us. It makes a difference.",
            "",
            forum_name,
            "",
            "You are getting this email because you gave us your email address and said we could contact you.",
            f"To stop emails from us: {links.unsubscribe(message_id)}",
        ]
    )
    return f"What came of what you told us – {forum_name}", body


# --- reading ----------------------------------------------------------------------------------------


def published_outcomes(session: Session, *, service: str = "") -> list[Outcome]:
    """Published outcomes, newest first (about one service area when given)."""
    query = select(Outcome).where(Outcome.published_at.is_not(None)).order_by(Outcome.published_at.desc())
    if service:
        query = query.where(Outcome.service == service)
    return list(session.scalars(query))


def published_outcome(session: Session, *, outcome_id: int) -> Outcome:
    """A published outcome, or OutcomeError (an unpublished one is not public)."""
    outcome = session.get(Outcome, outcome_id)
    if outcome is None or outcome.published_at is None:
        raise OutcomeError("There is no such outcome.")
    return outcome


def all_outcomes(session: Session) -> list[Outcome]:
    return list(session.scalars(select(Outcome).order_by(Outcome.updated_at.desc(), Outcome.id.desc())))


def outcomes_for_pack(session: Session, *, pack_id: int) -> list[Outcome]:
    return list(session.scalars(select(Outcome).where(Outcome.pack_id == pack_id).order_by(Outcome.id)))


@dataclass(frozen=True)
class PublicOutcome:
    """An outcome as the public sees it: the count through the small-number rule, public quotes only."""

    outcome: Outcome
    families: Cell
    quotes: Sequence[Quote]
    partners: Sequence[str]


def public_view(session: Session, *, outcome: Outcome, partner_names: dict[str, str]) -> PublicOutcome:
    """Everything the public page of an outcome shows."""
    pack = session.get(EvidencePack, outcome.pack_id)
    quotes = evidence.pack_quotes(session, pack, audience=Audience.PUBLIC)[:PUBLIC_QUOTES]
    return PublicOutcome(outcome, count(outcome.families), quotes, [partner_names.get(p, p) for p in pack.partners])
