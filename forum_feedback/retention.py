"""The retention schedule: a family's words as sent, and their contact details, are kept only so long.

What it does, once a piece of feedback is older than the forum's periods (``RETENTION_*`` settings):

- **Words as sent** (``RETENTION_ORIGINAL_MONTHS``): the story, "what would have helped" and the
  "something else" service are replaced by their redacted text. Where a rep checked the item, that is
  the rep's redacted text (already what partners see); where nobody ever did, it is the automatic
  redaction, and the item stays "not checked", so it is still never quoted beyond the forum's reps.
  Either way the themes and every count keep working (the theme engine reads the redacted words),
  and nothing outside the ``feedback`` row ever held the words as sent (quotes frozen in packs hold
  the redacted text; the search reads the same columns). An item with a safeguarding concern still
  open keeps its words until the concern is closed: a person still needs them.
- **Contact details** (``RETENTION_CONTACT_MONTHS``): the name and email address or phone number go,
  with the consent to be contacted; emails in the outbox older than the period lose their address
  and their wording (which greets the family by name), and any still waiting are cancelled.

It is safe to run at any time and as often as you like: what it already did is not done again, and a
run with nothing to do changes nothing. No Flask here: the command and the daily job call it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import false, func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from forum_feedback.analysis.redaction import find_identifiers, redact
from forum_feedback.audit.services import record_action
from forum_feedback.enums import AuditAction, FeedbackStatus, MailStatus
from forum_feedback.mail.models import OutboxMessage
from forum_feedback.submissions.models import Feedback

BATCH = 200  # items a transaction: about half a second of write lock on a small server


@dataclass(frozen=True)
class Periods:
    """How many months after arrival each kind of data is kept (None: the forum keeps it until withdrawn)."""

    original_months: int | None
    contact_months: int | None

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Periods:
        """The periods the settings give; a missing, zero or empty setting means "no limit"."""
        return cls(_months(config, "RETENTION_ORIGINAL_MONTHS"), _months(config, "RETENTION_CONTACT_MONTHS"))


def _months(config: Mapping[str, Any], key: str) -> int | None:
    value = config.get(key)
    if value in (None, "", 0):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{key} must be a whole number of months (or 0 for no limit), not {value!r}")
    return value


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    """``moment`` moved by ``months`` calendar months (the 31st becomes the month's last day)."""
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


@dataclass(frozen=True)
class Deletion:
    """When an item's words as sent and its contact details go (None: no limit set)."""

    original_words: dt.datetime | None
    contact_details: dt.datetime | None


def deletion_dates(feedback: Feedback, periods: Periods) -> Deletion:
    """When the schedule deletes ``feedback``'s words as sent and contact details."""

    def after(months: int | None) -> dt.datetime | None:
        return None if months is None else add_months(feedback.received_at, months)

    return Deletion(after(periods.original_months), after(periods.contact_months))


@dataclass(frozen=True)
class RetentionResult:
    """What one run did, in counts only."""

    words_replaced_by_rep_redaction: int = 0
    words_replaced_by_automatic_redaction: int = 0
    kept_for_open_safeguarding: int = 0
    contact_details_deleted: int = 0
    emails_erased: int = 0

    @property
    def changed(self) -> int:
        return (
            self.words_replaced_by_rep_redaction
            + self.words_replaced_by_automatic_redaction
            + self.contact_details_deleted
            + self.emails_erased
        )

    def as_lines(self) -> list[str]:
        """Plain lines for the command line and the audit entry."""
        return [
            f"Words as sent replaced by a rep's redacted text: {self.words_replaced_by_rep_redaction}",
            f"Words as sent replaced by the automatic redaction (never checked): "
            f"{self.words_replaced_by_automatic_redaction}",
            f"Kept for now, a safeguarding concern is open: {self.kept_for_open_safeguarding}",
            f"Contact details deleted: {self.contact_details_deleted}",
            f"Emails whose address and wording were deleted: {self.emails_erased}",
        ]


def apply_retention(session: Session, *, now: dt.datetime, periods: Periods) -> RetentionResult:
    """Delete what is past its period, with one system audit entry (when anything went).

    Words are replaced in batches of ``BATCH`` items, each its own transaction, so a first run over
    years of feedback never holds the database's write lock for long (families can still send). A run
    stopped half-way is finished by the next: each item is marked as it is done.
    """
    rep = auto = kept = 0
    if periods.original_months is not None:
        rep, auto, kept = _replace_originals(session, before=add_months(now, -periods.original_months), now=now)
    contacts = emails = 0
    if periods.contact_months is not None:
        before = add_months(now, -periods.contact_months)
        contacts, emails = _delete_contacts(session, before=before), _erase_emails(session, before=before)
    result = RetentionResult(rep, auto, kept, contacts, emails)
    if result.changed:
        detail = f"rep-redacted {rep}, auto-redacted {auto}, contacts {contacts}, emails {emails}"
        record_action(
            session,
            actor_id=None,
            action=AuditAction.RETENTION_APPLIED,
            target_type="feedback",
            target_id="*",
            detail=detail,
            at=now,
        )
    session.commit()
    return result


def _due_originals(before: dt.datetime) -> Select[tuple[Feedback]]:
    return select(Feedback).where(
        Feedback.received_at < before,
        Feedback.originals_deleted_at.is_(None),
        Feedback.status != FeedbackStatus.WITHDRAWN,  # already erased, every copy
    )


def _replace_originals(session: Session, *, before: dt.datetime, now: dt.datetime) -> tuple[int, int, int]:
    waiting = _due_originals(before).where(Feedback.safeguarding_open.is_(True)).subquery()
    kept = session.scalar(select(func.count()).select_from(waiting)) or 0
    rep = auto = 0
    query = _due_originals(before).where(Feedback.safeguarding_open == false()).order_by(Feedback.id).limit(BATCH)
    while batch := session.scalars(query).all():
        for feedback in batch:
            if feedback.redacted_story is not None:
                rep += 1
            else:
                auto += 1
            _replace_words(feedback, now=now)
        session.commit()
    return rep, auto, kept


def _auto(text: str) -> str:
    return redact(text, find_identifiers(text)) if text.strip() else text


def _replace_words(feedback: Feedback, *, now: dt.datetime) -> None:
    if feedback.redacted_story is not None:
        feedback.story = feedback.redacted_story
        help_text = feedback.redacted_help
        feedback.what_would_help = help_text if help_text is not None else _auto(feedback.what_would_help)
    else:
        feedback.story = _auto(feedback.story)
        feedback.what_would_help = _auto(feedback.what_would_help)
    feedback.service_other = _auto(feedback.service_other)
    feedback.originals_deleted_at = now


def _delete_contacts(session: Session, *, before: dt.datetime) -> int:
    result = session.execute(
        update(Feedback)
        .where(
            Feedback.received_at < before,
            or_(Feedback.contact_name != "", Feedback.contact_detail != "", Feedback.contact_consent.is_(True)),
        )
        .values(contact_name="", contact_detail="", contact_consent=False)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def _erase_emails(session: Session, *, before: dt.datetime) -> int:
    old = OutboxMessage.created_at < before
    session.execute(
        update(OutboxMessage).where(old, OutboxMessage.status == MailStatus.WAITING).values(status=MailStatus.CANCELLED)
    )
    result = session.execute(
        update(OutboxMessage)
        .where(old, or_(OutboxMessage.to_address != "", OutboxMessage.body != ""))
        .values(to_address="", body="")
    )
    return result.rowcount or 0
