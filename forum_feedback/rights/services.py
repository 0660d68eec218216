"""Subject access: everything the forum holds about one piece of feedback, in plain words and as JSON.

The family finds it with their receipt code; a rep or administrator opens it from the item's page
(for a family who asks by phone or letter). Both are audit-logged, by feedback id only. What it
holds is read from every table that keeps something about the item: the feedback row, its theme,
the evidence packs that count or quote it, and the emails sent to the address it left.

Safeguarding notes a rep recorded, and the automatic safeguarding screen's result, are not part of
it: the forum decides case by case what to disclose of those (see docs/data-protection.md, "What
the forum must still decide").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forum_feedback.audit.services import record_action
from forum_feedback.enums import PACK_SHARED, AuditAction, FeedbackStatus, PackStatus, ThemeStatus
from forum_feedback.evidence.models import EvidencePack, PackItem, PackQuote
from forum_feedback.mail.models import OutboxMessage
from forum_feedback.retention import Periods, deletion_dates
from forum_feedback.submissions.models import Feedback
from forum_feedback.submissions.services import find_by_receipt
from forum_feedback.themes.models import FeedbackTheme, Theme
from forum_feedback.triage.queries import NEGATIVE_BELOW

STATUS_WORDS = {
    FeedbackStatus.NEW: "Received, waiting for a forum rep to read it",
    FeedbackStatus.REVIEWED: "Read by a forum rep, who removed details that could identify anyone",
    FeedbackStatus.HIDDEN: "Set aside by a forum rep (for example as spam): not counted or quoted",
    FeedbackStatus.WITHDRAWN: "Withdrawn: your words and contact details are deleted and it is not counted",
}


class FeedbackNotFound(LookupError):
    """There is no feedback with this id."""


@dataclass(frozen=True)
class PackUse:
    """An evidence pack that counts the item, and whether it quotes it."""

    title: str
    status: str
    shared: bool
    quoted: bool


@dataclass(frozen=True)
class Held:
    """Everything held about one piece of feedback, as the family is shown it."""

    reference: int
    received_on: dt.date
    how_it_came: str
    your_words: str
    what_would_help: str
    words_are_redacted: bool  # the words as sent were replaced by their redacted text (retention)
    words_deleted_on: dt.date | None
    services: tuple[str, ...]
    something_else: str
    child_age: str | None
    where_you_live: str | None
    how_we_may_use_your_words: str
    may_contact_you: bool
    contact_name: str
    contact_detail: str
    status: str
    withdrawn_on: dt.date | None
    read_by_a_rep_on: dt.date | None
    words_others_see: str | None  # the redacted text a rep saved, the only words partners may ever see
    what_others_see_help: str | None
    theme: str | None
    tone: str  # how the automatic check read it: only "share of negative feedback" in counts uses it
    evidence_packs: tuple[PackUse, ...]
    emails_sent_to_you: int
    original_words_will_be_deleted_on: dt.date | None
    contact_details_will_be_deleted_on: dt.date | None

    def as_json(self) -> dict[str, Any]:
        """Plain JSON values (dates as ISO 8601)."""
        return {key: _plain(value) for key, value in asdict(self).items()}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _day(moment: dt.datetime | None) -> dt.date | None:
    return moment.date() if moment is not None else None


def held_for_receipt(
    session: Session, *, code: str, labels: Mapping[str, Mapping[str, str]], periods: Periods, now: dt.datetime
) -> Held | None:
    """What is held about the feedback ``code`` belongs to (audit-logged as the family's own look), or None."""
    feedback = find_by_receipt(session, code=code)
    if feedback is None:
        return None
    held = _held(session, feedback, labels=labels, periods=periods)
    _log(session, AuditAction.SUBJECT_ACCESS_BY_FAMILY, feedback.id, actor_id=None, now=now)
    return held


def held_for_staff(
    session: Session,
    *,
    feedback_id: int,
    actor_id: int,
    labels: Mapping[str, Mapping[str, str]],
    periods: Periods,
    now: dt.datetime,
) -> Held:
    """The same export for a rep or administrator, audit-logged with who took it. Raises FeedbackNotFound."""
    feedback = session.get(Feedback, feedback_id)
    if feedback is None:
        raise FeedbackNotFound(feedback_id)
    held = _held(session, feedback, labels=labels, periods=periods)
    _log(session, AuditAction.SUBJECT_ACCESS_EXPORTED, feedback.id, actor_id=actor_id, now=now)
    return held


def _log(session: Session, action: AuditAction, feedback_id: int, *, actor_id: int | None, now: dt.datetime) -> None:
    record_action(session, actor_id=actor_id, action=action, target_type="feedback", target_id=feedback_id, at=now)
    session.commit()


def _held(session: Session, feedback: Feedback, *, labels: Mapping[str, Mapping[str, str]], periods: Periods) -> Held:
    due = deletion_dates(feedback, periods)
    withdrawn = feedback.status == FeedbackStatus.WITHDRAWN
    has_contact = bool(feedback.contact_name or feedback.contact_detail)
    return Held(
        reference=feedback.id,
        received_on=feedback.received_at.date(),
        how_it_came=labels["channel"].get(feedback.channel, feedback.channel),
        your_words=feedback.story,
        what_would_help=feedback.what_would_help,
        words_are_redacted=feedback.originals_deleted_at is not None,
        words_deleted_on=_day(feedback.originals_deleted_at),
        services=tuple(labels["service"].get(slug, slug) for slug in feedback.service_slugs),
        something_else=feedback.service_other,
        child_age=labels["age_band"].get(feedback.age_band, feedback.age_band) if feedback.age_band else None,
        where_you_live=labels["local_area"].get(feedback.local_area, feedback.local_area)
        if feedback.local_area
        else None,
        how_we_may_use_your_words=labels["consent"].get(feedback.consent, feedback.consent),
        may_contact_you=feedback.contact_consent,
        contact_name=feedback.contact_name,
        contact_detail=feedback.contact_detail,
        status=STATUS_WORDS.get(FeedbackStatus(feedback.status), feedback.status),
        withdrawn_on=_day(feedback.withdrawn_at),
        read_by_a_rep_on=_day(feedback.reviewed_at),
        words_others_see=feedback.redacted_story,
        what_others_see_help=feedback.redacted_help or None,
        theme=None if withdrawn else _theme(session, feedback.id),
        tone=_tone(feedback.sentiment),
        evidence_packs=_packs(session, feedback.id),
        emails_sent_to_you=_emails(session, feedback.contact_detail),
        original_words_will_be_deleted_on=None
        if withdrawn or feedback.originals_deleted_at
        else _day(due.original_words),
        contact_details_will_be_deleted_on=_day(due.contact_details) if has_contact else None,
    )


def _tone(score: float) -> str:
    # The same line the counts use (triage.queries.NEGATIVE_BELOW): below it, the item counts as negative.
    if score < NEGATIVE_BELOW:
        return f"Mostly negative (score {score:.2f} from -1 to 1)"
    return f"Not negative (score {score:.2f} from -1 to 1)"


def _theme(session: Session, feedback_id: int) -> str | None:
    theme = session.scalars(
        select(Theme)
        .join(FeedbackTheme, FeedbackTheme.theme_id == Theme.id)
        .where(FeedbackTheme.feedback_id == feedback_id, Theme.status == ThemeStatus.ACTIVE)
    ).first()
    return theme.display_label if theme else None


def _packs(session: Session, feedback_id: int) -> tuple[PackUse, ...]:
    counted = select(PackItem.pack_id).where(PackItem.feedback_id == feedback_id)
    quoted = set(session.scalars(select(PackQuote.pack_id).where(PackQuote.feedback_id == feedback_id)))
    packs = session.scalars(
        select(EvidencePack).where(EvidencePack.id.in_(counted) | EvidencePack.id.in_(quoted)).order_by(EvidencePack.id)
    )
    return tuple(
        PackUse(
            title=pack.title or f"Evidence pack {pack.id}",
            status=PackStatus(pack.status).label,
            shared=pack.status in PACK_SHARED,
            quoted=pack.id in quoted,
        )
        for pack in packs
    )


def _emails(session: Session, address: str) -> int:
    if not address.strip():
        return 0
    match = func.lower(OutboxMessage.to_address) == address.strip().lower()
    return session.scalar(select(func.count(OutboxMessage.id)).where(match)) or 0
