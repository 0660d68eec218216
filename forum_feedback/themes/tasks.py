"""Glue between the app and the theme services: the vocabulary file, rebuilds off the request path, arrivals."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from forum_feedback import jobs
from forum_feedback.enums import RUN_BUSY, RunStatus
from forum_feedback.themes.models import ThemeRun
from forum_feedback.themes.services import execute_rebuild, request_rebuild, theme_new_feedback

logger = logging.getLogger(__name__)


def start_rebuild(app: Flask, session: Session, *, requested_by: int | None, now: dt.datetime) -> ThemeRun:
    """Queue a rebuild and hand it to the background worker; returns the run to watch."""
    busy_before = session.scalar(select(ThemeRun.id).where(ThemeRun.status.in_(RUN_BUSY)))
    run = request_rebuild(session, requested_by=requested_by, now=now)
    if run.id != busy_before and run.status == RunStatus.QUEUED:  # only a newly queued run goes to the worker
        database = app.extensions["forum_feedback_db"]
        jobs.submit(app, execute_rebuild, database=database, run_id=run.id, vocabulary=vocabulary_path(app))
    return run


def vocabulary_path(app: Flask) -> Path:
    """A forum's own SEND vocabulary additions, if it has any."""
    return Path(app.instance_path) / "vocabulary.txt"


def theme_on_arrival(session: Session, *, feedback_id: int, text: str, now: dt.datetime) -> None:
    """Theme feedback as it arrives; a failure here never loses the feedback (it is already stored)."""
    try:
        theme_new_feedback(session, feedback_id=feedback_id, text=text, now=now)
    except Exception as exc:
        session.rollback()
        logger.warning("could not theme feedback %s on arrival: %s", feedback_id, type(exc).__name__)
