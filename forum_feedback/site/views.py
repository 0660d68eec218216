"""The start page, the privacy notice, the accessibility statement and the health check."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify, render_template
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from forum_feedback import __version__
from forum_feedback.errors import RETRY_AFTER_SECONDS
from forum_feedback.extensions import get_db

logger = logging.getLogger(__name__)

blueprint = Blueprint("site", __name__)


@blueprint.get("/")
def start() -> str:
    """Who the forum is, what happens to what you tell us, and the button to begin."""
    return render_template("site/start.html")


@blueprint.get("/privacy")
def privacy() -> str:
    return render_template("site/privacy.html")


@blueprint.get("/accessibility")
def accessibility() -> str:
    return render_template("site/accessibility.html")


@blueprint.get("/healthz")
def healthz() -> tuple[Response, int, dict[str, str]]:
    """The app's version and whether the database can take a write now: 200 when it can, 503 when not.

    A proxy or monitor must hear the truth: answering "ok" while the database is locked by another
    process, read-only or unreachable would send families to a service that cannot store what they send.
    """
    try:
        database_ok = _database_writable()
    except SQLAlchemyError as exc:
        logger.warning("health check: database did not answer (%s)", type(exc).__name__)
        database_ok = False
    body = {"status": "ok" if database_ok else "unavailable", "version": __version__, "database": database_ok}
    headers = {} if database_ok else {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return jsonify(body), 200 if database_ok else 503, headers


def _database_writable() -> bool:
    """Take the write lock (SQLite: BEGIN IMMEDIATE) or check the transaction may write (PostgreSQL), then roll back."""
    database = get_db()
    wait = min(1.0, current_app.config["DATABASE_REQUEST_LOCK_TIMEOUT_SECONDS"])
    engine = database.engine.execution_options(
        sqlite_immediate=True, lock_timeout_seconds=wait, statement_timeout_seconds=max(wait, 1.0)
    )
    with engine.connect() as connection:
        connection.begin()
        if database.is_sqlite:
            connection.execute(text("SELECT 1"))
            writable = True
        else:
            writable = connection.execute(text("SELECT current_setting('transaction_read_only')")).scalar() == "off"
        connection.rollback()
    if not writable:
        logger.warning("health check: the database is read-only")
    return writable
