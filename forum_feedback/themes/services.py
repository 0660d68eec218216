"""Rebuild themes from stored feedback, apply a reviewed rebuild, and theme new feedback as it arrives.

A rebuild never changes what reps and boards see until it is applied. Reps' corrections (a
moved comment, a "doesn't fit", a pinned theme, a name) are handed to the engine as constraints
or kept on the Theme row, so every rebuild keeps them.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from forum_feedback.analysis import themes as engine
from forum_feedback.audit.services import record_action
from forum_feedback.db import Database
from forum_feedback.enums import (
    NOT_COUNTED,
    REP_SOURCES,
    RUN_BUSY,
    AuditAction,
    Consent,
    RunStatus,
    ThemeSource,
    ThemeStatus,
)
from forum_feedback.quoting import Audience, Quote, distinct_quotes, quotable, quotable_condition
from forum_feedback.submissions.models import Feedback
from forum_feedback.themes import review
from forum_feedback.themes.models import FeedbackTheme, RunAssignment, Theme, ThemeRun, dumps

logger = logging.getLogger(__name__)

QUOTABLE_CONSENTS = (Consent.QUOTE_PARTNERS, Consent.QUOTE_PUBLIC)
STALE_RUN = dt.timedelta(minutes=5)  # a running rebuild reports progress far more often than this
# The words the engine reads: a rep's redacted version once they have checked a comment, else the words as
# sent. A theme's label, key terms and description reach boards and evidence packs, so a detail a rep took
# out ("[school]", "[name]") must not come back as a theme's word; the engine skips the placeholders.
THEMED_TEXT = func.coalesce(Feedback.redacted_story, Feedback.story)


class RunNotReady(Exception):
    """Only a finished rebuild (status "ready") can be applied or discarded."""


def themeable_feedback(session: Session) -> list[engine.Document]:
    """Every piece of feedback the engine should see, with whether its family allows quoting."""
    rows = session.execute(
        select(Feedback.id, THEMED_TEXT, Feedback.consent)
        .where(Feedback.status.not_in(NOT_COUNTED))
        .order_by(Feedback.id)
    )
    return [engine.Document(str(fid), story, consent in QUOTABLE_CONSENTS) for fid, story, consent in rows if story]


def rep_constraints(session: Session) -> engine.Constraints:
    """Reps' corrections as the engine's constraints."""
    rows = session.execute(
        select(FeedbackTheme.feedback_id, FeedbackTheme.source, Theme.key)
        .outerjoin(Theme, FeedbackTheme.theme_id == Theme.id)
        .where(FeedbackTheme.source.in_(REP_SOURCES))
    )
    fixed, excluded = {}, set()
    for feedback_id, source, key in rows:
        if source == ThemeSource.EXCLUDED or key is None:
            excluded.add(str(feedback_id))
        else:
            fixed[str(feedback_id)] = key
    pinned = session.scalars(select(Theme.key).where(Theme.pinned, Theme.status == ThemeStatus.ACTIVE))
    return engine.Constraints(fixed=fixed, excluded=frozenset(excluded), pinned=frozenset(pinned))


def latest_run(session: Session) -> ThemeRun | None:
    """The most recent rebuild, whatever its status (to show one that is running or ready for review)."""
    return session.scalars(select(ThemeRun).order_by(ThemeRun.id.desc())).first()


def current_run(session: Session) -> ThemeRun | None:
    """The rebuild whose themes everyone sees now."""
    return session.scalars(
        select(ThemeRun).where(ThemeRun.status == RunStatus.APPLIED).order_by(ThemeRun.id.desc())
    ).first()


def busy_run(session: Session) -> ThemeRun | None:
    """The rebuild queued or running now, if any (the database allows at most one)."""
    return session.scalars(select(ThemeRun).where(ThemeRun.status.in_(RUN_BUSY))).first()


def request_rebuild(session: Session, *, requested_by: int | None, now: dt.datetime) -> tuple[ThemeRun, bool]:
    """Queue a rebuild, or return the one already queued or running; says whether this call queued it.

    Two rebuilds can never be busy at once: a partial unique index on the busy states refuses the
    second row, however many processes ask at the same moment (no check-then-insert race).
    """
    fail_stale_runs(session, now=now)
    busy = busy_run(session)
    if busy is not None:
        return busy, False
    run = ThemeRun(status=RunStatus.QUEUED, requested_by=requested_by, created_at=now, message="Waiting to start")
    session.add(run)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return busy_run(session), False
    return run, True


def fail_stale_runs(session: Session, *, now: dt.datetime, stale: dt.timedelta = STALE_RUN) -> int:
    """Mark failed any run whose worker stopped: "running" with no sign of life for STALE_RUN.

    The applied themes are untouched (a rebuild changes nothing until applied); a new rebuild can
    start at once. Returns how many runs were marked.
    """
    result = session.execute(
        update(ThemeRun)
        .where(
            ThemeRun.status == RunStatus.RUNNING,
            func.coalesce(ThemeRun.heartbeat_at, ThemeRun.started_at) < now - stale,
        )
        .values(
            status=RunStatus.FAILED,
            finished_at=now,
            progress=100,
            message="Stopped before it finished. Start it again.",
        )
    )
    session.commit()
    return result.rowcount or 0


def waiting_runs(session: Session, *, now: dt.datetime, older_than: dt.timedelta) -> list[int]:
    """Runs still queued after ``older_than`` (their job may have been lost): the worker queues them again."""
    return list(
        session.scalars(
            select(ThemeRun.id).where(ThemeRun.status == RunStatus.QUEUED, ThemeRun.created_at < now - older_than)
        )
    )


def _set_progress(database: Database, run_id: int, percent: int, message: str, **values: object) -> None:
    with database.session(write=True) as session:
        session.execute(
            update(ThemeRun)
            .where(ThemeRun.id == run_id)
            .values(progress=percent, message=message, heartbeat_at=_now(), **values)
        )
        session.commit()


def claim_run(database: Database, run_id: int) -> bool:
    """Move a queued run to running, if nobody else has (the same job queued twice runs once)."""
    with database.session(write=True) as session:
        claimed = session.execute(
            update(ThemeRun)
            .where(ThemeRun.id == run_id, ThemeRun.status == RunStatus.QUEUED)
            .values(
                status=RunStatus.RUNNING, started_at=_now(), heartbeat_at=_now(), progress=5, message="Reading feedback"
            )
        )
        session.commit()
        return (claimed.rowcount or 0) == 1


def execute_rebuild(database: Database, *, run_id: int, vocabulary: Path | None, random_state: int = 0) -> None:
    """Do the work of a queued rebuild (off the request path); the run ends "ready" or "failed".

    Feedback is read in one short transaction and results written in another: SQLite's write lock
    is never held while the engine thinks, so families can keep sending feedback.
    """
    if not claim_run(database, run_id):
        return
    try:
        _build(database, run_id, vocabulary=vocabulary, random_state=random_state)
    except Exception as exc:
        logger.exception("theme rebuild %s failed: %s", run_id, type(exc).__name__)
        _set_progress(
            database,
            run_id,
            100,
            "The rebuild failed. Try again, or ask for help.",
            status=RunStatus.FAILED,
            finished_at=_now(),
        )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _build(database: Database, run_id: int, *, vocabulary: Path | None, random_state: int) -> None:
    with database.session() as reader:
        docs, constraints = themeable_feedback(reader), rep_constraints(reader)
        previous = load_state(current_run(reader))
    _set_progress(database, run_id, 20, f"Grouping {len(docs):,} comments into themes")
    started = time.perf_counter()
    result = engine.build_themes(
        docs,
        previous=previous,
        constraints=constraints,
        random_state=random_state,
        vocabulary=vocabulary if vocabulary and vocabulary.exists() else None,
    )
    seconds = round(time.perf_counter() - started, 3)
    _set_progress(database, run_id, 80, "Saving the proposed themes")
    with database.session(write=True) as session:
        run = session.get(ThemeRun, run_id)
        _store_result(session, run, result)
        run.status, run.finished_at, run.progress, run.fit_seconds = RunStatus.READY, _now(), 100, seconds
        run.message = "Ready for review"
        session.commit()


def _store_result(session: Session, run: ThemeRun, result: engine.ThemeResult) -> None:
    themes = [_theme_json(theme) for theme in result.themes]
    changes = [asdict(change) for change in result.changes]
    run.proposal_json = dumps({"themes": themes, "changes": changes, "k_reason": result.k_reason})
    run.state_json = dumps(result.state.to_json())
    run.n_docs = len(result.assignments)
    run.n_themes = len(result.themes)
    run.n_unthemed = sum(key is None for key in result.assignments.values())
    rows = [
        {
            "run_id": run.id,
            "feedback_id": int(doc_id),
            "theme_key": key,
            "confidence": float(result.confidences.get(doc_id, 0.0)),
        }
        for doc_id, key in result.assignments.items()
    ]
    for start in range(0, len(rows), 5000):
        session.execute(insert(RunAssignment), rows[start : start + 5000])


def _theme_json(theme: engine.Theme) -> dict[str, object]:
    return {
        "key": theme.key,
        "label": theme.label,
        "terms": list(theme.terms),
        "size": theme.size,
        "quote_ids": [int(q) for q in theme.quote_ids],
        "description": theme.description,
        "sentiment": asdict(theme.sentiment),
        "pinned": theme.pinned,
    }


def discard_run(session: Session, *, run_id: int, actor_id: int | None = None) -> None:
    """Throw a reviewed rebuild away; what everyone sees stays as it was."""
    run = session.get(ThemeRun, run_id)
    if run is None or run.status != RunStatus.READY:
        raise RunNotReady(run_id)
    run.status = RunStatus.DISCARDED
    session.execute(delete(RunAssignment).where(RunAssignment.run_id == run_id))
    record_action(
        session, actor_id=actor_id, action=AuditAction.REBUILD_DISCARDED, target_type="theme run", target_id=run_id
    )
    session.commit()


def apply_run(session: Session, *, run_id: int, now: dt.datetime, actor_id: int | None = None) -> ThemeRun:
    """Make a reviewed rebuild what everyone sees, keeping reps' names, notes, pins and moves.

    Every counted comment gets exactly the theme ``after_map`` gives it, which is what the review
    showed the rep.
    """
    run = session.get(ThemeRun, run_id)
    if run is None or run.status != RunStatus.READY:
        raise RunNotReady(run_id)
    after = after_map(session, run)
    changes = review.compare(
        current_map(session), after, labels=_labels_now(session), new_labels=_labels_after(session, run)
    )
    by_key = _upsert_themes(session, run.proposal["themes"], now=now)
    _retire_missing(session, set(by_key), review.merged_into(changes), now=now)
    _replace_assignments(session, run.id, after, by_key, now=now)
    session.execute(update(ThemeRun).where(ThemeRun.status == RunStatus.APPLIED).values(status=RunStatus.SUPERSEDED))
    run.status, run.applied_at = RunStatus.APPLIED, now
    record_action(
        session,
        actor_id=actor_id,
        action=AuditAction.REBUILD_APPLIED,
        target_type="theme run",
        target_id=run_id,
        detail=f"{run.n_themes} themes",
        at=now,
    )
    session.commit()
    _STATE_CACHE.clear()
    return run


def _upsert_themes(session: Session, proposed: list[dict], *, now: dt.datetime) -> dict[str, Theme]:
    existing = {theme.key: theme for theme in session.scalars(select(Theme))}
    by_key = {}
    for item in proposed:
        theme = existing.get(item["key"]) or Theme(key=item["key"], created_at=now)
        theme.auto_label = item["label"]
        theme.auto_description = item.get("description", "")
        theme.terms_json = dumps(item["terms"])
        theme.quote_ids_json = dumps(item["quote_ids"])
        theme.sentiment_json = dumps(item["sentiment"])
        theme.size = item["size"]
        theme.status, theme.merged_into_id, theme.updated_at = ThemeStatus.ACTIVE, None, now
        session.add(theme)
        by_key[theme.key] = theme
    session.flush()
    return by_key


def _retire_missing(session: Session, kept: set[str], merged_into: dict[str, str], *, now: dt.datetime) -> None:
    ids = dict(session.execute(select(Theme.key, Theme.id)).all())
    for theme in session.scalars(
        select(Theme).where(
            Theme.status == ThemeStatus.ACTIVE, Theme.key.not_in(kept), Theme.key.not_in(_fixed_keys(session))
        )
    ):
        target = merged_into.get(theme.key)
        theme.status = ThemeStatus.MERGED if target in kept else ThemeStatus.RETIRED
        theme.merged_into_id = ids.get(target) if target in kept else None
        theme.updated_at = now


def _fixed_keys(session: Session) -> set[str]:
    """Keys of themes a rep has put comments in: they stay, whatever the rebuild proposes."""
    query = (
        select(Theme.key)
        .join(FeedbackTheme, FeedbackTheme.theme_id == Theme.id)
        .where(FeedbackTheme.source == ThemeSource.REP)
        .distinct()
    )
    return set(session.scalars(query))


def _replace_assignments(
    session: Session, run_id: int, after: dict[int, str | None], by_key: dict[str, Theme], *, now: dt.datetime
) -> None:
    """Give every build and arrival placement the run's theme (reps' placements stay as they are).

    Only placements whose theme changes are written as a change of theme: the kept figures' triggers
    fire once per moved comment, not for every comment, so applying a rebuild of 50,000 comments that
    moves a few thousand holds the database's write lock for a moment, not for seconds.
    """
    current = {
        fid: (theme_id, source)
        for fid, theme_id, source in session.execute(
            select(FeedbackTheme.feedback_id, FeedbackTheme.theme_id, FeedbackTheme.source)
        )
    }
    confidence = dict(
        session.execute(
            select(RunAssignment.feedback_id, RunAssignment.confidence).where(RunAssignment.run_id == run_id)
        ).all()
    )
    ids = {key: theme.id for key, theme in by_key.items()}
    wanted = {
        fid: {
            "feedback_id": fid,
            "theme_id": ids.get(key) if key else None,
            "confidence": confidence.get(fid, 0.0),
            "source": ThemeSource.BUILD if fid in confidence else ThemeSource.ARRIVAL,
            "updated_at": now,
        }
        for fid, key in after.items()
        if current.get(fid, (None, None))[1] not in REP_SOURCES
    }
    gone = [fid for fid, (_, source) in current.items() if source not in REP_SOURCES and fid not in wanted]
    for start in range(0, len(gone), 5000):
        session.execute(delete(FeedbackTheme).where(FeedbackTheme.feedback_id.in_(gone[start : start + 5000])))
    fresh = [row for fid, row in wanted.items() if fid not in current]
    moved = [row for fid, row in wanted.items() if fid in current and current[fid][0] != row["theme_id"]]
    # Without theme_id in the SET list, no "UPDATE OF theme_id" trigger fires for these.
    kept = [
        {key: row[key] for key in ("feedback_id", "confidence", "source", "updated_at")}
        for fid, row in wanted.items()
        if fid in current and current[fid][0] == row["theme_id"]
    ]
    for rows, statement in (
        (fresh, insert(FeedbackTheme)),
        (moved, update(FeedbackTheme)),
        (kept, update(FeedbackTheme)),
    ):
        for start in range(0, len(rows), 5000):
            session.execute(statement, rows[start : start + 5000])


# --- what a rebuild would change ----------------------------------------------------------------


def _counted_ids(session: Session) -> list[int]:
    return list(session.scalars(select(Feedback.id).where(Feedback.status.not_in(NOT_COUNTED))))


def current_map(session: Session) -> dict[int, str | None]:
    """Every counted comment and the key of the active theme it is in now (None: not yet themed)."""
    placed = dict(
        session.execute(
            select(FeedbackTheme.feedback_id, Theme.key)
            .join(Theme, Theme.id == FeedbackTheme.theme_id)
            .where(Theme.status == ThemeStatus.ACTIVE)
        ).all()
    )
    return {fid: placed.get(fid) for fid in _counted_ids(session)}


def after_map(session: Session, run: ThemeRun) -> dict[int, str | None]:
    """Every counted comment and the theme key it will be in once ``run`` is applied.

    A rep's placement stays; otherwise the run's; feedback that arrived after the run read the
    corpus is assigned with the run's own state, as it would have been had it arrived a moment later.
    """
    rep_rows = session.execute(
        select(FeedbackTheme.feedback_id, Theme.key)
        .outerjoin(Theme, Theme.id == FeedbackTheme.theme_id)
        .where(FeedbackTheme.source.in_(REP_SOURCES))
    ).all()
    reps = {fid: key for fid, key in rep_rows}
    proposed = dict(
        session.execute(
            select(RunAssignment.feedback_id, RunAssignment.theme_key).where(RunAssignment.run_id == run.id)
        ).all()
    )
    after: dict[int, str | None] = {}
    late = []
    for fid in _counted_ids(session):
        if fid in reps:
            after[fid] = reps[fid]
        elif fid in proposed:
            after[fid] = proposed[fid]
        else:
            late.append(fid)
    after.update(_assign_late(session, run, late))
    return after


def _assign_late(session: Session, run: ThemeRun, feedback_ids: list[int]) -> dict[int, str | None]:
    state = load_state(run)
    if not feedback_ids or state is None:
        return dict.fromkeys(feedback_ids)
    texts = dict(session.execute(select(Feedback.id, THEMED_TEXT).where(Feedback.id.in_(feedback_ids))).all())
    found = engine.assign_many(state, [texts.get(fid) or "" for fid in feedback_ids])
    return {fid: item.theme_key for fid, item in zip(feedback_ids, found, strict=True)}


def _labels_now(session: Session) -> dict[str, str]:
    return {t.key: t.display_label for t in session.scalars(select(Theme).where(Theme.status == ThemeStatus.ACTIVE))}


def _labels_after(session: Session, run: ThemeRun) -> dict[str, str]:
    named = dict(session.execute(select(Theme.key, Theme.label).where(Theme.label.is_not(None))).all())
    proposed = {item["key"]: item["label"] for item in run.proposal.get("themes", [])}
    return {key: named.get(key) or label for key, label in proposed.items()}


def review_changes(session: Session, run: ThemeRun) -> list[review.Change]:
    """What applying the run would change, exactly, with the names reps see."""
    return review.compare(
        current_map(session),
        after_map(session, run),
        labels=_labels_now(session),
        new_labels=_labels_after(session, run),
    )


# The state of the applied run, decoded once per process (it holds the projection matrix).
_STATE_CACHE: dict[int, engine.ThemeState] = {}
_STATE_LOCK = threading.Lock()


def load_state(run: ThemeRun | None) -> engine.ThemeState | None:
    """The engine state a run saved, decoded once and cached (its JSON is read from the database only then)."""
    if run is None:
        return None
    with _STATE_LOCK:
        if run.id not in _STATE_CACHE:
            if not run.state_json:
                return None
            _STATE_CACHE.clear()
            _STATE_CACHE[run.id] = engine.ThemeState.from_json(json.loads(run.state_json))
        return _STATE_CACHE[run.id]


@dataclass(frozen=True)
class Arrival:
    """Where newly arrived feedback goes: its theme (None: not yet themed) and how close it is."""

    feedback_id: int
    theme_id: int | None
    confidence: float


def place_arrivals(session: Session, *, feedback_ids: list[int]) -> list[Arrival]:
    """Work out the theme of newly arrived feedback with the applied rebuild's state. Reads only.

    Feedback that already has a place (a rep's, or a rebuild's) is left out: it keeps its place.
    """
    state = load_state(current_run(session))
    if state is None or not feedback_ids:
        return []
    placed = select(FeedbackTheme.feedback_id).where(FeedbackTheme.feedback_id.in_(feedback_ids))
    rows = session.execute(
        select(Feedback.id, THEMED_TEXT).where(
            Feedback.id.in_(feedback_ids), Feedback.status.not_in(NOT_COUNTED), Feedback.id.not_in(placed)
        )
    ).all()
    if not rows:
        return []
    found = engine.assign_many(state, [story for _, story in rows])
    keys = {item.theme_key for item in found if item.theme_key}
    ids = dict(session.execute(select(Theme.key, Theme.id).where(Theme.key.in_(keys))).all()) if keys else {}
    return [Arrival(fid, ids.get(item.theme_key), item.confidence) for (fid, _), item in zip(rows, found, strict=True)]


def store_arrivals(session: Session, *, arrivals: list[Arrival], now: dt.datetime) -> int:
    """Record where arrived feedback goes (a place made meanwhile, by a rep or a rebuild, wins)."""
    ids = [arrival.feedback_id for arrival in arrivals]
    taken = set(session.scalars(select(FeedbackTheme.feedback_id).where(FeedbackTheme.feedback_id.in_(ids))))
    fresh = [arrival for arrival in arrivals if arrival.feedback_id not in taken]
    for arrival in fresh:
        session.add(
            FeedbackTheme(
                feedback_id=arrival.feedback_id,
                theme_id=arrival.theme_id,
                confidence=arrival.confidence,
                source=ThemeSource.ARRIVAL,
                updated_at=now,
            )
        )
    session.commit()
    return len(fresh)


def summarise_run(run: ThemeRun, *, applied: bool) -> str:
    """A few lines a person can read: size, time, what changed, the largest themes."""
    proposal = run.proposal
    counts: dict[str, int] = {}
    for change in proposal.get("changes", []):
        counts[change["kind"]] = counts.get(change["kind"], 0) + 1
    lines = [
        f"Rebuild {run.id}: {run.n_docs:,} comments, {run.n_themes} themes, {run.n_unthemed:,} not yet themed, "
        f"{run.fit_seconds:.2f} s.",
        *([proposal["k_reason"]] if proposal.get("k_reason") else []),
        "Changes: " + (", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or "none (first build)"),
        "Applied: everyone now sees these themes." if applied else "Waiting for a rep to review and apply it.",
        "Largest themes:",
    ]
    for theme in proposal.get("themes", [])[:10]:
        lines.append(f"  {theme['size']:>6,}  {theme['label']}  ({', '.join(theme['terms'][:6])})")
    return "\n".join(lines)


def why_here(session: Session, items: Sequence[tuple[int, str, str | None]]) -> dict[int, tuple[str, ...]]:
    """For (feedback id, its words, its theme's key) items: the words that tie each to its theme.

    They come from the applied rebuild's state, in the family's own words ("taxi", "waiting list"),
    so a rep can judge a grouping at a glance. Empty for an item not in a theme.
    """
    state = load_state(current_run(session))
    if state is None:
        return {}
    shown = [(fid, text, key) for fid, text, key in items if key and key in state.keys]
    found = engine.explain_many(state, [text for _, text, _ in shown], [key for _, _, key in shown])
    return {fid: words for (fid, _, _), words in zip(shown, found, strict=True)}


@dataclass(frozen=True)
class Placement:
    """Which theme a piece of feedback is in now, who put it there, and the words that tie it there."""

    theme: Theme | None
    source: str | None
    why: tuple[str, ...]


def placement(session: Session, *, feedback_id: int, text: str) -> Placement:
    """The theme of one piece of feedback (for its page), with why it is there."""
    row = session.get(FeedbackTheme, feedback_id)
    theme = row.theme if row is not None and row.theme is not None and row.theme.status == ThemeStatus.ACTIVE else None
    why = why_here(session, [(feedback_id, text, theme.key)]).get(feedback_id, ()) if theme else ()
    return Placement(theme, row.source if row else None, why)


QUOTES_SHOWN = 3
_QUOTE_CANDIDATES = 60


def quotes_for(session: Session, theme: Theme, *, audience: Audience = Audience.WORKSPACE) -> list[Quote]:
    """The theme's representative quotes for ``audience``: the comments closest to the theme's centre
    that the quoting rule allows, no two saying nearly the same thing."""
    closest = list(
        session.scalars(
            select(FeedbackTheme.feedback_id)
            .join(Feedback, Feedback.id == FeedbackTheme.feedback_id)
            .where(FeedbackTheme.theme_id == theme.id, quotable_condition(audience))
            .order_by(FeedbackTheme.confidence.desc(), FeedbackTheme.feedback_id.desc())  # the index backwards
            .limit(_QUOTE_CANDIDATES)
        )
    )
    allowed = quotable(session, closest, audience=audience)
    return distinct_quotes([allowed[i] for i in closest if i in allowed], limit=QUOTES_SHOWN)


def samples(session: Session, id_groups: list[tuple[int, ...]]) -> list[list[str]]:
    """A few comments from each group, as text (redacted where checked)."""
    wanted = [i for group in id_groups for i in group]
    texts = (
        dict(session.execute(select(Feedback.id, THEMED_TEXT).where(Feedback.id.in_(wanted))).all()) if wanted else {}
    )
    return [[texts[i] for i in group if i in texts] for group in id_groups]
