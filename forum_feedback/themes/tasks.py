"""The theme jobs: rebuilds off the request path, and theming feedback as it arrives (any channel)."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from flask import Flask
from sqlalchemy.orm import Session

from forum_feedback import events, jobs
from forum_feedback.extensions import get_db
from forum_feedback.themes.models import ThemeRun
from forum_feedback.themes.services import execute_rebuild, place_arrivals, request_rebuild, store_arrivals

logger = logging.getLogger(__name__)


def start_rebuild(session: Session, *, requested_by: int | None, now: dt.datetime) -> ThemeRun:
    """Queue a rebuild and hand it to the worker; returns the run to watch (one already busy, if any)."""
    run, queued = request_rebuild(session, requested_by=requested_by, now=now)
    if queued:
        jobs.enqueue("rebuild_themes", run_id=run.id)
    return run


def vocabulary_path(app: Flask) -> Path:
    """A forum's own SEND vocabulary additions, if it has any."""
    return Path(app.instance_path) / "vocabulary.txt"


@jobs.job("rebuild_themes")
def rebuild_themes(app: Flask, *, run_id: int) -> None:
    """Run a queued rebuild; a second copy of the same job does nothing (the run is claimed once)."""
    execute_rebuild(get_db(), run_id=run_id, vocabulary=vocabulary_path(app))


@jobs.job("theme_feedback", retries=2, retry_delay=30)
def theme_feedback(app: Flask, *, feedback_ids: list[int]) -> None:
    """Put newly arrived feedback in themes with the applied rebuild's state (a failure loses nothing:
    the feedback is stored, and shows as "not yet themed" until the next rebuild)."""
    database = get_db()
    # Think in a reading session; hold SQLite's write lock only for the few rows written.
    with database.session() as session:
        arrivals = place_arrivals(session, feedback_ids=feedback_ids)
    with database.write_session() as session:
        themed = store_arrivals(session, arrivals=arrivals, now=dt.datetime.now(dt.UTC))
    logger.info("%s of %s arrived item(s) themed", themed, len(feedback_ids))


@events.feedback_received.connect
def _theme_on_arrival(_sender: object, *, feedback_ids: list[int]) -> None:
    jobs.enqueue("theme_feedback", feedback_ids=list(feedback_ids))
