"""The outbox: queue an email in the caller's transaction; send it later, retrying with a growing wait.

Sending happens in a job, never on the request that queued it, so a mail server that is down
never blocks or undoes what the email announces. In development and tests ("file" backend) each
email is written to MAIL_DIR as a .eml file instead of being sent.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from forum_feedback.db import Database
from forum_feedback.enums import MailStatus
from forum_feedback.mail.models import OutboxMessage
from forum_feedback.submissions.models import Feedback

logger = logging.getLogger(__name__)

FIRST_RETRY = dt.timedelta(minutes=1)
LONGEST_WAIT = dt.timedelta(hours=6)


class MailFailed(RuntimeError):
    """A send failed; it has been recorded on the outbox row and will be tried again."""


def queue_message(
    session: Session, *, to: str, subject: str, body: str, outcome_id: int | None, now: dt.datetime
) -> OutboxMessage:
    """Add an email to the outbox in the caller's transaction (no commit)."""
    message = OutboxMessage(
        to_address=to, subject=subject, body=body, outcome_id=outcome_id, created_at=now, next_attempt_at=now
    )
    session.add(message)
    return message


def forget_address(session: Session, *, address: str) -> int:
    """A family withdrew or unsubscribed: emails to them not sent yet are cancelled and their address is
    erased from every outbox row (in the caller's transaction). Returns how many rows held it."""
    if not address.strip():
        return 0
    match = func.lower(OutboxMessage.to_address) == address.strip().lower()
    session.execute(
        update(OutboxMessage)
        .where(match, OutboxMessage.status == MailStatus.WAITING)
        .values(status=MailStatus.CANCELLED)
    )
    result = session.execute(update(OutboxMessage).where(match).values(to_address=""))
    return result.rowcount or 0


def due_messages(session: Session, *, now: dt.datetime, max_attempts: int) -> list[int]:
    """Emails waiting whose next try is due."""
    return list(
        session.scalars(
            select(OutboxMessage.id)
            .where(
                OutboxMessage.status == MailStatus.WAITING,
                OutboxMessage.next_attempt_at <= now,
                OutboxMessage.attempts < max_attempts,
            )
            .order_by(OutboxMessage.id)
        )
    )


def backoff(attempts: int) -> dt.timedelta:
    """How long to wait after ``attempts`` failed tries: 1, 2, 4... minutes, at most six hours."""
    return min(FIRST_RETRY * (2 ** max(0, attempts - 1)), LONGEST_WAIT)


def build_email(message: OutboxMessage, config: Mapping[str, Any]) -> EmailMessage:
    email = EmailMessage()
    email["From"] = formataddr((config["FORUM_NAME"], config["MAIL_FROM"]))
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(domain=str(config["MAIL_FROM"]).rpartition("@")[2] or None)
    email.set_content(message.body)
    return email


def deliver(email: EmailMessage, *, message_id: int, config: Mapping[str, Any]) -> None:
    """Hand the email to the configured backend; raises on failure."""
    if config["MAIL_BACKEND"] == "file":
        folder = Path(config["MAIL_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"message-{message_id:08d}.eml").write_bytes(bytes(email))
        return
    security = config["SMTP_SECURITY"]
    connect = smtplib.SMTP_SSL if security == "ssl" else smtplib.SMTP
    with connect(config["SMTP_HOST"], int(config["SMTP_PORT"]), timeout=config["SMTP_TIMEOUT_SECONDS"]) as smtp:
        if security == "starttls":
            smtp.starttls()
        if config["SMTP_USERNAME"]:
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        smtp.send_message(email)


def send_message(database: Database, *, message_id: int, config: Mapping[str, Any], now: dt.datetime) -> bool:
    """Send one waiting email. Returns True once sent (or nothing to do); a failure is recorded on the
    row, with its next try, and raised as MailFailed so the job can be retried."""
    with database.write_session() as session:
        message = session.get(OutboxMessage, message_id)
        if message is None or message.status != MailStatus.WAITING or not message.to_address:
            return True
        email = build_email(message, config)
        message.attempts += 1
        try:
            deliver(email, message_id=message.id, config=config)
        except (OSError, smtplib.SMTPException) as exc:
            _failed(message, type(exc).__name__, now=now, max_attempts=config["MAIL_MAX_ATTEMPTS"])
            session.commit()
            logger.warning("email %s not sent (try %s): %s", message_id, message.attempts, type(exc).__name__)
            raise MailFailed(message_id) from exc
        message.status, message.sent_at, message.last_error = MailStatus.SENT, now, ""
        session.commit()
    logger.info("email %s sent", message_id)
    return True


def _failed(message: OutboxMessage, error: str, *, now: dt.datetime, max_attempts: int) -> None:
    message.last_error = error[:200]
    message.next_attempt_at = now + backoff(message.attempts)
    if message.attempts >= max_attempts:
        message.status = MailStatus.FAILED


def send_due(database: Database, *, config: Mapping[str, Any], now: dt.datetime) -> dict[str, int]:
    """Send every email whose try is due; failures wait for their next try. Returns counts."""
    with database.session() as session:
        ids = due_messages(session, now=now, max_attempts=config["MAIL_MAX_ATTEMPTS"])
    sent = failed = 0
    for message_id in ids:
        try:
            send_message(database, message_id=message_id, config=config, now=now)
            sent += 1
        except MailFailed:
            failed += 1
    return {"sent": sent, "failed": failed}


def unsubscribe(session: Session, *, message_id: int, now: dt.datetime) -> bool:
    """The family asked for no more emails: the contact details they gave are erased from their feedback
    and from the outbox. Returns False when the link's email no longer exists."""
    from forum_feedback.audit.services import record_action
    from forum_feedback.enums import AuditAction

    message = session.get(OutboxMessage, message_id)
    if message is None:
        return False
    address = message.to_address.strip().lower()
    if address:
        for feedback in session.scalars(select(Feedback).where(func.lower(Feedback.contact_detail) == address)):
            feedback.contact_consent, feedback.contact_detail, feedback.contact_name = False, "", ""
        forget_address(session, address=address)
        record_action(
            session,
            actor_id=None,
            action=AuditAction.MAIL_UNSUBSCRIBED,
            target_type="email",
            target_id=message_id,
            at=now,
        )
    session.commit()
    return True
