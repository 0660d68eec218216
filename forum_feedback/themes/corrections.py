"""Reps' corrections to themes. Each is one transaction with its audit entry, and every rebuild keeps it.

A rename, description, note or pin lives on the Theme row, which rebuilds update only for the
automatic parts (label suggestion, terms, quotes, size). Moves, merges and splits record each
comment's theme with source "rep", which the engine receives as a fixed constraint.

A merge or a split also records a ``ThemeCorrection`` with everything it changed (each comment's
place before, and the themes' state before), so it can be undone until a rebuild replaces the
themes it worked on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forum_feedback.analysis import themes as engine
from forum_feedback.audit.services import record_action
from forum_feedback.enums import NOT_COUNTED, AuditAction, CorrectionKind, RunStatus, ThemeSource, ThemeStatus
from forum_feedback.submissions.models import Feedback
from forum_feedback.themes.models import FeedbackTheme, Theme, ThemeCorrection, ThemeRun, dumps
from forum_feedback.themes.services import THEMED_TEXT

MAX_LABEL = 200
#: Theme fields a merge or split changes, saved so an undo can put them back.
_THEME_FIELDS = ("status", "merged_into_id", "label", "auto_label", "size", "pinned", "terms_json", "quote_ids_json")


class CorrectionError(ValueError):
    """A correction that cannot be made, with a message for the rep."""


def active_theme(session: Session, theme_id: int) -> Theme:
    """The theme, if it is active. Raises CorrectionError otherwise."""
    theme = session.get(Theme, theme_id)
    if theme is None or theme.status != ThemeStatus.ACTIVE:
        raise CorrectionError("That theme no longer exists. It may have been merged or retired.")
    return theme


def edit_theme(
    session: Session, *, theme_id: int, label: str, description: str, notes: str, actor_id: int | None, now: dt.datetime
) -> Theme:
    """Rename a theme and set its description and notes; an empty name goes back to the suggested one."""
    theme = active_theme(session, theme_id)
    fields = (("name", theme.label or "", label), ("description", theme.description, description))
    changed = [name for name, old, new in (*fields, ("notes", theme.notes, notes)) if (old or "") != new]
    theme.label = label.strip()[:MAX_LABEL] or None
    theme.description, theme.notes, theme.updated_at = description, notes, now
    _audit(session, actor_id, AuditAction.THEME_EDITED, "theme", theme.id, ", ".join(changed) or "no change", now)
    session.commit()
    return theme


def set_pinned(session: Session, *, theme_id: int, pinned: bool, actor_id: int | None, now: dt.datetime) -> Theme:
    """Pin a theme (rebuilds keep it, however small) or unpin it."""
    theme = active_theme(session, theme_id)
    theme.pinned, theme.updated_at = pinned, now
    action = AuditAction.THEME_PINNED if pinned else AuditAction.THEME_UNPINNED
    _audit(session, actor_id, action, "theme", theme.id, "", now)
    session.commit()
    return theme


def _audit(
    session: Session, actor_id: int | None, action: AuditAction, kind: str, target: int, detail: str, now: dt.datetime
) -> None:
    record_action(session, actor_id=actor_id, action=action, target_type=kind, target_id=target, detail=detail, at=now)


def _place(session: Session, feedback_ids: list[int], theme_id: int | None, now: dt.datetime) -> None:
    source = ThemeSource.REP if theme_id is not None else ThemeSource.EXCLUDED
    for feedback_id in feedback_ids:
        session.merge(
            FeedbackTheme(feedback_id=feedback_id, theme_id=theme_id, confidence=1.0, source=source, updated_at=now)
        )


MAX_MOVED = 100


def move_feedback(
    session: Session, *, feedback_ids: list[int], theme_id: int | None, actor_id: int | None, now: dt.datetime
) -> int:
    """Put feedback in a theme, or mark it "doesn't fit" (theme_id None), in one go; returns how many moved."""
    wanted = list(dict.fromkeys(feedback_ids))[:MAX_MOVED]
    found = list(session.scalars(select(Feedback.id).where(Feedback.id.in_(wanted))))
    if not found:
        raise CorrectionError("That feedback no longer exists.")
    if theme_id is not None:
        active_theme(session, theme_id)
    _place(session, found, theme_id, now)
    action = AuditAction.FEEDBACK_MOVED if theme_id is not None else AuditAction.FEEDBACK_DOES_NOT_FIT
    for feedback_id in found:
        _audit(session, actor_id, action, "feedback", feedback_id, f"to theme {theme_id}" if theme_id else "", now)
    session.commit()
    return len(found)


def members(session: Session, theme_id: int) -> list[int]:
    """Ids of the feedback in a theme now."""
    return list(session.scalars(select(FeedbackTheme.feedback_id).where(FeedbackTheme.theme_id == theme_id)))


def theme_size(session: Session, theme_id: int) -> int:
    """How many counted pieces of feedback (not hidden or withdrawn) are in the theme now."""
    query = (
        select(func.count())
        .select_from(FeedbackTheme)
        .join(Feedback, Feedback.id == FeedbackTheme.feedback_id)
        .where(FeedbackTheme.theme_id == theme_id, Feedback.status.not_in(NOT_COUNTED))
    )
    return session.scalar(query) or 0


# --- merge, split and undo ----------------------------------------------------------------------


def _theme_state(theme: Theme) -> dict[str, Any]:
    return {"id": theme.id, **{name: getattr(theme, name) for name in _THEME_FIELDS}}


def _placements(session: Session, feedback_ids: list[int]) -> list[list[Any]]:
    rows = {
        row.feedback_id: row
        for row in session.scalars(select(FeedbackTheme).where(FeedbackTheme.feedback_id.in_(feedback_ids)))
    }
    return [
        [fid, rows[fid].theme_id, rows[fid].source, rows[fid].confidence] if fid in rows else [fid, None, None, 0.0]
        for fid in feedback_ids
    ]


def _record_correction(
    session: Session,
    *,
    kind: CorrectionKind,
    theme: Theme,
    before: dict[str, Any],
    actor_id: int | None,
    now: dt.datetime,
) -> ThemeCorrection:
    correction = ThemeCorrection(
        kind=kind, theme_id=theme.id, actor_id=actor_id, created_at=now, payload_json=json.dumps(before)
    )
    session.add(correction)
    return correction


def merge_themes(
    session: Session, *, source_id: int, target_id: int, actor_id: int | None, now: dt.datetime
) -> ThemeCorrection:
    """Move everything in one theme into another; the first is kept as "merged" so its history stays."""
    if source_id == target_id:
        raise CorrectionError("Choose a different theme to merge into.")
    source, target = active_theme(session, source_id), active_theme(session, target_id)
    moved = members(session, source.id)
    before = {"themes": [_theme_state(source), _theme_state(target)], "placements": _placements(session, moved)}
    before["after"] = {str(fid): target.id for fid in moved}
    _place(session, moved, target.id, now)
    source.status, source.merged_into_id, source.pinned, source.updated_at = ThemeStatus.MERGED, target.id, False, now
    session.flush()
    target.size, target.updated_at = theme_size(session, target.id), now
    correction = _record_correction(
        session, kind=CorrectionKind.MERGE, theme=target, before=before, actor_id=actor_id, now=now
    )
    correction.detail = f"‘{source.display_label}’ merged into ‘{target.display_label}’"[:500]
    _audit(session, actor_id, AuditAction.THEMES_MERGED, "theme", target.id, f"theme {source.id} into {target.id}", now)
    session.commit()
    return correction


@dataclass(frozen=True)
class SubTheme:
    """One part of a proposed split: a suggested name, key terms and the feedback in it."""

    label: str
    terms: tuple[str, ...]
    feedback_ids: tuple[int, ...]


def propose_split(session: Session, *, theme_id: int, parts: int = 2) -> list[SubTheme]:
    """Ask the engine how the theme's feedback falls into ``parts`` groups (largest first). Changes nothing."""
    theme = active_theme(session, theme_id)
    rows = session.execute(
        select(Feedback.id, THEMED_TEXT)
        .join(FeedbackTheme, FeedbackTheme.feedback_id == Feedback.id)
        .where(FeedbackTheme.theme_id == theme.id, Feedback.status.not_in(NOT_COUNTED))
    ).all()
    if len(rows) < parts * 2:
        raise CorrectionError("This theme is too small to split.")
    # Quotes are not used here; the documents are marked unquotable so none is ever chosen.
    docs = [engine.Document(str(fid), text, quotable=False) for fid, text in rows]
    result = engine.build_themes(docs, n_themes=parts)
    groups = [
        SubTheme(t.label, t.terms, tuple(sorted(int(d) for d, k in result.assignments.items() if k == t.key)))
        for t in result.themes
    ]
    return sorted((group for group in groups if group.feedback_ids), key=lambda g: -len(g.feedback_ids))


def accept_split(
    session: Session, *, theme_id: int, names: list[str], parts: int, actor_id: int | None, now: dt.datetime
) -> ThemeCorrection:
    """Split a theme as proposed: the largest part stays in it (keeping its history, notes and pin), each
    other part becomes a new theme. Each part is named as the rep typed; a name left as the engine's
    suggestion stays a suggestion, so later rebuilds may improve it."""
    proposal = propose_split(session, theme_id=theme_id, parts=parts)
    theme = active_theme(session, theme_id)
    everything = [fid for group in proposal for fid in group.feedback_ids]
    before = {"themes": [_theme_state(theme)], "placements": _placements(session, everything), "after": {}}
    parts_made = []
    for index, group in enumerate(proposal):
        target = theme if index == 0 else _new_theme(session, group, now)
        _name_part(target, group, names[index] if index < len(names) else "")
        session.flush()
        _place(session, list(group.feedback_ids), target.id, now)
        target.size, target.updated_at = len(group.feedback_ids), now
        before["after"].update({str(fid): target.id for fid in group.feedback_ids})
        parts_made.append(target)
    before["created"] = [t.id for t in parts_made[1:]]
    correction = _record_correction(
        session, kind=CorrectionKind.SPLIT, theme=theme, before=before, actor_id=actor_id, now=now
    )
    correction.detail = ("Split into " + ", ".join(f"‘{t.display_label}’" for t in parts_made))[:500]
    _audit(session, actor_id, AuditAction.THEME_SPLIT, "theme", theme.id, f"into {len(parts_made)} themes", now)
    session.commit()
    return correction


def _name_part(theme: Theme, group: SubTheme, typed: str) -> None:
    name = typed.strip()[:MAX_LABEL]
    theme.auto_label = group.label
    theme.terms_json = dumps(list(group.terms))
    if name and name != group.label:
        theme.label = name
    elif name == group.label:
        theme.label = None


def _new_theme(session: Session, group: SubTheme, now: dt.datetime) -> Theme:
    digest = hashlib.sha256(",".join(map(str, group.feedback_ids)).encode()).hexdigest()
    theme = Theme(
        key="s" + digest[:8],
        auto_label=group.label,
        terms_json=dumps(list(group.terms)),
        quote_ids_json="[]",
        status=ThemeStatus.ACTIVE,
        created_at=now,
        updated_at=now,
    )
    session.add(theme)
    return theme


def undo_blocker(session: Session, correction: ThemeCorrection) -> str | None:
    """Why this merge or split can no longer be undone, or None if it can."""
    if correction.undone_at is not None:
        return "It has already been undone."
    rebuilt = session.scalar(
        select(func.count(ThemeRun.id)).where(
            ThemeRun.status.in_((RunStatus.APPLIED, RunStatus.SUPERSEDED)), ThemeRun.applied_at > correction.created_at
        )
    )
    if rebuilt:
        return "The themes were rebuilt since, and the rebuild kept it. Split or merge the themes again instead."
    return None


def undo_correction(session: Session, *, correction_id: int, actor_id: int | None, now: dt.datetime) -> ThemeCorrection:
    """Put back what a merge or split changed. Comments a rep has moved since stay where they are now."""
    correction = session.get(ThemeCorrection, correction_id)
    if correction is None:
        raise CorrectionError("That change no longer exists.")
    blocker = undo_blocker(session, correction)
    if blocker:
        raise CorrectionError(f"That change cannot be undone. {blocker}")
    before = json.loads(correction.payload_json)
    _restore_placements(session, before["placements"], before.get("after", {}), now)
    for state in before["themes"]:
        theme = session.get(Theme, state["id"])
        for name in _THEME_FIELDS:
            setattr(theme, name, state[name])
        theme.updated_at = now
    for theme_id in before.get("created", []):
        created = session.get(Theme, theme_id)
        created.status, created.updated_at = ThemeStatus.RETIRED, now
    correction.undone_at, correction.undone_by = now, actor_id
    _audit(session, actor_id, AuditAction.THEME_CHANGE_UNDONE, "theme", correction.theme_id, correction.kind, now)
    session.commit()
    return correction


def _restore_placements(session: Session, placements: list[list[Any]], after: dict[str, int], now: dt.datetime) -> None:
    for feedback_id, theme_id, source, confidence in placements:
        row = session.get(FeedbackTheme, feedback_id)
        if row is None or row.theme_id != after.get(str(feedback_id)):
            continue  # moved by a rep since: their later choice wins
        if source is None:
            session.delete(row)
            continue
        row.theme_id, row.source, row.confidence, row.updated_at = theme_id, source, confidence, now


def recent_corrections(session: Session, *, theme_id: int, limit: int = 3) -> list[tuple[ThemeCorrection, str | None]]:
    """The latest merges and splits shown on a theme's page, each with why it can't be undone (or None)."""
    rows = session.scalars(
        select(ThemeCorrection)
        .where(ThemeCorrection.theme_id == theme_id, ThemeCorrection.undone_at.is_(None))
        .order_by(ThemeCorrection.created_at.desc(), ThemeCorrection.id.desc())
        .limit(limit)
    )
    return [(row, undo_blocker(session, row)) for row in rows]
