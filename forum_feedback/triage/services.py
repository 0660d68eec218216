"""Reps' corrections to themes. Each is one transaction with its audit entry, and every rebuild keeps it.

A rename, description, note or pin lives on the Theme row, which rebuilds update only for the
automatic parts (label suggestion, terms, quotes, size). Moves, merges and splits record each
comment's theme with source "rep", which the engine receives as a fixed constraint.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum_feedback.analysis import themes as engine
from forum_feedback.audit.services import record_action
from forum_feedback.enums import NOT_COUNTED, AuditAction, ThemeSource, ThemeStatus
from forum_feedback.submissions.models import Feedback
from forum_feedback.themes.models import FeedbackTheme, Theme, dumps

MAX_LABEL = 200


class TriageError(ValueError):
    """A correction that cannot be made, with a message for the rep."""


def _active_theme(session: Session, theme_id: int) -> Theme:
    theme = session.get(Theme, theme_id)
    if theme is None or theme.status != ThemeStatus.ACTIVE:
        raise TriageError("That theme no longer exists. It may have been merged or retired.")
    return theme


def edit_theme(
    session: Session, *, theme_id: int, label: str, description: str, notes: str, actor_id: int | None, now: dt.datetime
) -> Theme:
    """Rename a theme and set its description and notes; an empty name goes back to the suggested one."""
    theme = _active_theme(session, theme_id)
    changed = [
        name
        for name, old, new in (
            ("name", theme.label or "", label),
            ("description", theme.description, description),
            ("notes", theme.notes, notes),
        )
        if (old or "") != new
    ]
    theme.label = label.strip() or None
    theme.description, theme.notes, theme.updated_at = description, notes, now
    record_action(
        session,
        actor_id=actor_id,
        action=AuditAction.THEME_EDITED,
        target_type="theme",
        target_id=theme.id,
        detail=", ".join(changed) or "no change",
        at=now,
    )
    session.commit()
    return theme


def set_pinned(session: Session, *, theme_id: int, pinned: bool, actor_id: int | None, now: dt.datetime) -> Theme:
    """Pin a theme (rebuilds keep it, however small) or unpin it."""
    theme = _active_theme(session, theme_id)
    theme.pinned, theme.updated_at = pinned, now
    record_action(
        session,
        actor_id=actor_id,
        action=AuditAction.THEME_PINNED if pinned else AuditAction.THEME_UNPINNED,
        target_type="theme",
        target_id=theme.id,
        at=now,
    )
    session.commit()
    return theme


def _place(session: Session, feedback_ids: list[int], theme_id: int | None, now: dt.datetime) -> None:
    source = ThemeSource.REP if theme_id is not None else ThemeSource.EXCLUDED
    for feedback_id in feedback_ids:
        session.merge(
            FeedbackTheme(feedback_id=feedback_id, theme_id=theme_id, confidence=1.0, source=source, updated_at=now)
        )


def move_feedback(
    session: Session, *, feedback_id: int, theme_id: int | None, actor_id: int | None, now: dt.datetime
) -> None:
    """Put one piece of feedback in a theme, or mark it "doesn't fit" (theme_id None)."""
    if session.get(Feedback, feedback_id) is None:
        raise TriageError("That feedback no longer exists.")
    if theme_id is not None:
        _active_theme(session, theme_id)
    _place(session, [feedback_id], theme_id, now)
    action = AuditAction.FEEDBACK_MOVED if theme_id is not None else AuditAction.FEEDBACK_DOES_NOT_FIT
    record_action(
        session,
        actor_id=actor_id,
        action=action,
        target_type="feedback",
        target_id=feedback_id,
        detail=f"to theme {theme_id}" if theme_id else "",
        at=now,
    )
    session.commit()


def members(session: Session, theme_id: int) -> list[int]:
    """Ids of the feedback in a theme now."""
    return list(session.scalars(select(FeedbackTheme.feedback_id).where(FeedbackTheme.theme_id == theme_id)))


def merge_themes(session: Session, *, source_id: int, target_id: int, actor_id: int | None, now: dt.datetime) -> Theme:
    """Move everything in one theme into another; the first is kept as "merged" so its history stays."""
    if source_id == target_id:
        raise TriageError("Choose a different theme to merge into.")
    source, target = _active_theme(session, source_id), _active_theme(session, target_id)
    _place(session, members(session, source.id), target.id, now)
    source.status, source.merged_into_id, source.pinned, source.updated_at = ThemeStatus.MERGED, target.id, False, now
    target.size, target.updated_at = target.size + source.size, now
    record_action(
        session,
        actor_id=actor_id,
        action=AuditAction.THEMES_MERGED,
        target_type="theme",
        target_id=target.id,
        detail=f"theme {source.id} merged into theme {target.id}",
        at=now,
    )
    session.commit()
    return target


@dataclass(frozen=True)
class SubTheme:
    """One part of a proposed split: a suggested name, key terms and the feedback in it."""

    label: str
    terms: tuple[str, ...]
    feedback_ids: tuple[int, ...]


def propose_split(session: Session, *, theme_id: int, parts: int = 2) -> list[SubTheme]:
    """Ask the engine how the theme's feedback falls into ``parts`` groups (largest first). Changes nothing."""
    theme = _active_theme(session, theme_id)
    rows = session.execute(
        select(Feedback.id, Feedback.story)
        .join(FeedbackTheme, FeedbackTheme.feedback_id == Feedback.id)
        .where(FeedbackTheme.theme_id == theme.id, Feedback.status.not_in(NOT_COUNTED))
    ).all()
    if len(rows) < parts * 2:
        raise TriageError("This theme is too small to split.")
    result = engine.build_themes([engine.Document(str(fid), text) for fid, text in rows], n_themes=parts)
    groups = [
        SubTheme(t.label, t.terms, tuple(sorted(int(d) for d, k in result.assignments.items() if k == t.key)))
        for t in result.themes
    ]
    return [group for group in groups if group.feedback_ids]


def accept_split(
    session: Session, *, theme_id: int, names: list[str], parts: int, actor_id: int | None, now: dt.datetime
) -> list[Theme]:
    """Split a theme as proposed: the largest part stays in it, each other part becomes a new theme."""
    proposal = propose_split(session, theme_id=theme_id, parts=parts)
    theme = _active_theme(session, theme_id)
    created = []
    for index, (group, name) in enumerate(zip(proposal, names, strict=False)):
        target = theme if index == 0 else _new_theme(session, group, now)
        if name.strip():
            target.label = name.strip()[:MAX_LABEL]
        target.size, target.updated_at = len(group.feedback_ids), now
        session.flush()
        _place(session, list(group.feedback_ids), target.id, now)
        created.append(target)
    record_action(
        session,
        actor_id=actor_id,
        action=AuditAction.THEME_SPLIT,
        target_type="theme",
        target_id=theme.id,
        detail=f"into {len(created)} themes",
        at=now,
    )
    session.commit()
    return created


def _new_theme(session: Session, group: SubTheme, now: dt.datetime) -> Theme:
    digest = hashlib.sha256(",".join(map(str, group.feedback_ids)).encode()).hexdigest()
    theme = Theme(
        key="s" + digest[:8],
        auto_label=group.label,
        terms_json=dumps(list(group.terms)),
        quote_ids_json=dumps(list(group.feedback_ids[:3])),
        status=ThemeStatus.ACTIVE,
        created_at=now,
        updated_at=now,
    )
    session.add(theme)
    return theme
