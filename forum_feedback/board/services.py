"""The board's quarter: shared packs, their figures and ratings, and partners' commitments.

Board members see only packs shared with partners (and later), through the same disclosed figures
and the same quoting rule as the packs themselves: never raw feedback, counts under 5 or
anything but the redacted quotes chosen for those packs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum_feedback.audit.services import record_action
from forum_feedback.board.models import Commitment, CommitmentNote
from forum_feedback.disclosure import Cell, Change
from forum_feedback.enums import COMMITMENT_FINISHED, PACK_SHARED, AuditAction, CommitmentStatus, PackStatus, Rag, Rung
from forum_feedback.evidence import services as evidence
from forum_feedback.evidence.models import EvidencePack
from forum_feedback.submissions.filters import start_of

TOP = 5
RISING_RULE = (
    "Rise in feedback against the period of the same length before each pack’s period (a pack about a "
    "quarter is compared with the quarter before). Themes where either period had fewer than 5 are left out."
)


class BoardError(ValueError):
    """Something the board can't do, with a message for them."""


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int  # 1 to 4

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        return self.next.start - dt.timedelta(days=1)

    @property
    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    @property
    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    @property
    def slug(self) -> str:
        return f"{self.year}-q{self.number}"

    @property
    def label(self) -> str:
        return f"{self.start:%B} to {self.end:%B} {self.year}"


def quarter_of(day: dt.date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def parse_quarter(text: str | None, *, today: dt.date) -> Quarter:
    """ "2026-q1" as a quarter; anything else is this quarter."""
    parts = (text or "").lower().split("-q")
    # Short parts only: int() of a 5,000-digit year raises (Python's limit on digits), a 500.
    if len(parts) == 2 and all(part.isascii() and part.isdigit() and len(part) <= 4 for part in parts):
        year, number = int(parts[0]), int(parts[1])
        if 2000 <= year <= 2100 and 1 <= number <= 4:
            return Quarter(year, number)
    return quarter_of(today)


@dataclass(frozen=True)
class ThemeFigure:
    """One theme of one pack, as the board home lists it; the number opens the pack."""

    pack_id: int
    pack_title: str
    label: str
    now: Cell
    change: Change


@dataclass(frozen=True)
class CommitmentRow:
    commitment: Commitment
    pack_title: str
    overdue: bool


@dataclass(frozen=True)
class BoardSummary:
    quarter: Quarter
    packs: list[EvidencePack]
    top_themes: list[ThemeFigure]
    rising: list[ThemeFigure]
    by_status: list[tuple[PackStatus, list[EvidencePack]]]
    due: list[CommitmentRow]
    overdue: list[CommitmentRow]


def shared_packs(session: Session, *, quarter: Quarter | None = None) -> list[EvidencePack]:
    """Packs the board may read (shared or later); those shared in ``quarter`` when given."""
    query = select(EvidencePack).where(EvidencePack.status.in_(PACK_SHARED)).order_by(EvidencePack.shared_at.desc())
    if quarter is not None:
        query = query.where(
            EvidencePack.shared_at >= start_of(quarter.start), EvidencePack.shared_at < start_of(quarter.next.start)
        )
    return list(session.scalars(query))


def board_summary(
    session: Session, *, quarter: Quarter, today: dt.date, labels: Mapping[str, Mapping[str, str]]
) -> BoardSummary:
    """The quarter at a glance: top and fastest-rising themes, packs by status, commitments due and overdue."""
    packs = shared_packs(session, quarter=quarter)
    figures = []
    for pack in packs:
        disclosed = evidence.disclosed_figures(session, pack, labels=labels)
        figures += [ThemeFigure(pack.id, pack.title, row.label, row.now, row.change) for row in disclosed.themes]
    top = sorted((f for f in figures if f.now.value), key=lambda f: (-(f.now.value or 0), f.label))[:TOP]
    rising = sorted((f for f in figures if (f.change.value or 0) > 0), key=lambda f: (-(f.change.value or 0), f.label))
    by_status = [(status, [p for p in packs if p.status == status]) for status in PACK_SHARED]
    rows = commitments_for_packs(session, pack_ids=[p.id for p in shared_packs(session)], today=today)
    due = [
        row
        for row in rows
        if quarter.start <= row.commitment.due_on <= quarter.end and not _finished(row) and not row.overdue
    ]
    return BoardSummary(
        quarter=quarter,
        packs=packs,
        top_themes=top,
        rising=rising[:TOP],
        by_status=by_status,
        due=due,
        overdue=[row for row in rows if row.overdue],
    )


def _finished(row: CommitmentRow) -> bool:
    return row.commitment.status in COMMITMENT_FINISHED


def shared_pack(session: Session, *, pack_id: int) -> EvidencePack:
    """A pack the board may read, or BoardError (a draft or ready pack is the forum's own until shared)."""
    pack = session.get(EvidencePack, pack_id)
    if pack is None or pack.status not in PACK_SHARED:
        raise BoardError("That pack has not been shared with partners.")
    return pack


# --- commitments ----------------------------------------------------------------------------------


def is_overdue(commitment: Commitment, *, today: dt.date) -> bool:
    return commitment.due_on < today and commitment.status not in COMMITMENT_FINISHED


def commitments_for_packs(session: Session, *, pack_ids: list[int], today: dt.date) -> list[CommitmentRow]:
    """Commitments of these packs, soonest due first."""
    if not pack_ids:
        return []
    rows = session.execute(
        select(Commitment, EvidencePack.title)
        .join(EvidencePack, EvidencePack.id == Commitment.pack_id)
        .where(Commitment.pack_id.in_(pack_ids))
        .order_by(Commitment.due_on, Commitment.id)
    )
    return [CommitmentRow(c, title, is_overdue(c, today=today)) for c, title in rows]


def commitments_for(session: Session, *, pack_id: int, today: dt.date) -> list[CommitmentRow]:
    return commitments_for_packs(session, pack_ids=[pack_id], today=today)


def _check(status: str, rag: str | None, rung: str | None) -> None:
    if status not in list(CommitmentStatus):
        raise BoardError("Choose a status.")
    if rag is not None and rag not in list(Rag):
        raise BoardError("Choose red, amber or green.")
    if rung is not None and rung not in list(Rung):
        raise BoardError("Choose a rung of the ladder.")


def record_commitment(
    session: Session,
    *,
    pack_id: int,
    text: str,
    owner: str,
    due_on: dt.date,
    rag: str | None,
    rung: str | None,
    actor_id: int | None,
    now: dt.datetime,
) -> Commitment:
    """A partner's "we will", recorded by a rep or a board member against a shared pack."""
    pack = shared_pack(session, pack_id=pack_id)
    _check(CommitmentStatus.NOT_STARTED, rag, rung)
    if not text.strip() or not owner.strip():
        raise BoardError("Enter what they will do and who owns it.")
    commitment = Commitment(
        pack_id=pack.id,
        text=text.strip(),
        owner=owner.strip()[:200],
        due_on=due_on,
        status=CommitmentStatus.NOT_STARTED,
        rag=rag,
        rung=rung,
        created_by=actor_id,
        created_at=now,
        updated_at=now,
    )
    session.add(commitment)
    session.flush()
    record_action(
        session,
        actor_id=actor_id,
        action=AuditAction.COMMITMENT_RECORDED,
        target_type="commitment",
        target_id=commitment.id,
        detail=f"pack {pack.id}, due {due_on.isoformat()}",
        at=now,
    )
    session.commit()
    return commitment


def get_commitment(session: Session, *, commitment_id: int) -> Commitment:
    """A commitment of a shared pack, or BoardError."""
    commitment = session.get(Commitment, commitment_id)
    if commitment is None:
        raise BoardError("That commitment no longer exists.")
    shared_pack(session, pack_id=commitment.pack_id)
    return commitment


def record_progress(
    session: Session,
    *,
    commitment_id: int,
    note: str,
    status: str,
    rag: str | None,
    actor_id: int | None,
    now: dt.datetime,
) -> Commitment:
    """A dated progress note, with the status and RAG it leaves the commitment in."""
    commitment = get_commitment(session, commitment_id=commitment_id)
    _check(status, rag, commitment.rung)
    commitment.notes.append(CommitmentNote(at=now, author_id=actor_id, note=note.strip(), status=status, rag=rag))
    commitment.status, commitment.rag, commitment.updated_at = status, rag, now
    record_action(
        session,
        actor_id=actor_id,
        action=AuditAction.COMMITMENT_UPDATED,
        target_type="commitment",
        target_id=commitment.id,
        detail=f"{status}, {rag or 'no rating'}",
        at=now,
    )
    session.commit()
    return commitment


def note_authors(session: Session, commitment: Commitment) -> dict[int, str]:
    """The email address of whoever wrote each progress note."""
    from forum_feedback.auth.models import User

    ids = {note.author_id for note in commitment.notes if note.author_id is not None}
    return dict(session.execute(select(User.id, User.email).where(User.id.in_(ids))).all()) if ids else {}
