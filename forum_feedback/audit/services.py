"""Writing and reading the audit log.

``record_action`` only adds the entry to the caller's session: it lands in the same transaction
as the change it describes, so there is never a change without its entry, or an entry without
its change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forum_feedback.audit.models import AuditEntry
from forum_feedback.db import utcnow
from forum_feedback.enums import AuditAction
from forum_feedback.web.pages import Page, clamp_page

DETAIL_MAX_CHARS = 500


def record_action(
    session: Session,
    *,
    actor_id: int | None,
    action: AuditAction,
    target_type: str,
    target_id: int | str,
    detail: str = "",
    at: dt.datetime | None = None,
) -> AuditEntry:
    """Add an entry to ``session`` without committing: it is saved with the caller's own change.

    ``detail`` is a short note such as "rep → admin". Never pass anything a family wrote.
    """
    entry = AuditEntry(
        at=at or utcnow(),
        actor_id=actor_id,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        detail=detail[:DETAIL_MAX_CHARS],
    )
    session.add(entry)
    return entry


def record_access(
    session: Session,
    *,
    actor_id: int | None,
    action: AuditAction,
    target_type: str,
    target_id: int | str,
    detail: str = "",
    now: dt.datetime | None = None,
) -> None:
    """Log that someone saw or took data without changing it (a family's words as sent, an export), and commit.

    Reading changes nothing else, so the entry is the whole transaction. ``detail`` is ids and kinds only.
    The read so far is ended first, so on SQLite the entry takes the write lock in a fresh transaction
    (waiting its turn) instead of upgrading a stale read, which another writer could refuse at once.
    """
    session.commit()
    record_action(
        session, actor_id=actor_id, action=action, target_type=target_type, target_id=target_id, detail=detail, at=now
    )
    session.commit()


@dataclass(frozen=True)
class AuditRow:
    """One entry as the audit page shows it."""

    at: dt.datetime
    actor: str
    action: str
    target: str
    detail: str


def list_entries(session: Session, *, page: int, per_page: int = 50) -> Page[AuditRow]:
    """One page of the log, newest first, with the actor's email address ("Not signed in" for the
    command line and for failed sign-ins)."""
    from forum_feedback.auth.models import User

    total = session.scalar(select(func.count(AuditEntry.id))) or 0
    page, pages = clamp_page(page, total, per_page)
    query = (
        select(AuditEntry, User.email)
        .outerjoin(User, User.id == AuditEntry.actor_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    rows = [
        AuditRow(
            at=entry.at,
            actor=email or ("Not signed in" if entry.actor_id is None else "Removed user"),
            action=entry.action,
            target=f"{entry.target_type} {entry.target_id}",
            detail=entry.detail,
        )
        for entry, email in session.execute(query)
    ]
    return Page(rows, page, pages, total, per_page)
