"""The start page, the privacy notice, the accessibility statement and the health check."""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify, render_template
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from forum_feedback import __version__
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
def healthz() -> tuple[Response, int]:
    """The app's version and whether the database answers: 200 when it does, 503 when it does not."""
    try:
        with get_db().engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        database_ok = True
    except SQLAlchemyError as exc:
        logger.warning("health check: database did not answer (%s)", type(exc).__name__)
        database_ok = False
    body = {"status": "ok" if database_ok else "unavailable", "version": __version__, "database": database_ok}
    return jsonify(body), 200 if database_ok else 503
