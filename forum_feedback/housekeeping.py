"""Jobs the worker runs on a schedule: expired drafts, ended staff sessions, retention, stopped rebuilds, lost arrivals.

Each is safe to run at any time and as often as you like; each is also a command or a job by name.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import asdict

from flask import Flask
from huey import crontab
from sqlalchemy import select

from forum_feedback import figures, jobs, retention
from forum_feedback.auth import services as auth_services
from forum_feedback.db import utcnow
from forum_feedback.enums import NOT_COUNTED
from forum_feedback.evidence import services as evidence
from forum_feedback.extensions import get_db
from forum_feedback.submissions import services as submissions
from forum_feedback.submissions.models import Feedback
from forum_feedback.themes import services as themes
from forum_feedback.themes.models import FeedbackTheme

logger = logging.getLogger(__name__)

STAFF_RECORDS_KEPT = dt.timedelta(days=90)
REQUEUE_AFTER = dt.timedelta(minutes=2)
UNPLACED_BATCH = 5_000


@jobs.periodic("purge_expired_drafts", crontab(minute="7"))
def purge_expired_drafts(_app: Flask) -> int:
    """Half-finished online forms past their lifetime are deleted (hourly)."""
    with get_db().write_session() as session:
        count = submissions.purge_expired_drafts(session, now=utcnow())
    logger.info("deleted %s expired draft(s)", count)
    return count


@jobs.periodic("purge_staff_records", crontab(minute="17", hour="3"))
def purge_staff_records(_app: Flask) -> int:
    """Ended staff sessions, used or expired set-password links and old failed sign-ins (daily)."""
    with get_db().write_session() as session:
        count = auth_services.purge_old_records(session, now=utcnow(), keep=STAFF_RECORDS_KEPT)
    logger.info("deleted %s old staff record(s)", count)
    return count


@jobs.periodic("apply_retention", crontab(minute="47", hour="3"))
def apply_retention(app: Flask) -> dict[str, int]:
    """Daily: words as sent and contact details past the forum's retention periods are deleted."""
    periods = retention.Periods.from_config(app.config)
    with get_db().write_session() as session:
        result = retention.apply_retention(session, now=utcnow(), periods=periods)
    logger.info("retention: %s item(s) and email(s) changed", result.changed)
    return asdict(result)


@jobs.periodic("watch_rebuilds", crontab(minute="*"))
def watch_rebuilds(app: Flask) -> dict[str, int]:
    """Every minute: a rebuild whose worker stopped is marked failed; one still queued is queued again."""
    now, stale = utcnow(), dt.timedelta(seconds=app.config["REBUILD_STALE_SECONDS"])
    with get_db().write_session() as session:
        failed = themes.fail_stale_runs(session, now=now, stale=stale)
        waiting = themes.waiting_runs(session, now=now, older_than=REQUEUE_AFTER)
    for run_id in waiting:
        jobs.enqueue("rebuild_themes", run_id=run_id)
    if failed or waiting:
        logger.warning("rebuilds: %s marked failed, %s queued again", failed, len(waiting))
    return {"failed": failed, "requeued": len(waiting)}


@jobs.periodic("recount_figures", crontab(minute="37", hour="2"))
def recount_figures(_app: Flask) -> dict[str, int]:
    """Nightly: check the figures the database keeps against a fresh count, and repair any drift;
    count any frozen pack that has no kept tally yet."""
    with get_db().write_session() as session:
        found = figures.recount(session)
        found["packs_tallied"] = evidence.fill_missing_tallies(session)
        return found


@jobs.periodic("theme_unplaced", crontab(minute="*/10"))
def theme_unplaced(_app: Flask) -> int:
    """Feedback that arrived but was never themed (its job was lost) gets a theme now (every 10 minutes)."""
    with get_db().session() as session:
        if themes.current_run(session) is None:
            return 0  # nothing to theme with until the first rebuild is applied
        ids = list(
            session.scalars(
                select(Feedback.id)
                .outerjoin(FeedbackTheme, FeedbackTheme.feedback_id == Feedback.id)
                .where(FeedbackTheme.feedback_id.is_(None), Feedback.status.not_in(NOT_COUNTED))
                .limit(UNPLACED_BATCH)
            )
        )
    if ids:
        jobs.enqueue("theme_feedback", feedback_ids=ids)
    return len(ids)
